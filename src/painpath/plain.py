"""Plain mode: a session as lines of text, for screen readers, logs and pipes.

No screen drawing and no cursor movement: a block of lines as each step
begins, one line per breath phase, prompts as whole lines. Standard input is
read line by line. Everything from an exercise file goes through
`painpath.text.clean`, so it is only ever text: never markup (nothing here
parses markup) and never a terminal escape.

How input is read: from a terminal, a background thread reads lines so a
step's limit can run out while the person is silent (the main thread waits
on a queue with the time until the next event). From a pipe or file, lines
are read directly, in order, which keeps scripted runs deterministic. Lines
typed during a step that asks nothing do not answer the next question: from
a terminal they are dropped when a new question or input step begins.

When input ends, every remaining question is skipped, untimed count and entry
steps end, timed steps (and count steps with a limit: the looking around is
the practice) still run to their end. Ctrl+C stops the session gracefully,
and the after-ratings are still offered.
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal, Protocol, TextIO

from painpath.engine.clock import Clock, SystemClock
from painpath.engine.events import (
    Bell,
    EntrySubmitted,
    Event,
    ItemMarked,
    Listener,
    PhaseChanged,
    RatingGiven,
    StepStarted,
)
from painpath.engine.session import Session
from painpath.format.models import Exercise, Scale, Step
from painpath.safety import EMERGENCY_SHORT
from painpath.text import BREATH_WORDS, clean, clean_line, paragraphs
from painpath.timefmt import length

logger = logging.getLogger(__name__)

STOP_HINT = "Press Ctrl+C at any time to stop; that is always fine."
# For streams that cannot encode our few typographic characters (an ASCII log).
_ASCII = str.maketrans({"…": "...", "→": "->", "—": "-", "×": "x", "’": "'"})


@dataclass
class PlainResult:
    """What happened in a plain run, for the caller to record and report."""

    status: Literal["completed", "stopped"]
    practiced_seconds: float
    furthest_step: int
    started: bool  # False when stopped during the before-ratings
    before: dict[str, int | None] = field(default_factory=dict)
    after: dict[str, int | None] = field(default_factory=dict)
    during: list[RatingGiven] = field(default_factory=list)
    entries: list[EntrySubmitted] = field(default_factory=list)
    note: str | None = None


# ------------------------------------------------------------------ reading
class _Signal(enum.Enum):
    TIMEOUT = "timeout"
    EOF = "eof"


class _Lines(Protocol):
    def wait(self, timeout: float | None) -> str | _Signal: ...

    def discard_pending(self) -> None: ...


class _DirectLines:
    """Reads the next line when asked: right for pipes and files (and tests)."""

    def __init__(self, stdin: TextIO) -> None:
        self._stdin = stdin

    def wait(self, timeout: float | None) -> str | _Signal:
        line = self._stdin.readline()
        return _Signal.EOF if line == "" else line.rstrip("\r\n")

    def discard_pending(self) -> None:
        """Scripted input answers questions in order; nothing is stale."""


class _ThreadedLines:
    """Reads lines on a daemon thread so waiting for one can time out.

    The thread stays blocked on the terminal after the run ends; it is a
    daemon, so it never keeps the program alive.
    """

    def __init__(self, stdin: TextIO) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._eof = False
        threading.Thread(target=self._pump, args=(stdin,), daemon=True,
                         name="painpath-plain-input").start()

    def _pump(self, stdin: TextIO) -> None:
        try:
            for line in iter(stdin.readline, ""):
                self._queue.put(line.rstrip("\r\n"))
        except (OSError, ValueError) as err:  # closed or unreadable: same as the end
            logger.debug("plain-mode input ended: %s", err)
        finally:
            self._queue.put(None)

    def wait(self, timeout: float | None) -> str | _Signal:
        if self._eof:
            return _Signal.EOF
        try:
            item = self._queue.get(timeout=timeout)
        except queue.Empty:
            return _Signal.TIMEOUT
        if item is None:
            self._eof = True
            return _Signal.EOF
        return item

    def discard_pending(self) -> None:
        while not self._eof:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is None:
                self._eof = True


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed stream is no terminal
        return False


# ------------------------------------------------------------------ writing
class _Out:
    """Whole lines only; the bell character only on a terminal."""

    def __init__(self, stream: TextIO, bell: bool) -> None:
        self._stream = stream
        self._ring = bell and _isatty(stream)

    def line(self, text: str = "") -> None:
        try:
            self._stream.write(text + "\n")
        except UnicodeEncodeError:
            safe = text.translate(_ASCII).encode("ascii", "replace").decode("ascii")
            self._stream.write(safe + "\n")
        self._stream.flush()

    def bell(self) -> None:
        self.line("(bell)" + ("\a" if self._ring else ""))


def _num(x: float) -> str:
    return f"{x:g}"


def span(seconds: float) -> str:
    """A length in words people read easily: "45 s", "2 min", "1 min 30 s", "1 h 5 min"."""
    if seconds < 60:  # tenths, for breath phases; `length` rounds to whole seconds
        return f"{_num(round(seconds, 1))} s"
    return length(seconds)


def minutes_phrase(seconds: float) -> str:
    """ "less than a minute", "1 minute", "12 minutes"."""
    if seconds < 60:
        return "less than a minute"
    minutes = int(seconds / 60 + 0.5)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _step_detail(step: Step) -> str:
    limit = step.limit_seconds
    upto = f", up to {span(limit)}" if limit is not None else ""
    if step.kind == "breath":
        n = step.cycles or 0
        return f"{n} breath{'' if n == 1 else 's'}, {span(limit or 0)}"
    if step.kind == "count":
        return f"{step.count} to mark{upto}"
    if step.kind == "entry":
        return f"a written answer{upto}"
    return span(limit or 0)


def step_heading(index: int, total: int, step: Step) -> str:
    """ "Step 2 of 9: Feet (45 s)"."""
    title = clean_line(step.title)
    return f"Step {index + 1} of {total}{': ' + title if title else ''} ({_step_detail(step)})"


def _ends(scale: Scale) -> str:
    low, high = clean_line(scale.low), clean_line(scale.high)
    return (f"{scale.min}{' = ' + low if low else ''} … "
            f"{scale.max}{' = ' + high if high else ''}")


def rating_prompt(scale: Scale, region: str | None = None) -> str:
    """The question, both ends in words, and how to skip, on one line."""
    question = clean_line(scale.question) or clean_line(scale.id)
    if region:
        where = "your " + region.replace("-", " ")
        question = (f"{question[:-1]}, in {where}?" if question.endswith("?")
                    else f"{question} ({where})")
    return f"{question} ({_ends(scale)}; Enter to skip)"


# ------------------------------------------------------------------ the run
class _Printer:
    """Turns session events into lines of text."""

    def __init__(self, out: _Out, exercise: Exercise) -> None:
        self._out = out
        self._exercise = exercise
        self._start_bell: Bell | None = None

    def __call__(self, event: Event) -> None:
        steps = self._exercise.steps
        if isinstance(event, StepStarted):
            step = steps[event.index]
            self._out.line()
            self._out.line(step_heading(event.index, len(steps), step))
            # The start bell belongs right under the heading, before the text.
            self._start_bell = Bell(event.index, event.at) if step.bell else None
            if step.bell:
                self._out.bell()
            for i, para in enumerate(paragraphs(clean(step.text))):
                if i:
                    self._out.line()
                self._out.line(para)
            if step.kind == "count":
                self._out.line(f"Press Enter once for each one ({step.count} in all).")
            elif step.kind == "entry":
                self._out.line("Type your answer and press Enter, or press Enter alone to skip.")
        elif isinstance(event, PhaseChanged):
            text = f"{BREATH_WORDS[event.phase]}… {_num(event.seconds)}"
            breath = steps[event.index].breath
            if breath is not None and event.phase == breath.phases()[0][0]:
                cycles = steps[event.index].cycles or 0
                of = f" of {cycles}" if event.cycle <= cycles else ""
                text += f"  (breath {event.cycle}{of})"
            self._out.line(text)
        elif isinstance(event, Bell):
            if event == self._start_bell:  # already written with the heading
                self._start_bell = None
            else:
                self._out.bell()
        elif isinstance(event, ItemMarked):
            self._out.line(f"{event.marked} of {event.count}.")
        elif isinstance(event, EntrySubmitted):
            self._out.line("Skipped." if event.text is None else "Noted.")


class _PlainRun:
    def __init__(self, exercise: Exercise, *, stdin: TextIO, stdout: TextIO, clock: Clock,
                 sleep: Callable[[float], None], speed: float, listeners: Iterable[Listener],
                 bell: bool, threaded: bool, crisis: str = "") -> None:
        self.exercise = exercise
        self.crisis = crisis
        self.out = _Out(stdout, bell)
        self.lines: _Lines = _ThreadedLines(stdin) if threaded else _DirectLines(stdin)
        self.sleep = sleep
        self.speed = speed
        self.eof = False
        self.during: list[RatingGiven] = []
        self.entries: list[EntrySubmitted] = []
        self.session = Session(exercise, clock=clock, speed=speed,
                               listeners=[_Printer(self.out, exercise), self._collect,
                                          *listeners])

    def _collect(self, event: Event) -> None:
        if isinstance(event, RatingGiven) and event.phase == "during":
            self.during.append(event)
        elif isinstance(event, EntrySubmitted):
            self.entries.append(event)

    # -------------------------------------------------------------- asking
    def _read(self, timeout: float | None = None) -> str | _Signal:
        got = self.lines.wait(timeout)
        if got is _Signal.EOF:
            self.eof = True
        return got

    def ask_rating(self, scale: Scale, region: str | None = None, *,
                   fresh: bool = False) -> int | None:
        """One line: a number in range, or empty to skip; one gentle re-ask."""
        if self.eof:
            return None
        if fresh:
            self.lines.discard_pending()
        self.out.line(rating_prompt(scale, region))
        for attempt in range(2):
            got = self._read()
            if isinstance(got, _Signal):
                return None
            text = got.strip()
            if not text:
                return None
            try:
                value = int(text)
            except ValueError:
                value = None
            if value is not None and scale.min <= value <= scale.max:
                return value
            if attempt == 0:
                self.out.line(f"That isn't a whole number from {scale.min} to {scale.max}. "
                              "You can type one, or press Enter to skip.")
        self.out.line("Let's leave that one out.")
        return None

    def ask_ratings(self, phase: Literal["before", "after"], scale_ids: Iterable[str],
                    answers: dict[str, int | None]) -> None:
        """Fill `answers` as they come, so a Ctrl+C keeps the ones already given."""
        for i, scale_id in enumerate(scale_ids):
            value = self.ask_rating(self.exercise.scale(scale_id), fresh=i == 0)
            answers[scale_id] = value
            self.session.record_rating(phase, scale_id, value)

    def ask_note(self) -> str | None:
        if self.eof:
            return None
        self.out.line("Anything you'd like to note about this practice? "
                      "(one line; Enter for none)")
        got = self._read()
        if isinstance(got, _Signal):
            return None
        return clean_line(got) or None

    # ------------------------------------------------------------ practice
    def practise(self) -> None:
        s = self.session
        s.start()
        seen: tuple[int, float] | None = None
        while s.state not in ("finished", "stopped"):
            s.tick()
            if s.state == "awaiting_rating" and s.pending_rating is not None:
                asked = s.pending_rating
                s.give_rating(self.ask_rating(self.exercise.scale(asked.scale), asked.region,
                                              fresh=True))
                continue
            if s.state == "paused":  # plain mode never pauses; never leave it stuck
                s.resume()
                continue
            step = s.step
            here = (s.index, s.step_started_at)
            if step.kind in ("count", "entry") and not self.eof:
                if here != seen:
                    self.lines.discard_pending()
                    seen = here
                got = self._read(s.next_due())
                if isinstance(got, _Signal):
                    continue  # a limit is due, or input ended: the loop handles both
                s.tick()
                if (s.state, s.index, s.step_started_at) != ("running", *here):
                    continue  # the step's limit ran out while they typed
                if step.kind == "count":
                    s.mark_item()
                else:
                    s.submit_entry(got)
                continue
            if step.kind == "entry":  # input has ended: nothing can be written
                s.submit_entry(None)
                continue
            due = s.next_due()
            if due is None:  # an untimed count with no more input: move on
                s.next_step()
                continue
            self.sleep(due)

    def run(self) -> PlainResult:
        ex = self.exercise
        self.out.line(clean_line(ex.title))
        self.out.line(f"About {span(ex.total_seconds)}, "
                      f"{len(ex.steps)} step{'' if len(ex.steps) == 1 else 's'}.")
        if self.speed != 1:
            self.out.line(f"A preview at {_num(self.speed)}× speed.")
        note = clean(ex.content_note).strip()
        if note:
            self.out.line()
            self.out.line("Content note:")
            self.out.line(note)
        if self.crisis:  # the pack's own crisis line, beside painpath's
            self.out.line()
            self.out.line(EMERGENCY_SHORT)
            self.out.line(self.crisis)
        self.out.line()
        self.out.line(STOP_HINT)

        before: dict[str, int | None] = {}
        try:
            if ex.ratings_before:
                self.out.line()
                self.out.line("Before you begin:")
                self.ask_ratings("before", ex.ratings_before, before)
        except KeyboardInterrupt:
            self.out.line()
            self.out.line("Stopped before starting. That's fine.")
            return PlainResult("stopped", 0.0, 0, False, before)

        try:
            self.practise()
        except KeyboardInterrupt:
            self.session.stop()
        s = self.session
        self.out.line()
        if s.state == "finished":
            self.out.line("That is the end of the practice.")
        else:
            self.out.line(f"Stopped. That's fine — {minutes_phrase(s.elapsed)} practised.")

        after: dict[str, int | None] = {}
        note_text: str | None = None
        try:
            if ex.ratings_after:
                self.out.line()
                self.out.line("And now:")
                self.ask_ratings("after", ex.ratings_after, after)
            note_text = self.ask_note()
        except KeyboardInterrupt:
            self.out.line()
            self.out.line("Leaving the questions there.")

        self._summary(before, after)
        return PlainResult(
            status="completed" if s.state == "finished" else "stopped",
            practiced_seconds=s.elapsed, furthest_step=s.furthest_step, started=True,
            before=before, after=after, during=list(self.during),
            entries=list(self.entries), note=note_text)

    def _summary(self, before: dict[str, int | None], after: dict[str, int | None]) -> None:
        self.out.line()
        self.out.line(f"Summary: {minutes_phrase(self.session.elapsed)} practised.")

        def word(v: int | None) -> str:
            return "not rated" if v is None else str(v)

        for scale_id in dict.fromkeys([*before, *after]):
            b, a = before.get(scale_id), after.get(scale_id)
            if b is None and a is None:
                continue
            name = clean_line(scale_id)
            if scale_id in before and scale_id in after:
                self.out.line(f"{name} {word(b)} → {word(a)}")
            else:
                self.out.line(f"{name} {word(b if scale_id in before else a)}")


def run_plain(exercise: Exercise, *, stdin: TextIO, stdout: TextIO, clock: Clock | None = None,
              sleep: Callable[[float], None] | None = None, speed: float = 1.0,
              listeners: Iterable[Listener] = (), bell: bool = True,
              threaded_input: bool | None = None, crisis: str = "") -> PlainResult:
    """Run one exercise as lines of text; return what happened.

    `listeners` hear every session event, plus a `RatingGiven` for each
    before-rating (before `SessionStarted`) and after-rating (after
    `Finished`/`Stopped`), so a log recorder can be attached here.
    `threaded_input` (default: whether stdin is a terminal) reads input on a
    thread so limits run out while the person is silent. `crisis` is the pack's
    crisis line (`painpath.safety.exercise_crisis`), said at the start.
    """
    threaded = _isatty(stdin) if threaded_input is None else threaded_input
    run = _PlainRun(exercise, stdin=stdin, stdout=stdout, clock=clock or SystemClock(),
                    sleep=sleep or time.sleep, speed=speed, listeners=listeners, bell=bell,
                    threaded=threaded, crisis=crisis)
    return run.run()
