"""A short, neutral summary: before → after in words, and the time practised.

No praise and no blame, no streaks: just what happened ("Pain: 6 before, 4
after." and "You practised for 12 minutes.").
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from painpath.timefmt import minutes
from painpath.tui.outcome import SessionOutcome
from painpath.tui.screens.ratings import scale_name
from painpath.tui.text import plain_line
from painpath.tui.way_out import WayOutFirst


def rating_lines(outcome: SessionOutcome) -> list[str]:
    """`Pain: 6 before, 4 after.` for each scale answered at least once."""
    lines = []
    order = [*outcome.before, *(s for s in outcome.after if s not in outcome.before)]
    for scale_id in order:
        before, after = outcome.before.get(scale_id), outcome.after.get(scale_id)
        parts = [f"{v} {when}" for v, when in ((before, "before"), (after, "after"))
                 if v is not None]
        if parts:
            lines.append(f"{scale_name(scale_id)}: {', '.join(parts)}.")
    return lines


def summary_lines(outcome: SessionOutcome) -> list[str]:
    lines = [f"You practised for {minutes(outcome.practiced_seconds)}."]
    if outcome.status == "stopped":
        total = len(outcome.exercise.steps)
        lines.append(f"You stopped at step {outcome.furthest_step + 1} of {total}.")
    lines.extend(rating_lines(outcome))
    if outcome.entries:
        n = len(outcome.entries)
        lines.append(f"You wrote {n} answer{'s' if n != 1 else ''}.")
    if outcome.note:
        lines.append("You added a note.")
    return lines


class SummaryScreen(WayOutFirst, Screen[None]):
    """The end of a practice. Enter (Done) goes home; q closes painpath, as on home."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Done"),
        Binding("g", "app.ground", "Ground me now"),
        # The practice is already kept by now, so leaving at once loses nothing.
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, outcome: SessionOutcome) -> None:
        super().__init__()
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(plain_line(self.outcome.exercise.title), classes="screen-title",
                         id="summary-title")
            yield Static("\n".join(summary_lines(self.outcome)), id="summary-lines",
                         markup=False)
            yield Button("Done", id="summary-done", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary-done", Button).focus()

    @on(Button.Pressed, "#summary-done")
    async def action_done(self) -> None:
        await self.app.run_action("go_home")
