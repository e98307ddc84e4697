"""The home's log corner: "Check in", History and Progress, and the weekly PEG offer.

The PEG offer appears only when the last PEG check-in is a week old or more
(`stats.peg_due`), as one gentle line with two buttons; "Not now" hides it
until painpath is opened again, and answering it makes it wait another week.
It is an offer: nothing else changes whether it is taken or not.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from painpath.stats import peg_due
from painpath.store import Store
from painpath.tui.loghost import host
from painpath.tui.widgets.log_panel import LogPanel

PEG_OFFER = ("Once a week, if you like: three short questions about the past week "
             "(pain, and how much it interfered with enjoyment of life and with "
             "general activity).")


class CheckInPanel(LogPanel):
    """Fills `#home-checkin`: the check-in button, and the PEG offer when it is due."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="checkin-row", classes="panel-row"):
            yield Static("How are you right now?", classes="panel-words", markup=False)
            yield Button("Check in", id="home-check-in", compact=True)
        with Horizontal(id="log-row", classes="panel-row"):
            yield Static("Your log:", classes="panel-words", markup=False)
            yield Button("History", id="home-history", compact=True)
            yield Button("Progress", id="home-progress", compact=True)
        with Vertical(id="peg-offer"):
            yield Static(PEG_OFFER, id="peg-offer-words", markup=False)
            with Horizontal(classes="panel-row"):
                yield Button("Answer them", id="peg-answer", compact=True)
                yield Button("Not now", id="peg-not-now", compact=True)

    def on_mount(self) -> None:
        for offer in self.query("#peg-offer"):  # none when painpath quit as this mounted
            offer.display = False

    def read(self, store: Store) -> bool:
        """Whether the PEG questions are due (none yet, or the last a week ago or more)."""
        return peg_due(store.last_peg(), host(self).now())

    def present(self, due: bool | None) -> None:
        offer = bool(due) and not host(self).peg_declined
        self.query_one("#peg-offer").display = offer

    @on(Button.Pressed, "#home-check-in")
    async def check_in(self) -> None:
        await self.app.run_action("check_in")

    @on(Button.Pressed, "#home-history")
    async def history(self) -> None:
        await self.app.run_action("open_history")

    @on(Button.Pressed, "#home-progress")
    async def progress(self) -> None:
        await self.app.run_action("open_progress")

    @on(Button.Pressed, "#peg-answer")
    async def peg_answer(self) -> None:
        await self.app.run_action("peg_check_in")

    @on(Button.Pressed, "#peg-not-now")
    def peg_not_now(self) -> None:
        host(self).peg_declined = True
        self.query_one("#peg-offer").display = False
        self.app.set_focus(self.query_one("#home-check-in", Button))
