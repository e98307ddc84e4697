"""The player's quiet parts: its progress bar, and a one-line note about sound."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import ProgressBar, Static


class PracticeProgress(ProgressBar):
    """Textual's ProgressBar, minus a repaint every second for an ETA never shown.

    The stock widget re-estimates its ETA on a one-second timer and repaints
    whenever the estimate changes, i.e. every second, out of step with the
    player's own redraw. With the ETA hidden that repaint shows nothing new,
    so here the estimate no longer repaints; the bar still moves with `update`.
    """

    _display_eta: reactive[int | None] = reactive[int | None](None, repaint=False)


class SoundNote(Static):
    """One dim line in the player for a note about sound (no device, say).

    The app keeps the note (`sound_notice`) until the practice it came with is
    over; the player calls `catch_up` as it redraws, so a note that arrived
    while the practice was being prepared still shows. One line, not a toast:
    at 60 columns a toast covered half of the practice.
    """

    def catch_up(self) -> None:
        notice = getattr(self.app, "sound_notice", None) or ""
        if str(self.content) != notice:
            self.update(notice)
        self.display = bool(notice)
