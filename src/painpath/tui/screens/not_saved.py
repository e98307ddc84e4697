"""A practice the log could not take: it is safe in a file; offer to save it again.

A full or locked disk at the end of a practice must not cost the practice.
`SessionLog` has already kept it in a file the person can import later; this
dialog says so in words and offers to try the log again (the disk may have
been freed meanwhile). Nothing is lost whichever button is pressed.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from painpath.errors import NotSavedError, StoreError
from painpath.tui.lifecycle import call_back


class NotSavedScreen(ModalScreen[bool]):
    """Says where the practice is kept; dismissed with True once it is in the log."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "keep", "Keep the file")]

    def __init__(self, error: NotSavedError) -> None:
        super().__init__(classes="log-dialog")
        self.error = error

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="not-saved", classes="dialog"):
            yield Static(Content(self.error.title), classes="dialog-title")
            yield Static(Content(self.error.message), id="not-saved-message")
            yield Static("", id="not-saved-status", classes="dialog-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Try saving again", id="not-saved-again", variant="primary")
                yield Button("Keep the file", id="not-saved-keep")

    def on_mount(self) -> None:
        self.query_one("#not-saved-again", Button).focus()

    saving = False

    @on(Button.Pressed, "#not-saved-again")
    def again(self) -> None:
        # Not disabled while saving: that would move the focus away from it.
        if self.saving:
            return
        self.saving = True
        self.query_one("#not-saved-status", Static).update("Saving…")
        self._save_again()

    @work(thread=True, exclusive=True)
    def _save_again(self) -> None:
        try:
            self.error.save_again()
        except StoreError as err:
            call_back(self, self._still_not_saved, err)
            return
        call_back(self, self._saved)

    def _saved(self) -> None:
        self.app.notify("This practice is now in your log.", title="Saved", markup=False)
        self.dismiss(True)

    def _still_not_saved(self, err: StoreError) -> None:
        self.saving = False
        self.query_one("#not-saved-status", Static).update(
            f"It still could not be saved: {err.message} It stays safe in "
            f"{self.error.path}; you can try again later.")

    @on(Button.Pressed, "#not-saved-keep")
    def action_keep(self) -> None:
        self.dismiss(False)
