"""After "ground me now": go back to the practice, ground again, finish, or go home."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from painpath.safety import EMERGENCY_SHORT
from painpath.tui.way_out import WayOutFirst

Choice = Literal["back", "again", "finish", "home"]


class GroundedScreen(WayOutFirst, Screen[Choice]):
    """Four plain choices; none is the "right" one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # As on every screen, `g` leads the footer: here it is "Ground once more".
        Binding("g", "ground", "Ground me now"),
        Binding("escape", "choose('home')", "Home"),
        Binding("down", "app.focus_next", "Next choice", show=False),
        Binding("up", "app.focus_previous", "Previous choice", show=False),
    ]

    def __init__(self, back_label: Content | None, crisis: Sequence[str] = (),
                 plan_lines: Sequence[str] = ()) -> None:
        super().__init__()
        self.plan_lines = tuple(plan_lines)  # the person's own safety plan, if they have one
        self.back_label = back_label  # "Go back to …", or None when there is nowhere to go back
        self.crisis = tuple(crisis)  # packs' crisis lines, already cleaned (painpath.safety)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="grounded"):
            yield Static("Here, now", classes="screen-title")
            yield Static("Take whatever time you need. What would help next?", markup=False)
            with Vertical(id="grounded-choices"):
                if self.back_label is not None:
                    yield Button(self.back_label, id="grounded-back", variant="primary")
                yield Button("Ground once more", id="grounded-again")
                yield Button("Finish, and say how I feel now", id="grounded-finish")
                yield Button("Go home", id="grounded-home")
                yield Button("See my safety plan", id="grounded-safety-plan")
            if self.plan_lines:
                yield Static("Your safety plan", classes="question", markup=False)
                yield Static(Content("\n".join(self.plan_lines)), id="grounded-plan")
            yield Static(EMERGENCY_SHORT, classes="dim", markup=False)
            for n, line in enumerate(self.crisis):
                yield Static(line, id=f"grounded-crisis-{n}", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed, "#grounded-safety-plan")
    async def see_plan(self, event: Button.Pressed) -> None:
        """Not a way out of this screen: the plan opens over it, and Back returns here."""
        await self.app.run_action("open_safety_plan")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "grounded-safety-plan":
            return
        choice = (event.button.id or "grounded-home").removeprefix("grounded-")
        self.dismiss(choice)  # type: ignore[arg-type]

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)  # type: ignore[arg-type]

    def action_ground(self) -> None:
        self.dismiss("again")
