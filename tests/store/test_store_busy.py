"""The log is never "busy" for long: writes use indexes, imports let others in.

Every statement a write runs under the lock finds its rows through an index
(checked with EXPLAIN QUERY PLAN on each one traced), and an import commits in
batches, so a check-in made while it runs is saved.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from painpath.paths import Paths
from painpath.store import Entry, Store, importing


def _write_statements(store: Store, work: Callable[[], None]) -> list[str]:
    """Every statement `work` runs inside a write transaction, with its values."""
    traced: list[str] = []
    store._conn.set_trace_callback(traced.append)
    try:
        work()
    finally:
        store._conn.set_trace_callback(None)
    inside, found = False, []
    for sql in traced:
        word = sql.split(None, 1)[0].upper()
        if word == "BEGIN":
            inside = "IMMEDIATE" in sql.upper()
        elif word in ("COMMIT", "ROLLBACK"):
            inside = False
        elif inside and word != "PRAGMA":
            found.append(sql)
    return found


def _scans(conn: sqlite3.Connection, sql: str) -> list[str]:
    plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    return [step for step in plan if step.startswith("SCAN ") and step != "SCAN CONSTANT ROW"]


def test_every_write_under_the_lock_uses_an_index(
        paths: Paths, session_entry: Callable[..., Entry],
        check_in_entry: Callable[..., Entry], at: Callable[..., datetime]) -> None:
    with Store.for_paths(paths) as store:
        store.import_entries([session_entry(started=at(1 + i % 27, i % 20),
                                            before={"pain": 6}, after={"pain": 3})
                              for i in range(300)])
        session = session_entry(before={"pain": 6}, after={"pain": 4})
        stale = session_entry(status="in-progress").evolve(ended=None)

        def work() -> None:
            store.save_entry(session.evolve(status="in-progress"), live=True)
            store.save_entry(session)  # an update: its old rows are replaced
            entry = store.add_check_in({"pain": 4}, note="ok")
            store.set_note(entry.id, "changed")
            store.delete(entry.id)
            store.import_entries([session.evolve(note="more", updated=session.updated
                                                 + timedelta(minutes=1)),
                                  check_in_entry(pain=2)])
            store.save_entry(stale)
            store._conn.execute("UPDATE entries SET owner_pid = 2147483646 WHERE id = ?",
                                (stale.id,))
            store._recover_interrupted()  # a session whose process is gone

        statements = _write_statements(store, work)
        assert len(statements) > 15
        for sql in statements:
            assert _scans(store._conn, sql) == [], sql


def test_the_old_way_of_replacing_a_sessions_pairs_would_walk_the_table(store: Store) -> None:
    store._conn.execute("DROP INDEX changes_by_entry")
    assert _scans(store._conn, "DELETE FROM changes WHERE entry = 1")


def test_a_check_in_made_during_an_import_is_saved(
        monkeypatch: pytest.MonkeyPatch, paths: Paths,
        session_entry: Callable[..., Entry], at: Callable[..., datetime]) -> None:
    monkeypatch.setattr(importing, "_FIRST_BATCH", 10)
    monkeypatch.setattr(importing, "_MIN_BATCH", 10)
    monkeypatch.setattr(importing, "BATCH_SECONDS", 0.0)
    monkeypatch.setattr(importing, "BATCH_PAUSE", 0.0)
    entries = [session_entry(started=at(1 + i % 27, i % 20), before={"pain": 5})
               for i in range(40)]
    saved: list[Entry] = []
    problems: list[BaseException] = []

    def check_in_from_another_thread() -> None:
        def run() -> None:
            try:  # no waiting at all: it succeeds only if the import let go of the lock
                with Store.open(paths.database, timeout=0.0) as other:
                    saved.append(other.add_check_in({"pain": 3}, note=f"{os.getpid()}"))
            except BaseException as err:  # reported below, in the test's thread
                problems.append(err)

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()

    with Store.for_paths(paths) as store:
        done = store.import_entries(entries, between=check_in_from_another_thread)
        assert done == (40, 0, 0) and problems == [] and len(saved) == 3
        assert store.count(type="check-in") == 3 and store.count(type="session") == 40


class _BusyAtFirst:
    """A connection whose journal switch is answered "busy" `times` times, as SQLite
    answers a second painpath opening a new log at the same moment (at once, no wait)."""

    def __init__(self, times: int, error: str = "database is locked") -> None:
        self.times, self.error, self.asked = times, error, 0

    def execute(self, sql: str) -> sqlite3.Cursor:
        assert sql == "PRAGMA journal_mode = WAL"
        self.asked += 1
        if self.asked <= self.times:
            raise sqlite3.OperationalError(self.error)
        return sqlite3.connect(":memory:").execute("SELECT 'wal'")


def test_two_painpaths_opening_a_new_log_at_once_both_open_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from painpath.store import db

    monkeypatch.setattr(db, "_WAL_RETRY", 0.0)
    conn = _BusyAtFirst(times=3)
    db._switch_to_wal(conn, timeout=5.0)  # type: ignore[arg-type]
    assert conn.asked == 4
    # Still busy when a write would have stopped waiting: said as busy, as ever.
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        db._switch_to_wal(_BusyAtFirst(times=10**9), timeout=0.0)  # type: ignore[arg-type]
    # Anything else is not asked again.
    other = _BusyAtFirst(times=1, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        db._switch_to_wal(other, timeout=5.0)  # type: ignore[arg-type]
    assert other.asked == 1
