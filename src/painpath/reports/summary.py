"""What every report is computed from: entries, the dates, daily values, plan weeks.

The report formats (Markdown, HTML, FHIR) all start here, so a clinician who
reads two of them reads the same numbers. Before → after changes come from
`painpath.stats` (the numbers `painpath stats` prints); this module adds what
only reports need: the date range in words, daily means for the chart, the
IMMPACT reading of a pain change, plan weeks with their dates, and the person's
own words. Nothing here reads a file or the clock: all of that is passed in.
"""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from painpath.format.models import BUILTIN_SCALES, Plan, Scale
from painpath.scale_names import scale_words
from painpath.store.import_checks import entry_from_dict
from painpath.store.records import Entry

# Ids for ratings that arrive without one (hand-made entries): derived, so the same
# entries always give the same ids (and the same FHIR bundle).
ID_NAMESPACE = uuid.UUID("5d2b3f0e-8c1a-5b7e-9f4d-2a6c0e1b7d93")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CHART_SCALES: tuple[str, ...] = ("pain", "tension")
PHASE_WORDS: dict[str, str] = {"before": "before practice", "after": "after practice",
                               "during": "during practice", "check-in": "check-in"}
CHART_PHASES: tuple[str, ...] = ("before", "after", "check-in")


# --- entries ----------------------------------------------------------------------

