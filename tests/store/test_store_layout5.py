"""Layout 5: a log from layout 4 comes through the migration whole, in a quarter of the space.

A layout-4 log is written here row by row as painpath 0.1 wrote it (the rows
below are that version's `rows.entry_rows`), for any log hypothesis makes; the
migration must give back exactly the entries, ratings, answers and
before -> after pairs it held.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from log_strategies import logs

from painpath.store import Entry, Store, schema
from painpath.store.export_json import entry_to_dict
from painpath.store.times import to_iso, utc_key, utc_seconds

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def _iso(moment: Any) -> str | None:
    return to_iso(moment) if moment is not None else None


def _write_v4(conn: sqlite3.Connection, e: Entry, owner: tuple[int, str] | None = None) -> None:
    """One entry's rows as layout 4 held them (painpath 0.1's `rows.entry_rows`)."""
    started = to_iso(e.started)
    utc, day = utc_key(e.started), started[:10]
    updated = e.updated or e.ended
    conn.execute(
        "INSERT INTO entries (id, type, exercise, content_hash, pack_version, started, "
        "started_utc, ended, status, planned_s, practiced_s, furthest_step, note, peg, "
        "owner_pid, updated, day, owner_start) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (e.id, e.type, e.exercise, e.content_hash, e.pack_version, started, utc, _iso(e.ended),
         e.status, e.planned_s, e.practiced_s, e.furthest_step, e.note, int(e.peg),
         owner[0] if owner else None, _iso(updated) if updated else started, day,
         owner[1] if owner else None))
    for seq, r in enumerate(e.ratings):
        conn.execute(
            "INSERT INTO ratings (id, entry_id, seq, scale, value, phase, region, step, at, "
            "day, started_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (r.id, e.id, seq, r.scale, r.value, r.phase, r.region, r.step, _iso(r.at), day, utc))
    for seq, a in enumerate(e.answers):
        conn.execute("INSERT INTO answers (id, entry_id, seq, step, text, at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (a.id, e.id, seq, a.step, a.text, _iso(a.at)))
    if e.type == "session":
        for scale, (before, after) in e.before_after().items():
            conn.execute(
                "INSERT INTO session_changes (entry_id, scale, exercise, started_utc, day, "
                "before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (e.id, scale, e.exercise or "", utc, day, before, after))


def _layout4(db: Path, entries: list[Entry]) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    schema.migrate(conn, schema.MIGRATIONS[:4])
    assert schema.version(conn) == 4
    conn.execute("BEGIN")
    for e in entries:
        _write_v4(conn, e)
    conn.execute("COMMIT")
    conn.close()


def _expected(entries: list[Entry]) -> list[dict[str, Any]]:
    """The entries as a log reads them back: newest first, `updated` filled in."""
    ordered = sorted(entries, key=lambda e: (utc_seconds(e.started), e.id), reverse=True)
    return [entry_to_dict(e.evolve(updated=e.updated or e.ended or e.started))
            for e in ordered]


@SETTINGS
@given(logs)
def test_a_layout_4_log_is_migrated_whole(tmp_path_factory: Any, entries: list[Entry]) -> None:
    db = tmp_path_factory.mktemp("v4") / "painpath.db"
    _layout4(db, entries)
    with Store.open(db) as store:
        assert schema.version(store._conn) == 5
        assert [entry_to_dict(e) for e in store.entries()] == _expected(entries)
        pairs = sorted(store._conn.execute(
            "SELECT e.id, c.scale, c.exercise, c.before, c.after, c.started_utc, c.day "
            "FROM changes AS c JOIN entries AS e ON e.n = c.entry").fetchall())
        assert pairs == sorted(
            (e.id, s, e.exercise or "", b, a, utc_seconds(e.started), to_iso(e.started)[:10])
            for e in entries if e.type == "session" for s, (b, a) in e.before_after().items())
        sums: dict[tuple[str, str, str], list[int]] = {}
        for e in entries:
            for r in () if e.peg else e.ratings:
                cell = sums.setdefault((to_iso(e.started)[:10], r.phase, r.scale), [0, 0])
                cell[0] += 1
                cell[1] += r.value
        assert sorted(store._conn.execute(
            "SELECT day, phase, scale, n, total FROM daily WHERE n > 0").fetchall()) == \
            sorted((*key, n, total) for key, (n, total) in sums.items())
        store.stats()
        store.check()
        tables = {r[0] for r in store._conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {"entries", "ratings", "answers", "changes", "daily"}


def test_a_running_session_keeps_its_owner_and_is_found_interrupted_later(
        tmp_path: Path, session_entry: Any) -> None:
    db = tmp_path / "painpath.db"
    e = session_entry(status="in-progress", before={"pain": 6}).evolve(ended=None)
    conn = sqlite3.connect(db, isolation_level=None)
    schema.migrate(conn, schema.MIGRATIONS[:4])
    _write_v4(conn, e, owner=(2147483000, "boot/1"))  # a process long gone
    conn.close()
    with Store.open(db) as store:
        [found] = store.entries()
        assert found.status == "interrupted" and found.ended == e.updated
        assert found.rating("before", "pain") == 6


def test_times_in_another_offset_and_far_from_the_start_come_back_exactly(
        tmp_path: Path, session_entry: Any, at: Any) -> None:
    from datetime import timedelta, timezone

    e = session_entry(before={"pain": 6}, after={"pain": 4})
    summer = e.started.astimezone(timezone(e.started.utcoffset() + timedelta(hours=1)))
    ratings = (e.ratings[0].__class__("pain", 5, "during", at=summer + timedelta(minutes=3)),
               e.ratings[0].__class__("pain", 5, "during", at=e.started - timedelta(days=2)),
               *e.ratings)
    e = e.evolve(ratings=ratings)
    db = tmp_path / "painpath.db"
    _layout4(db, [e])
    with Store.open(db) as store:
        [found] = store.entries()
        assert [to_iso(r.at) for r in found.ratings if r.at] == \
            [to_iso(r.at) for r in e.ratings if r.at]
        kept = [r[0] for r in store._conn.execute("SELECT at FROM ratings ORDER BY seq")]
        assert isinstance(kept[0], str) and kept[1] == -2 * 86_400  # text; seconds


def test_the_migrated_log_is_a_quarter_of_the_size(tmp_path: Path, session_entry: Any,
                                                   at: Any) -> None:
    from datetime import timedelta

    base = session_entry(before={"pain": 6, "tension": 5}, after={"pain": 4, "tension": 3})
    entries = [base.evolve(id=f"00000000-0000-4000-8000-{i:012d}",
                           started=base.started + timedelta(hours=i),
                           ended=base.started + timedelta(hours=i, minutes=10),
                           updated=base.started + timedelta(hours=i, minutes=10),
                           ratings=tuple(r.__class__(r.scale, r.value, r.phase,
                                                     at=base.started + timedelta(hours=i))
                                         for r in base.ratings))
               for i in range(3000)]
    db = tmp_path / "painpath.db"
    _layout4(db, entries)
    before = db.stat().st_size
    with Store.open(db) as store:
        assert store.count() == 3000
    after = db.stat().st_size
    assert after * 3 < before, (before, after)  # given back to the disk (VACUUM)


def test_the_one_time_move_is_said_on_standard_error_once(
        paths: Any, capsys: Any, monkeypatch: Any, session_entry: Any) -> None:
    from painpath import notices
    from painpath.cli import main

    monkeypatch.setattr(notices, "migration", None)
    paths.data_dir.mkdir(parents=True)
    _layout4(paths.database, [session_entry(before={"pain": 6}, after={"pain": 4})])
    assert main(["--data-dir", str(paths.data_dir), "stats", "--json"]) == 0
    out, err = capsys.readouterr()
    assert "Updating your log to painpath's new, smaller layout. This happens once" in err
    assert '"sessions": 1' in out  # the output itself is as it was
    assert main(["--data-dir", str(paths.data_dir), "stats", "--json"]) == 0
    assert "Updating" not in capsys.readouterr().err


def test_a_new_log_is_not_announced(paths: Any, capsys: Any, monkeypatch: Any) -> None:
    from painpath import notices
    from painpath.cli import main

    monkeypatch.setattr(notices, "migration", None)
    assert main(["--data-dir", str(paths.data_dir), "check-in", "--pain", "3"]) == 0
    assert "Updating" not in capsys.readouterr().err


def test_no_check_of_the_log_lists_values_with_in(tmp_path: Path) -> None:
    """SQLite builds a table of an `IN (a, b, c)` list for every row it writes: an
    import of 400,000 ratings took twice as long. The checks list values with OR."""
    import re

    with Store.open(tmp_path / "painpath.db") as store:
        store.count()
    conn = sqlite3.connect(tmp_path / "painpath.db")
    tables = [sql for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")]
    conn.close()
    checks = [c for sql in tables for c in re.findall(r"CHECK \(([^)]*\)?)\)", sql)]
    assert any("phase = 'before'" in c for c in checks)  # the checks are still there
    long_lists = [c for c in checks if re.search(r"\bIN \([^)]*,[^)]*,", c)]
    assert long_lists == []
