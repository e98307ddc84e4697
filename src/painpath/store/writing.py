"""Writing the log one entry at a time: a session's saves, check-ins, notes, deletes.

Each write is one IMMEDIATE transaction (see `Connection._write`), so a killed
process loses at most the step it was in.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime

from painpath.store import rows, schema
from painpath.store.connection import Connection
from painpath.store.owner import process_start
from painpath.store.records import Entry, Rating
from painpath.store.times import canonical, now_local, to_iso

_STARTS: dict[int, str | None] = {}


def _own_start(pid: int) -> str | None:
    """This process's start (with its id, a live session's owner); once per process."""
    if pid not in _STARTS:
        _STARTS[pid] = process_start(pid)
    return _STARTS[pid]


# One entry written whole: its row replaced in place (it keeps its key `n`), then its
# ratings, answers and pairs rewritten. Each statement finds its rows by a key.
_UPSERT = (
    f"INSERT INTO entries ({rows.ENTRY_COLUMNS}, owner_start) "
    f"VALUES ({', '.join('?' * 17)}) "
    "ON CONFLICT (id) DO UPDATE SET type = excluded.type, exercise = excluded.exercise, "
    "started = excluded.started, started_utc = excluded.started_utc, "
    "ended = excluded.ended, status = excluded.status, planned_s = excluded.planned_s, "
    "practiced_s = excluded.practiced_s, furthest_step = excluded.furthest_step, "
    "peg = excluded.peg, note = excluded.note, content_hash = excluded.content_hash, "
    "pack_version = excluded.pack_version, updated = excluded.updated, "
    "owner_pid = excluded.owner_pid, owner_start = excluded.owner_start "
    "RETURNING n")


def write_entry_rows(c: sqlite3.Connection, entry: rows.EntryRows,
                     owner_start: str | None = None) -> int:
    """Write one entry's rows (`rows.entry_rows`) in the open transaction; its key `n`."""
    row, ratings, answers, pairs = entry
    old = c.execute("SELECT n FROM entries WHERE id = ?", (row[0],)).fetchone()
    if old is not None:  # its old ratings leave the daily sums before they change
        c.execute(_DAILY_LESS, (old[0],))
    n = int(c.execute(_UPSERT, (*row, owner_start)).fetchone()[0])
    for table in ("ratings", "answers", "changes"):
        c.execute(f"DELETE FROM {table} WHERE entry = ?", (n,))
    c.executemany(rows.RATING_SQL, [(n, *r) for r in ratings])
    c.executemany(rows.ANSWER_SQL, [(n, *a) for a in answers])
    c.executemany(rows.CHANGES_SQL, [(n, *p) for p in pairs])
    c.execute(_DAILY_MORE, (n,))
    return n


_DAILY_LESS = schema.DAILY_SQL.format(where="e.n = ?", sign="-")
_DAILY_MORE = schema.DAILY_SQL.format(where="e.n = ?", sign="+")


class Writing(Connection):
    """The single-entry writes of `Store`."""

    def refresh_changes(self) -> None:
        """Rebuild every session's before -> after pairs, and the daily sums, from the ratings.

        `Store` keeps them in step itself; this is for logs filled by other means.
        """
        with self._write() as c:
            c.execute("DELETE FROM changes")
            c.execute(schema.PAIRS_SQL.format(where="1"))
            c.execute("DELETE FROM daily")
            c.execute(schema.DAILY_SQL.format(where="1", sign="+"))

    def save_entry(self, entry: Entry, *, live: bool = False) -> None:
        """Write one entry exactly as given, replacing any earlier state of it.

        `live=True` marks this process as the owner of an in-progress session, so
        other painpaths leave it alone; one transaction, so it is all or nothing.
        Every statement finds its rows by a key or an index (tests check each plan):
        a save holds the write lock for about a millisecond on a long log.
        """
        owner = os.getpid() if live and entry.status == "in-progress" else None
        with self._write() as c:
            write_entry_rows(c, rows.entry_rows(entry, owner),
                             _own_start(owner) if owner else None)

    def add_check_in(self, ratings: Mapping[str, int] | Iterable[tuple[str, int]], *,
                     note: str | None = None, peg: bool = False,
                     at: datetime | None = None) -> Entry:
        """Record a check-in now (values are checked against their scales by the caller)."""
        when = canonical(at) if at is not None else now_local()
        items = list(ratings.items() if isinstance(ratings, Mapping) else ratings)
        note = note if note and note.strip() else None
        if not items and note is None:
            raise ValueError("a check-in needs at least one rating or a note")
        entry = Entry(type="check-in", started=when, ended=when, status="completed",
                      note=note, peg=peg, updated=when,
                      ratings=tuple(Rating(scale=s, value=int(v), phase="check-in", at=when)
                                    for s, v in items))
        self.save_entry(entry)
        return entry

    def set_note(self, entry_id: str, note: str | None) -> None:
        """Change the note of one entry (None or blank removes it)."""
        note = rows.storable(note) if note and note.strip() else None
        with self._write() as c:
            c.execute("UPDATE entries SET note = ?, updated = ? WHERE id = ?",
                      (note, to_iso(now_local()), entry_id))

    def delete(self, entry_id: str) -> bool:
        """Remove one entry with its ratings and answers; True if it was there."""
        with self._write() as c:
            found = c.execute("SELECT n FROM entries WHERE id = ?", (entry_id,)).fetchone()
            if found is None:
                return False
            c.execute(_DAILY_LESS, (found[0],))
            return c.execute("DELETE FROM entries WHERE n = ?", (found[0],)).rowcount > 0
