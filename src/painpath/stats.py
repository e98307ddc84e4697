"""Practice and ratings in numbers: pure computation over log entries.

Shared by `painpath stats` and the app's Progress screen, so both tell the same
story. Nothing here reads the database or judges: a change is reported as
after minus before (a negative pain change means less pain), with how many
sessions it rests on and how much it varied, so a few sessions are not
mistaken for a trend.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from painpath.format.models import BUILTIN_SCALES
from painpath.store.records import PEG_SCALES, Entry
from painpath.store.times import to_iso

_ORDER = {scale: i for i, scale in enumerate(BUILTIN_SCALES)}


def scale_order(scale: str) -> tuple[int, str]:
    """Built-in scales first in their usual order, then the others by name."""
    return (_ORDER.get(scale, len(_ORDER)), scale)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True, slots=True)
class Spread:
    """A handful of numbers summed up: how many, their mean, and how they varied."""

    n: int
    mean: float
    sd: float | None  # sample standard deviation; None for a single number
    min: float
    max: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(n=len(values), mean=statistics.fmean(values),
                   sd=statistics.stdev(values) if len(values) > 1 else None,
                   min=min(values), max=max(values))

    @classmethod
    def from_sums(cls, n: int, total: int, squares: int, low: float, high: float) -> Spread:
        """The same numbers from whole-number sums, as SQLite returns them (n >= 1).

        `total` and `squares` are exact integers, so the mean is as `of` gives it and
        the standard deviation the square root of the exact sample variance.
        """
        sd = math.sqrt((n * squares - total * total) / (n * (n - 1))) if n > 1 else None
        return cls(n=n, mean=total / n, sd=sd, min=low, max=high)

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "mean": _r(self.mean), "sd": _r(self.sd),
                "min": self.min, "max": self.max}


@dataclass(frozen=True, slots=True)
class ScaleChange:
    """Before → after on one scale, over the sessions that have both numbers."""

    scale: str
    before: float  # mean before
    after: float  # mean after
    change: Spread  # of (after - before), one per session

    @property
    def sessions(self) -> int:
        return self.change.n

    def to_dict(self) -> dict[str, Any]:
        return {"scale": self.scale, "sessions": self.sessions, "before": _r(self.before),
                "after": _r(self.after), "change": self.change.to_dict()}


@dataclass(frozen=True, slots=True)
class ExerciseStats:
    """One exercise: how often, how long, and the before → after changes."""

    exercise: str
    sessions: int
    completed: int
    minutes: float
    changes: tuple[ScaleChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "sessions": self.sessions,
                "completed": self.completed, "minutes": _r(self.minutes),
                "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class WeekMean:
    """The mean of one scale over the check-ins of one week (weeks start on Monday)."""

    week: date
    scale: str
    n: int
    mean: float

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week.isoformat(), "scale": self.scale, "check_ins": self.n,
                "mean": _r(self.mean)}


@dataclass(frozen=True, slots=True)
class PegPoint:
    """One PEG check-in: its score (the mean of its three items) and the items."""

    at: datetime
    score: float
    items: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"at": to_iso(self.at), "score": _r(self.score), **dict(self.items)}


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything `painpath stats` shows, for one range of the log."""

    sessions: int
    completed: int
    minutes: float
    check_ins: int
    changes: tuple[ScaleChange, ...]
    exercises: tuple[ExerciseStats, ...]
    weekly: tuple[WeekMean, ...]
    peg: tuple[PegPoint, ...]
    # Values of the log left out as unbelievable, by kind (`painpath.store.sanity`).
    left_out: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {"sessions": self.sessions, "completed": self.completed,
               "minutes": _r(self.minutes), "check_ins": self.check_ins,
               "changes": [c.to_dict() for c in self.changes],
               "exercises": [e.to_dict() for e in self.exercises],
               "check_in_weeks": [w.to_dict() for w in self.weekly],
               "peg": [p.to_dict() for p in self.peg]}
        if self.left_out:
            out["left_out"] = dict(self.left_out)
        return out


def changes(sessions: Iterable[Entry]) -> tuple[ScaleChange, ...]:
    """Mean before → after change per scale, over sessions with both numbers."""
    by_scale: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for entry in sessions:
        for scale, pair in entry.before_after().items():
            by_scale[scale].append(pair)
    out = []
    for scale in sorted(by_scale, key=scale_order):
        pairs = by_scale[scale]
        out.append(ScaleChange(
            scale=scale, before=statistics.fmean(b for b, _ in pairs),
            after=statistics.fmean(a for _, a in pairs),
            change=Spread.of([float(a - b) for b, a in pairs])))
    return tuple(out)


def week_of(moment: datetime) -> date:
    """The Monday of the week a time falls in, on the clock it was recorded with."""
    day = moment.date()
    return day - timedelta(days=day.weekday())


