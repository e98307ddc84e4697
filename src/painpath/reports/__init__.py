"""Clinical reports of the log: Markdown, HTML (with an SVG chart) and FHIR.

Each format module has `render(entries, *, since, until, with_notes, plan=None,
scales=None) -> str`, a pure function of the export entries (`entry_to_dict`
dicts) and what is passed in. `report_inputs` is the one place that reads
anything else (the active plan, the installed packs' scales); `painpath export`
calls it and hands its result to `render`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from painpath.errors import PainpathError
from painpath.format.models import BUILTIN_SCALES

if TYPE_CHECKING:
    from painpath.context import Context
    from painpath.reports.plan_weeks import PlanReport


def _today() -> date:
    """Today on this computer's clock (a function, so tests can fix the day)."""
    return date.today()


def active_plan_report(ctx: Context, entries: Sequence[Mapping[str, Any]], *,
                       since: date | None, until: date | None,
                       today: date | None = None) -> PlanReport | None:
    """Planned vs done per week of the plan being followed; None when there is none.

    What was done is counted from the report's own `entries` (those inside its
    dates), so the plan's numbers and "At a glance" speak of the same sessions.
    """
    from painpath.plans import PlanFileError, find_active_plan, read_active
    from painpath.reports.plan_weeks import completed_by_day, plan_report
    from painpath.reports.summary import load_entries

    today = today or _today()
    try:
        active = read_active(ctx.paths)
    except PlanFileError as err:
        return _unreadable_plan(err)
    if active is None:
        return None
    library = ctx.library_if_loadable()
    if library is None:
        return plan_report(active.pack, active.plan, active.start, None, {}, today=today,
                           notes=["The practices could not be loaded, so the plan cannot "
                                  "be shown."], pack_version=active.pack_version)
    _, plan, notes = find_active_plan(active, library)
    done = completed_by_day(load_entries(entries))
    return plan_report(active.pack, active.plan, active.start, plan, done, today=today,
                       since=since, until=until, notes=notes,
                       pack_version=active.pack_version)


def _unreadable_plan(err: PainpathError) -> PlanReport:
    from painpath.reports.plan_weeks import PlanReport

    return PlanReport("", "", "", _today(), 0, (), (f"{err.message} {err.hint or ''}".strip(),))


def pack_scales(ctx: Context, entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The packs' own scales that these entries use (their questions), if any."""
    used = {r.get("scale") for e in entries for r in e.get("ratings") or []
            if isinstance(r, Mapping)}
    wanted = {s for s in used if isinstance(s, str) and s not in BUILTIN_SCALES}
    if not wanted:
        return {}
    library = ctx.library_if_loadable()
    if library is None:
        return {}
    from painpath.store.scales import known_scales

    known = known_scales(library)
    return {s: known[s] for s in sorted(wanted) if s in known}


def exercise_titles(ctx: Context, entries: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Titles of the installed exercises these entries name (reports read titles), and
    of the practices that replace any of them under a new id."""
    library = ctx.library_if_loadable()
    if library is None:
        return {}
    ids = {e.get("exercise") for e in entries if isinstance(e.get("exercise"), str)}
    renamed = library.renamed()
    return library.titles(ids | {renamed[i] for i in ids if i in renamed})


def renamed_practices(ctx: Context, entries: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Earlier ids these entries name -> the practice that `replaces` each (packs say)."""
    library = ctx.library_if_loadable()
    if library is None:
        return {}
    renamed = library.renamed()
    return {e["exercise"]: renamed[e["exercise"]] for e in entries
            if isinstance(e.get("exercise"), str) and e["exercise"] in renamed}


def step_labels(ctx: Context, entries: Sequence[Mapping[str, Any]]
                ) -> dict[str, dict[int, str]]:
    """For written answers: each answered step's title, else the question it asks."""
    library = ctx.library_if_loadable()
    if library is None:
        return {}
    wanted = {e.get("exercise") for e in entries if e.get("entries")}
    out: dict[str, dict[int, str]] = {}
    for ident in sorted(w for w in wanted if isinstance(w, str)):
        exercise = library.exercises.get(ident)
        if exercise is not None:
            out[ident] = {i: step.title or _question(step.text)
                          for i, step in enumerate(exercise.steps)}
    return out


def _question(text: str, limit: int = 90) -> str:
    """A step's text as a label: its first line, cut at a word if long."""
    first = text.strip().split("\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def report_inputs(ctx: Context, fmt: str, entries: Sequence[Mapping[str, Any]], *,
                  since: date | None, until: date | None) -> dict[str, Any]:
    """Keyword arguments for `render` beyond the entries: only those with something in.

    Reports for reading (md, html) get the active plan's weeks, the exercises'
    titles and the labels of written answers' steps; every format gets the
    questions of pack scales the entries use.
    """
    extra: dict[str, Any] = {}
    if fmt in ("md", "html"):
        plan = active_plan_report(ctx, entries, since=since, until=until)
        if plan is not None:
            extra["plan"] = plan
        titles = exercise_titles(ctx, entries)
        if titles:
            extra["titles"] = titles
        steps = step_labels(ctx, entries)
        if steps:
            extra["steps"] = steps
        renamed = renamed_practices(ctx, entries)
        if renamed:  # the per-practice tables agree with `painpath stats`
            extra["renamed"] = renamed
    scales = pack_scales(ctx, entries)
    if scales:
        extra["scales"] = scales
    return extra
