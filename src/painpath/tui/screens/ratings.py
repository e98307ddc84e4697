"""Before- and after-ratings: one scale at a time, always skippable.

Each question shows the scale's own words for both ends. Enter with nothing
chosen skips that scale; `s` skips it too; Escape skips the rest. Skipping is
never questioned. The screen returns {scale id: value or None}.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from painpath.format.models import Exercise, Scale
from painpath.scale_names import scale_name as core_scale_name
from painpath.tui.text import plain, plain_line
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.scale_picker import ScalePicker

Phase = Literal["before", "after"]
TITLES = {"before": "Before you begin", "after": "How are you now?"}


def scale_name(scale_id: str) -> str:
    """A scale id in words for summaries: `pain` → `Pain`, `sleep-quality` → `Sleep quality`,
    `enjoyment` → `Interference with enjoyment of life` (the PEG item it is)."""
    return core_scale_name(scale_id)


class RatingsScreen(WayOutFirst, Screen[dict[str, int | None]]):
    """Asks the exercise's before or after scales, one per page."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "skip", "Skip this"),
        Binding("escape", "skip_all", "Skip all"),
        Binding("g", "app.ground", "Ground me now"),
    ]

    def __init__(self, exercise: Exercise, scale_ids: tuple[str, ...], phase: Phase) -> None:
        super().__init__()
        self.exercise = exercise
        self.scales: list[Scale] = [exercise.scale(s) for s in scale_ids]
        self.phase = phase
        self.answers: dict[str, int | None] = {}
        self.position = 0

    @property
    def scale(self) -> Scale:
        return self.scales[self.position]

    def compose(self) -> ComposeResult:
        scale = self.scale
        with VerticalScroll(id="ratings") as page:
            page.can_focus = False  # a click on the words must not take the digits away
            yield Static(TITLES[self.phase], classes="screen-title")
            yield Static(f"Question {self.position + 1} of {len(self.scales)}. "
                         "Answering is optional.", classes="dim", markup=False,
                         id="ratings-count")
            yield Static(plain(scale.question), id="ratings-question", classes="question")
            yield Static(plain_line(scale.describe_ends()), id="ratings-ends")
            yield ScalePicker(scale, self.answers.get(scale.id), id="ratings-picker")
            with Horizontal(classes="buttons"):
                yield Button("Go on", id="ratings-next", variant="primary")
                yield Button("Skip", id="ratings-skip")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ScalePicker).focus()
        self._say()

    def _say(self) -> None:
        """With the voice on, the question and both ends of its scale are heard too."""
        self.app.sound.ask(self.scale, None, self.exercise.language)  # type: ignore[attr-defined]

    async def _answer(self, value: int | None) -> None:
        self.app.sound.hush()  # type: ignore[attr-defined]
        self.answers[self.scale.id] = value
        if self.position + 1 >= len(self.scales):
            self.dismiss(self.answers)
            return
        self.position += 1
        await self.recompose()
        self.query_one(ScalePicker).focus()
        self._say()

    @on(ScalePicker.Confirmed)
    async def confirmed(self, event: ScalePicker.Confirmed) -> None:
        await self._answer(event.value)

    @on(Button.Pressed, "#ratings-next")
    async def next_pressed(self) -> None:
        await self._answer(self.query_one(ScalePicker).value)

    @on(Button.Pressed, "#ratings-skip")
    async def action_skip(self) -> None:
        await self._answer(None)

    def action_skip_all(self) -> None:
        self.app.sound.hush()  # type: ignore[attr-defined]
        for scale in self.scales[self.position:]:
            self.answers[scale.id] = None
        self.dismiss(self.answers)
