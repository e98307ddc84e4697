"""The plan in a report: its weeks, counted only over the report's own days.

A report covers `--since`..`--until`; the plan's weeks rarely line up with
those dates. Each week is counted over the days it shares with the report
(planned sessions and those done alike), and a week that shares only some of
its days is marked partial, so the plan table, the adherence on page one and
"At a glance" all speak of the same sessions. The counting rule is
`painpath.plans.week_summary`'s (a planned practice done on a day it was
suggested, up to the times suggested; everything else is other practice).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from painpath.format.models import Plan
from painpath.store.records import Entry

DoneByDay = Mapping[date, Mapping[str, int]] | Callable[[date], Mapping[str, int]]


@dataclass(frozen=True)
class PlanWeek:
    """One plan week over the report's days: planned sessions, those done, other practice.

    `first`..`last` are the days counted (inside the report's dates);
    `partial` says some of the week's seven days lie outside them.
    """

    week: int
    first: date
    last: date
    planned: int
    done: int
    extra: int
    current: bool = False
    partial: bool = False


@dataclass(frozen=True)
class PlanReport:
    """The active plan for the report: which, since when, at which version, its weeks.

    `weeks` is empty when the plan could not be found (then `notes` says why).
    """

    pack: str
    plan: str
    title: str
    start: date
    total_weeks: int
    weeks: tuple[PlanWeek, ...] = ()
    notes: tuple[str, ...] = ()
    pack_version: str = ""

    @property
    def planned(self) -> int:
        return sum(w.planned for w in self.weeks)

    @property
    def done(self) -> int:
        return sum(w.done for w in self.weeks)

    @property
    def extra(self) -> int:
        return sum(w.extra for w in self.weeks)

    def adherence(self) -> int | None:
        """Suggested sessions done, as a whole percentage; None when none were suggested."""
        return round(self.done / self.planned * 100) if self.planned else None


def completed_by_day(entries: Iterable[Entry]) -> dict[date, dict[str, int]]:
    """Completed sessions per day (the day on the clock each began) and exercise."""
    found: dict[date, dict[str, int]] = {}
    for e in entries:
        if e.type == "session" and e.status == "completed" and e.exercise:
            per_day = found.setdefault(e.started.date(), {})
            per_day[e.exercise] = per_day.get(e.exercise, 0) + 1
    return found


def _lookup(done: DoneByDay, day: date) -> Mapping[str, int]:
    return done(day) if callable(done) else done.get(day, {})


def plan_report(pack_id: str, plan_id: str, start: date, plan: Plan | None,
                done_by_day: DoneByDay, *, today: date, since: date | None = None,
                until: date | None = None, notes: Sequence[str] = (),
                pack_version: str = "") -> PlanReport:
    """Planned vs done per plan week, over the days from `since` to `until` (or today)."""
    from painpath.plans import week_days

    if plan is None:
        return PlanReport(pack_id, plan_id, plan_id, start, 0, (), tuple(notes), pack_version)
    first_day = max(start, since or start)
    last_day = min(until or today, today, start + timedelta(days=7 * plan.weeks - 1))
    rows = []
    for week in range(1, plan.weeks + 1):
        days = [(d, p) for d, p in week_days(plan, start, week) if first_day <= d <= last_day]
        if not days:
            continue
        planned = done = extra = 0
        for day, pday in days:
            wanted = dict(pday.items)
            planned += pday.planned
            for exercise, n in _lookup(done_by_day, day).items():
                kept = min(n, wanted.get(exercise, 0))
                done += kept
                extra += n - kept
        week_first = start + timedelta(days=7 * (week - 1))
        rows.append(PlanWeek(week, days[0][0], days[-1][0], planned, done, extra,
                             current=week_first <= today <= week_first + timedelta(days=6),
                             partial=len(days) < 7))
    return PlanReport(pack_id, plan_id, plan.title, start, plan.weeks, tuple(rows),
                      tuple(notes), pack_version)
