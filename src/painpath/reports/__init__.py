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
    from painpath.reports.summary import PlanReport


def _today() -> date:
    """Today on this computer's clock (a function, so tests can fix the day)."""
    return date.today()


def active_plan_report(ctx: Context, *, since: date | None, until: date | None,
                       today: date | None = None) -> PlanReport | None:
    """Planned vs done per week of the plan being followed; None when there is none."""
    from painpath.plans import PlanFileError, completed_between, find_active_plan, read_active
    from painpath.reports.summary import plan_report
    from painpath.store.db import Store

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
                                  "be shown."])
    _, plan, notes = find_active_plan(active, library)
    done: dict[date, dict[str, int]] = {}
    if plan is not None and ctx.paths.database.exists():
        last = min(until or today, today)
        with Store.for_paths(ctx.paths) as store:
            done = completed_between(store, active.start, max(last, active.start))
    return plan_report(active.pack, active.plan, active.start, plan, done, today=today,
                       since=since, until=until, notes=notes)


def _unreadable_plan(err: PainpathError) -> PlanReport:
    from painpath.reports.summary import PlanReport

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
    """Titles of the installed exercises these entries name (reports read titles)."""
    library = ctx.library_if_loadable()
    if library is None:
        return {}
    return library.titles({e.get("exercise") for e in entries
                           if isinstance(e.get("exercise"), str)})


def report_inputs(ctx: Context, fmt: str, entries: Sequence[Mapping[str, Any]], *,
                  since: date | None, until: date | None) -> dict[str, Any]:
    """Keyword arguments for `render` beyond the entries: only those with something in.

    Reports for reading (md, html) get the active plan's weeks and the exercises'
    titles; every format gets the questions of pack scales the entries use.
    """
    extra: dict[str, Any] = {}
    if fmt in ("md", "html"):
        plan = active_plan_report(ctx, since=since, until=until)
        if plan is not None:
            extra["plan"] = plan
        titles = exercise_titles(ctx, entries)
        if titles:
            extra["titles"] = titles
    scales = pack_scales(ctx, entries)
    if scales:
        extra["scales"] = scales
    return extra
