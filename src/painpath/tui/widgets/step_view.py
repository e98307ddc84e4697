"""The words of the player: heading, step title and region, times left."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import TextArea

from painpath.engine import Session
from painpath.timefmt import clock
from painpath.tui.text import plain_line, region_words


def heading(session: Session, *, saved: bool = True) -> Content:
    """`Exercise title · step 2 of 8` (the title is file text, kept literal).

    A preview at another speed says so, and whether it is kept:
    `· Preview · not saved` (or `· Preview at 10× · kept`, with --log).
    """
    total = len(session.exercise.steps)
    parts = [plain_line(session.exercise.title),
             Content.styled(f" · step {session.index + 1} of {total}", "dim")]
    if session.speed != 1:
        parts.append(Content.styled(" · Preview · " + ("kept in your log" if saved
                                                        else "not saved"), "bold"))
    return Content.assemble(*parts)


def step_title(session: Session) -> Content:
    title = session.step.title.strip()
    return plain_line(title, "bold") if title else Content("")


def region_line(session: Session) -> Content:
    region = session.step.region
    return (Content.assemble(("Body region: ", "dim"), Content(region_words(region)))
            if region else Content(""))


def times_line(session: Session) -> Content:
    """Time left in the step and in the whole practice, in plain words."""
    if session.state == "awaiting_rating":
        step = "The clock waits while you answer"
    elif session.step_remaining is None:
        step = "This step: take your time"
    else:
        step = f"This step: {clock(session.step_remaining)} left"
    later = session.exercise.steps[session.index:]
    about = "about " if any(s.limit_seconds is None for s in later) else ""
    return Content(f"{step}   ·   Practice: {about}{clock(session.remaining)} left")


def position(session: Session) -> float:
    """0..1: how far through the practice's plan the person is.

    Unlike the engine's time-based `progress`, this moves when a step is
    skipped, so "step 5 of 6" never sits beside a nearly empty bar.
    """
    if session.state == "finished":
        return 1.0
    steps = session.exercise.steps
    done = sum(s.planned_seconds for s in steps[:session.index]) + session.step_elapsed
    total = done + session.remaining
    return 0.0 if total <= 0 else min(1.0, done / total)


class EntryBox(TextArea):
    """The answer box of an entry step: it grows with the answer, several lines
    (words wrap; past eight rows it scrolls). Enter keeps the answer, Escape
    skips, Tab leaves the box. At most `max_length` characters are kept.
    """

    DEFAULT_CSS = """
    EntryBox {
        height: auto;
        min-height: 3;
        max-height: 10;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: a text area would otherwise take Enter as a new line.
        Binding("enter", "submit", "Keep answer", priority=True),
        Binding("escape", "skip", "Skip"),
    ]

    @dataclass
    class Submitted(Message):
        """Enter: keep these words as the answer."""

        box: EntryBox
        value: str

        @property
        def control(self) -> EntryBox:
            return self.box

    @dataclass
    class Skipped(Message):
        """Escape: the person chose not to answer (never questioned)."""

        box: EntryBox

        @property
        def control(self) -> EntryBox:
            return self.box

    def __init__(self, *, placeholder: str = "", max_length: int = 0,
                 id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False,
                         tab_behavior="focus", placeholder=placeholder)
        self.max_length = max_length

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.max_length and len(self.text) > self.max_length:
            self.value = self.text[:self.max_length]

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self, self.text))

    def action_skip(self) -> None:
        self.post_message(self.Skipped(self))
