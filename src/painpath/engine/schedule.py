"""A step's schedule: when its bells, breath phases and end fall, and the pacer.

Pure functions of a step and the session's counters, so `Session` (which
emits what falls due), `Session.upcoming` (which looks ahead for the sound)
and the pacer a screen draws all read one schedule and cannot disagree.
Times are session seconds; `start` is when the step (re)started and `limit`
its length including added minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from painpath.engine.events import Bell, BreathPhase, Event, Finished, PhaseChanged, StepStarted
from painpath.format.models import Breath, Exercise, Step

# Offsets that land on a step's end (within float noise) belong to the next step.
EPS = 1e-9
# Something due within this much session time counts as due now: clock floats
# cannot always land exactly on a scheduled instant, and a UI that sleeps
# `next_due()` must never be told to sleep a sliver too small to move the clock.
DUE_SLACK = 1e-6

Due = Literal["bell", "phase", "end"]
# The k-th breath phase of a step: offset from the step's start, name, length, 1-based cycle.
PhaseAt = tuple[float, BreathPhase, float, int]


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


def phase_at(breath: Breath | None, k: int) -> PhaseAt | None:
    """The k-th (0-based, counting across cycles) breath phase of a step, if it breathes."""
    if breath is None:
        return None
    phases = breath.phases()
    if not phases or breath.cycle_seconds <= 0:
        return None
    cycle, j = divmod(k, len(phases))
    offset = cycle * breath.cycle_seconds + sum(secs for _, secs in phases[:j])
    name, secs = phases[j]
    return offset, name, secs, cycle + 1  # type: ignore[return-value]


def next_in_step(step: Step, start: float, limit: float, bell_k: int, phase_k: int
                 ) -> tuple[float, Due, PhaseAt | None]:
    """The next thing due in a timed step: the `bell_k`-th interval bell, the
    `phase_k`-th breath phase or the end, whichever comes first (a tie goes to
    the bell, then the phase, then the end). The phase comes with it."""
    due: list[tuple[float, int, Due]] = [(start + limit, 2, "end")]
    every = step.bells_every
    if every and every > 0 and bell_k * every < limit - EPS:
        due.append((start + bell_k * every, 0, "bell"))
    phase = phase_at(step.breath, phase_k)
    if phase is not None and phase[0] < limit - EPS:
        due.append((start + phase[0], 1, "phase"))
    at, _, what = min(due)
    return at, what, phase


def pacer(step: Step, elapsed: float, limit: float) -> BreathState | None:
    """The pacer `elapsed` seconds into a breath step of length `limit`."""
    breath = step.breath
    if breath is None or not breath.phases() or breath.cycle_seconds <= 0:
        return None
    t = min(elapsed, max(0.0, limit - EPS))
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


def after_end(exercise: Exercise, index: int, at: float, furthest: int) -> list[Event]:
    """What the end of step `index` at `at` emits when no rating is asked there:
    the next step's start, bell and first breath phase, or `Finished`."""
    if exercise.steps[index].rate:
        return []
    following = index + 1
    if following >= len(exercise.steps):
        return [Finished(at, furthest)]
    step = exercise.steps[following]
    found: list[Event] = [StepStarted(following, at)]
    if step.bell:
        found.append(Bell(following, at))
    first = phase_at(step.breath, 0)
    if first is not None:
        found.append(PhaseChanged(following, first[1], 1, first[2], at))
    return found


def forecast(step: Step, index: int, start: float, limit: float, bell_k: int, phase_k: int,
             horizon: float, at_end: Callable[[float], list[Event]]) -> list[Event]:
    """Everything due by `horizon`, and always the next due moment's events, from
    the step's counters on; at the step's end, `at_end(at)` and no further."""
    found: list[Event] = []
    first: float | None = None
    while True:
        at, what, phase = next_in_step(step, start, limit, bell_k, phase_k)
        if first is None:
            first = at
        elif at > max(first, horizon) + DUE_SLACK:
            return found
        if what == "bell":
            bell_k += 1
            found.append(Bell(index, at))
        elif what == "phase":
            assert phase is not None
            phase_k += 1
            found.append(PhaseChanged(index, phase[1], phase[3], phase[2], at))
        else:
            found.extend(at_end(at))
            return found
