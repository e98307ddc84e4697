"""A calm dialog for a log that cannot be used: what happened, in words, and what next.

Full or read-only disks, a log held by another painpath, a damaged file: each
arrives here as a `PainpathError` whose message was written for people. A
damaged log is never changed without consent; this dialog is where consent
is asked, with "Leave it as it is" focused so Enter never moves a file.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from painpath.errors import PainpathError
from painpath.store.errors import StoreCorruptError

Choice = Literal["ok", "keep", "set-aside"]

SET_ASIDE_WORDS = (
    "painpath has not changed it. If you like, painpath can keep it safe under "
    "another name in the same folder (nothing is deleted, and someone may be able to "
    "recover it) and start a new, empty log. Or leave it as it is for now."
)


class LogProblemScreen(ModalScreen[Choice]):
    """Says why the log could not be used; for a damaged log, offers to set it aside."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, error: PainpathError) -> None:
        super().__init__(classes="log-dialog")
        self.error = error
        self.corrupt = isinstance(error, StoreCorruptError)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="log-problem", classes="dialog"):
            yield Static(Content(self.error.title), classes="dialog-title",
                         id="log-problem-title")
            yield Static(Content(self.error.message), id="log-problem-message")
            if self.corrupt:
                yield Static(SET_ASIDE_WORDS, markup=False, id="log-problem-hint",
                             classes="dialog-text")
            elif self.error.hint:
                yield Static(Content(self.error.hint), id="log-problem-hint",
                             classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                if self.corrupt:
                    yield Button("Leave it as it is", id="log-problem-keep",
                                 variant="primary")
                    yield Button("Set it aside, start a new log", id="log-problem-set-aside")
                else:
                    yield Button("OK", id="log-problem-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        choice = (event.button.id or "log-problem-ok").removeprefix("log-problem-")
        self.dismiss(choice)  # type: ignore[arg-type]

    def action_close(self) -> None:
        self.dismiss("keep" if self.corrupt else "ok")
