"""What the Progress screen shows, for one range of days, computed away from the screen.

`load_progress` reads the log through the store (on a worker thread) and
returns plain numbers: daily means per scale and moment (before practice,
after practice, check-ins), the per-exercise before → after changes from
`painpath.stats`, the days practised, the average tension per body region
from body-scan ratings, and, when a plan is active, each plan week's planned
and done sessions. No textual here: the numbers are tested on their own.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from painpath.format.models import Plan
from painpath.plans import WeekAdherence, completed_between, week_summary
from painpath.stats import ExerciseStats, Spread, compute
from painpath.store import Entry, Store
from painpath.store.times import local_midnight

# The ranges a person can choose: (key, words, days; None is the whole log).
RANGES: tuple[tuple[str, str, int | None], ...] = (
    ("7", "7 days", 7), ("30", "30 days", 30), ("90", "90 days", 90), ("all", "All", None))
SERIES_PHASES = ("before", "after", "check-in")
CHART_SCALES = ("pain", "tension", "distress")


@dataclass(frozen=True, slots=True)
class DayMean:
    """The mean of one scale at one moment (before, after, check-in) on one day."""

    day: date
    mean: float
    n: int


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

    @property
    def empty(self) -> bool:
        return self.sessions == 0 and self.check_ins == 0

    def scales_with_data(self) -> list[str]:
        """Chart scales that have at least one value in range, in the usual order."""
        return [s for s in CHART_SCALES if any(self.series.get((s, p)) for p in SERIES_PHASES)]


def range_days(key: str) -> int | None:
    for ident, _, days in RANGES:
        if ident == key:
            return days
    raise ValueError(f"unknown range {key!r}")


def daily_series(entries: Iterable[Entry]) -> dict[tuple[str, str], tuple[DayMean, ...]]:
    """Daily means per (scale, phase): before/after from sessions, check-ins apart.

    PEG check-ins ask about the past week, not the moment, so they are left
    out of the daily lines (Progress reports them on their own).
    """
    values: dict[tuple[str, str], dict[date, list[int]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        if entry.peg:
            continue
        day = entry.started.date()
        for rating in entry.ratings:
            if rating.phase in SERIES_PHASES:
                values[(rating.scale, rating.phase)][day].append(rating.value)
    return {key: tuple(DayMean(day, statistics.fmean(v), len(v)) for day, v in sorted(days.items()))
            for key, days in values.items()}


def region_tension(entries: Iterable[Entry]) -> dict[str, Spread]:
    """Average tension per body region, from ratings given during a session's steps."""
    values: dict[str, list[float]] = defaultdict(list)
    for entry in entries:
        for rating in entry.ratings:
            if rating.phase == "during" and rating.scale == "tension" and rating.region:
                values[rating.region].append(float(rating.value))
    return {region: Spread.of(v) for region, v in values.items()}


def practice_days(entries: Iterable[Entry]) -> dict[date, int]:
    """Sessions begun per day, whatever became of them: practising is practising."""
    days: dict[date, int] = defaultdict(int)
    for entry in entries:
        if entry.type == "session":
            days[entry.started.date()] += 1
    return dict(days)


def from_entries(entries: list[Entry], first: date, last: date,
                 plan: PlanWeeks | None = None) -> ProgressData:
    """The numbers for entries already read (any order), on the days first..last."""
    inside = [e for e in entries if first <= e.started.date() <= last]
    stats = compute(inside)
    return ProgressData(
        first=first, last=last, series=daily_series(inside), exercises=stats.exercises,
        practice_days=practice_days(inside), regions=region_tension(inside),
        sessions=stats.sessions, check_ins=stats.check_ins, minutes=stats.minutes, plan=plan)


def first_day(store: Store, today: date, days: int | None) -> date:
    """The first day of the range: `days` back from today, or the log's first entry."""
    if days is not None:
        return today - timedelta(days=days - 1)
    oldest = store.entries(limit=1, oldest_first=True)
    return min(oldest[0].started.date(), today) if oldest else today


def plan_weeks(store: Store, plan: Plan, start: date, today: date) -> PlanWeeks:
    """Planned and done sessions for each plan week up to the one holding today."""
    last = min(today, start + timedelta(days=7 * plan.weeks - 1))
    done = completed_between(store, start, last) if last >= start else {}
    weeks = week_summary(plan, start, done, until=today) if today >= start else []
    return PlanWeeks(title=plan.title, weeks=tuple(weeks), start=start)


def load_progress(store: Store, today: date, days: int | None, *,
                  plan: tuple[Plan, date] | None = None) -> ProgressData:
    """Read one range of the log and sum it up (blocking: run it on a worker thread)."""
    first = first_day(store, today, days)
    # A day wider on both sides: entries keep the clock offset they were made with.
    since = local_midnight(first - timedelta(days=1))
    until = local_midnight(today + timedelta(days=2))
    entries = store.entries(since, until)
    weeks = plan_weeks(store, plan[0], plan[1], today) if plan is not None else None
    return from_entries(entries, first, today, weeks)


# --- the home's small trend ----------------------------------------------------------

TREND_DAYS = 14


@dataclass(frozen=True)
class RecentTrend:
    """One scale over the last `TREND_DAYS` days, and this week beside the week before."""

    scale: str
    days: tuple[tuple[date, float | None], ...]  # oldest first; None: no rating that day
    this_week: Spread | None
    week_before: Spread | None


def recent_trend(entries: Iterable[Entry], today: date, scale: str = "pain") -> RecentTrend:
    """How `scale` was rated lately: check-ins and ratings given before practice.

    Ratings after practice are left out (they show the practice, not the day),
    and so are PEG check-ins (they ask about the past week).
    """
    first = today - timedelta(days=TREND_DAYS - 1)
    by_day: dict[date, list[float]] = defaultdict(list)
    for entry in entries:
        day = entry.started.date()
        if entry.peg or not first <= day <= today:
            continue
        for rating in entry.ratings:
            if rating.scale == scale and rating.phase in ("before", "check-in"):
                by_day[day].append(float(rating.value))
    days = tuple((first + timedelta(days=n),
                  statistics.fmean(by_day[first + timedelta(days=n)])
                  if by_day.get(first + timedelta(days=n)) else None)
                 for n in range(TREND_DAYS))
    split = today - timedelta(days=6)
    this = [v for day, values in by_day.items() if day >= split for v in values]
    before = [v for day, values in by_day.items() if day < split for v in values]
    return RecentTrend(scale, days, Spread.of(this) if this else None,
                       Spread.of(before) if before else None)


def load_recent_trend(store: Store, today: date, scale: str = "pain") -> RecentTrend:
    """Read the last two weeks (a day wider, for clock offsets) and sum them up."""
    since = local_midnight(today - timedelta(days=TREND_DAYS))
    until = local_midnight(today + timedelta(days=2))
    return recent_trend(store.entries(since, until), today, scale)
