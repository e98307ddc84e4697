"""The headless session engine: one exercise's steps against a clock.

Every front end (the Textual screen, plain mode, tests) drives the same
`Session`, so timing behaves identically everywhere. Design choices:

* **Time comes from the clock, never from counting ticks.** Session time is
  ``(clock.now() - start - real time not counted) * speed``. "Not counted" is
  time spent paused and time spent answering a step's rating: answering is
  not practice, so a 45-minute practice stays 45 minutes of practice however
  long the person takes over the question.
* **Steps follow a fixed schedule.** When a timed step's end passes, the next
  step starts at exactly that scheduled end, not whenever `tick()` noticed.
  A late tick therefore processes every transition that became due, in order,
  each event carrying its scheduled `at`; a long session ends on time however
  rarely it is ticked. Only the person's own actions (next, back, marking the
  last item, submitting an answer, giving a rating) start a step "now".
* **Listeners never break a session.** One that raises is logged and the
  session goes on. A listener must not drive the session from inside an
  event (the engine is mid-change): that raises, and is logged the same way.

Decisions the format leaves open, documented here for front ends:

* `add_minute()` on an untimed count or entry step does nothing and returns
  False: such a step already waits as long as the person likes.
* On a breath step `add_minute()` adds 60 s and the breathing goes on cycling
  (cycle numbers keep counting past `cycles`) until the new end.
* Any action that moves the session on (next, back, mark, submit) resumes a
  paused session first; `add_minute()` does not.
* Going back (`previous_step`) never asks the left step's rating: ratings are
  asked when a step ends going forward. From a pending rating, going back
  restarts the step that was just rated (the question is withdrawn and asked
  again when that step ends); going forward skips it and stopping records a
  skip (`RatingGiven(value=None)`).
* If the person acts on a step whose end has already passed but was not yet
  processed (a late tick), the scheduled transition wins: `next_step()` then
  only catches up, so the step that follows is never skipped unseen.
* `furthest_step` is the highest 0-based step index that started.
  `stop()` before `start()` is allowed and emits `Stopped(0.0, 0)`.
* Entry answers are cleaned of control characters and stripped; an empty or
  blank answer counts as a skip (`text=None`). A limit running out on an
  entry step emits no `EntrySubmitted` (nothing was answered). `keep_entry()`
  keeps words typed but not yet submitted (the practice is being stopped or
  the app closed): an `EntrySubmitted` for the step, which does not end it.
"""

from __future__ import annotations

from typing import Literal

from painpath.engine.core import DONE, SessionCore, SessionState
from painpath.engine.events import (
    Bell,
    EntrySubmitted,
    Finished,
    ItemMarked,
    Paused,
    PhaseChanged,
    RatingAsked,
    RatingGiven,
    Resumed,
    SessionStarted,
    StepExtended,
    StepStarted,
    Stopped,
)
from painpath.engine.schedule import DUE_SLACK, BreathState
from painpath.text import clean, valid_text

__all__ = ["ADD_MINUTE_SECONDS", "BreathState", "Session", "SessionState"]

ADD_MINUTE_SECONDS = 60.0


