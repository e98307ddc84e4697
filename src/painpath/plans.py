"""Following a therapist's plan: which week it is, what is suggested today, headless.

Every function that depends on the day takes it as an argument; nothing here
calls `date.today()`, so the calendar edge cases are tested with fixed dates.
Week 1 begins on the day the person starts the plan, and runs for seven days
from there; which practices a day holds follows the calendar weekday (a plan
says "mon, wed, fri", not "day 1, 3, 5").

What was practised comes from the log through a `done_counts` callable
(qualified exercise id → completed sessions that day), so the maths never
touches the database. The numbers are information for the person and their
therapist, never a score or a streak.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from painpath.atomic import write_atomic
from painpath.errors import NotFoundError, PainpathError, UsageError
from painpath.format.models import Exercise, Pack, Plan
from painpath.paths import Paths
from painpath.suggest import suggest_id

if TYPE_CHECKING:
    from painpath.store import Store

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PLAN_FILE_VERSION = 1

DoneCounts = Callable[[date], Mapping[str, int]]


class LibraryLike(Protocol):
    """What plans need from a library: packs and exercises by id."""

    packs: dict[str, Pack]
    exercises: dict[str, Exercise]


# --- the active plan, kept in plan.json -------------------------------------------

@dataclass(frozen=True)
class ActivePlan:
    """The plan a person follows: which pack and plan, since when, at which version."""

    pack: str
    plan: str
    start: date
    pack_version: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"format": PLAN_FILE_VERSION, "pack": self.pack, "plan": self.plan,
                "start": self.start.isoformat(), "pack_version": self.pack_version}

    @classmethod
    def from_json(cls, data: Any) -> ActivePlan:
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        pack, plan, start = data.get("pack"), data.get("plan"), data.get("start")
        version = data.get("pack_version", "")
        if not all(isinstance(x, str) and x for x in (pack, plan, start)) \
                or not isinstance(version, str):
            raise ValueError("pack, plan or start is missing")
        return cls(str(pack), str(plan), date.fromisoformat(str(start)), version)


class PlanFileError(PainpathError):
    """plan.json could not be read; the message says how to start again."""

    title = "Your plan could not be read"


def read_active(paths: Paths) -> ActivePlan | None:
    """The active plan, or None when no plan is running."""
    file = paths.plan_file
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as err:
        raise PlanFileError(f"{file} could not be read ({err.strerror or err}).") from err
    try:
        return ActivePlan.from_json(json.loads(text))
    except (ValueError, TypeError) as err:
        raise PlanFileError(f"The file that remembers your plan ({file}) is damaged, so "
                            "painpath cannot tell which plan you follow.",
                            hint="Your log is not affected. `painpath plan stop` clears it; "
                                 "then `painpath plan start PACK` starts the plan "
                                 "again.") from err


def write_active(paths: Paths, active: ActivePlan) -> None:
    """Write plan.json atomically (a temporary file, then a rename); mkstemp makes it 0600."""
    paths.ensure_data_dir()
    target = paths.plan_file
    write_atomic(target, json.dumps(active.to_json(), indent=2) + "\n")


def clear_active(paths: Paths) -> bool:
    """Forget the active plan; True if there was one. The log is not touched."""
    try:
        paths.plan_file.unlink()
    except FileNotFoundError:
        return False
    return True


# --- finding and starting a plan ------------------------------------------------------

def resolve_plan(library: LibraryLike, target: str) -> tuple[Pack, Plan]:
    """`PACK` (when the pack has exactly one plan) or `PACK/PLAN`."""
    pack_id, _, plan_id = target.strip().partition("/")
    pack = library.packs.get(pack_id)
    if pack is None:
        guess = suggest_id(pack_id, library.packs)
        raise NotFoundError(f'There is no pack called "{pack_id}".',
                            hint=(f'Did you mean "{guess}"? ' if guess else "")
                            + "`painpath pack list` shows the packs you have.")
    if not pack.plans:
        raise NotFoundError(f'The pack "{pack.id}" has no plan to follow.',
                            hint="Its practices are in `painpath list`, to use freely.")
    if not plan_id:
        if len(pack.plans) > 1:
            names = ", ".join(f"{pack.id}/{p.id}" for p in pack.plans)
            raise UsageError(f'The pack "{pack.id}" has more than one plan: {names}.',
                             hint=f"Name the one to start, like `painpath plan start "
                                  f"{pack.id}/{pack.plans[0].id}`.")
        return pack, pack.plans[0]
    plan = next((p for p in pack.plans if p.id == plan_id), None)
    if plan is None:
        names = ", ".join(p.id for p in pack.plans)
        raise NotFoundError(f'The pack "{pack.id}" has no plan called "{plan_id}".',
                            hint=f"Its plans are: {names}.")
    return pack, plan


def start(paths: Paths, library: LibraryLike, target: str, today: date) -> ActivePlan:
    """Make `target` the active plan from `today` (week 1 begins today)."""
    pack, plan = resolve_plan(library, target)
    active = ActivePlan(pack.id, plan.id, today, pack.version)
    write_active(paths, active)
    return active


# --- plan maths -------------------------------------------------------------------

@dataclass(frozen=True)
class PlanDay:
    """One day of a plan: its week (1-based), weekday (0 = Monday) and practices."""

    week: int
    weekday: int
    items: list[tuple[str, int]] = field(default_factory=list)  # (PACK/EXERCISE, times)
    finished: bool = False
    before_start: bool = False

    @property
    def planned(self) -> int:
        return sum(times for _, times in self.items)


def week_of(start: date, day: date) -> int:
    """Week 1 holds the start day and the six after it; 0 or less is before the start."""
    return (day - start).days // 7 + 1


def plan_day(plan: Plan, start: date, today: date) -> PlanDay:
    """What the plan suggests on `today`; assign lines for one exercise add their times."""
    week, weekday = week_of(start, today), today.weekday()
    if today < start:
        return PlanDay(week=0, weekday=weekday, before_start=True)
    if week > plan.weeks:
        return PlanDay(week=week, weekday=weekday, finished=True)
    times: dict[str, int] = {}
    for line in plan.assign:
        if week in line.weeks and weekday in line.days:
            times[line.exercise] = times.get(line.exercise, 0) + line.times
    return PlanDay(week=week, weekday=weekday, items=list(times.items()))


def week_days(plan: Plan, start: date, week: int) -> list[tuple[date, PlanDay]]:
    """The seven days of a plan week, from its first day (a start weekday) on."""
    first = start + timedelta(days=7 * (week - 1))
    return [(first + timedelta(days=n), plan_day(plan, start, first + timedelta(days=n)))
            for n in range(7)]


@dataclass(frozen=True)
class WeekAdherence:
    """Planned sessions in a week and how many of them happened: information, not a score.

    `done` counts sessions of a planned exercise on a day it was planned, up to
    the times planned; `extra` is every other completed practice that week.
    """

    week: int
    planned: int
    done: int
    extra: int = 0


def _lookup(done_by_day: Mapping[date, Mapping[str, int]] | DoneCounts, day: date
            ) -> Mapping[str, int]:
    if callable(done_by_day):
        return done_by_day(day)
    return done_by_day.get(day, {})


def follow_renames(counts: Mapping[str, int], renamed: tuple[tuple[str, str], ...]
                   ) -> dict[str, int]:
    """Sessions logged under a practice's earlier id count for the practice that replaces it.

    The log keeps the id a session was practised under (nothing is rewritten);
    a pack names its renamed practices (`replaces`), and the plan counts them
    as one, so an update never moves a client's weeks to "other practice".
    """
    if not renamed:
        return dict(counts)
    now = dict(renamed)
    found: dict[str, int] = {}
    for ident, n in counts.items():
        key = now.get(ident, ident)
        found[key] = found.get(key, 0) + n
    return found


def week_summary(plan: Plan, start: date,
                 done_by_day: Mapping[date, Mapping[str, int]] | DoneCounts,
                 *, until: date | None = None) -> list[WeekAdherence]:
    """Per plan week: planned and done sessions; stops at the week holding `until`."""
    last = plan.weeks if until is None else min(plan.weeks, week_of(start, until))
    summary: list[WeekAdherence] = []
    for week in range(1, last + 1):
        planned = done = extra = 0
        for day, pday in week_days(plan, start, week):
            counts = follow_renames(_lookup(done_by_day, day), plan.renamed)
            wanted = dict(pday.items)
            planned += pday.planned
            for exercise, n in counts.items():
                kept = min(n, wanted.get(exercise, 0))
                done += kept
                extra += n - kept
        summary.append(WeekAdherence(week, planned, done, extra))
    return summary


# --- today -----------------------------------------------------------------------

@dataclass(frozen=True)
class TodayItem:
    """One suggested practice today; `exercise` is None when it is not installed now."""

    id: str  # PACK/EXERCISE as the plan names it
    times: int
    done: int
    exercise: Exercise | None = None

    @property
    def title(self) -> str:
        return self.exercise.title if self.exercise else self.id

    def to_json(self) -> dict[str, Any]:
        return {"exercise": self.id, "times": self.times, "done": self.done}


@dataclass
class Today:
    """Today's practice under the active plan, with notes in words for anything amiss."""

    active: ActivePlan | None
    pack: Pack | None = None
    plan: Plan | None = None
    day: PlanDay | None = None
    items: list[TodayItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def find_active_plan(active: ActivePlan, library: LibraryLike
                     ) -> tuple[Pack | None, Plan | None, list[str]]:
    """The active plan's pack and plan as installed now, or words saying what is gone."""
    pack = library.packs.get(active.pack)
    if pack is None:
        return None, None, [
            f'The pack "{active.pack}" that your plan comes from is no longer installed, '
            "so painpath cannot show the plan. Any practice is still yours to use; "
            f"`painpath pack install` puts the pack back, or `painpath plan stop` ends "
            "the plan."]
    plan = next((p for p in pack.plans if p.id == active.plan), None)
    if plan is None:
        return pack, None, [
            f'The pack "{pack.id}" no longer holds the plan "{active.plan}" (it may have '
            "been updated). `painpath plan start` with the pack's name starts its "
            "current plan."]
    notes = []
    if active.pack_version and pack.version != active.pack_version:
        notes.append(f"The pack was updated from version {active.pack_version} to "
                     f"{pack.version} since you started; the plan shown is the new one.")
    return pack, plan, notes


def today_for(active: ActivePlan | None, library: LibraryLike, today: date,
              done_counts: DoneCounts) -> Today:
    """What the active plan suggests on `today`, with that day's completed sessions."""
    if active is None:
        return Today(None)
    pack, plan, notes = find_active_plan(active, library)
    result = Today(active, pack, plan, notes=notes)
    if plan is None:
        return result
    result.day = plan_day(plan, active.start, today)
    if not result.day.items:
        return result
    counts = follow_renames(done_counts(today), plan.renamed)
    for ident, times in result.day.items:
        exercise = library.exercises.get(ident)
        if exercise is None:
            result.notes.append(f'"{ident}" is in your plan but is not installed now, so '
                                "it cannot be opened; the rest of today's practice is below.")
        result.items.append(TodayItem(ident, times, int(counts.get(ident, 0)), exercise))
    return result


# --- reading the log --------------------------------------------------------------

def completed_between(store: Store, first: date, last: date) -> dict[date, dict[str, int]]:
    """Completed sessions per day (the day on the clock when each began) and exercise."""
    from painpath.store.times import local_midnight

    # A day wider on both sides: a session keeps the clock offset it began with.
    since = local_midnight(first - timedelta(days=1))
    until = local_midnight(last + timedelta(days=2))
    found: dict[date, dict[str, int]] = {}
    for entry in store.entries(since, until, type="session"):
        day = entry.started.date()
        if entry.status != "completed" or not entry.exercise or not first <= day <= last:
            continue
        per_day = found.setdefault(day, {})
        per_day[entry.exercise] = per_day.get(entry.exercise, 0) + 1
    return found


def completed_on(store: Store, day: date) -> dict[str, int]:
    """Completed sessions on `day`, by PACK/EXERCISE: the `done_counts` of the CLI."""
    return completed_between(store, day, day).get(day, {})
