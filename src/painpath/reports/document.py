"""The clinical report as plain blocks (headings, paragraphs, tables, the chart).

Markdown and HTML render the same document, so they cannot drift apart: this
module decides what is said and in which order; the renderers only decide how it
looks and how text is escaped. Every string here is plain text: text from the
log or from packs is never markup, and each renderer escapes all of it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from painpath import __version__
from painpath.format.models import PEG_QUESTIONS, Scale
from painpath.reports.summary import (
    Chart,
    DateRange,
    PlanReport,
    Words,
    change_text,
    chart_for,
    day_text,
    immpact_reading,
    load_entries,
    mean_text,
    plural,
    scale_question,
    scales_used,
    time_text,
    value_text,
    words,
)
from painpath.scale_names import scale_words
from painpath.stats import ScaleChange, Stats, compute, scale_order
from painpath.store.records import PEG_SCALES, Entry
from painpath.timefmt import length

# --- blocks ---------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = ""  # "info" for a side remark, "empty" for "nothing here yet"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: frozenset[int] = frozenset()  # columns aligned right


@dataclass(frozen=True)
class ChartBlock:
    chart: Chart


@dataclass(frozen=True)
class Quote:
    """The person's own words for one entry: a heading and (label, text) parts."""

    heading: str
    parts: tuple[tuple[str, str], ...]


Block = Para | Bullets | Table | ChartBlock | Quote


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    key: str = ""  # a stable name (used as the HTML id)


@dataclass(frozen=True)
class Document:
    title: str
    dates: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)
    empty: bool = False


# --- building the document ----------------------------------------------------------

NOTES_LEFT_OUT = ("Notes and written answers are left out of this report. They are the "
                  "person's private words; painpath adds them only when the person "
                  "chooses to (painpath export --with-notes).")

IMMPACT_NOTE = (
    "How to read this: a change is after minus before, so a negative number means the "
    "rating was lower after practice. For pain, the last column gives the size of the "
    "mean change in the terms of the IMMPACT benchmarks: a reduction of at least 10 % is "
    "minimal, at least 30 % moderate and at least 50 % substantial, and about 2 points "
    "on the 0-10 scale is considered clinically important. The benchmarks were set for "
    "change over a course of treatment; here they describe the change within practice "
    "sessions, as information. Few sessions, or a wide spread, make any mean uncertain.")

PEG_NOTE = (
    "The PEG (Krebs et al., 2009) asks about the past week: average pain, and how much "
    "pain interfered with enjoyment of life and with general activity, each 0-10. The "
    "score is the mean of the three; lower means less pain and interference.")

PLAN_NOTE = (
    "Information for your conversation, not a score: a planned session counts as done "
    "when that practice was completed on a day the plan suggested it (up to the times "
    "suggested). Other practice is every other completed session in that week.")

FOOTER = (f"Made by painpath {__version__} on the person's own computer, from their own "
          "log. The numbers are their ratings. painpath is a practice aid, not a "
          "treatment.")


def build(raw: Sequence[Mapping[str, Any]], *, since: date | None, until: date | None,
          with_notes: bool, plan: PlanReport | None = None,
          scales: Mapping[str, Scale] | None = None,
          titles: Mapping[str, str] | None = None) -> Document:
    """The whole report for these export entries (any order).

    `titles` names exercises by their titles where installed; others keep the id
    the log holds.
    """
    names = dict(titles or {})
    entries = load_entries(raw)
    span = DateRange.of(entries, since, until)
    stats = compute(entries)
    intro = [FOOTER]
    if not entries:
        sections = [Section("Nothing here yet", (Para(
            "There is nothing in the log for these dates yet: no practice sessions and no "
            "check-ins. Once there are, this report will show them.", "empty"),), "empty")]
        if plan is not None:
            sections.append(_plan_section(plan))
        return Document("painpath report", span.text(), tuple(intro), tuple(sections),
                        empty=True)
    sections = [
        _glance(stats, entries, with_notes),
        _over_time(entries, span),
        _before_after(stats, names),
        *_during(entries),
        *_weekly(stats),
        _peg(stats),
        *([_plan_section(plan)] if plan is not None else []),
        _scales(entries, scales),
        _notes(words(entries, names) if with_notes else None),
    ]
    return Document("painpath report", span.text(), tuple(intro), tuple(sections))


