"""An optional note after a finished practice, in the person's own words."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from painpath.text import clean
from painpath.tui.text import NOTE_MAX_CHARS
from painpath.tui.way_out import WayOutFirst


class NoteScreen(WayOutFirst, Screen["str | None"]):
    """Enter keeps the note; Escape or "Skip" goes on without one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "app.ground", "Ground me now"),  # the box takes `g` as a letter
        Binding("escape", "skip", "Skip"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="note"):
            yield Static("A note, if you like", classes="screen-title")
            yield Static("Anything you noticed, for yourself or to share with your "
                         "therapist. It stays on this computer. You can leave it empty.",
                         markup=False)
            yield Input(placeholder="Your note", id="note-input", max_length=NOTE_MAX_CHARS)
            with Horizontal(classes="buttons"):
                yield Button("Keep note", id="note-keep", variant="primary")
                yield Button("Skip", id="note-skip")
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#note-input", Input)
        box.cursor_blink = not self.app.settings.reduced_motion  # type: ignore[attr-defined]
        box.focus()

    @on(Input.Submitted, "#note-input")
    @on(Button.Pressed, "#note-keep")
    def keep(self) -> None:
        text = clean(self.query_one("#note-input", Input).value).strip()
        self.dismiss(text or None)

    @on(Button.Pressed, "#note-skip")
    def action_skip(self) -> None:
        self.dismiss(None)
