"""Plain mode: a session as lines of text, for screen readers, logs and pipes.

No screen drawing and no cursor movement: a block of lines as each step
begins, one line per breath phase, prompts as whole lines, every line one
that makes sense read aloud (the words are in `plain_words`). Everything from
an exercise file goes through `painpath.text.clean`, so it is only ever text:
never markup (nothing here parses markup) and never a terminal escape.

Input (`plain_input`): a terminal is read on a thread so a step's limit can
run out while the person is silent; a pipe or file line by line, in order; a
closed standard input reads as input that has ended. Lines typed during a step
that asks nothing do not answer the next question: from a terminal they are
dropped when a new question or input step begins. A rating is asked again
after each answer that is not a number in range, until a number or an empty
line (skip) or the end of input.

When input ends, every remaining question is skipped, untimed count and entry
steps end, timed steps (and count steps with a limit: the looking around is
the practice) still run to their end. Ctrl+C stops the session gracefully,
and the after-ratings are still offered.

Bells: the bell that opens a step rings (the bell character, on a terminal,
when the bell setting is on) at the end of the step's heading and is not said:
the heading already says a step begins. A bell within a step (silent
sitting's intervals) marks time in a silence, so it is said as a line,
"A bell rings.", piped or not, and rings too on a terminal.

A preview (`speed` other than 1, not kept) says at its start and at its end
that nothing from it is saved.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal, TextIO

from painpath import care as care_words
from painpath.care import PlainCare
from painpath.engine.clock import Clock, SystemClock
from painpath.engine.events import EntrySubmitted, Event, Listener, RatingGiven
from painpath.engine.session import Session
from painpath.format.models import Exercise, Scale
from painpath.plain_input import Lines, Signal, open_lines
from painpath.plain_print import BELL_LINE, Out, Printer
from painpath.plain_words import (
    STOP_HINT,
    minutes_phrase,
    not_a_number,
    rating_pair,
    rating_prompt,
    span,
    step_heading,
)
from painpath.safety import EMERGENCY_SHORT
from painpath.text import clean, clean_line

__all__ = ["BELL_LINE", "STOP_HINT", "PlainResult", "minutes_phrase", "rating_prompt",
           "run_plain", "span", "step_heading"]

PREVIEW_END = "This was a preview: nothing from it was saved."


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


class _PlainRun:
    def __init__(self, exercise: Exercise, *, stdin: TextIO, stdout: TextIO, clock: Clock,
                 sleep: Callable[[float], None], speed: float, listeners: Iterable[Listener],
                 bell: bool, threaded: bool | None, crisis: str = "", saved: bool = True,
                 on_session: Callable[[Session], None] | None = None,
                 speak: Callable[[Scale, str | None], None] | None = None,
                 care: PlainCare | None = None, lines: Lines | None = None) -> None:
        self.exercise = exercise
        self.speak = speak
        self.care = care
        self.on_session = on_session
        self.clock = clock
        self.bell = bell
        self.crisis = crisis
        self.saved = saved
        self.out = Out(stdout, bell)
        self.lines: Lines = lines if lines is not None else open_lines(stdin, threaded)
        self.stdout = stdout
        self.sleep = sleep
        self.speed = speed
        self.eof = False
        self.during: list[RatingGiven] = []
        self.entries: list[EntrySubmitted] = []
        self.session = Session(exercise, clock=clock, speed=speed,
                               listeners=[Printer(self.out, exercise), self._collect,
                                          *listeners])
        if on_session is not None:  # the live sound listens and looks ahead
            on_session(self.session)

    def _collect(self, event: Event) -> None:
        if isinstance(event, RatingGiven) and event.phase == "during":
            self.during.append(event)
        elif isinstance(event, EntrySubmitted):
            self.entries.append(event)

    # -------------------------------------------------------------- asking
    def _read(self, timeout: float | None = None) -> str | Signal:
        got = self.lines.wait(timeout)
        if got is Signal.EOF:
            self.eof = True
        return got

    def ask_rating(self, scale: Scale, region: str | None = None, *,
                   fresh: bool = False) -> int | None:
        """A number in range, or an empty line (or the end of input) to skip.

        Asked again, gently, after anything else, as often as it takes: a
        listener who mistyped twice should not lose the rating they meant.
        """
        if self.eof:
            return None
        if fresh:
            self.lines.discard_pending()
        self.out.line(rating_prompt(scale, region))
        if self.speak is not None:  # with the voice on, the question is heard too
            self.speak(scale, region)
        while True:
            got = self._read()
            if isinstance(got, Signal):
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
            self.out.line(not_a_number(scale))

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
        if isinstance(got, Signal):
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
                if isinstance(got, Signal):
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

    def run(self, given: dict[str, int | None] | None = None) -> PlainResult:
        """The practice from its title to its summary; `given`: before-ratings already
        answered (grounding from the offer keeps the ratings that brought it)."""
        ex = self.exercise
        self.out.line(clean_line(ex.title))
        self.out.line(f"About {span(ex.total_seconds)}, "
                      f"{len(ex.steps)} step{'' if len(ex.steps) == 1 else 's'}.")
        if self.speed != 1:
            self.out.line(f"A preview at {self.speed:g} times the usual speed. "
                          + ("It is kept in your log." if self.saved
                             else "Nothing from it is saved."))
        note = clean(ex.content_note).strip()
        if note:
            self.out.line()
            self.out.line("Content note:")
            self.out.line(note)
        # painpath's own emergency line (plain mode has no home screen to show it),
        # and the pack's crisis line beside it when the pack has one.
        self.out.line()
        self.out.line(EMERGENCY_SHORT)
        if self.crisis:
            self.out.line(self.crisis)
        self.out.line()
        self.out.line(STOP_HINT)

        before: dict[str, int | None] = {}
        try:
            for scale_id, value in (given or {}).items():
                before[scale_id] = value
                self.session.record_rating("before", scale_id, value)
            asked = [scale_id for scale_id in ex.ratings_before if scale_id not in before]
            if asked:
                self.out.line()
                self.out.line("Before you begin:")
                self.ask_ratings("before", asked, before)
            if self._offer(before) == "ground":
                self._ground(before)
                self.out.line(f"Whenever you want to, you can start {clean_line(ex.title)} "
                              "again.")
                return PlainResult("stopped", 0.0, 0, False, before)
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
            self.out.line(f"Stopped. That's fine. You practised for {minutes_phrase(s.elapsed)}.")

        after: dict[str, int | None] = {}
        note_text: str | None = None
        choice = "carry-on"
        try:
            if ex.ratings_after:
                if not self.eof:  # with input ended nothing is asked: no heading either
                    self.out.line()
                    self.out.line("And now:")
                self.ask_ratings("after", ex.ratings_after, after)
            choice = self._offer(after, before)
            if choice != "ground":
                note_text = self.ask_note()
        except KeyboardInterrupt:
            self.out.line()
            self.out.line("Leaving the questions there.")

        self._summary(before, after)
        if self.speed != 1 and not self.saved:
            self.out.line(PREVIEW_END)
        if choice == "ground":
            self._ground(after)
        return PlainResult(
            status="completed" if s.state == "finished" else "stopped",
            practiced_seconds=s.elapsed, furthest_step=s.furthest_step, started=True,
            before=before, after=after, during=list(self.during),
            entries=list(self.entries), note=note_text)

    # ---------------------------------------------------------- the offer
    def _offer(self, ratings: dict[str, int | None],
               before: dict[str, int | None] | None = None) -> care_words.Choice:
        """The gentle offer, when these ratings call for it (painpath.care), once a run."""
        care = self.care
        if care is None:
            return "carry-on"
        why = care.sitting.offer(ratings, self.exercise.scale, before,
                                 grounding=self.exercise.qualified_id == care_words.GROUND_ME_NOW)
        if why is None:
            return "carry-on"
        if not self.eof:
            self.lines.discard_pending()
        choice = care_words.offer_as_lines(
            why, self.out.line, None if self.eof else self._answer, ground=lambda: None,
            show_plan=lambda: care.show_plan(self.out.line))
        if choice == "carry-on":
            care.sitting.carry_on()
        return choice

    def _answer(self) -> str | None:
        got = self._read()
        return None if isinstance(got, Signal) else got

    def _ground(self, given: dict[str, int | None]) -> None:
        """"Ground me now", chosen in the offer: the grounding practice, as a run of its own
        (its own entry in the log), given the ratings that brought the offer."""
        care = self.care
        ground = care.grounding if care is not None else None
        if care is None or ground is None:
            self.out.line(f"To ground yourself now: {care_words.GROUND_COMMAND}")
            return
        kept = {scale_id: value for scale_id, value in given.items()
                if scale_id in ground.ratings_before and value is not None}
        self.out.line()
        nested = _PlainRun(ground, stdin=None, stdout=self.stdout, clock=self.clock,
                           sleep=self.sleep, speed=self.speed,
                           listeners=care.listeners(ground), bell=self.bell, threaded=False,
                           crisis=self.crisis, saved=self.saved, speak=self.speak,
                           on_session=self.on_session, lines=self.lines)
        result = nested.run(kept)
        self.eof = self.eof or nested.eof
        care.finished(ground, result.note)
        self.out.line()
        self.out.line(f"Your safety plan is there whenever you want it: "
                      f"{care_words.PLAN_COMMAND}.")
        self.out.line(EMERGENCY_SHORT)

    def _summary(self, before: dict[str, int | None], after: dict[str, int | None]) -> None:
        self.out.line()
        self.out.line(f"Summary: {minutes_phrase(self.session.elapsed)} practised.")
        for scale_id in dict.fromkeys([*before, *after]):
            b, a = before.get(scale_id), after.get(scale_id)
            if b is None and a is None:
                continue
            self.out.line(rating_pair(scale_id, b, a, scale_id in before, scale_id in after))


def run_plain(exercise: Exercise, *, stdin: TextIO | None, stdout: TextIO,
              clock: Clock | None = None, sleep: Callable[[float], None] | None = None,
              speed: float = 1.0, listeners: Iterable[Listener] = (), bell: bool = True,
              threaded_input: bool | None = None, crisis: str = "",
              saved: bool = True, on_session: Callable[[Session], None] | None = None,
              speak: Callable[[Scale, str | None], None] | None = None,
              care: PlainCare | None = None,
              given: dict[str, int | None] | None = None) -> PlainResult:
    """Run one exercise as lines of text; return what happened.

    `listeners` hear every session event, plus a `RatingGiven` for each
    before-rating (before `SessionStarted`) and after-rating (after
    `Finished`/`Stopped`), so a log recorder can be attached here.
    `threaded_input` (default: whether stdin is a terminal) reads input on a
    thread so limits run out while the person is silent. `crisis` is the pack's
    crisis line (`painpath.safety.exercise_crisis`), said at the start. `stdin`
    may be None (a closed standard input): every question is then skipped.
    `saved=False` (a preview not logged) is said at the start and the end.
    `on_session` is given the session before it starts (the live sound);
    `speak` hears each rating question, to say it aloud when the voice is on.
    `care` makes the gentle offer (painpath.care) after ratings that call for it;
    `given` are before-ratings already answered, not asked again.
    """
    run = _PlainRun(exercise, stdin=stdin, stdout=stdout, clock=clock or SystemClock(),
                    sleep=sleep or time.sleep, speed=speed, listeners=listeners, bell=bell,
                    threaded=threaded_input, crisis=crisis, saved=saved,
                    on_session=on_session, speak=speak, care=care)
    return run.run(given)
