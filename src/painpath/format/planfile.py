"""Checking a plan file against the pack it belongs to.

A plan names practices by id; when one of them is missing the person needs
to know why: no such practice (a typo, with a suggestion), a practice whose
own file has an error (that error is the one to fix; this line only follows
from it), or a linked file that was left out of the pack. A day that asks
for more than 90 minutes of practice is worth a second look, so it is named
with its total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from painpath.format import values as v
from painpath.format.checker import Checker, did_you_mean
from painpath.format.models import Assign, Plan
from painpath.format.validate import format_ok, optional_text, required_title
from painpath.timefmt import length

PLAN_KEYS = ("format", "id", "title", "weeks", "message", "assign")
ASSIGN_KEYS = ("exercise", "weeks", "days", "times")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAYS = {f"{d}{rest}": d for d, rest in zip(
    DAY_NAMES, ("day", "sday", "nesday", "rsday", "day", "urday", "day"), strict=True)}
_FULL_DAYS.update({d: d for d in DAY_NAMES})
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LONG_DAY_S = 90 * 60  # more practice than this in one day gets a warning


@dataclass
class PlanContext:
    """What a plan is checked against: the practices of its pack.

    `broken` maps the id of a practice whose file has an error to that file (as
    messages name it) and the file of the mistake it follows from; `linked`
    maps the name of a linked file left out of the pack to its path.
    `checked` is False for a plan outside any pack: its practices cannot be
    looked up, only its shape checked.
    """

    pack: str
    ids: set[str] = field(default_factory=set)
    broken: dict[str, tuple[str, str]] = field(default_factory=dict)
    linked: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, int] = field(default_factory=dict)
    replaced: dict[str, str] = field(default_factory=dict)  # earlier id → practice now
    checked: bool = True


def _weeks(value: Any, total: int) -> frozenset[int]:
    length = range(1, total + 1)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise v.Invalid(f'expected weeks like "all", "3", "1-2" or "1,3,5"; found '
                        f"{v.describe(value)}")
    text = value.replace(" ", "")
    if text.lower() == "all":
        return frozenset(length)
    weeks: set[int] = set()
    for part in text.split(","):
        bounds = part.split("-")
        if len(bounds) > 2 or not all(v.WHOLE_NUMBER.match(b) for b in bounds):
            raise v.Invalid(f'"{v.shown(value)}" is not a week list; write weeks like '
                            '"all", "3", "1-2" or "1,3,5"')
        first, last = int(bounds[0]), int(bounds[-1])
        if first > last:
            raise v.Invalid(f'"{part}" runs backwards; write the smaller week first')
        # Checked before the range is built, so "1-99999999" is said at once.
        outside = first if first < 1 else max(first, total + 1) if last > total else None
        if outside is not None:  # the first week of the range that is outside
            raise v.Invalid(f"week {outside} is outside this plan, which is {total} "
                            f"week{'s' if total != 1 else ''} long")
        weeks.update(range(first, last + 1))
    return frozenset(weeks)


def _days(value: Any) -> frozenset[int]:
    named = {"daily": range(7), "weekdays": range(5), "weekends": range(5, 7)}
    if isinstance(value, str) and value.lower() in named:
        return frozenset(named[value.lower()])
    if value == []:
        raise v.Invalid('the list of days is empty; name at least one day, like ["mon", '
                        '"fri"], or write "daily"')
    if isinstance(value, list):
        days: set[int] = set()
        for day in value:
            if not isinstance(day, str) or day.lower() not in DAY_NAMES:
                # Near misses are found among the whole names ("fryday" is near
                # "friday"), and suggested in the short form the format uses.
                guess = did_you_mean(day.lower(), _FULL_DAYS) if isinstance(day, str) else None
                hint = f'did you mean "{_FULL_DAYS[guess]}"? ' if guess else ""
                shown = f'"{day}"' if isinstance(day, str) else v.describe(day)
                raise v.Invalid(f"{shown} is not a day; {hint}use mon, tue, wed, "
                                "thu, fri, sat, sun")
            days.add(DAY_NAMES.index(day.lower()))
        return frozenset(days)
    raise v.Invalid(f'expected "daily", "weekdays", "weekends" or a list like ["mon", "fri"]; '
                    f"found {v.describe(value)}")


def _exercise_ref(c: Checker, ex: str, path: str, ctx: PlanContext) -> None:
    """Say why a plan line's practice cannot be used, if it cannot."""
    short = ex
    if "/" in ex:
        owner, _, short = ex.partition("/")
        if not (v.ID_RULE.match(owner) and v.ID_RULE.match(short)):
            c.add(f"{path}.exercise", f'"{v.shown(ex)}" is not an exercise id; name one of this '
                  'pack\'s exercises ("body-scan") or another pack\'s as PACK/EXERCISE '
                  '("steady-ground/body-scan")')
            return
        if owner != ctx.pack:
            return  # another pack's practice: looked up when the plan is followed
    if not ctx.checked or short in ctx.ids:
        return
    if short in ctx.broken:
        file, cause = ctx.broken[short]
        c.add(f"{path}.exercise", f'"{short}" is in {file}, which has an error, so this plan '
              "cannot use it until that file is fixed", cause=cause)
        return
    if short in ctx.replaced:
        c.add(f"{path}.exercise", f'there is no exercise "{short}" in this pack any more: '
              f'"{ctx.replaced[short]}" replaces it; name "{ctx.replaced[short]}" here')
        return
    if short in ctx.linked:
        c.add(f"{path}.exercise", f'there is no exercise "{short}" in this pack: '
              f"{ctx.linked[short]} is a link, and links are left out of a pack; copy the "
              "file itself into the pack")
        return
    guess = did_you_mean(short, ctx.ids)
    hint = f'; did you mean "{guess}"?' if guess else ""
    c.add(f"{path}.exercise", f'there is no exercise "{v.shown(short)}" in this pack{hint}')


