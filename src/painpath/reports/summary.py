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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from painpath.format.models import BUILTIN_SCALES, Scale
from painpath.store.import_checks import entry_from_dict
from painpath.store.records import Entry
from painpath.text import plural

# Ids for ratings that arrive without one (hand-made entries): derived, so the same
# entries always give the same ids (and the same FHIR bundle).
ID_NAMESPACE = uuid.UUID("5d2b3f0e-8c1a-5b7e-9f4d-2a6c0e1b7d93")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CHART_SCALES: tuple[str, ...] = ("pain", "distress")
PHASE_WORDS: dict[str, str] = {"before": "before practice", "after": "after practice",
                               "during": "during practice", "check-in": "check-in"}


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


# --- the chart: weekly means, and each session's before and after ---------------------

@dataclass(frozen=True)
class WeekValue:
    """One week's mean of one scale; `first`..`last` are its days inside the report."""

    week: date  # its Monday
    first: date
    last: date
    mean: float
    n: int

    @property
    def partial(self) -> bool:
        return (self.last - self.first).days < 6


@dataclass(frozen=True)
class WeeklyLine:
    """A scale's weekly means; a week with no ratings is absent, and the line breaks there."""

    scale: str
    weeks: tuple[WeekValue, ...]

    def runs(self) -> list[list[WeekValue]]:
        """The weeks in unbroken runs of consecutive weeks (one line drawn per run)."""
        out: list[list[WeekValue]] = []
        for w in self.weeks:
            if out and (w.week - out[-1][-1].week).days == 7:
                out[-1].append(w)
            else:
                out.append([w])
        return out


@dataclass(frozen=True)
class SessionMark:
    """One session's rating before or after practice: a point on the chart.

    On a long log (more than `MAX_MARKS` points) each point is instead one day's
    mean over its sessions (`n` of them), so the chart stays readable and small.
    """

    at: datetime
    scale: str
    phase: str  # "before" or "after"
    value: float
    n: int = 1
    daily: bool = False  # a day's mean over `n` sessions


@dataclass(frozen=True)
class Chart:
    """The data of the chart; `first`..`last` is its x axis."""

    first: date
    last: date
    lines: tuple[WeeklyLine, ...]
    marks: tuple[SessionMark, ...]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def state_values(entries: Iterable[Entry], scale: str) -> list[tuple[date, int]]:
    """A scale's ratings that tell how the person was, by day: before practice and at
    check-ins. Ratings just after practice show the practice's own effect, and PEG
    check-ins ask about the past week, so neither is in a weekly mean."""
    out = []
    for e in entries:
        phase = "before" if e.type == "session" else None if e.peg else "check-in"
        if phase is not None:
            value = e.rating(phase, scale)
            if value is not None:
                out.append((e.started.date(), value))
    return out


def weekly_line(entries: Iterable[Entry], scale: str, span: DateRange) -> WeeklyLine:
    """The weekly means of `scale` (see `state_values`), weeks starting on Monday."""
    by_week: dict[date, list[tuple[date, int]]] = defaultdict(list)
    for day, value in state_values(entries, scale):
        by_week[monday(day)].append((day, value))
    weeks = []
    for week, values in sorted(by_week.items()):
        first = max(week, span.first) if span.first else week
        last = week + timedelta(days=6)
        last = min(last, span.last) if span.last else last
        first, last = min(first, *(d for d, _ in values)), max(last, *(d for d, _ in values))
        weeks.append(WeekValue(week, first, last, statistics.fmean(v for _, v in values),
                               len(values)))
    return WeeklyLine(scale, tuple(weeks))


MAX_MARKS = 600  # more session points than this are drawn as daily means


def _daily_marks(marks: Sequence[SessionMark]) -> tuple[SessionMark, ...]:
    """The marks as one mean per day, scale and moment (at noon of the day)."""
    grouped: dict[tuple[date, str, str], list[SessionMark]] = defaultdict(list)
    for m in marks:
        grouped[(m.at.date(), m.scale, m.phase)].append(m)
    return tuple(SessionMark(group[0].at.replace(hour=12, minute=0, second=0, microsecond=0),
                             scale, phase, statistics.fmean(m.value for m in group), len(group),
                             daily=True)
                 for (_, scale, phase), group in sorted(grouped.items()))


def chart_for(entries: Sequence[Entry], span: DateRange) -> Chart | None:
    """Weekly means of pain and distress, and each session's before and after; None if
    there is nothing to draw."""
    lines = tuple(line for scale in CHART_SCALES
                  if (line := weekly_line(entries, scale, span)).weeks)
    marks = tuple(SessionMark(r.at or e.started, r.scale, r.phase, r.value)
                  for e in entries if e.type == "session" for r in e.ratings
                  if r.scale in CHART_SCALES and r.phase in ("before", "after"))
    if len(marks) > MAX_MARKS:
        marks = _daily_marks(marks)
    days = [m.at.date() for m in marks] + [d for line in lines for w in line.weeks
                                           for d in (w.first, w.last)]
    if not days:
        return None
    first = min([*days, *([span.first] if span.first else [])])
    last = max([*days, *([span.last] if span.last else [])])
    return Chart(first, last, lines, marks)


# --- the IMMPACT reading of a pain change ----------------------------------------------

IMMPACT_BANDS: tuple[tuple[int, str], ...] = ((50, "substantial"), (30, "moderate"),
                                              (10, "minimal"))


def immpact_reading(before: float, after: float) -> str:
    """A change over weeks (PEG scores, weekly mean pain) in IMMPACT's terms, as information.

    IMMPACT (Dworkin et al., 2008) reads a reduction of ≥ 10 % as minimal, ≥ 30 %
    as moderate and ≥ 50 % as substantial, and about 2 points on 0–10 as clinically
    important. The band follows the rounded percentage, so the two never disagree.
    The benchmarks are for change over a course of treatment: reports use them for
    PEG scores and weekly means only, never for one session's before and after.
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




# --- the person's own words ----------------------------------------------------------

StepLabels = Mapping[str, Mapping[int, str]]  # PACK/EXERCISE → step index → label


@dataclass(frozen=True)
class Words:
    """A note and written answers of one entry: untrusted text, shown only as text."""

    when: datetime
    what: str
    note: str | None
    answers: tuple[tuple[str, str], ...]  # (the step's title or question, text)


def words(entries: Iterable[Entry], titles: Mapping[str, str] | None = None,
          steps: StepLabels | None = None) -> list[Words]:
    """Notes and written answers, with what each came from (a title where known).

    Each answer is labelled with its step's title, or else the question the step
    asked (`steps`, from the installed exercise); "Step N" only when neither is known.
    """
    names = titles or {}
    for_steps = steps or {}
    out = []
    for e in entries:
        labels = for_steps.get(e.exercise or "", {})
        answers = tuple((labels.get(a.step) or f"Step {a.step + 1}", a.text)
                        for a in sorted(e.answers, key=lambda a: a.step) if a.text.strip())
        note = e.note if e.note and e.note.strip() else None
        if note or answers:
            what = names.get(e.exercise or "", e.exercise or "?") if e.type == "session" else \
                ("PEG check-in" if e.peg else "check-in")
            out.append(Words(e.started, what, note, answers))
    return out
