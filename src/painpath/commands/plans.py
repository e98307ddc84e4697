"""`plan start|show|stop` and `today`: the words around `painpath.plans`.

The date comes from `current_day()` here, the one place that asks the clock,
so the core stays testable and the CLI tests can set the day. Nothing printed
is a score or a streak: what is suggested, and what was done, as information.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from rich.console import Console
from rich.text import Text

from painpath import plans
from painpath.context import Context
from painpath.errors import PainpathError, StoreError
from painpath.format.models import Plan
from painpath.render import console, write_json
from painpath.safety import EMERGENCY_SHORT, pack_crisis
from painpath.text import clean

PLAN_HELP = """\
painpath plan ACTION

  start PACK[/PLAN]   start following a plan from a pack (week 1 begins today);
                      the plan you already follow starts over only with --restart
  show                the plan you follow: this week, day by day
  stop                stop following it (your log keeps everything)
  preview PACK        a pack's plan as a calendar, before handing it over

`painpath today` shows what the plan suggests today."""


def _text(words: str, style: str = "") -> Text:
    """Words that hold pack or plan text, cleaned of control characters here too.

    The loader cleans pack files already; the plan file and anything built
    another way get the same treatment, so no escape sequence reaches the terminal.
    """
    return Text(clean(words), style=style)


def current_day() -> date:
    """Today on this computer's clock (tests replace this)."""
    return date.today()


def cmd_plan_help(args: argparse.Namespace, ctx: Context) -> int:
    console().print(PLAN_HELP)
    return 0


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _safe_read(ctx: Context) -> plans.ActivePlan | None:
    """The active plan, or None; a damaged plan file is simply replaced or removed."""
    try:
        return plans.read_active(ctx.paths)
    except plans.PlanFileError:
        return None


def _restart_wanted(args: argparse.Namespace, plan: Plan, active: plans.ActivePlan,
                    day: date) -> bool:
    """Starting the plan already followed starts it over: only when the person says so.

    Its weeks so far would no longer count as the plan's (the report's
    adherence begins at the new start), so it takes `--restart`, or a yes
    typed at the terminal; without a terminal to ask, nothing changes.
    """
    if args.restart:
        return True
    week = plans.week_of(active.start, day)
    where = (f"week {week} of {plan.weeks}" if week <= plan.weeks
             else f"all {plan.weeks} weeks are over")
    since = f'You already follow "{plan.title}", since {active.start:%A %d %B %Y} ({where}).'
    if not sys.stdin.isatty():
        raise PainpathError(f"{since} It keeps running from that day; nothing was changed.",
                            hint=f"To start it over from today as week 1: painpath plan "
                                 f"start {args.plan_id} --restart")
    out = console()
    out.print(_text(since))
    out.print("Starting it again makes today week 1; your log keeps everything, but the "
              "weeks so far will no longer count as this plan's.")
    try:
        answer = input("Start it again from today? Type yes to restart: ")
    except EOFError:
        answer = ""
    if answer.strip().lower() in ("y", "yes"):
        return True
    out.print(_text(f"Nothing was changed: the plan keeps running from "
                    f"{active.start:%A %d %B %Y}."))
    return False


def cmd_start(args: argparse.Namespace, ctx: Context) -> int:
    day = current_day()
    previous = _safe_read(ctx)
    pack, plan = plans.resolve_plan(ctx.library, args.plan_id)
    same = previous is not None and (previous.pack, previous.plan) == (pack.id, plan.id)
    if previous is not None and same and not _restart_wanted(args, plan, previous, day):
        return 0
    plans.start(ctx.paths, ctx.library, f"{pack.id}/{plan.id}", day)
    out = console()
    if previous and not same:
        out.print(_text(f'This replaces the plan "{previous.plan}" from "{previous.pack}".'))
    elif previous:
        out.print("You were already following this plan; it now starts again from today.")
    out.print(_text(f'Started "{plan.title}" from "{pack.title}". Week 1 of {plan.weeks} '
                   "begins today."))
    if plan.message:
        out.print(_text(plan.message))
    out.print("`painpath today` shows what it suggests each day; `painpath plan show` "
              "shows the week.")
    return 0


def cmd_stop(args: argparse.Namespace, ctx: Context) -> int:
    previous = _safe_read(ctx)
    if not plans.clear_active(ctx.paths):
        console().print("No plan is running, so there is nothing to stop.")
        return 0
    name = f'"{previous.plan}" from "{previous.pack}"' if previous else "your plan"
    console().print(_text(f"You have stopped following {name}. Your log keeps everything you "
                         "practised, and every practice is still there to use freely."))
    return 0


def _no_plan_text() -> str:
    return ("No plan is running. A therapist's pack may hold one: `painpath pack list` "
            "shows your packs, and `painpath plan start PACK` starts its plan. Every practice "
            "is in `painpath list`, to use freely.")


def _finished_text(plan: Plan) -> str:
    return (f'The {plan.weeks} week{"s" if plan.weeks != 1 else ""} of "{plan.title}" are '
            "over. You are welcome to keep practising freely, with whichever practice suits "
            "you that day: `painpath list` shows them all.")


