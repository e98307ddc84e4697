"""Plain mode's writing: whole lines, and the session's events as lines of text.

Every line goes through `for_terminal` like everything the CLI prints; the
bell character is written only on a terminal, and only when wanted. Text from
an exercise file goes through `painpath.text.clean` first.
"""

from __future__ import annotations

from typing import TextIO

from painpath.engine.events import (
    Bell,
    EntrySubmitted,
    Event,
    ItemMarked,
    PhaseChanged,
    StepStarted,
)
from painpath.format.models import Exercise, recalled_step
from painpath.plain_input import isatty
from painpath.plain_words import breath_line, step_heading
from painpath.text import clean, clean_line, for_terminal, paragraphs

BELL_LINE = "A bell rings."
# For streams that cannot encode our few typographic characters (an ASCII log).
_ASCII = str.maketrans({"…": "...", "→": "->", "—": "-", "–": "-", "×": "x", "’": "'"})


class Out:
    """Whole lines only; the bell character only on a terminal, and only if wanted."""

    def __init__(self, stream: TextIO, bell: bool) -> None:
        self._stream = stream
        self._ring = bell and isatty(stream)

    def line(self, text: str = "", *, ring: bool = False) -> None:
        """One line, cleaned by `for_terminal` like everything the CLI prints."""
        text = for_terminal(text)
        end = "\a\n" if ring and self._ring else "\n"
        try:
            self._stream.write(text + end)
        except UnicodeEncodeError:
            safe = text.translate(_ASCII).encode("ascii", "replace").decode("ascii")
            self._stream.write(safe + end)
        self._stream.flush()

    def bell(self) -> None:
        """A bell within a step (silent sitting's intervals): it marks time, so it is said."""
        self.line(BELL_LINE, ring=True)


# ------------------------------------------------------------------ the run
class Printer:
    """Turns session events into lines of text."""

    def __init__(self, out: Out, exercise: Exercise) -> None:
        self._out = out
        self._exercise = exercise
        self._start_bell: Bell | None = None
        self._answers: dict[int, str] = {}  # for steps that read an answer back

    def __call__(self, event: Event) -> None:
        steps = self._exercise.steps
        if isinstance(event, StepStarted):
            step = steps[event.index]
            self._out.line()
            # The start bell rings with the heading; the heading says what it means.
            self._out.line(step_heading(event.index, len(steps), step), ring=step.bell)
            self._start_bell = Bell(event.index, event.at) if step.bell else None
            for i, para in enumerate(paragraphs(clean(step.text))):
                if i:
                    self._out.line()
                self._out.line(para)
            earlier = recalled_step(steps, event.index)
            if earlier is not None and self._answers.get(earlier):
                self._out.line(f"You wrote: {clean_line(self._answers[earlier])}")
            if step.kind == "count":
                self._out.line(f"Press Enter once for each one ({step.count} in all).")
            elif step.kind == "entry":
                self._out.line("Type your answer and press Enter, or press Enter alone to skip.")
        elif isinstance(event, PhaseChanged):
            breath = steps[event.index].breath
            first = breath is not None and event.phase == breath.phases()[0][0]
            self._out.line(breath_line(event.phase, event.seconds,
                                       event.cycle if first else None,
                                       steps[event.index].cycles or 0))
        elif isinstance(event, Bell):
            if event == self._start_bell:  # already rung with the heading
                self._start_bell = None
            else:
                self._out.bell()
        elif isinstance(event, ItemMarked):
            self._out.line(f"{event.marked} of {event.count}.")
        elif isinstance(event, EntrySubmitted):
            if event.text:
                self._answers[event.index] = event.text
            self._out.line("Skipped." if event.text is None else "Noted.")
