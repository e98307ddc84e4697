"""The question a step asks at its end, in the player: its words and the scale picker.

The player decides when a rating is asked (the engine's `RatingAsked`) and says
it aloud; this box only shows the question and takes the answer's keys. The
picker posts `ScalePicker.Confirmed`, which the player handles.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from painpath.format.models import Scale
from painpath.tui.text import plain, plain_line, region_words
from painpath.tui.widgets.scale_picker import ScalePicker


class StepRating(Vertical):
    """Empty (and hidden) until `ask`; `clear` empties it again."""

    @property
    def asking(self) -> bool:
        return bool(self.children)

    def clear(self) -> None:
        self.display = False
        if self.children:
            self.remove_children()

    def ask(self, scale: Scale, region: str | None) -> None:
        """Show the question afresh, and give the picker the keys once it is drawn."""
        self.display = True
        self.remove_children()
        where = f" ({region_words(region)})" if region else ""
        self.mount(Static(Content.assemble(("A quick rating for this step" + where, "bold"))),
                   Static(plain(scale.question)),
                   Static(plain_line(scale.describe_ends()), classes="dim"),
                   ScalePicker(scale, id="player-picker"))
        self.call_after_refresh(self._focus_picker)

    def _focus_picker(self) -> None:
        for picker in self.query("#player-picker").results(ScalePicker):
            picker.focus()