def derived_id(*parts: str) -> str:
    """A stable UUID (version 5) for something that has no id of its own."""
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def _with_rating_ids(raw: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(raw)
    ratings = data.get("ratings")
    if isinstance(ratings, list):
        eid = str(data.get("id", ""))
        data["ratings"] = [
            {**r, "id": derived_id(eid, "rating", str(i))}
            if isinstance(r, dict) and not r.get("id") else r
            for i, r in enumerate(ratings)]
    return data


def load_entries(raw: Sequence[Mapping[str, Any]]) -> list[Entry]:
    """The export entries as `Entry` values, oldest first.

    They are read with the same checks as an import (`entry_from_dict`), so a
    report sees exactly what the log holds; extra keys are ignored.
    """
    entries = [entry_from_dict(_with_rating_ids(e), f"entry {i + 1}")
               for i, e in enumerate(raw)]
    return sorted(entries, key=lambda e: (e.started, e.id))


# --- words for numbers and days --------------------------------------------------------

def day_text(day: date) -> str:
    """`10 Nov 2026`: the same in every locale, and unambiguous across countries."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def time_text(moment: datetime) -> str:
    """`10 Nov 2026, 09:00`, on the clock the moment was recorded with."""
    return f"{day_text(moment.date())}, {moment:%H:%M}"


def mean_text(value: float) -> str:
    return f"{value:.1f}"


def value_text(value: float) -> str:
    """A daily value: `6` when whole, `5.5` otherwise."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def change_text(value: float) -> str:
    """A change with its sign: `-2.0`, `+0.5`, `0.0`."""
    return "0.0" if round(value, 1) == 0 else f"{value:+.1f}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# --- the date range -------------------------------------------------------------

@dataclass(frozen=True)
class DateRange:
    """The days a report covers: those asked for, else those the entries span."""

    first: date | None
    last: date | None

    @classmethod
    def of(cls, entries: Sequence[Entry], since: date | None, until: date | None
           ) -> DateRange:
        days = [e.started.date() for e in entries]
        first = since or (min(days) if days else None)
        last = until or (max(days) if days else None)
        return cls(first, last)

    def text(self) -> str:
        if self.first and self.last:
            if self.first == self.last:
                return day_text(self.first)
            span = (self.last - self.first).days + 1
            return f"{day_text(self.first)} to {day_text(self.last)} ({plural(span, 'day')})"
        if self.first:
            return f"from {day_text(self.first)}"
        if self.last:
            return f"up to {day_text(self.last)}"
        return "no dates yet"


# --- pain and tension by day --------------------------------------------------------

@dataclass(frozen=True)
class Point:
    """One day's mean of one series, and how many ratings it rests on."""

    day: date
    mean: float
    n: int


@dataclass(frozen=True)
class Series:
    """One line of the chart: a scale at one moment (before, after, check-in)."""

    scale: str
    phase: str
    points: tuple[Point, ...]

    @property
    def label(self) -> str:
        return f"{scale_words(self.scale)}, {PHASE_WORDS[self.phase]}"


@dataclass(frozen=True)
class Chart:
    """The data of the pain and tension chart; `first`..`last` is its x axis."""

    first: date
    last: date
    series: tuple[Series, ...]


def daily_series(entries: Iterable[Entry], scales: Sequence[str] = CHART_SCALES
                 ) -> tuple[Series, ...]:
    """Daily means of each scale before and after practice and at check-ins.

    PEG check-ins ask about the past week rather than the moment, so they are
    left to the PEG table (as in `painpath stats`).
    """
    values: dict[tuple[str, str], dict[date, list[int]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        day = entry.started.date()
        if entry.type == "session":
            phases: tuple[str, ...] = ("before", "after")
        elif not entry.peg:
            phases = ("check-in",)
        else:
            continue
        for phase in phases:
            for scale in scales:
                value = entry.rating(phase, scale)
                if value is not None:
                    values[(scale, phase)][day].append(value)
    out = []
    for scale in scales:
        for phase in CHART_PHASES:
            by_day = values.get((scale, phase))
            if by_day:
                out.append(Series(scale, phase, tuple(
                    Point(d, statistics.fmean(v), len(v)) for d, v in sorted(by_day.items()))))
    return tuple(out)


def chart_for(entries: Sequence[Entry], span: DateRange) -> Chart | None:
    """The chart over the report's days, widened to hold every point; None if no data."""
    series = daily_series(entries)
    days = [p.day for s in series for p in s.points]
    if not days:
        return None
    first = min([*days, *([span.first] if span.first else [])])
    last = max([*days, *([span.last] if span.last else [])])
    return Chart(first, last, series)


# --- the IMMPACT reading of a pain change ----------------------------------------------

IMMPACT_BANDS: tuple[tuple[int, str], ...] = ((50, "substantial"), (30, "moderate"),
                                              (10, "minimal"))


def immpact_reading(before: float, after: float) -> str:
    """A pain change in the IMMPACT benchmarks' terms, as information.

    IMMPACT (Dworkin et al., 2008) reads a reduction of ≥ 10 % as minimal, ≥ 30 %
    as moderate and ≥ 50 % as substantial, and about 2 points on 0–10 as clinically
    important. The band follows the rounded percentage, so the two never disagree.
    """
    if before <= 0:
        return "no pain before, so no percentage" if after <= 0 else \
            "no pain before; some after"
    pct = round((before - after) / before * 100)
    if pct < 0:
        return f"{-pct} % higher after"
    if pct == 0:
        return "no change"
    band = next((f"{name} (≥ {limit} %)" for limit, name in IMMPACT_BANDS if pct >= limit),
                "below the 10 % of a minimal change")
    text = f"{pct} % lower: {band}"
    if round(before - after, 1) >= 2:
        text += "; 2 points or more"
    return text


# --- scales --------------------------------------------------------------------

def scales_used(entries: Iterable[Entry]) -> list[str]:
    from painpath.stats import scale_order

    return sorted({r.scale for e in entries for r in e.ratings}, key=scale_order)


def scale_question(scale_id: str, scales: Mapping[str, Scale] | None) -> Scale | None:
    """What the scale asks, from the built-ins or the packs; None when unknown."""
    return (scales or {}).get(scale_id) or BUILTIN_SCALES.get(scale_id)




# --- plan weeks --------------------------------------------------------------------

@dataclass(frozen=True)
class PlanWeek:
    """One plan week with its days: planned sessions, those done, and other practice."""

    week: int
    first: date
    last: date
    planned: int
    done: int
    extra: int
    current: bool = False


@dataclass(frozen=True)
class PlanReport:
    """The active plan for the report: which, since when, and its weeks so far.

    `weeks` is empty when the plan could not be found (then `notes` says why).
    """

    pack: str
    plan: str
    title: str
    start: date
    total_weeks: int
    weeks: tuple[PlanWeek, ...] = ()
    notes: tuple[str, ...] = ()


DoneByDay = Mapping[date, Mapping[str, int]] | Callable[[date], Mapping[str, int]]


def plan_report(pack_id: str, plan_id: str, start: date, plan: Plan | None,
                done_by_day: DoneByDay, *, today: date, since: date | None = None,
                until: date | None = None, notes: Sequence[str] = ()) -> PlanReport:
    """Planned vs done per week, up to today (or `until`), from `since` on.

    The counting is `painpath.plans.week_summary`'s, the same as `plan show`.
    """
    from painpath.plans import week_summary

    if plan is None:
        return PlanReport(pack_id, plan_id, plan_id, start, 0, (), tuple(notes))
    last = min(until or today, today)
    rows = []
    for w in week_summary(plan, start, done_by_day, until=last):
        first = start + timedelta(days=7 * (w.week - 1))
        end = first + timedelta(days=6)
        if since is not None and end < since:
            continue
        rows.append(PlanWeek(w.week, first, end, w.planned, w.done, w.extra,
                             current=first <= today <= end))
    return PlanReport(pack_id, plan_id, plan.title, start, plan.weeks, tuple(rows),
                      tuple(notes))


# --- the person's own words ----------------------------------------------------------

@dataclass(frozen=True)
class Words:
    """A note and written answers of one entry: untrusted text, shown only as text."""

    when: datetime
    what: str
    note: str | None
    answers: tuple[tuple[int, str], ...]  # (1-based step, text)


def words(entries: Iterable[Entry], titles: Mapping[str, str] | None = None) -> list[Words]:
    """Notes and written answers, with what each came from (a title where known)."""
    names = titles or {}
    out = []
    for e in entries:
        answers = tuple((a.step + 1, a.text) for a in sorted(e.answers, key=lambda a: a.step)
                        if a.text.strip())
        note = e.note if e.note and e.note.strip() else None
        if note or answers:
            what = names.get(e.exercise or "", e.exercise or "?") if e.type == "session" else \
                ("PEG check-in" if e.peg else "check-in")
            out.append(Words(e.started, what, note, answers))
    return out
