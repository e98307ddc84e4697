"""Reading the log: pages of entries for History, sums for stats, streams for exports.

Screens page through the log with `page()` (or `entries(limit=..., older_than=...)`
and `count()`), served from an index, so History opens quickly on 100,000 entries.
Sums over the log (`stats()`, `daily_series()`, `practice_days()`,
`region_means()`) and the streams behind exports (`export_records()`,
`csv_lines()`) are SQL in `painpath.store.queries`, run here under the store's
lock with its error handling; none of them builds an `Entry` per row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from painpath.store import sanity
from painpath.store.connection import Connection
from painpath.store.records import Entry
from painpath.store.times import utc_seconds

if TYPE_CHECKING:
    from painpath.stats import Spread, Stats
    from painpath.store.export_queries import EntryRecord
    from painpath.store.queries import DayMean

CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
ENTRY_COLUMNS = ("n, id, type, exercise, content_hash, pack_version, started, ended, status, "
                 "planned_s, practiced_s, furthest_step, note, peg, "
                 "coalesce(updated, ended, started)")


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the log, newest first, and how many entries the whole list has."""

    entries: list[Entry]
    total: int

    @property
    def last(self) -> Entry | None:
        """The entry to pass as `older_than` for the next page (None: nothing here)."""
        return self.entries[-1] if self.entries else None


