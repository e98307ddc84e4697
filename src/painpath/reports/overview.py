"""Page one of a report: who, when, which plan, and "is this helping, are they practising?"

A clinician reads this page in a minute: the PEG score at the start and end of
the dates and the weekly mean pain, each with its change read against the
IMMPACT benchmarks; how much of the plan was done; how often a practice was
stopped early or "ground me now" was used; and every high distress rating with
its date. Nothing identifying is on it unless the person gave it (`--client`,
`--clinician`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from painpath.format.models import Scale
from painpath.reports.blocks import Facts, Para, Section
from painpath.reports.plan_weeks import PlanReport
from painpath.reports.summary import (
    PHASE_WORDS,
    DateRange,
    WeeklyLine,
    day_text,
    immpact_reading,
    mean_text,
    plural,
    scale_question,
    weekly_line,
)
from painpath.scale_names import scale_words
from painpath.stats import Stats
from painpath.store.records import Entry
from painpath.timefmt import length

# What "ground me now" opens (painpath.library.GROUND_ME_NOW; the library itself is
# not imported for one name). The log does not tell that button from choosing the
# practice, so the count is of that practice.
GROUND_ME_NOW = "painpath/feet-on-floor"
HIGH_SHARE = 0.7  # a distress rating at 70 % of its scale or more is flagged
SHOWN_HIGH = 12  # flagged ratings listed by date; more are counted

IMMPACT_PAGE_NOTE = (
    "Changes in the PEG score and in weekly mean pain are read with the IMMPACT "
    "benchmarks (Dworkin et al., 2008): a reduction of at least 10 % is minimal, at least "
    "30 % moderate, at least 50 % substantial. Weekly means use the ratings given before "
    "practice and at check-ins. The benchmarks are for change over weeks, so the "
    "before → after of single sessions (later in this report) is not read with them.")


@dataclass(frozen=True)
class Who:
    """Names the person chose to put on the report; empty means not given."""

    client: str = ""
    clinician: str = ""


def is_distress_scale(scale_id: str, scale: Scale | None = None) -> bool:
    """The built-in distress scale, a pack's own SUDS or distress scale, or a pack
    scale marked `distress_like = true` (the same ones the gentle offer follows)."""
    return (scale_id == "distress" or "suds" in scale_id or "distress" in scale_id
            or (scale is not None and scale.distress_like))


def high_mark(scale: Scale) -> int:
    """The lowest value flagged as high on this scale (7 on 0–10, 70 on 0–100)."""
    return scale.min + math.ceil(HIGH_SHARE * (scale.max - scale.min))


@dataclass(frozen=True)
class HighRating:
    at: datetime
    scale: str
    value: int
    top: int
    moment: str


def high_distress(entries: Sequence[Entry], scales: Mapping[str, Scale] | None
                  ) -> list[HighRating]:
    """Every distress rating at or above its scale's high mark, oldest first."""
    out = []
    for e in entries:
        for r in e.ratings:
            scale = scale_question(r.scale, scales)
            if (scale is None or not is_distress_scale(r.scale, scale)
                    or r.value < high_mark(scale)):
                continue
            out.append(HighRating(r.at or e.started, r.scale, r.value, scale.max,
                                  PHASE_WORDS.get(r.phase, r.phase)))
    return out


def _high_text(found: list[HighRating], entries: Sequence[Entry],
               scales: Mapping[str, Scale] | None) -> str:
    used = sorted({r.scale for e in entries for r in e.ratings
                   if is_distress_scale(r.scale, scale_question(r.scale, scales))})
    if not used:
        return "no distress ratings in these dates"
    if not found:
        marks = ", ".join(f"{s} {high_mark(sc)} or more of {sc.max}" for s in used
                          if (sc := scale_question(s, scales)) is not None)
        return f"none ({marks})" if marks else "none"
    items = [f"{day_text(h.at.date())}: {scale_words(h.scale)} {h.value} of {h.top}, {h.moment}"
             for h in found[:SHOWN_HIGH]]
    more = f"; and {len(found) - SHOWN_HIGH} more" if len(found) > SHOWN_HIGH else ""
    return "; ".join(items) + more


def peg_text(stats: Stats) -> str:
    """The first and last PEG score in the dates, with the change's IMMPACT band."""
    if not stats.peg:
        return "no PEG check-ins in these dates"
    first, last = stats.peg[0], stats.peg[-1]
    start = f"{mean_text(first.score)} on {day_text(first.at.date())}"
    if len(stats.peg) == 1:
        return f"{start} (one PEG check-in, so no change to read)"
    return (f"{start} → {mean_text(last.score)} on {day_text(last.at.date())}: "
            f"{immpact_reading(first.score, last.score)}")