def _show_json(ctx: Context, active: plans.ActivePlan, day: date) -> dict[str, Any]:
    pack, plan, notes = plans.find_active_plan(active, ctx.library)
    data: dict[str, Any] = {**active.to_json(),
                            "notes": notes, "title": None, "message": None}
    data.pop("format", None)
    if plan is None:
        return data
    today = plans.plan_day(plan, active.start, day)
    week = max(1, min(today.week, plan.weeks))
    days = []
    for when, pday in plans.week_days(plan, active.start, week):
        days.append({"date": when.isoformat(), "weekday": plans.DAY_NAMES[pday.weekday],
                     "today": when == day,
                     "items": [{"exercise": ident, "times": times,
                                "title": _title(ctx, ident)} for ident, times in pday.items]})
    data.update({"title": plan.title, "message": plan.message, "weeks": plan.weeks,
                 "week": today.week, "finished": today.finished,
                 "before_start": today.before_start, "days": days,
                 "pack_title": pack.title if pack else None})
    return data


def _title(ctx: Context, ident: str) -> str | None:
    exercise = ctx.library.exercises.get(ident)
    return exercise.title if exercise else None


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    active = plans.read_active(ctx.paths)
    day = current_day()
    if args.json:
        payload = _show_json(ctx, active, day) if active else None
        write_json(payload)
        return 0
    out = console()
    if active is None:
        out.print(_no_plan_text())
        return 0
    pack, plan, notes = plans.find_active_plan(active, ctx.library)
    for note in notes:
        out.print(_text(note))
    if plan is None or pack is None:
        return 0
    out.print(_text(plan.title, style="bold"))
    by = f" by {pack.author}" if pack.author else ""
    contact = f" ({pack.contact})" if pack.contact else ""
    out.print(_text(f'From the pack "{pack.title}"{by}{contact}.', style="dim"))
    if plan.message:
        out.print()
        out.print(_text(plan.message))
    out.print()
    today = plans.plan_day(plan, active.start, day)
    if today.before_start:
        out.print(_text(f"This plan begins on {active.start:%A %d %B %Y}."))
        return 0
    if today.finished:
        out.print(_text(_finished_text(plan)))
        return 0
    out.print(_text(f"Week {today.week} of {plan.weeks} (you started on "
                   f"{active.start:%A %d %B %Y})", style="bold"))
    for when, pday in plans.week_days(plan, active.start, today.week):
        label = f"{when:%a %d %b}" + (" (today)" if when == day else "")
        if pday.items:
            parts = [f"{_title(ctx, ident) or ident} ({_times(times)})"
                     for ident, times in pday.items]
            line = "; ".join(parts)
        else:
            line = "nothing set: a free day"
        out.print(_text(f"  {label:<18} {line}", style="bold" if when == day else ""))
    return 0


def _done_counts(ctx: Context, notes: list[str]) -> plans.DoneCounts:
    """Completed sessions on a day, read from the log; an unreadable log counts none."""
    def counts(day: date) -> dict[str, int]:
        if not ctx.paths.database.is_file():
            return {}
        from painpath.store import Store

        try:
            with Store.for_paths(ctx.paths) as store:
                return plans.completed_on(store, day)
        except StoreError as err:
            notes.append(f"Your log could not be read just now ({err.message}), so sessions "
                         "done today are not counted below.")
            return {}

    return counts


def cmd_today(args: argparse.Namespace, ctx: Context) -> int:
    day = current_day()
    active = plans.read_active(ctx.paths)
    log_notes: list[str] = []
    result = plans.today_for(active, ctx.library, day, _done_counts(ctx, log_notes))
    notes = result.notes + log_notes
    if args.json:
        write_json([item.to_json() for item in result.items])
        err = console(stderr=True)
        for note in notes:
            err.print(_text(note))
        return 0
    out = console()
    if active is None:
        out.print(_no_plan_text())
        return 0
    for note in notes:
        out.print(_text(note))
    plan, pday = result.plan, result.day
    if plan is None or pday is None:
        return 0
    if pday.before_start:
        out.print(_text(f'"{plan.title}" begins on {active.start:%A %d %B %Y}.'))
        _print_crisis(out, result)
        return 0
    if pday.finished:
        out.print(_text(_finished_text(plan)))
        _print_crisis(out, result)
        return 0
    out.print(_text(f"{day:%A %d %B}: week {pday.week} of {plan.weeks} of \"{plan.title}\"",
                   style="bold"))
    if not result.items:
        out.print("Nothing is set for today. It is a free day: practise if you like, or rest.")
    for item in result.items:
        done = f"done today: {item.done}" if item.done else "not yet today"
        if item.exercise is None:
            out.print(_text(f"  {item.id}: suggested {_times(item.times)} (not installed now)"))
            continue
        out.print(_text(f"  {item.title}: suggested {_times(item.times)}; {done}"))
        out.print(_text(f"      painpath run {item.id}", style="dim"))
    if plan.message:
        out.print()
        out.print(_text(plan.message, style="italic"))
    _print_crisis(out, result)
    return 0


def _print_crisis(out: Console, result: plans.Today) -> None:
    """The plan's pack's own crisis line, if it has one, beside painpath's."""
    crisis = pack_crisis(result.pack)
    if crisis:
        out.print()
        out.print(_text(EMERGENCY_SHORT))
        out.print(_text(crisis, style="bold"))