def _glance(stats: Stats, entries: Sequence[Entry], with_notes: bool) -> Section:
    sessions = [e for e in entries if e.type == "session"]
    by_status = {s: sum(e.status == s for e in sessions)
                 for s in ("completed", "stopped", "interrupted", "in-progress")}
    how = [f"{by_status['completed']} to the end"]
    if by_status["stopped"]:
        how.append(f"{by_status['stopped']} stopped early")
    if by_status["interrupted"]:
        how.append(f"{by_status['interrupted']} interrupted")
    if by_status["in-progress"]:
        how.append(f"{by_status['in-progress']} in progress")
    items = [f"Sessions: {stats.sessions} ({', '.join(how)}); "
             f"{length(stats.minutes * 60)} of practice." if stats.sessions
             else "Sessions: none in these dates."]
    pegs = sum(e.peg for e in entries if e.type == "check-in")
    items.append(f"Check-ins: {stats.check_ins}" + (f", of which {pegs} PEG" if pegs else "")
                 + ".")
    days = len({e.started.date() for e in sessions})
    if sessions:
        items.append(f"Days with practice: {days}.")
    items.append("Notes and written answers: included below." if with_notes
                 else "Notes and written answers: left out (see the last section).")
    return Section("At a glance", (Bullets(tuple(items)),), "glance")


def _over_time(entries: Sequence[Entry], span: DateRange) -> Section:
    chart = chart_for(entries, span)
    if chart is None:
        return Section("Pain and tension over time", (Para(
            "No pain or tension ratings in these dates yet.", "empty"),), "over-time")
    columns = [s for s in chart.series]
    days = sorted({p.day for s in columns for p in s.points})
    cells = {(s.label, p.day): value_text(round(p.mean, 1)) for s in columns for p in s.points}
    rows = tuple((day_text(d), *(cells.get((s.label, d), "") for s in columns)) for d in days)
    table = Table(("Day", *(s.label for s in columns)), rows,
                  "Daily values (the mean when a day has more than one rating), 0-10",
                  frozenset(range(1, len(columns) + 1)))
    return Section("Pain and tension over time", (
        Para("Ratings given just before and just after practice, and at check-ins, by day "
             "(0 = none, 10 = the most imaginable). PEG check-ins ask about the past week "
             "and are shown in the PEG section instead."),
        ChartBlock(chart), table), "over-time")


def _spread(c: ScaleChange) -> str:
    low, high = change_text(c.change.min), change_text(c.change.max)
    if c.sessions == 1:
        return "one session"
    sd = f"sd {c.change.sd:.1f}" if c.change.sd is not None else ""
    return f"{sd}; {low} to {high}" if low != high else f"{sd}; all {low}"


def _change_rows(name: str, changes: Sequence[ScaleChange]) -> list[tuple[str, ...]]:
    return [(name, scale_words(c.scale), str(c.sessions),
             f"{mean_text(c.before)} → {mean_text(c.after)}", change_text(c.change.mean),
             _spread(c), immpact_reading(c.before, c.after) if c.scale == "pain" else "")
            for c in changes]


def _before_after(stats: Stats, names: Mapping[str, str]) -> Section:
    blocks: list[Block] = []
    if stats.exercises:
        blocks.append(Table(
            ("Exercise", "Sessions", "To the end", "Time practised"),
            tuple((names.get(ex.exercise, ex.exercise), str(ex.sessions), str(ex.completed),
                   length(ex.minutes * 60))
                  for ex in stats.exercises),
            "Practice by exercise", frozenset({1, 2, 3})))
    rows: list[tuple[str, ...]] = []
    for ex in stats.exercises:
        rows += _change_rows(names.get(ex.exercise, ex.exercise), ex.changes)
    if len(stats.exercises) > 1:
        rows += _change_rows("All exercises", stats.changes)
    if rows:
        blocks.append(Table(
            ("Exercise", "Scale", "Sessions", "Before → after (mean)", "Mean change",
             "Spread of changes", "Pain change (IMMPACT)"),
            tuple(rows), "Before → after, by exercise", frozenset({2, 4})))
        blocks.append(Para(IMMPACT_NOTE, "info"))
    else:
        blocks.append(Para("No session in these dates has the same scale rated both before "
                           "and after practice, so there is no before → after change yet.",
                           "empty"))
    return Section("Before and after practice", tuple(blocks), "before-after")


def _during(entries: Sequence[Entry]) -> list[Section]:
    """Ratings asked at the end of steps (a body scan's tension per region, say)."""
    values: dict[tuple[str, str], list[int]] = defaultdict(list)
    for e in entries:
        for r in e.ratings:
            if r.phase == "during":
                values[(r.region or "", r.scale)].append(r.value)
    if not values:
        return []
    keys = sorted(values, key=lambda k: (scale_order(k[1]), k[0]))
    rows = tuple((region or "(no region)", scale, str(len(values[(region, scale)])),
                  mean_text(statistics.fmean(values[(region, scale)])))
                 for region, scale in keys)
    return [Section("During practice, by body region", (
        Table(("Region", "Scale", "Ratings", "Mean"), rows,
              "Ratings given at the end of a step", frozenset({2, 3})),), "during")]


