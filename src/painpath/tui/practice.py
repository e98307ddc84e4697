"""One practice in the app: the engine session plus what the app asks around it.

The screens share this object instead of passing ratings from screen to
screen: before-ratings, the running `Session`, after-ratings, the note, and
whether its outcome has been handed to the app's hook (exactly once). Free of
textual, so the flow's bookkeeping is testable without a screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from painpath.engine import Clock, Listener, Session
from painpath.format.models import Exercise
from painpath.tui.outcome import OutcomeCollector, SessionOutcome


class Practice:
    """An exercise being practised, from its before-ratings to its outcome."""

    def __init__(self, exercise: Exercise, *, clock: Clock | None, speed: float,
                 listeners: Iterable[Listener] = (), grounding: bool = False) -> None:
        self.exercise = exercise
        self.grounding = grounding  # the "ground me now" practice itself
        self.speed = speed
        self.collector = OutcomeCollector()
        self.session = Session(exercise, clock=clock, speed=speed,
                               listeners=[*listeners, self.collector])
        self.before: dict[str, int | None] = {}
        self.after: dict[str, int | None] = {}
        self.note: str | None = None
        self.delivered = False
        # Words typed in an entry step's box and not yet kept with Enter: kept as
        # the answer if the practice is stopped or the app closes (never lost).
        self.draft = ""
        self.live: Any = None  # the LiveSound playing this session, when sound is on

    @property
    def over(self) -> bool:
        return self.session.state in ("finished", "stopped")

    def record(self, phase: str, ratings: dict[str, int | None]) -> None:
        """Keep before/after ratings and tell the session's listeners (the log)."""
        target = self.before if phase == "before" else self.after
        for scale_id, value in ratings.items():
            target[scale_id] = value
            self.session.record_rating(phase, scale_id, value)  # type: ignore[arg-type]

    def stop(self, *, grounded: bool = False) -> None:
        """End the session if it is still going; never fails."""
        if not self.over:
            if self.draft.strip():
                self.session.keep_entry(self.draft)
            self.draft = ""
            self.session.stop(grounded=grounded)

    def outcome(self) -> SessionOutcome:
        return self.collector.outcome(self.exercise, before=self.before, after=self.after,
                                      note=self.note, speed=self.speed)
