"""The machinery under `Session`: its state, listeners, clock and what it reports.

`SessionCore` holds a session's counters and answers every question a front
end asks of it (where it is, how long is left, the pacer, what is coming);
`painpath.engine.session.Session` adds the operations that change it. Split so
each can be read whole; nothing but `Session` derives from it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Literal

from painpath.engine.clock import Clock, SystemClock
from painpath.engine.events import Event, Listener, RatingAsked
from painpath.engine.schedule import (
    DUE_SLACK,
    BreathState,
    Due,
    PhaseAt,
    after_end,
    forecast,
    next_in_step,
    pacer,
)
from painpath.format.models import Exercise, Step

logger = logging.getLogger(__name__)

SessionState = Literal["ready", "running", "paused", "awaiting_rating", "finished", "stopped"]
DONE = ("finished", "stopped")


class SessionCore:
    """A session's state and its queries; see `Session` for how to drive one."""

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

    def _next_scheduled(self) -> tuple[float, Due, PhaseAt | None] | None:
        """The next thing due in this step, in session time: a bell, a phase or the end."""
        limit = self._limit()
        if limit is None:
            return None
        return next_in_step(self.step, self._step_start, limit, self._next_bell,
                            self._next_phase)

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
        if self._state in DONE or self._state == "awaiting_rating":
            return 0.0
        return max(0.0, limit - self.step_elapsed)

    @property
    def remaining(self) -> float:
        """Estimated session seconds left (untimed steps at their planned estimate)."""
        if self._state in DONE:
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
        limit = self._limit()
        if limit is None or self._state not in ("running", "paused"):
            return None
        return pacer(self.step, self.step_elapsed, limit)

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
        return forecast(self.step, self._index, self._step_start, limit, self._next_bell,
                        self._next_phase, self._now() + within,
                        lambda at: after_end(self.exercise, self._index, at, self._furthest))

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
        return 0.0 if ahead <= DUE_SLACK else ahead / self.speed