def weekly_means(check_ins: Iterable[Entry]) -> tuple[WeekMean, ...]:
    """Weekly means per scale of ordinary check-ins (PEG check-ins are reported apart)."""
    values: dict[tuple[date, str], list[int]] = defaultdict(list)
    for entry in check_ins:
        for rating in entry.ratings:
            values[(week_of(entry.started), rating.scale)].append(rating.value)
    keys = sorted(values, key=lambda k: (k[0], scale_order(k[1])))
    return tuple(WeekMean(week=w, scale=s, n=len(values[(w, s)]),
                          mean=statistics.fmean(values[(w, s)])) for w, s in keys)


def peg_points(entries: Iterable[Entry]) -> tuple[PegPoint, ...]:
    """PEG scores over time, oldest first."""
    points = []
    for entry in entries:
        score = entry.peg_score
        if score is not None:
            items = tuple((s, v) for s in PEG_SCALES
                          if (v := entry.rating("check-in", s)) is not None)
            points.append(PegPoint(at=entry.started, score=score, items=items))
    return tuple(sorted(points, key=lambda p: p.at))


PEG_EVERY = timedelta(days=7)


def peg_due(last: Entry | None, now: datetime, every: timedelta = PEG_EVERY) -> bool:
    """Whether the home may offer a PEG check-in: none yet, or the last a week or more ago.

    An offer only; the person can always decline, and nothing reminds them twice.
    """
    return last is None or now - last.started >= every


def compute(entries: Iterable[Entry]) -> Stats:
    """Sum up a range of the log (any order; in-progress sessions count as practice)."""
    all_entries = list(entries)
    sessions = [e for e in all_entries if e.type == "session"]
    check_ins = [e for e in all_entries if e.type == "check-in"]
    by_exercise: dict[str, list[Entry]] = defaultdict(list)
    for entry in sessions:
        by_exercise[entry.exercise or "?"].append(entry)

    def minutes(group: list[Entry]) -> float:
        return sum(e.practiced_s or 0.0 for e in group) / 60

    exercises = tuple(
        ExerciseStats(exercise=name, sessions=len(group),
                      completed=sum(e.status == "completed" for e in group),
                      minutes=minutes(group), changes=changes(group))
        for name, group in sorted(by_exercise.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    return Stats(
        sessions=len(sessions), completed=sum(e.status == "completed" for e in sessions),
        minutes=minutes(sessions), check_ins=len(check_ins), changes=changes(sessions),
        exercises=exercises, weekly=weekly_means(e for e in check_ins if not e.peg),
        peg=peg_points(check_ins))


def _merge_spreads(a: Spread, b: Spread) -> Spread:
    """Two groups' numbers summed up as one: the pooled mean and sample deviation."""
    n = a.n + b.n
    mean = (a.n * a.mean + b.n * b.mean) / n
    squares = sum((g.n - 1) * (g.sd or 0.0) ** 2 + g.n * (g.mean - mean) ** 2 for g in (a, b))
    return Spread(n=n, mean=mean, sd=math.sqrt(squares / (n - 1)) if n > 1 else None,
                  min=min(a.min, b.min), max=max(a.max, b.max))


def _merge_changes(a: tuple[ScaleChange, ...], b: tuple[ScaleChange, ...]
                   ) -> tuple[ScaleChange, ...]:
    by_scale = {c.scale: c for c in a}
    for c in b:
        if c.scale not in by_scale:
            by_scale[c.scale] = c
            continue
        d, n = by_scale[c.scale], c.sessions + by_scale[c.scale].sessions
        by_scale[c.scale] = ScaleChange(
            c.scale, (d.before * d.sessions + c.before * c.sessions) / n,
            (d.after * d.sessions + c.after * c.sessions) / n, _merge_spreads(d.change, c.change))
    return tuple(by_scale[s] for s in sorted(by_scale, key=scale_order))


def follow_renames(stats: Stats, renamed: Mapping[str, str]) -> Stats:
    """Sessions under a practice's earlier id counted with the practice that `replaces` it.

    The log keeps each session's own id; this only joins the rows of one
    practice that a pack renamed, so its history reads as one.
    """
    if not any(e.exercise in renamed for e in stats.exercises):
        return stats
    merged: dict[str, ExerciseStats] = {}
    for e in stats.exercises:
        name = renamed.get(e.exercise, e.exercise)
        if name not in merged:
            merged[name] = replace(e, exercise=name)
            continue
        m = merged[name]
        merged[name] = ExerciseStats(name, m.sessions + e.sessions, m.completed + e.completed,
                                     m.minutes + e.minutes, _merge_changes(m.changes, e.changes))
    rows = sorted(merged.values(), key=lambda e: (-e.sessions, e.exercise))
    return replace(stats, exercises=tuple(rows))
