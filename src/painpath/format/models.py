"""Typed, immutable models of the v1 format (see docs/format.md).

These are what the loader produces once a file has been checked; the rest of
painpath (engine, store, screens) works only with these, never with raw TOML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

FORMAT_VERSION = 1

KINDS = ("body-scan", "mbsr", "grounding", "breathing", "somatic", "movement", "other")

_SIDED = ("shoulder", "arm", "hand", "hip", "leg", "knee", "foot")
REGIONS: tuple[str, ...] = (
    "head", "face", "jaw", "neck", "shoulders", "chest", "upper-back", "abdomen",
    "lower-back", "pelvis", "hips", "arms", "hands", "legs", "knees", "feet", "whole-body",
    *(f"{side}-{part}" for side in ("left", "right") for part in _SIDED),
)

# Untimed count and entry steps have no end time; for lengths shown to people
# and plans, they are estimated at this many seconds (per item for count).
COUNT_ITEM_ESTIMATE_S = 10
ENTRY_ESTIMATE_S = 60

StepKind = Literal["timed", "breath", "count", "entry"]


@dataclass(frozen=True, slots=True)
class Scale:
    """A rating scale: a question and the words for both of its ends."""

    id: str
    question: str
    min: int = 0
    max: int = 10
    low: str = ""
    high: str = ""
    builtin: bool = False
    # A pack's `distress_like = true`: high numbers mean more distress, so a high
    # rating brings painpath's gentle offer to ground (painpath.care).
    distress_like: bool = False

    def describe_ends(self) -> str:
        return f"{self.min} = {self.low} … {self.max} = {self.high}"


BUILTIN_SCALES: dict[str, Scale] = {
    s.id: s
    for s in (
        Scale("pain", "How strong is your pain right now?", 0, 10,
              "no pain", "worst pain imaginable", True),
        Scale("tension", "How much muscle tension do you notice right now?", 0, 10,
              "fully relaxed", "as tense as can be", True),
        Scale("distress", "How much distress do you feel right now?", 0, 10,
              "completely calm", "the most distress imaginable", True),
        Scale("enjoyment",
              "Over the past week, how much did pain interfere with your enjoyment of life?",
              0, 10, "not at all", "completely", True),
        Scale("activity",
              "Over the past week, how much did pain interfere with your general activity?",
              0, 10, "not at all", "completely", True),
    )
}

PEG_QUESTIONS: dict[str, str] = {
    "pain": "What number best describes your pain on average over the past week?",
    "enjoyment": BUILTIN_SCALES["enjoyment"].question,
    "activity": BUILTIN_SCALES["activity"].question,
}


@dataclass(frozen=True, slots=True)
class Breath:
    """One breath cycle's phases, in seconds."""

    inhale: float
    hold: float
    exhale: float
    rest: float

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold + self.exhale + self.rest

    def phases(self) -> list[tuple[str, float]]:
        """The phases of one cycle, skipping those of zero length."""
        named = (("inhale", self.inhale), ("hold", self.hold),
                 ("exhale", self.exhale), ("rest", self.rest))
        return [(name, secs) for name, secs in named if secs > 0]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of an exercise; timed exactly one of four ways."""

    text: str
    title: str = ""
    duration: int | None = None
    breath: Breath | None = None
    cycles: int | None = None
    count: int | None = None
    entry: bool = False
    region: str | None = None
    rate: str | None = None
    bell: bool = True
    bells_every: int | None = None
    audio: str | None = None
    # Show the answer written in the nearest earlier writing step (a thought
    # record reads the kinder view back): `recall = true` in the file.
    recall: bool = False

    @property
    def kind(self) -> StepKind:
        if self.breath is not None:
            return "breath"
        if self.count is not None:
            return "count"
        if self.entry:
            return "entry"
        return "timed"

    @property
    def limit_seconds(self) -> float | None:
        """When the step ends by the clock, or None if it waits for the person."""
        if self.breath is not None and self.cycles:
            return self.breath.cycle_seconds * self.cycles
        return float(self.duration) if self.duration is not None else None

    @property
    def planned_seconds(self) -> float:
        """The step's length for display and plans (estimates untimed steps)."""
        limit = self.limit_seconds
        if limit is not None:
            return limit
        if self.count is not None:
            return float(self.count * COUNT_ITEM_ESTIMATE_S)
        return float(ENTRY_ESTIMATE_S)


@dataclass(frozen=True, slots=True)
class Exercise:
    """One guided practice, as loaded from its file."""

    id: str
    title: str
    kind: str
    steps: tuple[Step, ...]
    pack: str = "local"
    summary: str = ""
    description: str = ""
    content_note: str = ""
    tags: tuple[str, ...] = ()
    author: str = ""
    license: str = ""
    language: str = "en"
    ratings_before: tuple[str, ...] = ("pain", "tension")
    ratings_after: tuple[str, ...] = ("pain", "tension")
    source: str = ""
    content_hash: str = ""
    pack_version: str = ""
    scales: tuple[Scale, ...] = ()
    replaces: tuple[str, ...] = ()  # ids this practice had in earlier versions of its pack

    @property
    def qualified_id(self) -> str:
        return f"{self.pack}/{self.id}"

    @property
    def total_seconds(self) -> int:
        return round(sum(s.planned_seconds for s in self.steps))

    def scale(self, scale_id: str) -> Scale:
        """Look a scale up among the built-ins and this exercise's pack scales."""
        for s in self.scales:
            if s.id == scale_id:
                return s
        return BUILTIN_SCALES[scale_id]


@dataclass(frozen=True, slots=True)
class Assign:
    """One line of a plan: which exercise, which weeks and days, how often."""

    exercise: str
    weeks: frozenset[int]
    days: frozenset[int]  # 0 = Monday … 6 = Sunday
    times: int = 1


@dataclass(frozen=True, slots=True)
class Plan:
    """What a therapist assigns, week by week, from the day the person starts."""

    id: str
    title: str
    weeks: int
    assign: tuple[Assign, ...]
    pack: str = ""
    message: str = ""
    source: str = ""
    # (old PACK/EXERCISE, new PACK/EXERCISE) for the pack's renamed practices, so
    # sessions logged under an old id count for the practice that replaces it.
    renamed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Pack:
    """A folder (or zip) of exercises with a `pack.toml` and optional plans."""

    id: str
    title: str
    version: str
    author: str = ""
    contact: str = ""
    license: str = ""
    description: str = ""
    crisis: str = ""
    scales: tuple[Scale, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    plans: tuple[Plan, ...] = ()
    root: Path | None = None
    source: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def renamed(self) -> dict[str, str]:
        """Old `PACK/EXERCISE` → the practice that `replaces` it now."""
        return {f"{self.id}/{old}": ex.qualified_id for ex in self.exercises
                for old in ex.replaces}


def recalled_step(steps: tuple[Step, ...], index: int) -> int | None:
    """The writing step whose answer step `index` shows (`recall = true`): the nearest
    earlier step with `entry = true`, or None (not a recall step, or none before it)."""
    if not steps[index].recall:
        return None
    earlier = [i for i in range(index) if steps[i].entry]
    return earlier[-1] if earlier else None
