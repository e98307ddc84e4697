"""Sums and streams over the whole log, as SQL: what stays quick at 100,000 sessions.

`painpath stats` and the Progress screen read the log here (exports read it in
`painpath.store.export_queries`), through
`Store` methods of the same names (which add the store's lock and its error
messages). Nothing here builds an `Entry` per row: SQLite groups and counts,
and Python only shapes the few rows that come back.

The numbers are those `painpath.stats.compute` gives for the same entries (the
tests hold the two together). Before -> after changes are read from
`changes`, one row per session and scale, kept in the order of exercise, scale and
the pair of values: grouped, a few hundred rows however long the log, from which
the means, spreads and extremes are exact integer sums.

Joins from entries to their ratings are written `CROSS JOIN`: in SQLite that keeps
the entries as the outer loop, walked in the order wanted (by the time index), and
each entry's ratings found by their key (entry, position), in the order given.

Two kinds of range: `since`/`until` are instants (half-open, on `started_utc`),
as `--since`/`--until` give them; `first`/`last` are calendar days, inclusive, on
each entry's own recorded day (the date of its local start), as Progress and the
calendar use them.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from painpath.stats import (
    ExerciseStats,
    PegPoint,
    ScaleChange,
    Spread,
    Stats,
    WeekMean,
    scale_order,
)
from painpath.store import sanity
from painpath.store.records import PEG_SCALES
from painpath.store.times import utc_seconds

_VALUE_OK = sanity.value_ok_sql("r")  # ratings an older painpath or a hand edit left

_PEG_MARKS = ", ".join("?" * len(PEG_SCALES))


@dataclass(frozen=True, slots=True)
class DayMean:
    """The mean of one scale in one phase on one day, over `n` ratings."""

    day: date
    mean: float
    n: int


class Range(NamedTuple):
    """Which entries to sum: instants [since, until) and/or days first..last."""

    since: datetime | None = None
    until: datetime | None = None
    first: date | None = None
    last: date | None = None

    def where(self, alias: str) -> tuple[str, list[Any]]:
        """SQL conditions on `entries AS e` (or `changes AS c`, with its own `day`),
        and their values.

        An entry's day is that of its local start (`substr(started, 1, 10)`); a day
        range also bounds `started_utc` two days wider, so the time index narrows the
        walk (no UTC offset is more than a day)."""
        clauses: list[str] = []
        params: list[Any] = []
        for op, value in ((">=", self.since), ("<", self.until)):
            if value is not None:
                clauses.append(f"{alias}.started_utc {op} ?")
                params.append(utc_seconds(value))
        for op, day, margin in ((">=", self.first, -2), ("<", self.last, 3)):
            if day is not None:
                clauses.append(f"{alias}.started_utc {op} ?")
                params.append(_day_seconds(day) + margin * 86_400)
        day_column = f"{alias}.day" if alias == "c" else f"substr({alias}.started, 1, 10)"
        day_sql, day_params = _days(day_column, self.first, self.last)
        return " AND ".join(["1", *clauses, day_sql]), params + day_params


def _day_seconds(day: date) -> int:
    """Midnight UTC of `day`, as seconds since 1970."""
    return (day.toordinal() - _EPOCH_ORDINAL) * 86_400


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _days(column: str, first: date | None, last: date | None) -> tuple[str, list[Any]]:
    clauses, params = ["1"], []
    if first is not None:
        clauses.append(f"{column} >= ?")
        params.append(first.isoformat())
    if last is not None:
        clauses.append(f"{column} <= ?")
        params.append(last.isoformat())
    return " AND ".join(clauses), params


def _exercise(name: str | None) -> str:
    return name or "?"  # as `stats.compute` files a session without one


# --- painpath stats ------------------------------------------------------------------

class _Pairs:
    """Exact sums of before, after and their difference over many (before, after) pairs."""

    __slots__ = ("after", "before", "change", "high", "low", "n", "squares")

    def __init__(self) -> None:
        self.n = self.before = self.after = self.change = self.squares = 0
        self.low: int | None = None
        self.high: int | None = None

    def add(self, before: int, after: int, count: int) -> None:
        d = after - before
        self.n += count
        self.before += before * count
        self.after += after * count
        self.change += d * count
        self.squares += d * d * count
        self.low = d if self.low is None else min(self.low, d)
        self.high = d if self.high is None else max(self.high, d)

    def result(self, scale: str) -> ScaleChange:
        assert self.low is not None and self.high is not None
        return ScaleChange(scale=scale, before=self.before / self.n, after=self.after / self.n,
                           change=Spread.from_sums(self.n, self.change, self.squares,
                                                   float(self.low), float(self.high)))


def _changes(pairs: dict[str, _Pairs]) -> tuple[ScaleChange, ...]:
    return tuple(pairs[s].result(s) for s in sorted(pairs, key=scale_order))


def stats(conn: sqlite3.Connection, span: Range) -> Stats:
    """Everything `painpath stats` shows for the entries in `span`."""
    where, params = span.where("e")
    totals: dict[str, list[float]] = {}
    left_out = {"length": 0, "rating": 0, "time": 0}
    for exercise, n, completed, seconds, bad in conn.execute(
            "SELECT e.exercise, count(*), sum(e.status = 'completed'), "
            f"total({sanity.seconds_sql('e.practiced_s')}), "
            f"sum({sanity.seconds_bad_sql('e.practiced_s')}) "
            f"FROM entries AS e WHERE e.type = 'session' AND {where} GROUP BY e.exercise",
            params):
        left_out["length"] += bad
        row = totals.setdefault(_exercise(sanity.name(exercise)), [0, 0, 0.0])
        row[0] += n
        row[1] += completed
        row[2] += seconds

    per_exercise: dict[str, dict[str, _Pairs]] = defaultdict(lambda: defaultdict(_Pairs))
    overall: dict[str, _Pairs] = defaultdict(_Pairs)
    where_c, params_c = span.where("c")
    for exercise, scale, before, after, count in conn.execute(
            "SELECT c.exercise, c.scale, c.before, c.after, count(*) "
            f"FROM changes AS c WHERE {where_c} "
            "GROUP BY c.exercise, c.scale, c.before, c.after", params_c):
        scale = sanity.name(scale) or "?"
        bad = (sanity.rating_value(scale, before) is None) + \
            (sanity.rating_value(scale, after) is None)
        if bad:
            left_out["rating"] += bad * count
            continue
        before, after = int(before), int(after)
        per_exercise[_exercise(sanity.name(exercise))][scale].add(before, after, count)
        overall[scale].add(before, after, count)

    exercises = tuple(
        ExerciseStats(exercise=name, sessions=int(n), completed=int(done),
                      minutes=seconds / 60, changes=_changes(per_exercise.get(name, {})))
        for name, (n, done, seconds) in sorted(totals.items(),
                                               key=lambda kv: (-kv[1][0], kv[0])))
    check_ins = conn.execute(
        f"SELECT count(*) FROM entries AS e WHERE e.type = 'check-in' AND {where}",
        params).fetchone()[0]
    return Stats(
        sessions=sum(e.sessions for e in exercises),
        completed=sum(e.completed for e in exercises),
        minutes=sum(seconds for _, _, seconds in totals.values()) / 60,
        check_ins=int(check_ins), changes=_changes(overall), exercises=exercises,
        weekly=_weekly(conn, where, params, left_out), peg=_peg(conn, where, params, left_out),
        left_out=tuple((kind, n) for kind, n in left_out.items() if n))


def _weekly(conn: sqlite3.Connection, where: str, params: list[Any],
            left_out: dict[str, int]) -> tuple[WeekMean, ...]:
    """Weekly means per scale of ordinary (not PEG) check-ins, weeks from Monday."""
    sums: dict[tuple[date, str], list[int]] = {}
    for day, scale, n, total, good in conn.execute(
            "SELECT substr(e.started, 1, 10) AS day, r.scale, count(*), "
            f"total(CASE WHEN {_VALUE_OK} THEN r.value END), sum({_VALUE_OK}) "
            "FROM entries AS e CROSS JOIN ratings AS r ON r.entry = e.n "
            f"WHERE e.type = 'check-in' AND e.peg = 0 AND {where} GROUP BY day, r.scale",
            params):
        left_out["rating"] += n - good
        monday = sanity.day(day)
        if monday is None or not good:
            left_out["time"] += good
            continue
        n, total = good, int(total)
        cell = sums.setdefault((_monday(monday), sanity.name(scale) or "?"), [0, 0])
        cell[0] += n
        cell[1] += total
    keys = sorted(sums, key=lambda k: (k[0], scale_order(k[1])))
    return tuple(WeekMean(week=w, scale=s, n=sums[(w, s)][0],
                          mean=sums[(w, s)][1] / sums[(w, s)][0]) for w, s in keys)


def _monday(day: date) -> date:
    """The Monday of the week `day` is in (as `stats.week_of` for a time on that day)."""
    return day - timedelta(days=day.weekday())


def _peg(conn: sqlite3.Connection, where: str, params: list[Any],
         left_out: dict[str, int]) -> tuple[PegPoint, ...]:
    """PEG scores, oldest first: check-ins marked PEG with all three items answered."""
    items: dict[str, tuple[str, dict[str, int]]] = {}
    for entry_id, started, scale, value in conn.execute(
            "SELECT e.id, e.started, r.scale, r.value FROM entries AS e "
            "CROSS JOIN ratings AS r ON r.entry = e.n "
            f"WHERE e.type = 'check-in' AND e.peg = 1 AND r.phase = 'check-in' "
            f"AND r.scale IN ({_PEG_MARKS}) AND {where} "
            "ORDER BY e.started_utc, e.id DESC, r.seq", [*PEG_SCALES, *params]):
        if sanity.rating_value(scale, value) is None:
            left_out["rating"] += 1
            continue
        items.setdefault(entry_id, (started, {}))[1][scale] = value  # the last one counts
    points = []
    for started, values in items.values():
        at = sanity.moment(started)
        if at is not None and len(values) == len(PEG_SCALES):
            points.append(PegPoint(
                at=at,
                score=sum(values.values()) / len(PEG_SCALES),
                items=tuple((s, values[s]) for s in PEG_SCALES)))
    return tuple(points)


# --- Progress ------------------------------------------------------------------------

def daily_series(conn: sqlite3.Connection, first: date | None, last: date | None,
                 phases: Sequence[str], scales: Sequence[str] | None
                 ) -> dict[tuple[str, str], tuple[DayMean, ...]]:
    """Daily means per (scale, phase), PEG check-ins left out, oldest day first.

    Read from `daily`, the sums the log keeps per day, phase and scale: a few
    thousand rows however many ratings."""
    if not phases or (scales is not None and not scales):
        return {}
    days_sql, days_params = _days("d.day", first, last)
    scale_sql = "1" if scales is None else f"d.scale IN ({', '.join('?' * len(scales))})"
    params = [*phases, *(scales or ()), *days_params]
    sums: dict[tuple[str, str], list[DayMean]] = defaultdict(list)
    for day, phase, scale, n, total in conn.execute(
            "SELECT d.day, d.phase, d.scale, d.n, d.total FROM daily AS d "
            f"WHERE d.n > 0 AND d.phase IN ({', '.join('?' * len(phases))}) AND {scale_sql} "
            f"AND {days_sql} ORDER BY d.day", params):
        when = sanity.day(day)  # None: a start that is no time (an old or hand-edited row)
        if when is not None:
            sums[(scale, phase)].append(DayMean(when, total / n, n))
    return {key: tuple(series) for key, series in sums.items()}


def practice_days(conn: sqlite3.Connection, first: date | None, last: date | None
                  ) -> dict[date, int]:
    """Sessions begun per recorded day."""
    span_sql, params = Range(first=first, last=last).where("e")
    return {when: int(n) for day, n in conn.execute(
        "SELECT substr(e.started, 1, 10) AS day, count(*) FROM entries AS e "
        f"WHERE e.type = 'session' AND {span_sql} GROUP BY day", params)
        if (when := sanity.day(day)) is not None}


def region_means(conn: sqlite3.Connection, first: date | None, last: date | None,
                 scale: str, phase: str) -> dict[str, Spread]:
    """Per region, the spread of one scale's ratings in one phase."""
    span_sql, params = Range(first=first, last=last).where("e")
    return {region: Spread.from_sums(int(n), total, squares, float(low), float(high))
            for region, n, total, squares, low, high in conn.execute(
                "SELECT r.region, count(*), sum(r.value), sum(r.value * r.value), "
                "min(r.value), max(r.value) "
                "FROM ratings AS r INDEXED BY ratings_regions "
                "CROSS JOIN entries AS e ON e.n = r.entry "
                f"WHERE r.scale = ? AND r.phase = ? AND r.region IS NOT NULL AND {span_sql} "
                f"AND {_VALUE_OK} GROUP BY r.region",
                [scale, phase, *params])}
