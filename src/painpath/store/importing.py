"""Importing many entries at once: merged by id, checked whole, written in bulk.

An import refuses the whole file before writing anything when one of its
rating or answer ids is taken by another record, and writes a table at a time
with `executemany` (rebuilding the indexes afresh for a large import into a
small log), so 100,000 entries take seconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from painpath.errors import InvalidFileError
from painpath.store import rows
from painpath.store.bulk import paused_gc
from painpath.store.connection import Connection
from painpath.store.reading import CHUNK
from painpath.store.records import Entry

IMPORT_CACHE_KIB = 256 * 1024  # page cache while importing: random ids touch every page
REBUILD_INDEXES_FROM = 5_000  # entries in one import from which indexes are built afresh


class Importing(Connection):
    """The bulk imports of `Store`."""

    @staticmethod
    def _existing(c: sqlite3.Connection, table: str, ids: Sequence[str]) -> set[str]:
        """Which of these ids `table` already holds (looked up in chunks)."""
        if c.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None:
            return set()
        found: set[str] = set()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            found.update(row[0] for row in c.execute(
                f"SELECT id FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def import_entries(self, entries: Sequence[Entry]) -> tuple[int, int]:
        """Merge entries by id in one transaction: (added, already there).

        An entry already in the log is left as it is. A session still marked
        in progress in the file is stored as interrupted: no process here runs it.
        Ids clashing with another record refuse the whole import.
        """
        with paused_gc():
            return self.import_rows(rows.many_entry_rows(entries))

    def import_rows(self, entries: Sequence[rows.EntryRows]) -> tuple[int, int]:
        """`import_entries` for entries already made into rows (`rows.entry_rows`, or
        `import_file.read_export_rows` straight from a file): (added, already there).

        The first of several with one id counts. Rows go in with `executemany`,
        a table at a time, oldest entry first, so 100,000 entries take seconds.
        """
        with paused_gc():
            unique: dict[str, rows.EntryRows] = {}
            for entry in entries:
                unique.setdefault(entry[0][0], entry)
            ordered = sorted(unique.values(),
                             key=lambda e: (e[0][rows.UTC_COLUMN], e[0][0]))
            with self._write(foreign_keys=False) as c:
                present = self._existing(c, "entries", list(unique))
                fresh = [e for e in ordered if e[0][0] not in present]
                self._refuse_clashes(c, fresh)
                self._insert_many(c, fresh)
        return len(fresh), len(entries) - len(fresh)

    def _insert_many(self, c: sqlite3.Connection, fresh: Sequence[rows.EntryRows]) -> None:
        """Insert many entries' rows in the open transaction.

        When they outnumber what the log holds, the secondary indexes are dropped
        and made again afterwards, in the same transaction: building an index at
        once is quicker than growing it row by row. Foreign keys are off (see
        `_write`): every row here belongs to an entry inserted with it.
        """
        tables = ([e[0] for e in fresh], [r for e in fresh for r in e[1]],
                  [r for e in fresh for r in e[2]], [r for e in fresh for r in e[3]])
        rebuild: list[tuple[str, str]] = []
        if len(fresh) >= REBUILD_INDEXES_FROM and len(fresh) >= self._entry_count(c):
            rebuild = c.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN ('entries', 'ratings', 'answers', 'session_changes')"
            ).fetchall()
        cache = c.execute("PRAGMA cache_size").fetchone()[0]
        c.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB:d}")
        try:
            for name, _ in rebuild:
                c.execute(f'DROP INDEX "{name}"')
            for sql, table in zip((rows.ENTRY_SQL, rows.RATING_SQL, rows.ANSWER_SQL,
                                   rows.CHANGES_SQL), tables, strict=True):
                c.executemany(sql, table)
            for _, sql in rebuild:
                c.execute(sql)
        except sqlite3.IntegrityError as err:
            raise InvalidFileError(
                "The file could not be merged: two of its ratings or written answers "
                "share an id. Nothing was imported.") from err
        finally:
            c.execute(f"PRAGMA cache_size = {int(cache):d}")

    @staticmethod
    def _entry_count(c: sqlite3.Connection) -> int:
        return int(c.execute("SELECT count(*) FROM entries").fetchone()[0])

    def _refuse_clashes(self, c: sqlite3.Connection, fresh: Sequence[rows.EntryRows]) -> None:
        """InvalidFileError, before anything is written, if a rating or answer id is taken."""
        for table, part in (("ratings", 1), ("answers", 2)):
            taken = self._existing(c, table, [r[0] for e in fresh for r in e[part]])
            for e in fresh if taken else ():
                if any(r[0] in taken for r in e[part]):
                    raise InvalidFileError(
                        f"The file could not be merged: entry {e[0][0]} has a rating or "
                        "answer whose id is already used by another record in your log. "
                        "Nothing was imported.")
