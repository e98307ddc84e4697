"""What the log holds, as plain immutable values the screens and reports read.

An `Entry` is one session or one check-in with its ratings and written answers.
The store builds these from its rows and the recorder from engine events; the
exchange module turns them into the JSON people export (`log --json`), so every
field here appears in an export and survives an import unchanged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime

ENTRY_TYPES: tuple[str, ...] = ("session", "check-in")
STATUSES: tuple[str, ...] = ("completed", "stopped", "interrupted", "in-progress")
PHASES: tuple[str, ...] = ("before", "during", "after", "check-in")
PEG_SCALES: tuple[str, ...] = ("pain", "enjoyment", "activity")


def new_id() -> str:
    """A fresh record id: a random (version 4) UUID as lowercase text."""
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Rating:
    """One number a person gave on one scale, at one moment of an entry."""

    scale: str
    value: int
    phase: str
    region: str | None = None
    step: int | None = None  # 0-based step index, for ratings during a session
    at: datetime | None = None
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class Answer:
    """A written answer to an entry step (a thought record, say): the person's own words."""

    step: int
    text: str
    at: datetime | None = None
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class Entry:
    """One session or check-in, with everything recorded for it."""

    type: str
    started: datetime
    status: str
    id: str = field(default_factory=new_id)
    exercise: str | None = None  # PACK/EXERCISE; None for a check-in
    ended: datetime | None = None
    planned_s: float | None = None
    practiced_s: float | None = None
    furthest_step: int | None = None
    note: str | None = None
    content_hash: str | None = None
    pack_version: str | None = None
    peg: bool = False  # a PEG check-in (pain over the past week, enjoyment, activity)
    updated: datetime | None = None
    ratings: tuple[Rating, ...] = ()
    answers: tuple[Answer, ...] = ()

    def rating(self, phase: str, scale: str) -> int | None:
        """The last value given on `scale` in `phase` (one per scale is usual), or None."""
        found = None
        for r in self.ratings:
            if r.phase == phase and r.scale == scale:
                found = r.value
        return found

    def before_after(self) -> dict[str, tuple[int, int]]:
        """Each scale rated both before and after: (last value before, last value after).

        In the order the before ratings were first given. What a session's change
        on a scale rests on, for `painpath stats` and the store's `session_changes`.
        """
        before: dict[str, int] = {}
        after: dict[str, int] = {}
        for r in self.ratings:
            if r.phase == "before":
                before[r.scale] = r.value
            elif r.phase == "after":
                after[r.scale] = r.value
        return {scale: (value, after[scale]) for scale, value in before.items()
                if scale in after}

    def scales(self, phase: str | None = None) -> list[str]:
        """Scale ids rated in this entry (optionally in one phase), in first-given order."""
        seen: dict[str, None] = {}
        for r in self.ratings:
            if phase is None or r.phase == phase:
                seen.setdefault(r.scale)
        return list(seen)

    @property
    def peg_score(self) -> float | None:
        """The PEG score (mean of its three items) for a PEG check-in, else None."""
        if not self.peg:
            return None
        values = [self.rating("check-in", s) for s in PEG_SCALES]
        if any(v is None for v in values):
            return None
        return sum(v for v in values if v is not None) / len(PEG_SCALES)

    def evolve(self, **changes: object) -> Entry:
        """A copy with some fields changed (entries are immutable)."""
        return replace(self, **changes)  # type: ignore[arg-type]
