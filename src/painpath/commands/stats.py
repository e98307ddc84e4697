"""`painpath stats`: practice and ratings in numbers, summed by the log (`Store.stats`).

Shares the log commands' helpers (`painpath.commands.log`). Text from the log is
shown through `rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from rich.table import Table
from rich.text import Text

from painpath.commands.log import (
    _console,
    _library_or_none,
    _open_for_reading,
    _plural,
    _say_left_out,
    _titles,
)
from painpath.context import Context
from painpath.render import stdout_for_data
from painpath.scale_names import scale_name, scale_words
from painpath.stats import Stats, scale_order
from painpath.store.records import PEG_SCALES
from painpath.store.times import day_range
from painpath.text import clean_line
from painpath.timefmt import length


def _num(x: float | None, fmt: str = ".1f") -> str:
    return "" if x is None else format(x, fmt)


def stats_renderables(stats: Stats, titles: Mapping[str, str] | None = None) -> list[Any]:
    """What `painpath stats` prints, as rich renderables (plain text cells)."""
    titles = titles or {}
    out: list[Any] = [Text(
        f"{_plural(stats.sessions, 'session')} ({stats.completed} completed), "
        f"{length(stats.minutes * 60)} of practice, "
        f"{_plural(stats.check_ins, 'check-in')}.")]
    if stats.changes:
        table = Table(title=Text("Before and after sessions (after minus before)"),
                      title_justify="left")
        for name in ("Scale", "Sessions", "Before", "After", "Change", "Spread"):
            table.add_column(Text(name))
        for c in stats.changes:
            table.add_row(Text(scale_name(c.scale)), Text(str(c.sessions)), Text(_num(c.before)),
                          Text(_num(c.after)), Text(_num(c.change.mean, "+.1f")),
                          Text(_spread(c.change.sd, c.change.min, c.change.max)))
        out.append(table)
    if stats.exercises:
        table = Table(title=Text("By exercise"), title_justify="left")
        for name in ("Exercise", "Sessions", "Completed", "Time", "Change (mean, sd, n)"):
            table.add_column(Text(name), overflow="fold")
        for ex in stats.exercises:
            changes = "; ".join(
                f"{scale_words(c.scale)} {c.change.mean:+.1f}"
                + (f" (sd {c.change.sd:.1f}, n {c.sessions})" if c.change.sd is not None
                   else f" (n {c.sessions})") for c in ex.changes)
            table.add_row(Text(titles.get(ex.exercise) or clean_line(ex.exercise)),
                          Text(str(ex.sessions)),
                          Text(str(ex.completed)), Text(length(ex.minutes * 60)),
                          Text(changes))
        out.append(table)
    if stats.weekly:
        scales = sorted({w.scale for w in stats.weekly}, key=scale_order)
        table = Table(title=Text("Check-ins by week (mean, number of check-ins)"),
                      title_justify="left")
        table.add_column(Text("Week of"))
        for s in scales:
            table.add_column(Text(s))
        by_week: dict[Any, dict[str, str]] = {}
        for w in stats.weekly:
            by_week.setdefault(w.week, {})[w.scale] = f"{w.mean:.1f} ({w.n})"
        for week, cells in by_week.items():
            table.add_row(Text(week.isoformat()), *(Text(cells.get(s, "")) for s in scales))
        out.append(table)
    if stats.peg:
        table = Table(title=Text("PEG check-ins (score = mean of the three)"),
                      title_justify="left")
        for name in ("Date", "Score", *PEG_SCALES):
            table.add_column(Text(name))
        for p in stats.peg:
            items = dict(p.items)
            table.add_row(Text(p.at.strftime("%Y-%m-%d")), Text(f"{p.score:.1f}"),
                          *(Text(str(items.get(s, ""))) for s in PEG_SCALES))
        out.append(table)
    return out


def stats_lines(stats: Stats, titles: Mapping[str, str] | None = None) -> list[str]:
    """`stats_renderables` in sentences, a line each: what `painpath stats` prints to a
    file or another program (as `log` does), where a table's box drawing is noise."""
    titles = titles or {}
    out = [str(stats_renderables(stats, titles)[0])]
    for c in stats.changes:
        out.append(f"Before and after, {scale_name(c.scale)}: {_plural(c.sessions, 'session')},"
                   f" {_num(c.before)} before, {_num(c.after)} after, change "
                   f"{_num(c.change.mean, '+.1f')} "
                   f"({_spread(c.change.sd, c.change.min, c.change.max)}).")
    for ex in stats.exercises:
        changes = "".join(f"; {scale_words(c.scale)} {c.change.mean:+.1f} (n {c.sessions})"
                          for c in ex.changes)
        out.append(f"{titles.get(ex.exercise) or clean_line(ex.exercise)}: "
                   f"{_plural(ex.sessions, 'session')} ({ex.completed} completed), "
                   f"{length(ex.minutes * 60)}{changes}.")
    weeks: dict[Any, list[str]] = {}
    for w in stats.weekly:
        weeks.setdefault(w.week, []).append(
            f"{scale_words(w.scale)} {w.mean:.1f} ({_plural(w.n, 'check-in')})")
    out += [f"Check-ins, week of {week.isoformat()}: {', '.join(cells)}."
            for week, cells in weeks.items()]
    for peg in stats.peg:
        items = ", ".join(f"{scale_words(s)} {v}" for s, v in peg.items)
        out.append(f"PEG check-in {peg.at.strftime('%Y-%m-%d')}: score {peg.score:.1f} "
                   f"({items}).")
    return out


def _spread(sd: float | None, low: float, high: float) -> str:
    span = f"{low:+.0f} to {high:+.0f}"
    return f"sd {sd:.1f}, {span}" if sd is not None else span


def cmd_stats(args: argparse.Namespace, ctx: Context) -> int:
    since, until = day_range(args.since, args.until)
    with _open_for_reading(ctx) as store:
        stats = store.stats(since, until)  # summed in SQL: quick on a long log
    library = _library_or_none(ctx)
    if library is not None:  # a renamed practice's sessions read as one (`replaces`)
        from painpath.stats import follow_renames

        stats = follow_renames(stats, library.renamed())
    if args.json:
        from painpath.store.export_json import dumps

        stdout_for_data().write(dumps(stats.to_dict()))
        return 0
    console = _console()
    titles = _titles(ctx, {ex.exercise for ex in stats.exercises})
    if not console.is_terminal:
        for line in stats_lines(stats, titles):
            console.print(Text(line), soft_wrap=True)
    else:
        for part in stats_renderables(stats, titles):
            console.print(part)
    _say_left_out(dict(stats.left_out))
    return 0