class Session(SessionCore):
    """One run of one exercise. Drive it with `start()` and `tick()`.

    Not thread-safe: call it from one thread (the UI's), and let `next_due()`
    say how long that thread may sleep.
    """

    def _drain(self) -> None:
        """Process, in order, everything due by the clock's now."""
        t = self._now()
        while self._state == "running":
            nxt = self._next_scheduled()
            if nxt is None or nxt[0] > t + DUE_SLACK:
                return
            at, what, phase = nxt
            if what == "bell":
                self._next_bell += 1
                self._emit(Bell(self._index, at))
            elif what == "phase":
                assert phase is not None
                self._next_phase += 1
                _, name, secs, cycle = phase
                self._emit(PhaseChanged(self._index, name, cycle, secs, at))
            else:
                self._end_step(at)

    def _begin(self, index: int, at: float) -> None:
        self._index = index
        self._step_start = at
        self._extra = 0.0
        self._marked = 0
        self._next_phase = 0
        self._next_bell = 1
        self._furthest = max(self._furthest, index)
        self._emit(StepStarted(index, at))
        if self.step.bell:
            self._emit(Bell(index, at))

    def _end_step(self, at: float) -> None:
        """The current step is over at session time `at`: ask its rating or move on."""
        step = self.step
        if step.rate:
            self._freeze_at(at)
            self._state = "awaiting_rating"
            self._pending = RatingAsked("during", step.rate, self._index, step.region)
            self._emit(self._pending)
        else:
            self._advance(at)

    def _advance(self, at: float) -> None:
        if self._index + 1 < len(self.exercise.steps):
            self._begin(self._index + 1, at)
        else:
            self._freeze_at(at)
            self._state = "finished"
            self._emit(Finished(at, self._furthest))

    # ----------------------------------------------------------- operations
    def start(self) -> bool:
        """Begin at step 0. False if already started."""
        self._guard()
        if self._state != "ready":
            return False
        self._start_real = self.clock.now()
        self._started = True
        self._state = "running"
        self._emit(SessionStarted(self.exercise.qualified_id, self.planned_seconds))
        self._begin(0, 0.0)
        self._drain()
        return True

    def tick(self) -> None:
        """Process everything due at the clock's now. Safe to call any time, at any rate."""
        self._guard()
        self._drain()

    def pause(self) -> bool:
        """Stop the clock for this session. False unless running."""
        self._guard()
        self._drain()
        if self._state != "running":
            return False
        t = self._now()
        self._freeze_at(t)
        self._state = "paused"
        self._emit(Paused(t))
        return True

    def resume(self) -> bool:
        """Start the clock again after `pause()`. False unless paused."""
        self._guard()
        if self._state != "paused":
            return False
        self._unfreeze()
        self._state = "running"
        self._emit(Resumed(self._now()))
        self._drain()
        return True

    def toggle_pause(self) -> bool:
        """Pause if running, resume if paused; False if neither applies."""
        return self.resume() if self._state == "paused" else self.pause()

    def _catch_up(self) -> bool:
        """Resume if paused, process what is due; True if the step is unchanged."""
        if self._state == "paused":
            self.resume()
        before = (self._index, self._step_start, self._state)
        self._drain()
        return (self._index, self._step_start, self._state) == before

    def next_step(self) -> bool:
        """End this step now (asking its rating, if any); from a pending rating, skip it."""
        self._guard()
        if self._state == "awaiting_rating":
            return self.give_rating(None)
        if self._state not in ("running", "paused"):
            return False
        if self._catch_up():
            self._end_step(self._now())
            self._drain()
        return True

    def previous_step(self) -> bool:
        """Restart the previous step (step 0 restarts itself) now."""
        self._guard()
        if self._state == "awaiting_rating":
            target = self._index  # back from the question: do that step again
            self._pending = None
            self._unfreeze()
            self._state = "running"
        elif self._state in ("running", "paused"):
            target = max(0, self._index - 1)
            self._catch_up()
            if self._state == "awaiting_rating":  # reached by catching up: withdraw it
                self._pending = None
                self._unfreeze()
                self._state = "running"
            elif self._state != "running":
                return False
        else:
            return False
        self._begin(target, self._now())
        self._drain()
        return True

    def add_minute(self) -> bool:
        """One more minute on this step (60 s of session time past its current end).

        False when the step has no clock to extend (untimed count or entry) or
        the session is not on a step (ready, awaiting a rating, over).
        """
        self._guard()
        if self._state == "running":
            self._drain()
        if self._state not in ("running", "paused") or self._limit() is None:
            return False
        self._extra += ADD_MINUTE_SECONDS
        limit = self._limit()
        assert limit is not None
        self._emit(StepExtended(self._index, limit, self._now()))
        return True

    def stop(self, grounded: bool = False) -> bool:
        """End the session early; always allowed, never a failure. False if already over."""
        self._guard()
        if self._state == "running":
            self._drain()
        if self._state in DONE:
            return False
        if self._state == "awaiting_rating" and self._pending is not None:
            asked = self._pending
            self._pending = None
            self._emit(RatingGiven(asked.phase, asked.scale, None, asked.index, asked.region))
        t = self._now()
        if self._started:
            self._freeze_at(t)
        self._state = "stopped"
        self._emit(Stopped(t, self._furthest, grounded))
        return True

    def mark_item(self) -> bool:
        """Mark one item of a count step; marking the last one ends the step now."""
        self._guard()
        if self._state not in ("running", "paused") or self.step.kind != "count":
            return False
        if not self._catch_up() or self._state != "running":
            return False
        count = self.step.count or 0
        t = self._now()
        self._marked += 1
        self._emit(ItemMarked(self._index, self._marked, count, t))
        if self._marked >= count:
            self._end_step(t)
            self._drain()
        return True

    def submit_entry(self, text: str | None) -> bool:
        """Answer an entry step (None or blank = skip); the step ends now."""
        self._guard()
        if self._state not in ("running", "paused") or self.step.kind != "entry":
            return False
        if not self._catch_up() or self._state != "running":
            return False
        answer = clean(valid_text(text) or "").strip() if text is not None else ""
        t = self._now()
        self._emit(EntrySubmitted(self._index, answer or None, t))
        self._end_step(t)
        self._drain()
        return True

    def keep_entry(self, text: str) -> bool:
        """Keep what was typed on this entry step without ending it (before a stop).

        False (and nothing emitted) when this is not an entry step in progress or
        the text is blank: there is nothing to keep.
        """
        self._guard()
        if self._state not in ("running", "paused", "awaiting_rating") \
                or self.step.kind != "entry":
            return False
        answer = clean(text).strip()
        if not answer:
            return False
        self._emit(EntrySubmitted(self._index, answer, self._now()))
        return True

    def give_rating(self, value: int | None) -> bool:
        """Answer the pending rating (None = skip) and move on. False if none is pending."""
        self._guard()
        if self._state != "awaiting_rating" or self._pending is None:
            return False
        asked = self._pending
        self._check_value(asked.scale, value)
        self._pending = None
        self._unfreeze()
        self._state = "running"
        self._emit(RatingGiven(asked.phase, asked.scale, value, asked.index, asked.region))
        self._advance(self._now())
        self._drain()
        return True

    def record_rating(self, phase: Literal["before", "after"], scale_id: str,
                      value: int | None) -> None:
        """Tell the listeners about a before/after rating a front end asked itself.

        The engine does not ask these (they happen outside the timed session),
        but routing them through here keeps one event stream for the log.
        """
        self._guard()
        if phase not in ("before", "after"):
            raise ValueError(f"phase must be 'before' or 'after', not {phase!r}")
        self._check_value(scale_id, value)
        self._emit(RatingGiven(phase, scale_id, value))

    def _check_value(self, scale_id: str, value: int | None) -> None:
        try:
            scale = self.exercise.scale(scale_id)
        except KeyError:
            raise ValueError(f"no scale {scale_id!r} in {self.exercise.qualified_id}") from None
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"a rating is a whole number, not {value!r}")
        if not scale.min <= value <= scale.max:
            raise ValueError(f"{scale_id} is rated from {scale.min} to {scale.max}, not {value}")
