"""What a running session tells the world, through one interface.

The engine emits these to every listener (the screen, the plain-mode printer,
the log recorder). They are plain frozen dataclasses so listeners can match on
them and the log can store them without knowing about the engine's insides.
`at` is seconds of session time (pauses excluded, speed applied), so a
recorded session reads the same at any `--speed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

RatingPhase = Literal["before", "during", "after", "check-in"]
BreathPhase = Literal["inhale", "hold", "exhale", "rest"]


@dataclass(frozen=True, slots=True)
class SessionStarted:
    exercise_id: str  # PACK/EXERCISE
    planned_seconds: float


@dataclass(frozen=True, slots=True)
class StepStarted:
    index: int  # 0-based
    at: float


@dataclass(frozen=True, slots=True)
class PhaseChanged:
    index: int
    phase: BreathPhase
    cycle: int  # 1-based
    seconds: float  # length of this phase
    at: float


@dataclass(frozen=True, slots=True)
class Bell:
    index: int
    at: float


@dataclass(frozen=True, slots=True)
class ItemMarked:
    index: int
    marked: int
    count: int
    at: float


@dataclass(frozen=True, slots=True)
class EntrySubmitted:
    index: int
    text: str | None  # None when skipped
    at: float


@dataclass(frozen=True, slots=True)
class RatingAsked:
    phase: RatingPhase
    scale: str
    index: int | None = None  # step index for "during"
    region: str | None = None


@dataclass(frozen=True, slots=True)
class RatingGiven:
    phase: RatingPhase
    scale: str
    value: int | None  # None when skipped
    index: int | None = None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class StepExtended:
    """One more minute: the current step now lasts `limit` session seconds."""

    index: int
    limit: float
    at: float


@dataclass(frozen=True, slots=True)
class Paused:
    at: float


@dataclass(frozen=True, slots=True)
class Resumed:
    at: float


@dataclass(frozen=True, slots=True)
class Finished:
    practiced_seconds: float
    furthest_step: int


@dataclass(frozen=True, slots=True)
class Stopped:
    practiced_seconds: float
    furthest_step: int
    grounded: bool = False  # left through "ground me now"


Event = (SessionStarted | StepStarted | PhaseChanged | Bell | ItemMarked | EntrySubmitted
         | RatingAsked | RatingGiven | StepExtended | Paused | Resumed | Finished | Stopped)


class Listener(Protocol):
    """Anything that wants to hear about a session: the UI, plain mode, the log."""

    def __call__(self, event: Event) -> None: ...
