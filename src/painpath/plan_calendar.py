"""A plan laid out as a calendar: each week, each day, its practices and minutes.

For `painpath plan preview` and `painpath show plan.toml`: a therapist sees
the load a plan puts on a client's days before handing it over. The maths
is `plans.plan_day`, the same that `painpath today` follows, so the preview
cannot tell a different story from the plan itself. Without a start date,
week 1 is laid out Monday to Sunday (each plan week holds each weekday
once); with one, from that day, with dates.

Consecutive weeks that ask for the same are one block ("weeks 3-8"), so a
two-year plan is a page, not 728 lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from painpath.format.models import Exercise, Plan
from painpath.format.planfile import LONG_DAY_S
from painpath.plans import DAY_NAMES, week_days

# Any Monday: week 1 of a plan without a start date is laid out from Monday.
_A_MONDAY = date(2001, 1, 1)


@dataclass(frozen=True)
class CalendarItem:
    """One practice on a day: how often, and its length (None: not known here)."""

    exercise: str  # PACK/EXERCISE
    title: str
    times: int
    seconds: int | None  # one session

    @property
    def total_seconds(self) -> int:
        return (self.seconds or 0) * self.times

    def to_json(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "title": self.title, "times": self.times,
                "seconds_each": self.seconds, "seconds": self.total_seconds}


@dataclass(frozen=True)
class CalendarDay:
    """One day of a plan week."""

    weekday: int  # 0 = Monday
    day: date | None  # with a start date only
    items: tuple[CalendarItem, ...]

    @property
    def seconds(self) -> int:
        return sum(item.total_seconds for item in self.items)

    @property
    def sessions(self) -> int:
        return sum(item.times for item in self.items)

    @property
    def long(self) -> bool:
        return self.seconds > LONG_DAY_S

    @property
    def unknown(self) -> bool:
        """Some practice of this day has no known length (another pack's, not installed)."""
        return any(item.seconds is None for item in self.items)

    def same_as(self, other: CalendarDay) -> bool:
        return (self.weekday, self.items) == (other.weekday, other.items)

    def to_json(self) -> dict[str, Any]:
        return {"weekday": DAY_NAMES[self.weekday],
                "date": self.day.isoformat() if self.day else None,
                "items": [item.to_json() for item in self.items], "seconds": self.seconds,
                "sessions": self.sessions, "over_90_minutes": self.long}


@dataclass(frozen=True)
class CalendarWeek:
    week: int
    days: tuple[CalendarDay, ...]

    @property
    def seconds(self) -> int:
        return sum(day.seconds for day in self.days)

    def same_as(self, other: CalendarWeek) -> bool:
        return all(a.same_as(b) for a, b in zip(self.days, other.days, strict=True))

    def to_json(self) -> dict[str, Any]:
        return {"week": self.week, "days": [d.to_json() for d in self.days],
                "seconds": self.seconds}


@dataclass(frozen=True)
class WeekRun:
    """Consecutive weeks that ask for the same: shown once."""

    first: int
    last: int
    week: CalendarWeek  # the first of them (its dates, with a start date)


def calendar(plan: Plan, exercises: Mapping[str, Exercise], start: date | None = None
             ) -> list[CalendarWeek]:
    """Every week of `plan`; `exercises` by PACK/EXERCISE gives titles and lengths."""
    first = start or _A_MONDAY
    weeks = []
    for week in range(1, plan.weeks + 1):
        days = []
        for when, pday in week_days(plan, first, week):
            items = []
            for ident, times in pday.items:
                ex = exercises.get(ident)
                items.append(CalendarItem(ident, ex.title if ex else ident, times,
                                          ex.total_seconds if ex else None))
            days.append(CalendarDay(pday.weekday, when if start else None, tuple(items)))
        weeks.append(CalendarWeek(week, tuple(days)))
    return weeks


def runs(weeks: list[CalendarWeek]) -> list[WeekRun]:
    """Weeks grouped into runs of the same practice, in order."""
    found: list[WeekRun] = []
    for week in weeks:
        if found and found[-1].week.same_as(week) and found[-1].last == week.week - 1:
            found[-1] = WeekRun(found[-1].first, week.week, found[-1].week)
        else:
            found.append(WeekRun(week.week, week.week, week))
    return found


@dataclass(frozen=True)
class Load:
    """The plan's load in numbers: its busiest day, and the whole of it."""

    busiest: int  # seconds
    busiest_days: tuple[tuple[int, int], ...]  # (week, weekday) of the busiest days
    total: int  # seconds over every week
    sessions: int
    free_days: int
    long_days: int


def load(weeks: list[CalendarWeek]) -> Load:
    days = [(w.week, d) for w in weeks for d in w.days]
    busiest = max((d.seconds for _, d in days), default=0)
    return Load(busiest=busiest,
                busiest_days=tuple((week, d.weekday) for week, d in days
                                   if busiest and d.seconds == busiest),
                total=sum(d.seconds for _, d in days), sessions=sum(d.sessions for _, d in days),
                free_days=sum(not d.items for _, d in days),
                long_days=sum(d.long for _, d in days))


def end_of(start: date, week: int) -> date:
    """The last day of plan week `week` started on `start`."""
    return start + timedelta(days=7 * week - 1)
