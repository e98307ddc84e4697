"""Importing many entries at once: checked whole, merged by id, written in batches.

An import refuses the whole file before writing anything when one of its rating
or answer ids belongs to another record of the log. It then writes a batch of
entries per transaction (`executemany`, a table at a time), pausing between
batches, so a check-in or a running session saved meanwhile waits a moment
instead of failing: the write lock is never held for a whole long import.

An entry whose id the log already holds is merged with it (`painpath.store.merge`):
a rescue file completes the early row the recorder wrote, and an older export
changes nothing. A session still running in another painpath is left to it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple

from painpath.errors import InvalidFileError
from painpath.store import rows
from painpath.store.bulk import paused_gc
from painpath.store.merge import merge
from painpath.store.reading import CHUNK, ENTRY_COLUMNS, Reading
from painpath.store.records import Entry

IMPORT_CACHE_KIB = 64 * 1024  # page cache while importing: random ids touch every page
BATCH_SECONDS = 0.5  # longest hold of the write lock by one batch of an import
BATCH_PAUSE = 0.12  # then let waiters in: longer than SQLite's longest busy-wait sleep
_FIRST_BATCH = 500  # entries in the first batch; later ones are sized to BATCH_SECONDS
_MIN_BATCH = 100


class Imported(NamedTuple):
    """What an import did: entries added, entries completed by merging, entries
    already there as they were (or still running elsewhere)."""

    added: int
    completed: int
    unchanged: int


class Importing(Reading):
    """The bulk imports of `Store`."""

    def import_entries(self, entries: Sequence[Entry],
                       between: Callable[[], None] | None = None) -> Imported:
        """Import entries (see the module notes and `import_rows`)."""
        with paused_gc():
            return self.import_rows(rows.many_entry_rows(entries), between)

    def import_rows(self, entries: Sequence[rows.EntryRows],
                    between: Callable[[], None] | None = None) -> Imported:
        """`import_entries` for entries already made into rows (`rows.entry_rows`, or
        `import_file.read_export_rows` straight from a file).

        The first of several with one id counts. A session still marked in
        progress is stored as interrupted: no process here runs it. `between`
        is called between batches, while the log is free (tests use it).
        """
        with paused_gc():
            unique: dict[str, rows.EntryRows] = {}
            for entry in entries:
                unique.setdefault(entry[0][0], entry)
            ordered = sorted(unique.values(), key=lambda e: (e[0][rows.UTC_COLUMN], e[0][0]))
            self._refuse_clashes(ordered)
            added = completed = 0
            size, start = _FIRST_BATCH, 0
            while start < len(ordered):
                if start:
                    if between is not None:
                        between()
                    time.sleep(BATCH_PAUSE)
                batch = ordered[start:start + size]
                began = time.perf_counter()
                with self._write(foreign_keys=False) as c:
                    a, m = self._import_batch(c, batch)
                added, completed = added + a, completed + m
                start += len(batch)
                took = max(time.perf_counter() - began, 1e-6)
                size = max(_MIN_BATCH, min(int(len(batch) * BATCH_SECONDS / took), 50_000))
        return Imported(added, completed, len(entries) - added - completed)

    def _import_batch(self, c: sqlite3.Connection, batch: Sequence[rows.EntryRows]
                      ) -> tuple[int, int]:
        """Write one batch in the open transaction: (added, completed)."""
        present = self._present(c, [e[0][0] for e in batch])
        fresh = [e for e in batch if e[0][0] not in present]
        merged: list[rows.EntryRows] = []
        if present:
            stored = {e.id: e for e in self._build(c, list(present.values()))}
            for e in batch:
                old = stored.get(e[0][0])
                if old is None or old.status == "in-progress":
                    continue  # not there, or a session still running elsewhere
                if old.type != e[0][1]:
                    raise InvalidFileError(
                        f"The file could not be merged: entry {old.id} is a {e[0][1]} in the "
                        f"file but a {old.type} in your log. Nothing more was imported.")
                new = merge(old, rows.entry_from_rows(e))
                if new != old:
                    merged.append(rows.entry_rows(new))
        for e in merged:  # foreign keys are off here: nothing cascades
            for table in ("ratings", "answers", "session_changes"):
                c.execute(f"DELETE FROM {table} WHERE entry_id = ?", (e[0][0],))
            c.execute("DELETE FROM entries WHERE id = ?", (e[0][0],))
        cache = c.execute("PRAGMA cache_size").fetchone()[0]
        c.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB:d}")
        try:
            every = [*fresh, *merged]
            for sql, part in ((rows.ENTRY_SQL, 0), (rows.RATING_SQL, 1), (rows.ANSWER_SQL, 2),
                              (rows.CHANGES_SQL, 3)):
                c.executemany(sql, [e[0] for e in every] if part == 0
                              else [r for e in every for r in e[part]])
        except sqlite3.IntegrityError as err:
            raise InvalidFileError(
                "The file could not be merged: two of its ratings or written answers "
                "share an id. Nothing more was imported.") from err
        finally:
            c.execute(f"PRAGMA cache_size = {int(cache):d}")
        return len(fresh), len(merged)

    @staticmethod
    def _present(c: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[object, ...]]:
        """The stored rows (`ENTRY_COLUMNS`) of those of these ids the log holds."""
        found: dict[str, tuple[object, ...]] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            for row in c.execute(f"SELECT {ENTRY_COLUMNS} FROM entries "
                                 f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                found[row[0]] = tuple(row)
        return found

    def _refuse_clashes(self, ordered: Sequence[rows.EntryRows]) -> None:
        """InvalidFileError, before anything is written, if a rating or answer id is
        held by another entry of the log (the same entry's are merged)."""
        def owners(c: sqlite3.Connection, table: str, ids: list[str]) -> dict[str, str]:
            found: dict[str, str] = {}
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                found.update(c.execute(
                    f"SELECT id, entry_id FROM {table} "
                    f"WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
            return found

        for table, part in (("ratings", 1), ("answers", 2)):
            ids = [r[0] for e in ordered for r in e[part]]
            taken = self._snapshot(lambda c, t=table, i=ids: owners(c, t, i))
            for e in ordered if taken else ():
                if any(taken.get(r[0], e[0][0]) != e[0][0] for r in e[part]):
                    raise InvalidFileError(
                        f"The file could not be merged: entry {e[0][0]} has a rating or "
                        "answer whose id is already used by another record in your log. "
                        "Nothing was imported.")
