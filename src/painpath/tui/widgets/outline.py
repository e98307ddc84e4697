"""An exercise's steps at a glance: each title with how it is timed."""

from __future__ import annotations

from textual.content import Content

from painpath.format.models import Exercise, Step
from painpath.text import clean_line
from painpath.timefmt import length, whole_minutes
from painpath.tui.text import region_words

_UNTITLED_CHARS = 50


def about(seconds: float) -> str:
    """A whole practice's length: `30 min` when it is exactly that (as its title may
    say), else kindly rounded: `about 11 min`, `about 45 s`."""
    if seconds >= 60 and seconds % 60 == 0:
        return length(seconds)
    if seconds >= 120:
        return f"about {whole_minutes(seconds)} min"
    return f"about {length(seconds)}"


def step_name(step: Step) -> str:
    """The step's title, or the start of its text when it has none."""
    if step.title.strip():
        return clean_line(step.title)
    first = clean_line(step.text.strip().split("\n")[0])
    return first if len(first) <= _UNTITLED_CHARS else first[:_UNTITLED_CHARS - 1] + "…"


def step_timing(step: Step) -> str:
    """How a step is timed, in words: `2 min`, `6 breaths, 1 min 12 s`, `mark 5, up to 2 min`."""
    if step.kind == "breath" and step.breath is not None:
        return f"{step.cycles} breaths, {length(step.planned_seconds)}"
    if step.kind == "count":
        limit = f", up to {length(step.duration)}" if step.duration else ""
        return f"mark {step.count}{limit}"
    if step.kind == "entry":
        return "write if you like" + (f", up to {length(step.duration)}" if step.duration else "")
    return length(step.planned_seconds)


def outline(exercise: Exercise) -> Content:
    """One line per step: number, title (from the file, literal) and timing."""
    lines = []
    for n, step in enumerate(exercise.steps, start=1):
        extra = f"  · {region_words(step.region)}" if step.region else ""
        lines.append(Content.assemble(f"{n:>2}. ", Content(step_name(step)),
                                      (f"  ({step_timing(step)}){extra}", "dim")))
    return Content("\n").join(lines)
