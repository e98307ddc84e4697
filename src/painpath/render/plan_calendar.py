"""A plan's calendar in lines of text, for `plan preview` and `show plan.toml`.

Plain lines rather than a table: they read well in a screen reader and in a
narrow terminal, and every title from the pack goes in as `Text`, never markup.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

from painpath.format.models import Pack, Plan
from painpath.format.planfile import and_list, week_words
from painpath.plan_calendar import CalendarDay, CalendarWeek, WeekRun, end_of, load, runs
from painpath.plans import DAY_NAMES
from painpath.text import clean_line
from painpath.timefmt import length

_TIMES = {1: "", 2: ", twice"}


def _item_words(day: CalendarDay) -> str:
    if not day.items:
        return "nothing set: a free day"
    parts = []
    for item in day.items:
        times = _TIMES.get(item.times, f", {item.times} times")
        if item.seconds is None:
            parts.append(f"{clean_line(item.title)}{times} (length not known here)")
        else:
            each = " each" if item.times > 1 else ""
            parts.append(f"{clean_line(item.title)}{times} ({length(item.seconds)}{each})")
    return "; ".join(parts)


def _minutes(day: CalendarDay) -> str:
    if not day.items:
        return "–"
    return length(day.seconds) + ("+" if day.unknown else "")


def _day_label(day: CalendarDay, dated: bool) -> str:
    if dated and day.day is not None:
        return f"{day.day:%a %d %b}"
    return DAY_NAMES[day.weekday]


def _heading(first: int, last: int, start: date | None) -> str:
    words = f"Week {first}" if first == last else f"Weeks {first}-{last}, the same each week"
    if start is not None:
        begins = start + timedelta(days=7 * (first - 1))
        words += f" ({begins:%a %d %b %Y} to {end_of(start, last):%a %d %b %Y})"
    return words


def calendar_lines(pack: Pack, plan: Plan, weeks: list[CalendarWeek],
                   start: date | None = None) -> list[Text]:
    """The whole preview: who made it, each run of weeks day by day, and the load."""
    lines = [Text(clean_line(plan.title), style="bold"),
             Text(clean_line(f'The plan "{plan.id}" from the pack "{pack.title}" ({pack.id}, '
                             f"version {pack.version})"
                             + (f", by {pack.author}" if pack.author else "") + "."),
                  style="dim")]
    begins = (f"Week 1 begins on {start:%A %d %B %Y}" if start is not None else
              "Week 1 begins on the day your client starts the plan")
    lines.append(Text(f"{plan.weeks} week{'s' if plan.weeks != 1 else ''}. {begins}; the "
                      "days follow the calendar."))
    if plan.message:
        lines.append(Text(clean_line(f"Message with each day's practice: {plan.message}")))
    # With a start date every week has its own dates, so each is shown.
    for run in runs(weeks) if start is None else [WeekRun(w.week, w.week, w) for w in weeks]:
        lines.append(Text())
        lines.append(Text(_heading(run.first, run.last, start), style="bold"))
        dated = start is not None
        for day in run.week.days:
            style = "bold yellow" if day.long else ""
            line = f"  {_day_label(day, dated):<10} {_minutes(day):>11}   {_item_words(day)}"
            if day.long:
                line += "  (more than 90 minutes)"
            lines.append(Text(line, style=style))
        each = " each week" if run.first != run.last else ""
        sessions = sum(day.sessions for day in run.week.days)
        lines.append(Text(f"  In all: {length(run.week.seconds)} in {sessions} "
                          f"session{'s' if sessions != 1 else ''}{each}.", style="dim"))
    lines.append(Text())
    lines.extend(_load_lines(weeks))
    return lines


def _load_lines(weeks: list[CalendarWeek]) -> list[Text]:
    found = load(weeks)
    out = []
    if found.busiest:
        where: dict[int, list[int]] = {}
        for week, weekday in found.busiest_days:
            where.setdefault(weekday, []).append(week)
        by_weeks: dict[tuple[int, ...], list[int]] = {}
        for weekday, in_weeks in where.items():
            by_weeks.setdefault(tuple(in_weeks), []).append(weekday)
        places = "; ".join(f"{and_list([DAY_NAMES[d] for d in sorted(days)])} in "
                           f"{week_words(in_weeks)}" for in_weeks, days in by_weeks.items())
        out.append(Text(f"The busiest day: {length(found.busiest)} ({places})."))
    days = len(weeks) * 7
    out.append(Text(f"Over {len(weeks)} week{'s' if len(weeks) != 1 else ''}: "
                    f"{length(found.total)} of practice in {found.sessions} "
                    f"session{'s' if found.sessions != 1 else ''}, "
                    f"{found.free_days} free day{'s' if found.free_days != 1 else ''} of "
                    f"{days}."))
    if found.long_days:
        out.append(Text(f"{found.long_days} day{'s' if found.long_days != 1 else ''} ask"
                        f"{'s' if found.long_days == 1 else ''} for more than 90 minutes.",
                        style="yellow"))
    unknown = any(day.unknown for week in weeks for day in week.days)
    out.append(Text("Lengths are as planned; a step that waits for your client counts 10 s "
                    "for each thing to mark and 1 min for a written answer."
                    + (" A + means a practice from another pack, whose length is not known "
                       "here." if unknown else ""), style="dim"))
    return out
