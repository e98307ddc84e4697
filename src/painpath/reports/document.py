"""The clinical report as plain blocks (headings, paragraphs, tables, the chart).

Markdown and HTML render the same document, so they cannot drift apart: this
module decides what is said and in which order (page one, `overview`, first);
the renderers only decide how it looks and how text is escaped. Every string
here is plain text: text from the log or from packs is never markup, and each
renderer escapes all of it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from painpath import __version__
from painpath.format.models import PEG_QUESTIONS, Scale
from painpath.reports.blocks import (
    Block,
    ChartBlock,
    Document,
    Facts,
    Para,
    Quote,
    Section,
    Table,
)
from painpath.reports.overview import Who, page_one
from painpath.reports.plan_weeks import PlanReport
from painpath.reports.summary import (
    CHART_SCALES,
    DateRange,
    StepLabels,
    Words,
    change_text,
    chart_for,
    day_text,
    load_entries,
    mean_text,
    plural,
    scale_question,
    scales_used,
    time_text,
    words,
)
from painpath.scale_names import scale_words
from painpath.stats import ScaleChange, Stats, compute, follow_renames, scale_order
from painpath.store.records import PEG_SCALES, Entry
from painpath.timefmt import length

# --- building the document ----------------------------------------------------------

NOTES_LEFT_OUT = ("Notes and written answers are left out of this report. They are the "
                  "person's private words; painpath adds them only when the person "
                  "chooses to (painpath export --with-notes).")

CHANGE_NOTE = (
    "How to read this: a change is after minus before, so a negative number means the "
    "rating was lower after practice. These are changes within single sessions, minutes "
    "apart: they show how a practice tends to leave the person, and are not read with "
    "the IMMPACT benchmarks (set for change over weeks; see the PEG score and weekly "
    "mean pain on page one). Few sessions, or a wide spread, make any mean uncertain.")

PEG_NOTE = (
    "The PEG (Krebs et al., 2009) asks about the past week: average pain, and how much "
    "pain interfered with enjoyment of life and with general activity, each 0-10. The "
    "score is the mean of the three; lower means less pain and interference.")

PLAN_NOTE = (
    "Information for your conversation, not a score: a planned session counts as done "
    "when that practice was completed on a day the plan suggested it (up to the times "
    "suggested). Other practice is every other completed session in that week. Only the "
    "days inside this report's dates are counted; a week with days outside them is "
    "marked partial.")

FOOTER = (f"Made by painpath {__version__} on the person's own computer, from their own "
          "log. The numbers are their ratings. painpath is a practice aid, not a "
          "treatment.")


def build(raw: Sequence[Mapping[str, Any]], *, since: date | None, until: date | None,
          with_notes: bool, plan: PlanReport | None = None,
          scales: Mapping[str, Scale] | None = None,
          titles: Mapping[str, str] | None = None, steps: StepLabels | None = None,
          client: str | None = None, clinician: str | None = None,
          renamed: Mapping[str, str] | None = None) -> Document:
    """The whole report for these export entries (any order).

    `titles` names exercises by their titles where installed; others keep the id
    the log holds. `steps` labels written answers. `client` and `clinician` are
    shown on page one only when given. `renamed` (earlier id -> the practice that
    `replaces` it) counts a renamed practice's sessions as one, as `painpath stats`.
    """
    names = dict(titles or {})
    entries = load_entries(raw)
    span = DateRange.of(entries, since, until)
    stats = follow_renames(compute(entries), renamed or {})
    who = Who(client or "", clinician or "")
    intro = [FOOTER]
    glance = page_one(entries, span, stats, who=who, plan=plan, scales=scales,
                      with_notes=with_notes)
    if not entries:
        sections = [glance, Section("Nothing here yet", (Para(
            "There is nothing in the log for these dates yet: no practice sessions and no "
            "check-ins. Once there are, this report will show them.", "empty"),), "empty")]
        if plan is not None:
            sections.append(_plan_section(plan, entries))
        return Document("painpath report", span.text(), tuple(intro), tuple(sections),
                        empty=True)
    sections = [
        glance,
        _over_time(entries, span),
        _before_after(stats, names),
        *_during(entries),
        *_weekly(stats),
        _peg(stats),
        *([_plan_section(plan, entries)] if plan is not None else []),
        _scales(entries, scales),
        _notes(words(entries, names, steps) if with_notes else None),
    ]
    return Document("painpath report", span.text(), tuple(intro), tuple(sections))


def _over_time(entries: Sequence[Entry], span: DateRange) -> Section:
    title = "Pain and distress over time"
    chart = chart_for(entries, span)
    if chart is None:
        return Section(title, (Para("No pain or distress ratings in these dates yet.",
                                    "empty"),), "over-time")
    lines = {line.scale: {w.week: w for w in line.weeks} for line in chart.lines}
    weeks = sorted({w for by_week in lines.values() for w in by_week})
    rows = []
    for week in weeks:
        some = next(by_week[week] for by_week in lines.values() if week in by_week)
        days = f"{day_text(some.first)} to {day_text(some.last)}" + \
            (" (partial week)" if some.partial else "")
        cells = [f"{mean_text(w.mean)} ({w.n})" if (w := lines.get(s, {}).get(week)) else ""
                 for s in CHART_SCALES]
        rows.append((day_text(week), days, *cells))
    table = Table(("Week of (Monday)", "Days", *(f"{s}, weekly mean" for s in CHART_SCALES)),
                  tuple(rows), "Weekly means, 0-10 (number of ratings)",
                  frozenset(range(2, 2 + len(CHART_SCALES))))
    return Section(title, (
        Para("The lines are weekly means of the ratings given before practice and at "
             "check-ins (0 = none, 10 = the most imaginable); a week with no ratings leaves "
             "a gap. The points are each session's ratings before and after practice. PEG "
             "check-ins ask about the past week and are in the PEG section instead."),
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
             _spread(c)) for c in changes]


def _before_after(stats: Stats, names: Mapping[str, str]) -> Section:
    blocks: list[Block] = []
    if stats.exercises:
        blocks.append(Table(
            ("Exercise", "Sessions", "To the end", "Time practised"),
            tuple((names.get(ex.exercise, ex.exercise), str(ex.sessions), str(ex.completed),
                   length(ex.minutes * 60))
                  for ex in stats.exercises),
            "Practice by exercise", frozenset({1, 2, 3}), frozenset({0})))
    rows: list[tuple[str, ...]] = []
    for ex in stats.exercises:
        rows += _change_rows(names.get(ex.exercise, ex.exercise), ex.changes)
    if len(stats.exercises) > 1:
        rows += _change_rows("All exercises", stats.changes)
    if rows:
        blocks.append(Table(
            ("Exercise", "Scale", "Sessions", "Before → after (mean)", "Mean change",
             "Spread of changes"),
            tuple(rows), "Before → after, by exercise", frozenset({2, 4}), frozenset({0})))
        blocks.append(Para(CHANGE_NOTE, "info"))
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


def _plan_section(plan: PlanReport, entries: Sequence[Entry]) -> Section:
    blocks: list[Block] = []
    if plan.pack:
        version = f" {plan.pack_version}" if plan.pack_version else ""
        facts = [("Plan", plan.title), ("Pack", f"{plan.pack}{version} (plan {plan.plan})"),
                 ("Started", day_text(plan.start))]
        if plan.total_weeks:
            facts.append(("Length", plural(plan.total_weeks, "week")))
        blocks.append(Facts(tuple(facts), frozenset({"Plan"})))
    blocks += [Para(note, "info") for note in plan.notes]
    if plan.weeks:
        rows = tuple((f"{w.week}" + (" (so far)" if w.current else "")
                      + (" (partial)" if w.partial and not w.current else ""),
                      f"{day_text(w.first)} to {day_text(w.last)}", str(w.planned),
                      str(w.done), str(w.extra)) for w in plan.weeks)
        blocks.append(Table(("Week", "Days counted", "Planned", "Done as planned",
                             "Other practice"),
                            rows, "Plan weeks: planned and done", frozenset({2, 3, 4})))
        pct = plan.adherence()
        share = f" ({pct} %)" if pct is not None else ""
        completed = sum(e.type == "session" and e.status == "completed" for e in entries)
        counted = plan.done + plan.extra
        agree = ""
        if counted == completed:
            agree = f" These are all {plural(completed, 'completed session')} in these dates."
        elif counted < completed:
            agree = (f" The other {plural(completed - counted, 'completed session')} in "
                     "these dates fell outside the plan's weeks (before its start, or after "
                     "its end or today).")
        blocks.append(Para(f"Over these weeks: {plan.done} of {plan.planned} suggested "
                           f"sessions{share} and {plural(plan.extra, 'other session')}."
                           + agree))
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
                                    "The scales rated in these dates",
                                    own=frozenset({1, 2})),), "scales")


def _notes(found: list[Words] | None) -> Section:
    title = "Notes and written answers"
    if found is None:
        return Section(title, (Para(NOTES_LEFT_OUT, "info"),), "notes")
    if not found:
        return Section(title, (Para("No notes or written answers in these dates.", "empty"),),
                       "notes")
    blocks: list[Block] = [Para("The person's own words, as they wrote them.", "info")]
    for w in found:
        parts = ([("Note", w.note)] if w.note else []) + list(w.answers)
        blocks.append(Quote(time_text(w.when), w.what, tuple(parts)))
    return Section(title, tuple(blocks), "notes")
