"""The gentle offer when distress is high: ground now, see my safety plan, or carry on.

Shown by the app's flow after a rating that calls for it (painpath.care):
a check-in on home, the ratings before or after a practice (also after
stopping). Short, kind words; three choices, none pressed on the person.
"Carry on" has the focus, so a stray Enter changes nothing; Escape carries on
too. "See my safety plan" opens the plan over this screen, and Back returns
here, so the other two choices stay within reach.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from painpath import care
from painpath.care import Choice, Reason
from painpath.safety import EMERGENCY_SHORT
from painpath.tui.way_out import WayOutFirst


class CareOfferScreen(WayOutFirst, Screen[Choice]):
    """Returns "ground" or "carry-on"; the safety plan is looked at from here."""

    # Below 24 lines the choices are one line each, so all of it fits at 60x20.
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (24, "-tall")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "ground", "Ground me now"),
        Binding("escape", "carry_on", "Carry on"),
        Binding("m", "see_plan", "My safety plan"),
        Binding("down", "app.focus_next", "Next choice", show=False),
        Binding("up", "app.focus_previous", "Previous choice", show=False),
    ]

    def __init__(self, why: Reason) -> None:
        super().__init__()
        self.why = why

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="care-offer"):
            yield Static(care.HEADING, classes="screen-title", id="care-offer-title")
            yield Static(self.why.words(), id="care-offer-words", markup=False)
            yield Static(care.INVITATION, id="care-offer-invitation", markup=False)
            ground, plan, carry_on = care.CHOICES
            with Vertical(id="care-offer-choices"):
                yield Button(ground, id="care-offer-ground")
                yield Button(plan, id="care-offer-plan")
                yield Button(carry_on, id="care-offer-carry-on")
            yield Static(EMERGENCY_SHORT, classes="dim", id="care-offer-emergency",
                         markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#care-offer-carry-on", Button).focus()

    @on(Button.Pressed, "#care-offer-ground")
    def action_ground(self) -> None:
        self.dismiss("ground")

    @on(Button.Pressed, "#care-offer-carry-on")
    def action_carry_on(self) -> None:
        self.dismiss("carry-on")

    @on(Button.Pressed, "#care-offer-plan")
    async def action_see_plan(self) -> None:
        """Not a choice that ends the offer: the plan opens over it, Back returns here."""
        await self.app.run_action("open_safety_plan")
