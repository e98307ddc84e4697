"""What the Progress screen and the home's trend show, read from the log away from the screen.

`load_progress` asks the store for sums that SQLite computes (quick on 100,000
sessions: `Store.stats`, `daily_series`, `practice_days`, `region_means`) and
returns plain numbers: daily means per scale and moment (before practice,
after practice, check-ins), the per-exercise before → after changes, the days
practised, the average tension per body region from body-scan ratings, and,
when a plan is active, each plan week's planned and done sessions. Ranges are
calendar days, each entry on the day it was recorded. No textual here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from painpath.format.models import Plan
from painpath.plans import WeekAdherence, completed_between, week_summary
from painpath.stats import ExerciseStats, Spread, follow_renames
from painpath.store import Store
from painpath.store.queries import DayMean

# The ranges a person can choose: (key, words, days; None is the whole log).
RANGES: tuple[tuple[str, str, int | None], ...] = (
    ("7", "7 days", 7), ("30", "30 days", 30), ("90", "90 days", 90), ("all", "All", None))
SERIES_PHASES = ("before", "after", "check-in")
CHART_SCALES = ("pain", "tension", "distress")

__all__ = ["RANGES", "DayMean", "PlanWeeks", "ProgressData", "RecentTrend", "WeekAverage",
           "load_progress", "load_recent_trend", "range_days"]


@dataclass(frozen=True)
class PlanWeeks:
    """The active plan's weeks so far: planned and done, as information."""

    title: str
    weeks: tuple[WeekAdherence, ...]
    start: date


@dataclass(frozen=True)
class ProgressData:
    """Everything Progress shows for the days `first`..`last` (both included)."""

    first: date
    last: date
    series: dict[tuple[str, str], tuple[DayMean, ...]] = field(default_factory=dict)
    exercises: tuple[ExerciseStats, ...] = ()
    practice_days: dict[date, int] = field(default_factory=dict)
    regions: dict[str, Spread] = field(default_factory=dict)
    sessions: int = 0
    check_ins: int = 0
    minutes: float = 0.0
    plan: PlanWeeks | None = None
    left_out: bool = False  # values that cannot be right were left out (`store.sanity`)

    @property
    def empty(self) -> bool:
        return self.sessions == 0 and self.check_ins == 0

    def scales_with_data(self) -> list[str]:
        """Scales with at least one value in range: pain, tension, distress, then a
        pack's own scales (`sleep`, say) in alphabetical order."""
        rated = {scale for scale, phase in self.series if phase in SERIES_PHASES}
        return [*(s for s in CHART_SCALES if s in rated),
                *sorted(rated.difference(CHART_SCALES))]


def range_days(key: str) -> int | None:
    """How many days a range key covers (None: the whole log)."""
    for ident, _, days in RANGES:
        if ident == key:
            return days
    raise ValueError(f"unknown range {key!r}")


def first_day(store: Store, today: date, days: int | None) -> date:
    """The first day of the range: `days` back from today, or the log's first entry."""
    if days is not None:
        return today - timedelta(days=days - 1)
    oldest = store.entries(limit=1, oldest_first=True)
    return min(oldest[0].started.date(), today) if oldest else today


def plan_weeks(store: Store, plan: Plan, start: date, today: date) -> PlanWeeks:
    """Planned and done sessions for each plan week up to the one holding today."""
    if today < start:
        return PlanWeeks(title=plan.title, weeks=(), start=start)
    last = min(today, start + timedelta(days=7 * plan.weeks - 1))
    done = completed_between(store, start, last)
    return PlanWeeks(title=plan.title, weeks=tuple(week_summary(plan, start, done, until=today)),
                     start=start)


def load_progress(store: Store, today: date, days: int | None, *,
                  plan: tuple[Plan, date] | None = None,
                  renamed: Mapping[str, str] | None = None) -> ProgressData:
    """Read one range of the log and sum it up (blocking: run it on a worker thread).

    `renamed` (earlier id -> the practice that `replaces` it, `Library.renamed`) counts
    a renamed practice's sessions as one, as `painpath stats` and reports do."""
    first = first_day(store, today, days)
    stats = follow_renames(store.stats(first=first, last=today), renamed or {})
    return ProgressData(
        first=first, last=today,
        series=store.daily_series(first, today, phases=SERIES_PHASES),
        exercises=stats.exercises, practice_days=store.practice_days(first, today),
        regions=store.region_means(first, today, scale="tension", phase="during"),
        sessions=stats.sessions, check_ins=stats.check_ins, minutes=stats.minutes,
        plan=plan_weeks(store, plan[0], plan[1], today) if plan is not None else None,
        left_out=bool(stats.left_out))


# --- the home's small trend ----------------------------------------------------------

TREND_DAYS = 14
TREND_PHASES = ("before", "check-in")


@dataclass(frozen=True, slots=True)
class WeekAverage:
    """The mean of a week's ratings and how many ratings it rests on."""

    mean: float
    n: int


@dataclass(frozen=True)
class RecentTrend:
    """One scale over the last `TREND_DAYS` days, and this week beside the week before."""

    scale: str
    days: tuple[tuple[date, float | None], ...]  # oldest first; None: no rating that day
    this_week: WeekAverage | None
    week_before: WeekAverage | None


def _average(cells: list[tuple[float, int]]) -> WeekAverage | None:
    n = sum(count for _, count in cells)
    return WeekAverage(sum(total for total, _ in cells) / n, n) if n else None


def recent_trend(series: dict[tuple[str, str], tuple[DayMean, ...]], today: date,
                 scale: str = "pain") -> RecentTrend:
    """How `scale` was rated lately, from daily means of check-ins and before practice.

    Ratings after practice are left out (they show the practice, not the day),
    and so are PEG check-ins (they ask about the past week; the store leaves
    them out of daily series).
    """
    first = today - timedelta(days=TREND_DAYS - 1)
    by_day: dict[date, list[tuple[float, int]]] = {}
    for phase in TREND_PHASES:
        for point in series.get((scale, phase), ()):
            if first <= point.day <= today:
                by_day.setdefault(point.day, []).append((point.mean * point.n, point.n))
    days = []
    for offset in range(TREND_DAYS):
        day = first + timedelta(days=offset)
        average = _average(by_day.get(day, []))
        days.append((day, average.mean if average is not None else None))
    split = today - timedelta(days=6)
    this = [cell for day, cells in by_day.items() if day >= split for cell in cells]
    before = [cell for day, cells in by_day.items() if day < split for cell in cells]
    return RecentTrend(scale, tuple(days), _average(this), _average(before))


def load_recent_trend(store: Store, today: date, scale: str = "pain") -> RecentTrend:
    """The last two weeks of `scale`, summed by the store (blocking)."""
    first = today - timedelta(days=TREND_DAYS - 1)
    series = store.daily_series(first, today, phases=TREND_PHASES, scales=(scale,))
    return recent_trend(series, today, scale)