class Reading(Connection):
    """The reads of `Store`."""

    @staticmethod
    def _filters(since: datetime | None, until: datetime | None, type: str | None,
                 exercise: str | None) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if since is not None:
            clauses.append("started_utc >= ?")
            params.append(utc_seconds(since))
        if until is not None:
            clauses.append("started_utc < ?")
            params.append(utc_seconds(until))
        if type is not None:
            clauses.append("type = ?")
            params.append(type)
        if exercise is not None:
            clauses.append("exercise = ?")
            params.append(exercise)
        return clauses, params

    def entries(self, since: datetime | None = None, until: datetime | None = None, *,
                type: str | None = None, exercise: str | None = None,
                limit: int | None = None, offset: int = 0,
                older_than: Entry | None = None, oldest_first: bool = False) -> list[Entry]:
        """Entries started in [since, until), newest first, with ratings and answers.

        Page with `limit` and either `offset` or, faster on long logs, `older_than`
        (the last entry of the previous page: keyset paging on the time index).
        """
        clauses, params = self._filters(since, until, type, exercise)
        if older_than is not None:
            clauses.append("(started_utc, id) < (?, ?)")
            params += [utc_seconds(older_than.started), older_than.id]
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        order = "ASC" if oldest_first else "DESC"
        sql = (f"SELECT {ENTRY_COLUMNS} FROM entries {where} "
               f"ORDER BY started_utc {order}, id {order} LIMIT ? OFFSET ?")
        params += [-1 if limit is None else int(limit), int(offset)]

        def run(c: sqlite3.Connection) -> list[Entry]:
            rows = c.execute(sql, params).fetchall()
            return self._build(c, rows)

        return self._read(run)

    def count(self, since: datetime | None = None, until: datetime | None = None, *,
              type: str | None = None, exercise: str | None = None) -> int:
        """How many entries `entries()` would return with the same filters."""
        clauses, params = self._filters(since, until, type, exercise)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return int(self._read(lambda c: c.execute(
            f"SELECT count(*) FROM entries {where}", params).fetchone()[0]))

    def page(self, limit: int = 50, older_than: Entry | None = None, *,
             since: datetime | None = None, until: datetime | None = None,
             type: str | None = None, exercise: str | None = None) -> Page:
        """A page of History: up to `limit` entries newest first, and the total count.

        Pass the previous page's `last` as `older_than` for the next page (keyset
        paging on the time index: as quick on page 2,000 as on page 1). Both
        reads see the same log.
        """
        def run(c: sqlite3.Connection) -> Page:
            total = self.count(since, until, type=type, exercise=exercise)
            entries = self.entries(since, until, type=type, exercise=exercise, limit=limit,
                                   older_than=older_than)
            return Page(entries=entries, total=total)

        return self._snapshot(run)  # type: ignore[no-any-return]

    # --- sums and streams (SQL in painpath.store.queries) ---------------------------

    def stats(self, since: datetime | None = None, until: datetime | None = None, *,
              first: date | None = None, last: date | None = None) -> Stats:
        """`painpath.stats.Stats` for entries started in [since, until) and/or on the
        calendar days first..last (inclusive, each entry's own recorded day).

        The same numbers as `stats.compute(self.entries(...))`, summed by SQLite:
        about 0.1 s on 100,000 sessions.
        """
        from painpath.store import queries

        return self._snapshot(  # type: ignore[no-any-return]
            lambda c: queries.stats(c, queries.Range(since, until, first, last)))

    def daily_series(self, first: date | None = None, last: date | None = None, *,
                     phases: Sequence[str] = ("before", "after", "check-in"),
                     scales: Sequence[str] | None = None
                     ) -> dict[tuple[str, str], tuple[DayMean, ...]]:
        """Daily means per (scale, phase) on days first..last, oldest day first.

        Each mean is over every rating given on that scale in that phase on that
        day (the entry's recorded day). PEG check-ins are left out: they ask about
        the past week, not the moment. `scales=None` means every scale.
        """
        from painpath.store import queries

        return self._snapshot(  # type: ignore[no-any-return]
            lambda c: queries.daily_series(c, first, last, tuple(phases),
                                           None if scales is None else tuple(scales)))

    def practice_days(self, first: date | None = None, last: date | None = None
                      ) -> dict[date, int]:
        """Sessions begun on each day first..last (any status: practising is practising).

        For a calendar: days without a session are absent.
        """
        from painpath.store import queries

        return self._read(  # type: ignore[no-any-return]
            lambda c: queries.practice_days(c, first, last))

    def region_means(self, first: date | None = None, last: date | None = None, *,
                     scale: str = "tension", phase: str = "during") -> dict[str, Spread]:
        """Per body region, the spread of `scale` ratings given in `phase` (during a
        body scan's steps, by default) on days first..last."""
        from painpath.store import queries

        return self._read(  # type: ignore[no-any-return]
            lambda c: queries.region_means(c, first, last, scale, phase))

    def export_records(self, since: datetime | None = None, until: datetime | None = None
                       ) -> Iterator[EntryRecord]:
        """Every entry in [since, until), newest first, as raw rows for an export.

        One read transaction; rows stream without an `Entry` per row (see
        `painpath.store.export_json.write_export`).
        """
        from painpath.store import export_queries

        stale = self._stale
        return self._stream(lambda c: export_queries.entry_records(c, since, until, stale))

    def csv_lines(self, since: datetime | None = None, until: datetime | None = None,
                  *, with_notes: bool = True) -> Iterator[str]:
        """The CSV export's lines after its header (`export_csv.csv_columns`) for entries
        in [since, until), newest first, one per rating: one joined query."""
        from painpath.store import export_queries

        stale = self._stale
        return self._stream(
            lambda c: export_queries.csv_lines(c, since, until, stale, with_notes))

    def get(self, entry_id: str) -> Entry | None:
        """One entry by id, or None."""
        def run(c: sqlite3.Connection) -> list[Entry]:
            rows = c.execute(f"SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?",
                             (entry_id,)).fetchall()
            return self._build(c, rows)

        found = self._read(run)
        return found[0] if found else None

    def last_peg(self) -> Entry | None:
        """The most recent PEG check-in, so the home can offer one about once a week."""
        def run(c: sqlite3.Connection) -> list[Entry]:
            rows = c.execute(f"SELECT {ENTRY_COLUMNS} FROM entries WHERE peg = 1 "
                             "ORDER BY started_utc DESC, id DESC LIMIT 1").fetchall()
            return self._build(c, rows)

        found = self._read(run)
        return found[0] if found else None

    def exercises(self) -> list[tuple[str, int]]:
        """Each exercise in the log with its number of sessions, most practised first."""
        rows = self._read(lambda c: c.execute(
            "SELECT exercise, count(*) AS n FROM entries WHERE type = 'session' "
            "GROUP BY exercise ORDER BY n DESC, exercise").fetchall())
        return [(str(name), int(n)) for name, n in rows]

    def _build(self, c: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[Entry]:
        """Entries from their rows (`ENTRY_COLUMNS`), with their ratings and answers, made
        believable by `sanity.entry_record` (the one place stored rows become records;
        what it leaves out is counted in `self.left_out`)."""
        keys = [row[0] for row in rows]
        ratings: dict[int, list[tuple[Any, ...]]] = {}
        answers: dict[int, list[tuple[Any, ...]]] = {}
        for first in range(0, len(keys), CHUNK):
            chunk = keys[first:first + CHUNK]
            marks = ",".join("?" * len(chunk))
            for n, *rating in c.execute(
                    "SELECT entry, id, scale, value, phase, region, step, at FROM ratings "
                    f"WHERE entry IN ({marks}) ORDER BY entry, seq", chunk):
                ratings.setdefault(n, []).append(rating)
            for n, *answer in c.execute(
                    "SELECT entry, id, step, text, at FROM answers "
                    f"WHERE entry IN ({marks}) ORDER BY entry, seq", chunk):
                answers.setdefault(n, []).append(answer)
        out: list[Entry] = []
        for (n, eid, etype, exercise, content_hash, pack_version, started, ended, status,
             planned_s, practiced_s, furthest_step, note, peg, updated) in rows:
            record = sanity.entry_record(
                (eid, etype, exercise, started, ended, status, planned_s, practiced_s,
                 furthest_step, note, peg, content_hash, pack_version, updated),
                ratings.get(n, ()), answers.get(n, ()), self.left_out, self._stale)
            if record is not None:
                out.append(record.entry())
        return out
