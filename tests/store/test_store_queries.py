"""Sums and streams in SQL give what the Python definitions give, for any log.

`painpath stats` and Progress read `Store.stats()`, `daily_series()`,
`practice_days()` and `region_means()`; exports stream `export_records()` and
`csv_lines()`. Each is held here against the plain-Python definition over
`store.entries()`: `stats.compute`, the JSON and CSV of `exchange`, and short
reference versions of Progress's numbers written out below.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import re
import sqlite3
import statistics
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from log_strategies import logs

from painpath.errors import PainpathError
from painpath.stats import Spread, compute
from painpath.store import Entry, Rating, Store, schema
from painpath.store.exchange import (
    dumps,
    entry_to_dict,
    export_document,
    open_private,
    parse_export,
    parse_export_rows,
    to_csv,
    write_csv,
    write_entries_json,
    write_export,
)
from painpath.store.rows import as_imported, entry_rows, placed

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
EXPORTED = datetime(2026, 11, 24, 8, 0, tzinfo=timezone(timedelta(hours=1)))


def _filled(entries: list[Entry]) -> Store:
    store = Store.open_memory()
    for e in entries:
        store.save_entry(e)
    return store


def _same(a: Any, b: Any, where: str = "") -> None:
    """Equal, floats within a few ulps (SQLite adds up in another order)."""
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        assert type(a) is type(b), where
        for f in dataclasses.fields(a):
            _same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, (tuple, list)):
        assert isinstance(b, (tuple, list)) and len(a) == len(b), (where, a, b)
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), (where, a, b)
        for k in a:
            _same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert type(a) is type(b), (where, a, b)
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9), (where, a, b)
    else:
        assert a == b and type(a) is type(b), (where, a, b)


# --- painpath stats --------------------------------------------------------------------

@SETTINGS
@given(logs, st.data())
def test_sql_stats_are_the_python_stats(entries: list[Entry], data: st.DataObject) -> None:
    with _filled(entries) as store:
        _same(store.stats(), compute(store.entries()))
        # After changes too: an entry re-saved with other ratings, one deleted.
        if entries:
            first = entries[0]
            store.save_entry(first.evolve(exercise="painpath/other",
                                          ratings=first.ratings[::-1]))
            store.delete(entries[-1].id)
            _same(store.stats(), compute(store.entries()))
        # Ranges: instants [since, until), calendar days first..last, or both.
        since = data.draw(st.none() | st.sampled_from([e.started for e in entries] or [None]))
        until = data.draw(st.none() | st.sampled_from([e.started for e in entries] or [None]))
        first_day = data.draw(st.none() | st.dates(date(2019, 12, 31), date(2020, 3, 2)))
        last_day = data.draw(st.none() | st.dates(date(2019, 12, 31), date(2020, 3, 2)))
        inside = [e for e in store.entries(since, until)
                  if (first_day is None or e.started.date() >= first_day)
                  and (last_day is None or e.started.date() <= last_day)]
        _same(store.stats(since, until, first=first_day, last=last_day), compute(inside))


def test_stats_known_numbers(store: Store, session_entry: Callable[..., Entry],
                             at: Callable[..., datetime]) -> None:
    store.save_entry(session_entry(started=at(2), before={"pain": 6}, after={"pain": 4}))
    store.save_entry(session_entry(started=at(3), before={"pain": 8}, after={"pain": 5}))
    store.save_entry(session_entry(started=at(4), before={"pain": 7}, status="stopped"))
    s = store.stats()
    assert (s.sessions, s.completed, s.minutes) == (3, 2, 30.0)
    [pain] = s.changes
    assert (pain.sessions, pain.before, pain.after) == (2, 7.0, 4.5)
    assert pain.change == Spread(n=2, mean=-2.5, sd=pytest.approx(math.sqrt(0.5)),
                                 min=-3.0, max=-2.0)
    assert s.to_dict()["changes"][0]["change"] == {"n": 2, "mean": -2.5, "sd": 0.71,
                                                   "min": -3.0, "max": -2.0}


def test_from_sums_is_spread_of() -> None:
    values = [3, 1, 4, 1, 5, 9, 2, 6]
    same = Spread.from_sums(len(values), sum(values), sum(v * v for v in values),
                            float(min(values)), float(max(values)))
    assert same == Spread.of([float(v) for v in values])
    assert Spread.from_sums(1, 7, 49, 7.0, 7.0).sd is None


# --- Progress --------------------------------------------------------------------------

def _daily(entries: list[Entry], first: date | None, last: date | None
           ) -> dict[tuple[str, str], list[tuple[date, float, int]]]:
    """Daily means per (scale, phase), PEG check-ins left out (Progress's definition)."""
    values: dict[tuple[str, str], dict[date, list[int]]] = defaultdict(lambda: defaultdict(list))
    for e in entries:
        day = e.started.date()
        if e.peg or (first and day < first) or (last and day > last):
            continue
        for r in e.ratings:
            if r.phase in ("before", "after", "check-in"):
                values[(r.scale, r.phase)][day].append(r.value)
    return {key: [(d, statistics.fmean(v), len(v)) for d, v in sorted(days.items())]
            for key, days in values.items()}


@SETTINGS
@given(logs, st.none() | st.dates(date(2020, 1, 1), date(2020, 3, 1)),
       st.none() | st.dates(date(2020, 1, 1), date(2020, 3, 1)))
def test_progress_numbers_are_their_definitions(entries: list[Entry], first: date | None,
                                                last: date | None) -> None:
    with _filled(entries) as store:
        everything = store.entries()
        got = store.daily_series(first, last)
        _same({k: [(p.day, p.mean, p.n) for p in v] for k, v in got.items()},
              _daily(everything, first, last))
        only = store.daily_series(first, last, phases=("before",), scales=("pain",))
        assert set(only) <= {("pain", "before")}
        assert store.daily_series(phases=()) == {}

        def inside(e: Entry) -> bool:
            return (first is None or e.started.date() >= first) and \
                (last is None or e.started.date() <= last)

        days: dict[date, int] = defaultdict(int)
        for e in everything:
            if e.type == "session" and inside(e):
                days[e.started.date()] += 1
        assert store.practice_days(first, last) == days

        regions: dict[str, list[float]] = defaultdict(list)
        for e in everything:
            for r in e.ratings:
                if inside(e) and r.phase == "during" and r.scale == "tension" and r.region:
                    regions[r.region].append(float(r.value))
        _same(store.region_means(first, last), {k: Spread.of(v) for k, v in regions.items()})


def test_daily_series_leaves_out_peg_check_ins(store: Store,
                                               check_in_entry: Callable[..., Entry],
                                               at: Callable[..., datetime]) -> None:
    store.save_entry(check_in_entry(started=at(2), pain=4))
    store.save_entry(check_in_entry(started=at(2, 10), pain=6))
    store.save_entry(check_in_entry(started=at(2, 11), peg=True, pain=9, enjoyment=1,
                                    activity=1))
    store.save_entry(check_in_entry(started=at(3), peg=True, pain=9, enjoyment=1, activity=1))
    series = store.daily_series()
    assert [(p.day, p.mean, p.n) for p in series[("pain", "check-in")]] == [
        (date(2026, 11, 2), 5.0, 2)]
    assert ("enjoyment", "check-in") not in series  # only ever in PEG check-ins


def test_page_gives_a_page_and_the_total(store: Store, check_in_entry: Callable[..., Entry],
                                         at: Callable[..., datetime]) -> None:
    for i in range(7):
        store.save_entry(check_in_entry(started=at(1 + i), pain=i))
    page = store.page(3)
    assert page.total == 7 and [e.rating("check-in", "pain") for e in page.entries] == [6, 5, 4]
    rest = store.page(10, older_than=page.last)
    assert [e.rating("check-in", "pain") for e in rest.entries] == [3, 2, 1, 0]
    assert store.page(10, older_than=rest.last).entries == []
    assert store.page(10, older_than=rest.last).last is None


# --- exports -----------------------------------------------------------------------------

@SETTINGS
@given(logs)
def test_streamed_exports_are_the_same_text(entries: list[Entry]) -> None:
    with _filled(entries) as store:
        everything = store.entries()
        out = io.StringIO()
        assert write_export(out, store.export_records(), EXPORTED) == len(everything)
        assert out.getvalue() == dumps(export_document(everything, EXPORTED))
        out = io.StringIO()
        write_entries_json(out, store.export_records())
        assert out.getvalue() == dumps([entry_to_dict(e) for e in everything])
        out = io.StringIO(newline="")
        write_csv(out, store.csv_lines())
        assert out.getvalue() == to_csv(everything)
        if everything:  # a range streams the same entries entries() gives
            since = everything[len(everything) // 2].started
            out = io.StringIO(newline="")
            write_csv(out, store.csv_lines(since=since))
            assert out.getvalue() == to_csv(store.entries(since))


def test_sessions_found_interrupted_read_as_interrupted_in_exports(
        tmp_path: Path, session_entry: Callable[..., Entry]) -> None:
    db = tmp_path / "painpath.db"
    e = session_entry(status="in-progress", before={"pain": 5})
    with Store.open(db) as store:
        store.save_entry(e)
        store._conn.execute("UPDATE entries SET owner_pid = 2147483000")  # a process gone
    db.chmod(0o400)
    try:
        with Store.open(db, read_only=True) as ro:  # cannot mark it: reads it as interrupted
            assert ro.interrupted_on_open == (e.id,)
            [record] = list(ro.export_records())
            assert record.entry[5] == "interrupted"
            assert ",interrupted," in "".join(ro.csv_lines())
    finally:
        db.chmod(0o600)


def test_an_export_stream_ended_early_leaves_the_store_usable(
        store: Store, check_in_entry: Callable[..., Entry]) -> None:
    for i in range(5):
        store.save_entry(check_in_entry(pain=i))
    stream = store.csv_lines()
    next(stream)
    stream.close()
    assert not store._conn.in_transaction
    store.add_check_in({"pain": 1})
    assert store.count() == 6


def test_open_private_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(PainpathError, match="could not be read"), \
            open_private(target) as out:
        out.write("half")
        raise PainpathError("Your log could not be read.")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    with open_private(target, encoding="utf-8-sig") as out:
        out.write("a\r\nb")
    assert target.read_bytes() == b"\xef\xbb\xbfa\r\nb"


# --- what the store keeps beside the entries --------------------------------------------

def _pairs(store: Store) -> list[tuple[Any, ...]]:
    return sorted(store._conn.execute(
        "SELECT e.id, c.scale, c.exercise, c.started_utc, c.day, c.before, c.after "
        "FROM changes AS c JOIN entries AS e ON e.n = c.entry").fetchall())


def _expected_pairs(store: Store) -> list[tuple[Any, ...]]:
    from painpath.store.times import utc_seconds

    return sorted((e.id, scale, e.exercise if e.exercise is not None else "",
                   utc_seconds(e.started),
                   e.started.date().isoformat(), b, a)
                  for e in store.entries() if e.type == "session"
                  for scale, (b, a) in e.before_after().items())


def _daily_rows(store: Store) -> list[tuple[Any, ...]]:
    return sorted(store._conn.execute(
        "SELECT day, phase, scale, n, total FROM daily WHERE n > 0").fetchall())


def _expected_daily(store: Store) -> list[tuple[Any, ...]]:
    sums: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for e in store.entries():
        if not e.peg:
            for r in e.ratings:
                cell = sums[(e.started.date().isoformat(), r.phase, r.scale)]
                cell[0] += 1
                cell[1] += r.value
    return sorted((*key, n, total) for key, (n, total) in sums.items())


@SETTINGS
@given(logs, st.data())
def test_daily_sums_follow_every_write(entries: list[Entry], data: st.DataObject) -> None:
    with _filled(entries) as store:
        assert _daily_rows(store) == _expected_daily(store)
        for e in entries[:3]:  # saved again: moved a day, a rating fewer, PEG or not
            store.save_entry(e.evolve(started=e.started + timedelta(days=1),
                                      ratings=e.ratings[1:], peg=data.draw(st.booleans())))
        if entries:
            store.delete(entries[-1].id)
        assert _daily_rows(store) == _expected_daily(store)
        more = data.draw(logs)
        store.import_entries([*more, *(e.evolve(note="merged", updated=e.started
                                                + timedelta(days=400)) for e in entries[:2])])
        assert _daily_rows(store) == _expected_daily(store)
        store.refresh_changes()
        assert _daily_rows(store) == _expected_daily(store)


@SETTINGS
@given(logs)
def test_pairs_and_copies_follow_every_write(entries: list[Entry]) -> None:
    with _filled(entries) as store:
        assert _pairs(store) == _expected_pairs(store)
        for e in entries[:3]:
            store.save_entry(e.evolve(started=e.started + timedelta(days=1),
                                      ratings=e.ratings[1:]))
        if entries:
            store.delete(entries[-1].id)
        assert _pairs(store) == _expected_pairs(store)
        bad = store._conn.execute(
            "SELECT count(*) FROM changes AS c JOIN entries AS e ON e.n = c.entry "
            "WHERE c.day IS NOT substr(e.started, 1, 10) OR c.started_utc IS NOT e.started_utc "
            "OR c.exercise IS NOT coalesce(e.exercise, '')").fetchone()[0]
        assert bad == 0
        orphans = store._conn.execute(
            "SELECT (SELECT count(*) FROM ratings WHERE entry NOT IN (SELECT n FROM entries)) "
            "+ (SELECT count(*) FROM changes WHERE entry NOT IN (SELECT n FROM entries))"
        ).fetchone()[0]
        assert orphans == 0
        # The SQL that fills them for logs from before layout 2 agrees.
        store.refresh_changes()
        assert _pairs(store) == _expected_pairs(store)
        store.check()  # and SQLite's own check finds nothing amiss in the layout


@SETTINGS
@given(logs)
def test_importing_gives_the_same_log_as_saving(entries: list[Entry]) -> None:
    with _filled(entries) as saved, Store.open_memory() as imported:
        imported.import_entries(entries)
        assert [entry_to_dict(e) for e in imported.entries()] == \
            [entry_to_dict(e) for e in saved.entries()]
        assert _pairs(imported) == _pairs(saved)


@pytest.mark.parametrize("order", ["newest first", "oldest first", "shuffled"])
def test_an_import_keys_entries_in_time_order_however_the_file_lists_them(
        monkeypatch: pytest.MonkeyPatch, store: Store, order: str,
        session_entry: Callable[..., Entry], at: Callable[..., datetime]) -> None:
    # Each row an import writes carries its entry's place in the file, made its key in
    # SQL: an export lists the newest first, so the places run backwards in time.
    from painpath.store import importing

    monkeypatch.setattr(importing, "_FIRST_BATCH", 2)
    monkeypatch.setattr(importing, "_MIN_BATCH", 2)
    monkeypatch.setattr(importing, "BATCH_SECONDS", 0.0)
    monkeypatch.setattr(importing, "BATCH_PAUSE", 0.0)
    store.add_check_in({"pain": 1})  # keys continue after the log's own
    entries = [session_entry(started=at(1 + i), before={"pain": i % 11}, after={"pain": 3})
               for i in range(7)]
    listed = {"newest first": entries[::-1], "oldest first": entries,
              "shuffled": [entries[i] for i in (3, 0, 6, 1, 5, 2, 4)]}[order]
    rows = parse_export_rows(dumps(export_document(listed, EXPORTED)))
    assert store.import_rows(rows) == (7, 0, 0)
    keyed = store._conn.execute(
        "SELECT e.n, e.id, (SELECT count(*) FROM ratings AS r WHERE r.entry = e.n), "
        "(SELECT count(*) FROM changes AS c WHERE c.entry = e.n) "
        "FROM entries AS e WHERE e.type = 'session' ORDER BY e.n").fetchall()
    assert [n for n, *_ in keyed] == list(range(2, 9))
    assert [(eid, r, c) for _, eid, r, c in keyed] == [(e.id, 2, 1) for e in entries]
    assert [store.get(e.id) for e in entries] == [as_imported(e) for e in entries]


def test_an_import_in_many_batches_keeps_the_indexes_and_the_sums(
        monkeypatch: pytest.MonkeyPatch, store: Store,
        session_entry: Callable[..., Entry], at: Callable[..., datetime]) -> None:
    from painpath.store import importing

    monkeypatch.setattr(importing, "_FIRST_BATCH", 1)
    monkeypatch.setattr(importing, "_MIN_BATCH", 1)
    monkeypatch.setattr(importing, "BATCH_SECONDS", 0.0)
    monkeypatch.setattr(importing, "BATCH_PAUSE", 0.0)
    before = sorted(store._conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
    entries = [session_entry(started=at(1 + i), before={"pain": 5}, after={"pain": 3})
               for i in range(4)]
    batches: list[int] = []
    checkpoints: list[int] = []

    def between() -> None:
        batches.append(store.count())
        checkpoints.append(store._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

    assert store.import_entries(entries, between=between) == (4, 0, 0)
    assert batches == [1, 2, 3]  # committed one by one
    # Keys in time order across batches (each batch's places plus the log's next key).
    assert [r[0] for r in store._conn.execute("SELECT n FROM entries ORDER BY started_utc")] \
        == [1, 2, 3, 4]
    # The write-ahead log is copied into the database once, at the end, and SQLite's
    # own copying after each write is back on for what comes next.
    assert checkpoints == [0, 0, 0]
    assert store._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    assert sorted(store._conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall()) == before
    assert store.stats().changes[0].sessions == 4
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_rating_id_names_a_rating_within_its_entry(
        store: Store, check_in_entry: Callable[..., Entry]) -> None:
    # Layout 5 keeps no index of rating ids: an id tells two copies of one entry's
    # rating apart when they are merged. Two entries may hold the same id (a file
    # may not: `parse_export` refuses one that does) and each keeps its own.
    a = check_in_entry(pain=2)
    b = check_in_entry(pain=3).evolve(ratings=(a.ratings[0].__class__(
        scale="pain", value=3, phase="check-in", at=a.ratings[0].at, id=a.ratings[0].id),))
    assert store.import_entries([a, b]) == (2, 0, 0)
    assert sorted(e.rating("check-in", "pain") for e in store.entries()) == [2, 3]
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_layout_1_log_gets_its_pairs_and_days(tmp_path: Path) -> None:
    db = tmp_path / "painpath.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in schema.V1_SQL:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO entries (id, type, exercise, started, started_utc, ended, status, "
        "practiced_s, updated) VALUES ('e1', 'session', 'p/x', '2026-11-23T23:30:00-05:00', "
        "'2026-11-24T04:30:00Z', NULL, 'completed', 60.0, '2026-11-23T23:40:00-05:00')")
    for seq, (phase, value) in enumerate([("before", 7), ("before", 6), ("after", 3),
                                          ("during", 5)]):
        conn.execute("INSERT INTO ratings (id, entry_id, seq, scale, value, phase) "
                     "VALUES (?, 'e1', ?, 'pain', ?, ?)", (f"r{seq}", seq, value, phase))
    conn.close()
    with Store.open(db) as store:
        assert schema.version(store._conn) == schema.latest()
        assert _pairs(store) == [("e1", "pain", "p/x", 1795494600, "2026-11-23", 6, 3)]
        assert store.practice_days() == {date(2026, 11, 23): 1}
        assert store.stats().changes[0].change.mean == -3.0


# --- the plans SQLite follows ----------------------------------------------------------------

def _plan(store: Store, sql: str, params: tuple[Any, ...] = ()) -> str:
    return " | ".join(row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                           params))


def test_saving_one_entry_reads_only_its_own_ratings(store: Store) -> None:
    plan = _plan(store, schema.PAIRS_SQL.format(where="e.n = ?"), (1,))
    assert "SCAN" not in plan, plan


def test_queries_are_served_by_their_indexes(store: Store, monkeypatch: pytest.MonkeyPatch,
                                             session_entry: Callable[..., Entry]) -> None:
    store.save_entry(session_entry(before={"pain": 5}, after={"pain": 3}))
    seen: list[str] = []
    store._conn.set_trace_callback(seen.append)
    store.stats()
    store.daily_series()
    store.practice_days()
    list(store.csv_lines())
    list(store.export_records())
    store._conn.set_trace_callback(None)
    plans = [_plan(store, sql) for sql in seen if sql.lstrip().startswith("SELECT")]
    joined = "\n".join(plans)
    assert "SCAN c" in joined  # changes, kept in the order stats groups it
    assert "SEARCH r USING PRIMARY KEY (entry=?)" in joined  # ratings through their entry
    # No plan reads the ratings table whole, and the exports sort nothing.
    assert not any(re.search(r"SCAN (r|ratings|a|answers)\b", p) for p in plans), joined
    # (Each entry's few ratings may be put in order among themselves: "RIGHT PART".)
    exports = [_plan(store, sql) for sql in seen if "ORDER BY e.started_utc DESC" in sql]
    assert exports and not any("TEMP B-TREE FOR ORDER BY" in p for p in exports), exports
    assert not any("TEMP B-TREE" in p for p in plans if "SCAN c" in p), joined


def test_ratings_beyond_any_scale_are_left_out_of_sums_and_entries_alike(
        store: Store, at: Callable[..., datetime]) -> None:
    # Scales run within 0-100 (FORMAT.md); an older log may hold more (`sanity`).
    e = Entry(type="session", exercise="p/x", started=at(1), status="completed",
              ratings=(Rating(scale="steps", value=5000, phase="before"),
                       Rating(scale="steps", value=12000, phase="after")))
    store.save_entry(e)
    summed = store.stats()
    assert summed.left_out == (("rating", 2),) and not summed.changes
    _same(dataclasses.replace(summed, left_out=()), compute(store.entries()))
    assert store.left_out.counts == {"rating": 2}


# --- an import straight from the file's JSON to rows -----------------------------------

@SETTINGS
@given(logs, st.sampled_from(["as written", "other spellings"]))
def test_reading_an_export_to_rows_is_reading_it_to_entries(entries: list[Entry],
                                                             spelling: str) -> None:
    entries = [e.evolve(exercise="p/x") if e.type == "session" and not e.exercise else e
               for e in entries]  # a file's sessions always name their exercise
    text = dumps(export_document(entries, EXPORTED))
    if spelling == "other spellings":  # valid, but not as painpath writes them
        text = text.replace('+00:00"', 'Z"').replace('"interrupted"', '"in-progress"')
    quick = parse_export_rows(text)
    assert quick == [placed(entry_rows(as_imported(e)), i)
                     for i, e in enumerate(parse_export(text))]
    with Store.open_memory() as by_rows, Store.open_memory() as by_entries:
        assert by_rows.import_rows(quick) == by_entries.import_entries(parse_export(text))
        assert [entry_to_dict(e) for e in by_rows.entries()] == \
            [entry_to_dict(e) for e in by_entries.entries()]
        assert _pairs(by_rows) == _pairs(by_entries)


def test_rows_of_a_session_in_progress_are_those_of_an_interrupted_one(
        session_entry: Callable[..., Entry]) -> None:
    e = session_entry(status="in-progress", before={"pain": 4}, after={"pain": 2})
    for ended in (None, e.ended):
        entry = e.evolve(ended=ended)
        [quick] = parse_export_rows(dumps(export_document([entry], EXPORTED)))
        assert quick == placed(entry_rows(as_imported(entry)), 0)
        row = entry_rows(entry)[0]
        assert quick[0][7] == "interrupted"  # status (after the entry's place in the file)
        assert quick[0][6] == (row[14] or row[3] if ended is None else row[5])  # ended


def test_an_entry_in_doubt_goes_the_long_way(check_in_entry: Callable[..., Entry]) -> None:
    doc = export_document([check_in_entry(pain=2)], EXPORTED)
    raw = doc["entries"][0]
    raw["id"] = raw["id"].upper()  # a UUID, but not as painpath writes one
    raw["started"] = raw["started"].replace("+01:00", "+0100")
    del raw["ratings"][0]["id"]  # a rating without its id gets a new one
    [rows] = parse_export_rows(json.dumps(doc))
    assert rows[0][1] == raw["id"].lower()  # after the entry's place in the file
    assert rows[0][4] == raw["started"][:19] + "+01:00"
    assert uuid.UUID(rows[1][0][1]).version == 4


@pytest.mark.parametrize("text", [
    "2026-11-23T21:34:18+01:00", "2026-11-23T21:34:18-05:30", "2026-11-23T21:34:18+00:00",
    "2026-11-23T21:34:18-00:00", "2026-11-23T21:34:18Z", "2026-11-23T21:34:18.5+01:00",
    "2026-11-23T21:34:18+01:00:30", "2026-02-30T10:00:00+01:00", "1899-12-31T23:00:00+00:00",
    "2026-11-23T24:00:00+01:00", "2026-11-23 21:34:18+01:00", "nonsense"])
def test_times_read_straight_to_rows_are_written_as_the_log_writes_them(text: str) -> None:
    from painpath.store.import_quick import _DOUBT, _Times
    from painpath.store.times import parse_iso, to_iso

    try:
        moment = parse_iso(text)
        expected: Any = (to_iso(moment), moment) if 1900 <= moment.year <= 9998 else _DOUBT
    except ValueError:
        expected = _DOUBT
    assert _Times().get(text) == expected
