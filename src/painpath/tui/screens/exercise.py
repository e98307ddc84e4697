"""One exercise's page: what it is, its content note before Start, its steps.

The content note comes before the Start button (and the button is focused),
so it is read before anyone begins; the description and outline follow.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from painpath.format.models import Exercise
from painpath.library import BUNDLED_PACK
from painpath.safety import EMERGENCY_SHORT, exercise_crisis
from painpath.text import clean_line, paragraphs
from painpath.tui import messages
from painpath.tui.loghost import host
from painpath.tui.screens.library import kind_name
from painpath.tui.text import plain, plain_line
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.outline import about, outline


def meta_line(exercise: Exercise) -> Content:
    steps = len(exercise.steps)
    parts = [kind_name(exercise.kind), about(exercise.total_seconds),
             f"{steps} step{'s' if steps != 1 else ''}"]
    if exercise.pack != BUNDLED_PACK:
        parts.append(f"pack {clean_line(exercise.pack)}")
    return Content.styled(" · ".join(parts), "dim")


def credits(exercise: Exercise) -> Content | None:
    bits = []
    if exercise.tags:
        bits.append("Tags: " + ", ".join(clean_line(t) for t in exercise.tags))
    if exercise.author:
        bits.append("By " + clean_line(exercise.author))
    if exercise.license:
        bits.append("License: " + clean_line(exercise.license))
    return Content.styled("\n".join(bits), "dim") if bits else None


class ExerciseScreen(WayOutFirst, Screen[None]):
    """Read about a practice, then start it (Enter) or go back (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("g", "app.ground", "Ground me now"),
        Binding("s", "start", "Start"),
    ]

    def __init__(self, exercise: Exercise) -> None:
        super().__init__()
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        ex = self.exercise
        with VerticalScroll(id="exercise-page"):
            yield Static(plain_line(ex.title), classes="screen-title", id="exercise-title")
            yield Static(meta_line(ex), id="exercise-meta")
            if ex.summary.strip():
                yield Static(plain(ex.summary), id="exercise-summary")
            crisis = exercise_crisis(host(self).library, ex)
            if ex.content_note.strip() or crisis:
                with Vertical(id="exercise-note") as note:
                    note.border_title = "Before you start"
                    if ex.content_note.strip():
                        yield Static(plain(ex.content_note), id="exercise-note-text")
                    # painpath's own line beside the note, and the pack's beside it.
                    yield Static(Content.assemble(EMERGENCY_SHORT, *(("\n", (crisis, "bold"))
                                                                   if crisis else ())),
                                 id="exercise-crisis")
            with Horizontal(id="exercise-buttons"):
                yield Button("Start", id="exercise-start", variant="primary")
                yield Button("Back", id="exercise-back")
            for n, para in enumerate(paragraphs(ex.description)):
                yield Static(plain(para), classes="paragraph", id=f"exercise-description-{n}")
            yield Static(f"Steps ({about(ex.total_seconds)} in all)",
                         classes="section-title", markup=False)
            yield Static(outline(ex), id="exercise-outline")
            extra = credits(ex)
            if extra is not None:
                yield Static(extra, id="exercise-credits")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#exercise-start", Button).focus()

    @on(Button.Pressed, "#exercise-start")
    def action_start(self) -> None:
        self.post_message(messages.StartRequested(self.exercise))

    @on(Button.Pressed, "#exercise-back")
    def back(self) -> None:
        self.app.pop_screen()
