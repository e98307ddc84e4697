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

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from painpath.engine.clock import Clock, SystemClock
from painpath.engine.events import (
    Bell,
    BreathPhase,
    EntrySubmitted,
    Event,
    Finished,
    ItemMarked,
    Listener,
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
from painpath.format.models import Exercise, Step
from painpath.text import clean, valid_text

logger = logging.getLogger(__name__)

SessionState = Literal["ready", "running", "paused", "awaiting_rating", "finished", "stopped"]

ADD_MINUTE_SECONDS = 60.0
# Offsets that land on a step's end (within float noise) belong to the next step.
_EPS = 1e-9
# Something due within this much session time counts as due now: clock floats
# cannot always land exactly on a scheduled instant, and a UI that sleeps
# `next_due()` must never be told to sleep a sliver too small to move the clock.
_DUE_SLACK = 1e-6
_DONE = ("finished", "stopped")


@dataclass(frozen=True, slots=True)
class BreathState:
    """Where the breath pacer is, for drawing it.

    `fill` is 0..1 for a bar that grows on the inhale, stays full on the hold,
    shrinks on the exhale and stays empty on the rest.
    """

    phase: BreathPhase
    cycle: int  # 1-based; may pass `cycles` after add_minute()
    cycles: int
    phase_elapsed: float
    phase_seconds: float
    fill: float


class Session:
    """One run of one exercise. Drive it with `start()` and `tick()`.

    Not thread-safe: call it from one thread (the UI's), and let `next_due()`
    say how long that thread may sleep.
    """

    def __init__(self, exercise: Exercise, *, clock: Clock | None = None, speed: float = 1.0,
                 listeners: Iterable[Listener] = ()) -> None:
        if not exercise.steps:
            raise ValueError(f"exercise {exercise.qualified_id} has no steps")
        if not speed > 0:
            raise ValueError(f"speed must be greater than 0, not {speed}")
        self.exercise = exercise
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.speed = float(speed)
        self._listeners: list[Listener] = list(listeners)
        self._emitting = False
        self._state: SessionState = "ready"
        # Real-time bookkeeping (clock seconds).
        self._started = False
        self._start_real = 0.0
        self._uncounted_real = 0.0  # paused + answering ratings
        self._frozen_since: float | None = None  # real time session time stopped at
        # The current step (session seconds).
        self._index = 0
        self._step_start = 0.0
        self._extra = 0.0  # from add_minute()
        self._marked = 0
        self._next_phase = 0  # running count of breath phases emitted this step
        self._next_bell = 1  # k-th interval bell is next
        self._furthest = 0
        self._pending: RatingAsked | None = None

    # ----------------------------------------------------------- listeners
    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def _emit(self, event: Event) -> None:
        self._emitting = True
        try:
            for listener in list(self._listeners):
                try:
                    listener(event)
                except Exception:
                    logger.exception("a session listener failed on %s; the session goes on",
                                     type(event).__name__)
        finally:
            self._emitting = False

    def _guard(self) -> None:
        if self._emitting:
            raise RuntimeError("a listener may not drive the session from inside an event; "
                               "act after the event has been delivered")

    # ---------------------------------------------------------------- time
    def _now(self) -> float:
        """Session time: practised seconds since start, speed applied."""
        if not self._started:
            return 0.0
        real = self._frozen_since if self._frozen_since is not None else self.clock.now()
        return (real - self._start_real - self._uncounted_real) * self.speed

    def _real_of(self, t: float) -> float:
        return self._start_real + self._uncounted_real + t / self.speed

    def _freeze_at(self, t: float) -> None:
        """Stop session time at session time `t` (which may lie in the recent past)."""
        if self._frozen_since is None:
            self._frozen_since = self._real_of(t)

    def _unfreeze(self) -> None:
        if self._frozen_since is not None:
            self._uncounted_real += self.clock.now() - self._frozen_since
            self._frozen_since = None

    # ------------------------------------------------------------ schedule
    def _limit(self) -> float | None:
        limit = self.step.limit_seconds
        return None if limit is None else limit + self._extra

    def _end(self) -> float | None:
        limit = self._limit()
        return None if limit is None else self._step_start + limit

    def _phase_offset(self, k: int) -> tuple[float, BreathPhase, float, int] | None:
        """Offset, name, length and 1-based cycle of the k-th breath phase of this step."""
        breath = self.step.breath
        if breath is None:
            return None
        phases = breath.phases()
        if not phases or breath.cycle_seconds <= 0:
            return None
        cycle, j = divmod(k, len(phases))
        offset = cycle * breath.cycle_seconds + sum(secs for _, secs in phases[:j])
        name, secs = phases[j]
        return offset, name, secs, cycle + 1  # type: ignore[return-value]

    def _next_scheduled(self) -> tuple[float, str] | None:
        """The next thing due in this step, in session time: a bell, a phase or the end."""
        limit = self._limit()
        if limit is None:
            return None
        due: list[tuple[float, int, str]] = [(self._step_start + limit, 2, "end")]
        every = self.step.bells_every
        if every and every > 0 and self._next_bell * every < limit - _EPS:
            due.append((self._step_start + self._next_bell * every, 0, "bell"))
        phase = self._phase_offset(self._next_phase)
        if phase is not None and phase[0] < limit - _EPS:
            due.append((self._step_start + phase[0], 1, "phase"))
        at, _, what = min(due)
        return at, what

    def _drain(self) -> None:
        """Process, in order, everything due by the clock's now."""
        t = self._now()
        while self._state == "running":
            nxt = self._next_scheduled()
            if nxt is None or nxt[0] > t + _DUE_SLACK:
                return
            at, what = nxt
            if what == "bell":
                self._next_bell += 1
                self._emit(Bell(self._index, at))
            elif what == "phase":
                phase = self._phase_offset(self._next_phase)
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
        if self._state in _DONE:
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

    # -------------------------------------------------------------- queries
    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def index(self) -> int:
        return self._index

    @property
    def step(self) -> Step:
        return self.exercise.steps[self._index]

    @property
    def step_started_at(self) -> float:
        """Session time the current step (re)started at."""
        return self._step_start

    @property
    def planned_seconds(self) -> float:
        return float(sum(s.planned_seconds for s in self.exercise.steps))

    @property
    def elapsed(self) -> float:
        """Session time practised so far (pauses and rating answers excluded)."""
        return self._now()

    @property
    def step_elapsed(self) -> float:
        if self._state == "ready":
            return 0.0
        t = self._now() - self._step_start
        limit = self._limit()
        if limit is not None:
            t = min(t, limit)
        return max(0.0, t)

    @property
    def step_limit(self) -> float | None:
        """This step's length in session seconds including add_minute(); None if untimed."""
        return self._limit()

    @property
    def step_remaining(self) -> float | None:
        limit = self._limit()
        if limit is None:
            return None
        if self._state in _DONE or self._state == "awaiting_rating":
            return 0.0
        return max(0.0, limit - self.step_elapsed)

    @property
    def remaining(self) -> float:
        """Estimated session seconds left (untimed steps at their planned estimate)."""
        if self._state in _DONE:
            return 0.0
        if self._state == "ready":
            return self.planned_seconds
        later = sum(s.planned_seconds for s in self.exercise.steps[self._index + 1:])
        if self._state == "awaiting_rating":
            return float(later)
        limit = self._limit()
        planned = limit if limit is not None else self.step.planned_seconds
        return max(0.0, planned - self.step_elapsed) + later

    @property
    def progress(self) -> float:
        """0..1 through the session by time (1 when finished)."""
        if self._state == "finished":
            return 1.0
        done, left = self.elapsed, self.remaining
        return 0.0 if done + left <= 0 else min(1.0, done / (done + left))

    @property
    def marked(self) -> int:
        return self._marked

    @property
    def furthest_step(self) -> int:
        return self._furthest

    @property
    def pending_rating(self) -> RatingAsked | None:
        return self._pending

    @property
    def breath(self) -> BreathState | None:
        """The pacer's state now, computed from the clock (smooth between ticks)."""
        step = self.step
        breath = step.breath
        limit = self._limit()
        if (breath is None or limit is None or self._state not in ("running", "paused")
                or not breath.phases() or breath.cycle_seconds <= 0):
            return None
        t = min(self.step_elapsed, max(0.0, limit - _EPS))
        cycle, within = divmod(t, breath.cycle_seconds)
        phases = breath.phases()
        for j, (name, secs) in enumerate(phases):
            if within < secs or j == len(phases) - 1:  # the last absorbs float noise
                phase_elapsed = min(within, secs)
                part = phase_elapsed / secs
                fill = {"inhale": part, "hold": 1.0, "exhale": 1.0 - part, "rest": 0.0}[name]
                return BreathState(name, int(cycle) + 1, step.cycles or 0,  # type: ignore[arg-type]
                                   phase_elapsed, secs, fill)
            within -= secs
        return None  # pragma: no cover - the loop always returns

    def upcoming(self, within: float = 0.0) -> list[Event]:
        """The events the schedule will emit next if nobody acts, without emitting them.

        Everything due in the next `within` session seconds, and always the
        next due moment's events (however far off): the bells and phases of
        this step, and at its end the next step's start, bell and first breath
        phase (or `Finished`). A step that asks a rating at its end stops the
        look: what follows waits for the answer. Lets the sound be scheduled
        ahead, sample-exact, instead of after a tick that may come late.
        """
        if self._state not in ("running", "paused"):
            return []
        limit = self._limit()
        if limit is None:
            return []
        horizon = self._now() + within
        every = self.step.bells_every
        bell_k, phase_k = self._next_bell, self._next_phase
        found: list[Event] = []
        first: float | None = None
        while True:
            due: list[tuple[float, int]] = [(self._step_start + limit, 2)]
            if every and every > 0 and bell_k * every < limit - _EPS:
                due.append((self._step_start + bell_k * every, 0))
            phase = self._phase_offset(phase_k)
            if phase is not None and phase[0] < limit - _EPS:
                due.append((self._step_start + phase[0], 1))
            at, what = min(due)
            if first is None:
                first = at
            elif at > max(first, horizon) + _DUE_SLACK:
                return found
            if what == 0:
                bell_k += 1
                found.append(Bell(self._index, at))
            elif what == 1:
                assert phase is not None
                phase_k += 1
                found.append(PhaseChanged(self._index, phase[1], phase[3], phase[2], at))
            else:
                found.extend(self._after_end(at))
                return found

    def _after_end(self, at: float) -> list[Event]:
        """What the current step's end at `at` will emit, if no rating is asked there."""
        if self.step.rate:
            return []
        following = self._index + 1
        if following >= len(self.exercise.steps):
            return [Finished(at, self._furthest)]
        step = self.exercise.steps[following]
        found: list[Event] = [StepStarted(following, at)]
        if step.bell:
            found.append(Bell(following, at))
        breath = step.breath
        if breath is not None and breath.phases() and breath.cycle_seconds > 0:
            name, secs = breath.phases()[0]
            found.append(PhaseChanged(following, name, 1, secs, at))  # type: ignore[arg-type]
        return found

    def next_due(self) -> float | None:
        """Real seconds until the next scheduled event, or None if nothing is scheduled.

        A front end can sleep exactly this long (or until the person acts)
        instead of polling; 0 means "tick now".
        """
        if self._state != "running":
            return None
        nxt = self._next_scheduled()
        if nxt is None:
            return None
        ahead = nxt[0] - self._now()
        return 0.0 if ahead <= _DUE_SLACK else ahead / self.speed