def weekly_pain_text(line: WeeklyLine) -> str:
    """First and last week's mean pain, with the change's IMMPACT band."""
    if not line.weeks:
        return "no pain ratings before practice or at check-ins"
    first, last = line.weeks[0], line.weeks[-1]
    start = f"{mean_text(first.mean)} (week of {day_text(first.week)})"
    if len(line.weeks) == 1:
        return f"{start}, one week only"
    by_week = {w.week: w for w in line.weeks}
    weeks = range(0, (last.week - first.week).days + 1, 7)
    each = [mean_text(w.mean) if (w := by_week.get(first.week + timedelta(days=n))) else "none"
            for n in weeks]
    return (f"{start} → {mean_text(last.mean)} (week of {day_text(last.week)}): "
            f"{immpact_reading(first.mean, last.mean)}; by week: {', '.join(each)}")


def adherence_text(plan: PlanReport) -> str:
    pct = plan.adherence()
    if pct is None:
        return "no sessions suggested in these dates"
    partial = sum(w.partial for w in plan.weeks)
    note = f"; {plural(partial, 'week')} counted in part" if partial else ""
    return f"{pct} % ({plan.done} of {plan.planned} suggested sessions done{note})"


def sessions_text(entries: Sequence[Entry], stats: Stats) -> str:
    sessions = [e for e in entries if e.type == "session"]
    if not sessions:
        return "none in these dates"
    counts = {s: sum(e.status == s for e in sessions)
              for s in ("completed", "stopped", "interrupted", "in-progress")}
    how = [f"{counts['completed']} to the end", f"{counts['stopped']} stopped early"]
    if counts["interrupted"]:
        how.append(f"{counts['interrupted']} interrupted")
    if counts["in-progress"]:
        how.append(f"{counts['in-progress']} in progress")
    days = len({e.started.date() for e in sessions})
    return (f"{len(sessions)} ({', '.join(how)}); {length(stats.minutes * 60)} of practice "
            f"on {plural(days, 'day')}")


def packs_text(entries: Sequence[Entry]) -> str:
    """Each pack practised from, with the versions the log recorded."""
    found: dict[str, set[str]] = {}
    for e in entries:
        if e.type == "session" and e.exercise:
            versions = found.setdefault(e.exercise.partition("/")[0], set())
            if e.pack_version:
                versions.add(e.pack_version)
    return "; ".join(f"{pack} {', '.join(sorted(v))}".strip() for pack, v in sorted(found.items()))


def page_one(entries: Sequence[Entry], span: DateRange, stats: Stats, *, who: Who,
             plan: PlanReport | None, scales: Mapping[str, Scale] | None,
             with_notes: bool) -> Section:
    """The "At a glance" section: everything above, as label: value lines."""
    items: list[tuple[str, str]] = []
    if who.client:
        items.append(("Client", who.client))
    if who.clinician:
        items.append(("Clinician", who.clinician))
    if plan is not None and plan.pack:
        items.append(("Plan", plan.title))
        version = f" {plan.pack_version}" if plan.pack_version else ""
        length_words = f", {plural(plan.total_weeks, 'week')}" if plan.total_weeks else ""
        items.append(("Pack and plan", f"{plan.pack}{version}, plan {plan.plan}, started "
                      f"{day_text(plan.start)}{length_words}"))
        items.append(("Plan adherence", adherence_text(plan)))
    elif plan is not None:  # a plan file that could not be read: its note says why
        items.append(("Plan", " ".join(plan.notes) or "could not be read"))
    else:
        items.append(("Plan", "none followed"))
    practised = packs_text(entries)
    if practised:
        items.append(("Practices from", practised))
    items.append(("PEG score", peg_text(stats)))
    items.append(("Weekly mean pain", weekly_pain_text(weekly_line(entries, "pain", span))))
    items.append(("Sessions", sessions_text(entries, stats)))
    grounding = sum(e.type == "session" and e.exercise == GROUND_ME_NOW for e in entries)
    items.append(("Ground me now", f"{plural(grounding, 'session')} of Feet on the floor, "
                  "the practice it opens"))
    pegs = sum(e.peg for e in entries if e.type == "check-in")
    items.append(("Check-ins", f"{stats.check_ins}" + (f", of which {pegs} PEG" if pegs else "")))
    items.append(("High distress", _high_text(high_distress(entries, scales), entries, scales)))
    items.append(("Notes and written answers", "included at the end" if with_notes
                  else "left out (see the last section)"))
    own = frozenset({"Client", "Clinician", "Plan"})
    return Section("At a glance", (Facts(tuple(items), own), Para(IMMPACT_PAGE_NOTE, "info")),
                   "glance")
