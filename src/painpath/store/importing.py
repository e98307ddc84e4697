"""Importing many entries at once: checked whole, merged by id, written in batches.

An import writes a batch of entries per transaction (`executemany`, a table at
a time), pausing between batches, so a check-in or a running session saved
meanwhile waits a moment instead of failing: the write lock is never held for a
whole long import. Each batch is made ready (its rows table by table, its daily
sums) in that pause, while the log is free. Every row comes with its entry's
place in the file (`rows.placed`), which SQL turns into the entry's key, so no
row is copied to be keyed; the write-ahead log is copied into the database once,
at the end (`docs/performance.md` measures each of these).

An entry whose id the log already holds is merged with it (`painpath.store.merge`):
a rescue file completes the early row the recorder wrote, and an older export
changes nothing. A session still running in another painpath is left to it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import pairwise
from typing import NamedTuple

from painpath.errors import InvalidFileError
from painpath.store import rows
from painpath.store.bulk import paused_gc
from painpath.store.merge import merge
from painpath.store.reading import CHUNK, ENTRY_COLUMNS, Reading
from painpath.store.records import Entry
from painpath.store.writing import write_entry_rows

IMPORT_CACHE_KIB = 64 * 1024  # page cache while importing: random ids touch every page
BATCH_SECONDS = 2.0  # longest hold of the write lock by one batch of an import
BATCH_PAUSE = 0.12  # then let waiters in: longer than SQLite's longest busy-wait sleep
_FIRST_BATCH = 500  # entries in the first batch; later ones are sized to BATCH_SECONDS
_MIN_BATCH = 100
_MAX_BATCH = 50_000


class Imported(NamedTuple):
    """What an import did: entries added, entries completed by merging, entries
    already there as they were (or still running elsewhere)."""

    added: int
    completed: int
    unchanged: int


class _Batch(NamedTuple):
    """A batch of entries (`rows.placed`) made ready to write while the log is free
    (between batches, in the pause that lets waiters in): their rows table by
    table, and the daily sums of their ratings (`rows.daily_rows`)."""

    entries: Sequence[rows.EntryRows]
    tables: tuple[list[rows.Row], ...]  # entries, ratings, answers, pairs
    daily: list[rows.Row]


def _prepared(entries: Sequence[rows.EntryRows]) -> _Batch:
    return _Batch(entries, ([e[0] for e in entries], [r for e in entries for r in e[1]],
                            [a for e in entries for a in e[2]],
                            [p for e in entries for p in e[3]]),
                  rows.daily_rows(entries))


def _in_time_order(entries: list[rows.EntryRows]) -> tuple[list[rows.EntryRows], int]:
    """Entries oldest first (ties by id), and which way their places run then: 1 or
    -1. An export lists the newest first, so its places run backwards; entries
    listed in any other order are placed again (a copy of every row)."""
    ordered = sorted(entries, key=lambda e: (e[0][1 + rows.UTC_COLUMN], e[0][1]))
    places = [e[0][0] for e in ordered]
    for way in (1, -1):
        if all(way * (b - a) > 0 for a, b in pairwise(places)):
            return ordered, way
    return [rows.placed(rows.unplaced(e), k) for k, e in enumerate(ordered)], 1


def _keyed(sql: str, way: int, offset: int) -> str:
    """The insert with its first value, an entry's place, made the entry's key:
    `place + offset` where places run forwards in time (`way` 1), `offset - place`
    where they run backwards (-1)."""
    value = f"? + {offset:d}" if way == 1 else f"{offset:d} - ?"
    return sql.replace("VALUES (?", f"VALUES ({value}", 1)


class Importing(Reading):
    """The bulk imports of `Store`."""

    def import_entries(self, entries: Sequence[Entry],
                       between: Callable[[], None] | None = None) -> Imported:
        """Import entries (see the module notes and `import_rows`)."""
        with paused_gc():
            return self.import_rows([rows.placed(e, i) for i, e
                                     in enumerate(rows.many_entry_rows(entries))], between)

    def import_rows(self, entries: Sequence[rows.EntryRows],
                    between: Callable[[], None] | None = None) -> Imported:
        """`import_entries` for entries already made into rows (`rows.placed`, as
        `import_file.read_export_rows` makes them straight from a file).

        The first of several with one id counts. A session still marked in
        progress is stored as interrupted: no process here runs it. `between`
        is called between batches, while the log is free (tests use it).
        """
        with paused_gc(), self._checkpoint_at_end():
            unique: dict[str, rows.EntryRows] = {}
            for entry in entries:
                unique.setdefault(entry[0][1], entry)
            # Oldest first: new entries get keys in the order they happened, and their
            # ratings go to the end of the table instead of all over it.
            ordered, way = _in_time_order(list(unique.values()))
            added = completed = 0
            size, start, freed = _FIRST_BATCH, 0, 0.0
            while start < len(ordered):
                batch = _prepared(ordered[start:start + size])
                if start:
                    if between is not None:
                        between()
                    time.sleep(max(0.0, freed + BATCH_PAUSE - time.perf_counter()))
                began = time.perf_counter()
                with self._write(foreign_keys=False) as c:
                    a, m = self._import_batch(c, batch, way)
                freed = time.perf_counter()
                added, completed = added + a, completed + m
                start += len(batch.entries)
                took = max(freed - began, 1e-6)
                size = max(_MIN_BATCH, min(int(len(batch.entries) * BATCH_SECONDS / took),
                                           _MAX_BATCH))
        return Imported(added, completed, len(entries) - added - completed)

    @contextmanager
    def _checkpoint_at_end(self) -> Iterator[None]:
        """Copy the import into the database file once, at its end. SQLite would
        copy the write-ahead log after every batch, and the pages each batch shares
        with the last (indexes, pairs, daily sums) again each time: about 0.3 s of
        an import of 100,000 sessions. Readers read the write-ahead log meanwhile;
        a crash loses nothing (the log is replayed when next opened)."""
        with self._lock:
            was = int(self._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
            self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            with self._lock:
                self._conn.execute(f"PRAGMA wal_autocheckpoint = {was:d}")
                # Nothing is lost if it cannot (the disk): SQLite copies it after a later write.
                with suppress(sqlite3.Error):
                    self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _import_batch(self, c: sqlite3.Connection, batch: _Batch, way: int
                      ) -> tuple[int, int]:
        """Write one batch in the open transaction: (added, completed)."""
        base = batch.entries[0][0][0] if batch.entries else 0  # the place of its oldest
        present = self._present(c, [e[0][1] for e in batch.entries])
        merged: list[rows.EntryRows] = []
        if present:
            stored = {e.id: e for e in self._build(c, list(present.values()))}
            for e in batch.entries:
                old = stored.get(e[0][1])
                if old is None or old.status == "in-progress":
                    continue  # not there, or a session still running elsewhere
                if old.type != e[0][2]:
                    raise InvalidFileError(
                        f"The file could not be merged: entry {old.id} is a {e[0][2]} in the "
                        f"file but a {old.type} in your log. Nothing more was imported.")
                new = merge(old, rows.entry_from_rows(rows.unplaced(e)))
                if new != old:
                    merged.append(rows.entry_rows(new))
            batch = _without(batch, present)
        for e in merged:  # rare: one at a time, in place (each keeps its key)
            write_entry_rows(c, e)
        first = int(c.execute("SELECT coalesce(max(n), 0) + 1 FROM entries").fetchone()[0])
        cache = c.execute("PRAGMA cache_size").fetchone()[0]
        c.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB:d}")
        try:
            for sql, table in zip((rows.ENTRY_SQL, rows.RATING_SQL, rows.ANSWER_SQL,
                                   rows.CHANGES_SQL), batch.tables, strict=True):
                # The batch's oldest entry (at `base`) gets the log's next key, `first`.
                c.executemany(_keyed(sql, way, first - way * base), table)
            c.executemany(rows.DAILY_ROWS_SQL, batch.daily)
        finally:
            c.execute(f"PRAGMA cache_size = {int(cache):d}")
        return len(batch.entries), len(merged)

    @staticmethod
    def _present(c: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[object, ...]]:
        """The stored rows (`ENTRY_COLUMNS`) of those of these ids the log holds."""
        found: dict[str, tuple[object, ...]] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            for row in c.execute(f"SELECT {ENTRY_COLUMNS} FROM entries "
                                 f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                found[row[1]] = tuple(row)
        return found


def _without(batch: _Batch, present: dict[str, tuple[object, ...]]) -> _Batch:
    """The batch without the entries the log holds already (merged, or left alone)."""
    return _prepared([e for e in batch.entries if e[0][1] not in present])
