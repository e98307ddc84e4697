"""What one practice came to, handed to the app's `on_session_end` hook.

The log records a session event by event through `session_listeners`; this is
the one small summary the app hands over when a session's whole flow is over
(after-ratings and note included), so wiring the store is one line. Nothing
here imports textual: the lead and plain mode can use it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from painpath.engine.events import EntrySubmitted, Event, Finished, RatingGiven, Stopped
from painpath.format.models import Exercise

Status = Literal["finished", "stopped", "grounded"]


@dataclass(frozen=True, slots=True)
class DuringRating:
    """A quick rating asked at the end of a step (`rate = ...`)."""

    index: int
    scale: str
    value: int | None  # None when skipped
    region: str | None = None


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """One practice, start to end, as the person lived it."""

    exercise: Exercise
    status: Status
    practiced_seconds: float
    furthest_step: int
    before: dict[str, int | None] = field(default_factory=dict)  # scale id → value (None: skipped)
    during: tuple[DuringRating, ...] = ()
    after: dict[str, int | None] = field(default_factory=dict)
    entries: tuple[tuple[int, str], ...] = ()  # (step index, answer); skipped ones left out
    note: str | None = None
    speed: float = 1.0


class OutcomeCollector:
    """A session listener that gathers what a `SessionOutcome` needs.

    It only listens; the app reads it once the session is over, adds the
    before/after ratings and note it asked itself, and builds the outcome.
    """

    def __init__(self) -> None:
        self.during: list[DuringRating] = []
        self.entries: list[tuple[int, str]] = []
        self.status: Status | None = None
        self.practiced_seconds = 0.0
        self.furthest_step = 0

    def __call__(self, event: Event) -> None:
        if isinstance(event, RatingGiven) and event.phase == "during" and event.index is not None:
            self.during.append(DuringRating(event.index, event.scale, event.value, event.region))
        elif isinstance(event, EntrySubmitted) and event.text is not None:
            self.entries.append((event.index, event.text))
        elif isinstance(event, Finished):
            self.status = "finished"
            self.practiced_seconds = event.practiced_seconds
            self.furthest_step = event.furthest_step
        elif isinstance(event, Stopped):
            self.status = "grounded" if event.grounded else "stopped"
            self.practiced_seconds = event.practiced_seconds
            self.furthest_step = event.furthest_step

    def outcome(self, exercise: Exercise, *, before: dict[str, int | None],
                after: dict[str, int | None], note: str | None,
                speed: float) -> SessionOutcome:
        return SessionOutcome(
            exercise=exercise, status=self.status or "stopped",
            practiced_seconds=self.practiced_seconds, furthest_step=self.furthest_step,
            before=dict(before), during=tuple(self.during), after=dict(after),
            entries=tuple(self.entries), note=note, speed=speed)
