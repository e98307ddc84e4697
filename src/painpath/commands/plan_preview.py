"""`plan preview PACK` and `show plan.toml`: a plan as a calendar, before it is handed over.

A therapist sees each week, each day, the practices and the minutes they ask
for, from a pack folder or its .zip, without installing anything.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from painpath import packs
from painpath.context import Context
from painpath.errors import InvalidFileError, NotFoundError
from painpath.format.loader import Loaded, load_pack
from painpath.format.models import Exercise, Pack, Plan
from painpath.plan_calendar import calendar, load
from painpath.render import console, write_json


def _load(path: Path) -> Pack:
    """The pack at `path`, or its problems printed and a refusal in words."""
    with packs.open_source(path) as source:
        loaded = load_pack(source)
    if loaded.errors or not loaded.packs:
        _refuse(loaded, path)
    return loaded.packs[0]


def _refuse(loaded: Loaded, path: Path) -> NoReturn:
    from painpath.render.library import print_problems

    print_problems(loaded)
    raise InvalidFileError(f"{path} has problems, so its plan cannot be shown yet.",
                           hint=f"Fix them (`painpath validate {path}` lists them) and "
                                "preview again.")


def _chosen(pack: Pack, plan_id: str | None) -> list[Plan]:
    if not pack.plans:
        raise NotFoundError(f'The pack "{pack.id}" has no plan to preview.',
                            hint="A plan is a plan.toml beside pack.toml (see "
                                 "`painpath pack new`).")
    if plan_id is None:
        return list(pack.plans)
    found = [p for p in pack.plans if p.id == plan_id]
    if not found:
        raise NotFoundError(f'The pack "{pack.id}" has no plan called "{plan_id}".',
                            hint=f"Its plans are: {', '.join(p.id for p in pack.plans)}.")
    return found


def _exercises(ctx: Context, pack: Pack) -> dict[str, Exercise]:
    """The pack's practices, and the installed ones a plan may name from other packs."""
    return {**ctx.library.exercises, **{ex.qualified_id: ex for ex in pack.exercises}}


def plan_json(pack: Pack, plan: Plan, exercises: dict[str, Exercise], start: date | None
              ) -> dict[str, Any]:
    weeks = calendar(plan, exercises, start)
    found = load(weeks)
    return {"pack": pack.id, "pack_title": pack.title, "version": pack.version,
            "plan": plan.id, "title": plan.title, "weeks": plan.weeks,
            "message": plan.message, "start": start.isoformat() if start else None,
            "busiest_day_seconds": found.busiest, "total_seconds": found.total,
            "sessions": found.sessions, "free_days": found.free_days,
            "days_over_90_minutes": found.long_days,
            "calendar": [week.to_json() for week in weeks]}


def show(ctx: Context, pack: Pack, plans: list[Plan], start: date | None,
         as_json: bool) -> None:
    exercises = _exercises(ctx, pack)
    if as_json:
        write_json([plan_json(pack, p, exercises, start) for p in plans])
        return
    from painpath.render.plan_calendar import calendar_lines

    out = console()
    for n, plan in enumerate(plans):
        if n:
            out.print()
        for line in calendar_lines(pack, plan, calendar(plan, exercises, start), start):
            out.print(line)


def cmd_preview(args: argparse.Namespace, ctx: Context) -> int:
    from painpath.store.times import parse_day

    start = parse_day(args.start, "--start") if args.start else None
    pack = _load(Path(args.pack))
    show(ctx, pack, _chosen(pack, args.plan), start, args.json)
    return 0


def show_plan_file(path: Path, ctx: Context) -> int:
    """`painpath show pack/plan.toml`: the plan checked against its pack, as a calendar."""
    from painpath.format.loader import load_plan_file, plan_pack_root

    checked = load_plan_file(path)
    if checked.errors or checked.derived or not checked.plans:
        _refuse(checked, path)
    root = plan_pack_root(path)
    if root is None:
        raise InvalidFileError(f"{path} is a plan, but not inside a pack folder, so its "
                               "practices cannot be shown.",
                               hint="Put it beside the pack's pack.toml, as plan.toml.")
    pack = _load(root)
    mine = path.resolve()
    show(ctx, pack, [p for p in pack.plans if Path(p.source).resolve() == mine], None, False)
    return 0