def _weekly(stats: Stats) -> list[Section]:
    if not stats.weekly:
        return []
    scales = sorted({w.scale for w in stats.weekly}, key=scale_order)
    by_week: dict[date, dict[str, str]] = {}
    for w in stats.weekly:
        by_week.setdefault(w.week, {})[w.scale] = f"{mean_text(w.mean)} ({w.n})"
    rows = tuple((day_text(week), *(cells.get(s, "") for s in scales))
                 for week, cells in by_week.items())
    return [Section("Check-ins by week", (
        Table(("Week of (Monday)", *scales), rows,
              "Mean of each scale (number of check-ins)",
              frozenset(range(1, len(scales) + 1))),), "weekly")]


def _peg(stats: Stats) -> Section:
    if not stats.peg:
        return Section("PEG scores over time", (
            Para("No PEG check-ins in these dates.", "empty"), Para(PEG_NOTE, "info")), "peg")
    rows = []
    for p in stats.peg:
        items = dict(p.items)
        rows.append((time_text(p.at), *(str(items.get(s, "")) for s in PEG_SCALES),
                     mean_text(p.score)))
    blocks: list[Block] = [Table(
        ("Date", "Pain (past week)", "Enjoyment", "Activity", "PEG score"), tuple(rows),
        "PEG check-ins (score = mean of the three items)", frozenset({1, 2, 3, 4}))]
    if len(stats.peg) > 1:
        first, latest = stats.peg[0].score, stats.peg[-1].score
        blocks.append(Para(f"First to latest PEG score: {mean_text(first)} → "
                           f"{mean_text(latest)} ({change_text(latest - first)}), over "
                           f"{plural(len(stats.peg), 'check-in')}."))
    blocks.append(Para(PEG_NOTE, "info"))
    return Section("PEG scores over time", tuple(blocks), "peg")


def _plan_section(plan: PlanReport) -> Section:
    blocks: list[Block] = []
    if plan.total_weeks:
        blocks.append(Para(f"{plan.title} ({plan.pack}/{plan.plan}), started "
                           f"{day_text(plan.start)}, {plural(plan.total_weeks, 'week')}."))
    elif plan.pack:
        blocks.append(Para(f"The plan {plan.pack}/{plan.plan}, started "
                           f"{day_text(plan.start)}."))
    blocks += [Para(note, "info") for note in plan.notes]
    if plan.weeks:
        rows = tuple((f"{w.week}" + (" (so far)" if w.current else ""),
                      f"{day_text(w.first)} to {day_text(w.last)}", str(w.planned),
                      str(w.done), str(w.extra)) for w in plan.weeks)
        blocks.append(Table(("Week", "Days", "Planned", "Done as planned", "Other practice"),
                            rows, "Plan weeks: planned and done", frozenset({2, 3, 4})))
        planned = sum(w.planned for w in plan.weeks)
        done = sum(w.done for w in plan.weeks)
        blocks.append(Para(f"Over these weeks: {done} of {planned} suggested sessions, and "
                           f"{plural(sum(w.extra for w in plan.weeks), 'other session')}."))
        blocks.append(Para(PLAN_NOTE, "info"))
    elif not plan.notes:
        blocks.append(Para("The plan's first week falls after these dates.", "empty"))
    return Section("Plan", tuple(blocks), "plan")


def _scales(entries: Sequence[Entry], scales: Mapping[str, Scale] | None) -> Section:
    rows = []
    peg = any(e.peg for e in entries)
    for scale_id in scales_used(entries):
        scale = scale_question(scale_id, scales)
        if scale is None:
            rows.append((scale_id, "(a scale from a pack that is not installed here)", ""))
            continue
        asks = scale.question or "(no question given)"
        if scale_id == "pain" and peg:
            asks += f" In a PEG check-in: {PEG_QUESTIONS['pain']}"
        low = f"{scale.min} ({scale.low})" if scale.low else str(scale.min)
        high = f"{scale.max} ({scale.high})" if scale.high else str(scale.max)
        rows.append((scale_id, asks, f"{low} to {high}"))
    if not rows:
        return Section("Scales", (Para("No ratings in these dates.", "empty"),), "scales")
    return Section("Scales", (Table(("Scale", "What it asks", "Range"), tuple(rows),
                                    "The scales rated in these dates"),), "scales")


def _notes(found: list[Words] | None) -> Section:
    title = "Notes and written answers"
    if found is None:
        return Section(title, (Para(NOTES_LEFT_OUT, "info"),), "notes")
    if not found:
        return Section(title, (Para("No notes or written answers in these dates.", "empty"),),
                       "notes")
    blocks: list[Block] = [Para("The person's own words, as they wrote them.", "info")]
    for w in found:
        parts = ([("Note", w.note)] if w.note else []) + \
            [(f"Step {step}", text) for step, text in w.answers]
        blocks.append(Quote(f"{time_text(w.when)} · {w.what}", tuple(parts)))
    return Section(title, tuple(blocks), "notes")
