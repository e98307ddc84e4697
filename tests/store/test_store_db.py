"""The store: privacy, queries, paging, interrupted sessions, migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from painpath.paths import Paths
from painpath.store import Entry, Rating, Store, schema
from painpath.store.db import pid_alive
from painpath.store.errors import StoreNewerError


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_log_and_folder_are_readable_by_their_owner_alone(paths: Paths) -> None:
    old = os.umask(0o022)  # a permissive umask must not leak into the log's modes
    try:
        with Store.for_paths(paths) as store:
            store.add_check_in({"pain": 3})
            assert _mode(paths.data_dir) == 0o700
            for suffix in ("", "-wal", "-shm"):
                file = Path(f"{paths.database}{suffix}")
                assert file.exists(), suffix
                assert _mode(file) == 0o600, suffix
    finally:
        os.umask(old)


def test_an_existing_log_with_loose_permissions_is_tightened(paths: Paths) -> None:
    Store.for_paths(paths).close()
    os.chmod(paths.database, 0o644)
    Store.for_paths(paths).close()
    assert _mode(paths.database) == 0o600


def test_connection_settings(store: Store) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.latest()


def test_check_in_is_stored_with_its_local_time_and_offset(store: Store, at: Callable[..., datetime]
                                                         ) -> None:
    entry = store.add_check_in([("pain", 4), ("tension", 2)], note="  a note ", at=at(23, 21, 34))
    back = store.get(entry.id)
    assert back == entry
    assert back is not None
    assert back.type == "check-in" and back.exercise is None and back.status == "completed"
    assert back.started.isoformat() == "2026-11-23T21:34:00+01:00"
    assert [(r.scale, r.value, r.phase) for r in back.ratings] == [
        ("pain", 4, "check-in"), ("tension", 2, "check-in")]
    assert back.note == "  a note "
    assert len(back.id) == 36 and back.id.count("-") == 4
    assert {r.id for r in back.ratings}.isdisjoint({back.id})


def test_check_in_needs_a_rating_or_a_note(store: Store) -> None:
    with pytest.raises(ValueError, match="at least one rating or a note"):
        store.add_check_in({}, note="   ")
    assert store.add_check_in({}, note="just a note").note == "just a note"


def test_entries_are_newest_first_and_filtered_by_range_type_and_exercise(
        store: Store, at: Callable[..., datetime], session_entry: Callable[..., Entry],
        check_in_entry: Callable[..., Entry]) -> None:
    a = session_entry(started=at(1), before={"pain": 6}, after={"pain": 4})
    b = check_in_entry(started=at(2), pain=5)
    c = session_entry(exercise="painpath/box-breathing", started=at(3))
    d = check_in_entry(started=at(4), pain=2)
    for e in (a, b, c, d):
        store.save_entry(e)
    assert [e.id for e in store.entries()] == [d.id, c.id, b.id, a.id]
    assert [e.id for e in store.entries(oldest_first=True)] == [a.id, b.id, c.id, d.id]
    assert [e.id for e in store.entries(at(2), at(4))] == [c.id, b.id]  # until is exclusive
    assert store.count(at(2), at(4)) == 2
    assert [e.id for e in store.entries(type="session")] == [c.id, a.id]
    assert store.count(type="check-in") == 2
    assert [e.id for e in store.entries(exercise="painpath/body-scan")] == [a.id]
    assert store.exercises() == [("painpath/body-scan", 1), ("painpath/box-breathing", 1)]
    assert store.count() == 4


def test_ranges_compare_instants_not_local_clock_text(store: Store,
                                                      check_in_entry: Callable[..., Entry]
                                                      ) -> None:
    from datetime import timezone

    # 23:30 at -05:00 is 04:30 UTC the next day.
    late = check_in_entry(started=datetime(2026, 11, 20, 23, 30,
                                           tzinfo=timezone(timedelta(hours=-5))), pain=1)
    store.save_entry(late)
    utc = timezone.utc
    assert store.count(datetime(2026, 11, 21, 4, tzinfo=utc),
                       datetime(2026, 11, 21, 5, tzinfo=utc)) == 1
    assert store.count(datetime(2026, 11, 20, 23, tzinfo=utc),
                       datetime(2026, 11, 21, 4, tzinfo=utc)) == 0


def test_keyset_and_offset_paging_walk_the_same_log(store: Store, at: Callable[..., datetime],
                                                    check_in_entry: Callable[..., Entry]) -> None:
    for i in range(25):
        store.save_entry(check_in_entry(started=at(1 + i // 3, 8 + i % 3), pain=i % 11))
    everything = [e.id for e in store.entries()]
    by_key, page = [], store.entries(limit=10)
    while page:
        by_key += [e.id for e in page]
        page = store.entries(limit=10, older_than=page[-1])
    by_offset = [e.id for o in (0, 10, 20) for e in store.entries(limit=10, offset=o)]
    assert by_key == by_offset == everything
    assert len(everything) == 25


def test_paging_uses_the_time_index(store: Store) -> None:
    plan = store._conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM entries ORDER BY started_utc DESC, id DESC "
        "LIMIT 50").fetchall()
    assert any("entries_by_time" in str(row) for row in plan), plan


def test_last_peg_is_the_newest_peg_check_in(store: Store, at: Callable[..., datetime],
                                             check_in_entry: Callable[..., Entry]) -> None:
    assert store.last_peg() is None
    store.save_entry(check_in_entry(started=at(1), peg=True, pain=6, enjoyment=5, activity=4))
    newer = check_in_entry(started=at(8), peg=True, pain=3, enjoyment=3, activity=3)
    store.save_entry(newer)
    store.save_entry(check_in_entry(started=at(9), pain=1))
    last = store.last_peg()
    assert last is not None and last.id == newer.id and last.peg_score == 3.0


def test_set_note_and_delete_with_its_ratings(store: Store,
                                              session_entry: Callable[..., Entry]) -> None:
    e = session_entry(before={"pain": 5}, after={"pain": 3})
    store.save_entry(e)
    store.set_note(e.id, "felt lighter")
    got = store.get(e.id)
    assert got is not None and got.note == "felt lighter"
    assert store.delete(e.id) is True
    assert store.get(e.id) is None
    assert store._conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0
    assert store.delete(e.id) is False


def test_save_entry_replaces_the_earlier_state(store: Store,
                                               session_entry: Callable[..., Entry]) -> None:
    e = session_entry(before={"pain": 5, "tension": 4}, status="in-progress")
    store.save_entry(e, live=True)
    later = e.evolve(status="completed", ratings=e.ratings[:1], note="done")
    store.save_entry(later)
    assert store.get(e.id) == later
    assert store._conn.execute("SELECT owner_pid FROM entries").fetchone()[0] is None


# --- sessions left in progress ---------------------------------------------------

def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not pid_alive(proc.pid)
    return proc.pid


def _in_progress(store: Store, session_entry: Callable[..., Entry], pid: int | None) -> Entry:
    e = session_entry(before={"pain": 6}, status="in-progress").evolve(ended=None)
    store.save_entry(e)
    store._conn.execute("UPDATE entries SET owner_pid = ? WHERE id = ?", (pid, e.id))
    return e


def test_session_of_a_process_that_is_gone_becomes_interrupted(
        paths: Paths, session_entry: Callable[..., Entry]) -> None:
    with Store.for_paths(paths) as store:
        e = _in_progress(store, session_entry, _dead_pid())
    with Store.for_paths(paths) as store:
        assert store.interrupted_on_open == (e.id,)
        got = store.get(e.id)
        assert got is not None and got.status == "interrupted"
        assert got.ended == e.updated  # its last write is the best guess of its end
        assert got.rating("before", "pain") == 6
    with Store.for_paths(paths) as store:  # marked for good, reported once
        assert store.interrupted_on_open == ()


def test_a_live_session_of_another_painpath_is_left_alone(
        paths: Paths, session_entry: Callable[..., Entry]) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)
    try:
        with Store.for_paths(paths) as store:
            e = _in_progress(store, session_entry, other.pid)
            mine = _in_progress(store, session_entry, os.getpid())
        with Store.for_paths(paths) as store:
            assert store.interrupted_on_open == ()
            assert {x.status for x in store.entries()} == {"in-progress"}
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait()
    with Store.for_paths(paths) as store:
        assert store.interrupted_on_open == (e.id,)
        got = store.get(mine.id)
        assert got is not None and got.status == "in-progress"


def test_read_only_log_shows_gone_sessions_as_interrupted_without_writing(
        paths: Paths, session_entry: Callable[..., Entry]) -> None:
    with Store.for_paths(paths) as store:
        e = _in_progress(store, session_entry, _dead_pid())
    with Store.open(paths.database, read_only=True) as ro:
        got = ro.get(e.id)
        assert got is not None and got.status == "interrupted"
        assert ro.interrupted_on_open == (e.id,)
    raw = sqlite3.connect(paths.database)
    assert raw.execute("SELECT status FROM entries").fetchone()[0] == "in-progress"
    raw.close()


# --- migrations ------------------------------------------------------------------

def _sample_rows(conn: sqlite3.Connection, version: int) -> None:
    """Rows as each earlier layout held them (add a branch with each new version)."""
    if version >= 1:
        conn.execute(
            "INSERT INTO entries (id, type, exercise, started, started_utc, ended, status, "
            "planned_s, practiced_s, furthest_step, note, peg, updated) VALUES "
            "('7f1e1c9e-3c1f-4e51-9d7a-0d5c8f7b2a10', 'session', 'painpath/body-scan', "
            "'2026-11-23T21:34:18+01:00', '2026-11-23T20:34:18Z', '2026-11-23T21:44:18+01:00', "
            "'completed', 600.0, 590.5, 7, 'ok', 0, '2026-11-23T21:44:18+01:00')")
        conn.execute(
            "INSERT INTO ratings (id, entry_id, seq, scale, value, phase, at) VALUES "
            "('0b5a0d39-0b0e-4f4e-8a55-8d5b8f4a7c21', '7f1e1c9e-3c1f-4e51-9d7a-0d5c8f7b2a10', "
            "0, 'pain', 6, 'before', '2026-11-23T21:34:18+01:00')")


@pytest.mark.parametrize("version", range(schema.latest()))
def test_every_earlier_layout_is_migrated_forward(tmp_path: Path, version: int) -> None:
    db = tmp_path / "painpath.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for step in schema.MIGRATIONS[:version]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    _sample_rows(conn, version)
    conn.close()
    with Store.open(db) as store:
        assert schema.version(store._conn) == schema.latest()
        if version >= 1:
            [e] = store.entries()
            assert e.exercise == "painpath/body-scan" and e.practiced_s == 590.5
            assert e.rating("before", "pain") == 6
            assert e.started.isoformat() == "2026-11-23T21:34:18+01:00"


def test_a_v1_log_made_by_hand_from_the_v1_sql_opens(tmp_path: Path) -> None:
    db = tmp_path / "painpath.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in schema.V1_SQL:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    _sample_rows(conn, 1)
    conn.close()
    with Store.open(db) as store:
        assert store.count() == 1


def test_migrations_run_step_by_step_and_a_failed_step_changes_nothing(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)

    def v2(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE entries ADD COLUMN mood TEXT")

    def broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    assert schema.migrate(conn, [schema.MIGRATIONS[0], v2]) == 2
    assert "mood" in [r[1] for r in conn.execute("PRAGMA table_info(entries)")]
    with pytest.raises(sqlite3.OperationalError):
        schema.migrate(conn, [schema.MIGRATIONS[0], v2, broken])
    assert schema.version(conn) == 2
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"
                        ).fetchone()[0] == 0
    assert not conn.in_transaction


def test_a_log_from_a_newer_painpath_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    db = tmp_path / "painpath.db"
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {schema.latest() + 1}")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreNewerError, match="newer version of painpath"):
        Store.open(db)
    assert db.read_bytes() == before


def test_records_have_uuid4_ids() -> None:
    import uuid

    r = Rating(scale="pain", value=1, phase="check-in")
    assert uuid.UUID(r.id).version == 4