def plan(c: Checker, data: dict[str, Any], ctx: PlanContext) -> Plan | None:
    """Check a plan; exercises must exist in the pack (or be named `PACK/EXERCISE`)."""
    if not format_ok(c, data):
        return None
    c.unknown_keys(data, PLAN_KEYS, "")
    ident = c.get(data, "id", "", v.identifier, required=True, example='id = "eight-weeks"')
    title = required_title(c, data)
    weeks = c.get(data, "weeks", "", lambda x: v.integer(x, low=1, high=104), required=True,
                  example="weeks = 8")
    message = optional_text(c, data, "message", 2_000)
    raw = data.get("assign")
    assigns: list[Assign] = []
    if isinstance(raw, dict):
        c.add("assign", "write each plan line under [[assign]], with two square brackets on "
              "each side; found [assign] with one. Use double brackets: [[assign]]")
        raw = []
    elif not isinstance(raw, list) or not raw or len(raw) > 200:
        c.add("assign", "a plan needs 1 to 200 [[assign]] tables, each naming an `exercise`")
        raw = []
    for n, item in enumerate(raw, start=1):
        path = f"assign[{n}]"
        if not isinstance(item, dict):
            c.add(path, f"each [[assign]] should be a table; found {v.describe(item)}")
            continue
        c.unknown_keys(item, ASSIGN_KEYS, path, top=PLAN_KEYS)
        ex = c.get(item, "exercise", path, lambda x: v.text(x, max_len=129, min_len=1),
                   required=True, example='exercise = "body-scan"')
        if ex:
            _exercise_ref(c, ex, path, ctx)
        wk = c.get(item, "weeks", path, lambda x: _weeks(x, weeks or 104),
                   default=frozenset(range(1, (weeks or 1) + 1)))
        days = c.get(item, "days", path, _days, default=frozenset(range(7)))
        times = c.get(item, "times", path, lambda x: v.integer(x, low=1, high=10), default=1)
        if ex:
            qualified = ex if "/" in ex else f"{ctx.pack}/{ex}"
            assigns.append(Assign(qualified, wk or frozenset(), days or frozenset(), times or 1))
    if weeks:
        _long_days(c, assigns, weeks, ctx)
    if c.failed:
        return None
    return Plan(id=ident or "", title=title, weeks=weeks or 1, assign=tuple(assigns),
                pack=ctx.pack, message=message, source=c.file)


def day_seconds(assigns: list[Assign] | tuple[Assign, ...], seconds: dict[str, int],
                week: int, weekday: int) -> int:
    """The planned practice of one plan day, in seconds (practices of unknown length add 0)."""
    return sum(line.times * seconds.get(line.exercise, 0) for line in assigns
               if week in line.weeks and weekday in line.days)


def _long_days(c: Checker, assigns: list[Assign], weeks: int, ctx: PlanContext) -> None:
    """One warning naming every day over 90 minutes, grouped by total and weeks."""
    seconds = {f"{ctx.pack}/{k}": s for k, s in ctx.seconds.items()}
    over: dict[int, dict[int, list[int]]] = {}  # total → weekday → weeks
    for week in range(1, weeks + 1):
        for weekday in range(7):
            total = day_seconds(assigns, seconds, week, weekday)
            if total > LONG_DAY_S:
                over.setdefault(total, {}).setdefault(weekday, []).append(week)
    if not over:
        return
    parts = []
    count = 0
    for total in sorted(over, reverse=True):
        by_weeks: dict[tuple[int, ...], list[int]] = {}
        for weekday, in_weeks in over[total].items():
            by_weeks.setdefault(tuple(in_weeks), []).append(weekday)
            count += len(in_weeks)
        for in_weeks, weekdays in by_weeks.items():
            days = and_list([WEEKDAYS[d] for d in sorted(weekdays)])
            parts.append(f"{length(total)} on {days} in {week_words(in_weeks)}")
    c.add("assign", f"the practice set for a day adds up to more than 90 minutes on {count} "
          f"day{'s' if count != 1 else ''}: {'; '.join(parts)}. That is a lot for one day; "
          "you may want to spread it out", "warning")


def and_list(words: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def week_words(weeks: tuple[int, ...] | list[int]) -> str:
    """`week 3`, `weeks 1-2`, `weeks 1, 3 and 5-6`: runs of weeks in words."""
    runs: list[list[int]] = []
    for week in sorted(weeks):
        if runs and week == runs[-1][-1] + 1:
            runs[-1].append(week)
        else:
            runs.append([week])
    words = [f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]
    plural = len(weeks) > 1
    return f"week{'s' if plural else ''} {and_list(words)}"
