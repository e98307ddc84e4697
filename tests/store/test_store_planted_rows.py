"""Any row the log's columns allow, planted with sqlite3: every reader still answers.

Hypothesis writes random values into each column of an entry and its ratings
(numbers of any size, infinities, text, bytes, escapes, times that are no
times) on top of the real layout; the store's reads, sums and exports never
raise, and what they give is believable (`painpath.store.sanity`).
"""

from __future__ import annotations

import io
import math
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painpath.reports.markdown import render as markdown
from painpath.store import Store, sanity
from painpath.store.export_csv import write_csv
from painpath.store.export_json import entry_to_dict, write_export
from painpath.store.import_file import parse_export
from painpath.store.sanity import MAX_SECONDS

SOME = st.one_of(  # any value a NOT NULL column allows
    st.integers(min_value=-2**63, max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=True), st.text(max_size=30),
    st.binary(max_size=8), st.sampled_from(["", "banana", "9999-12-31T23:59:59-05:00",
                                            "0001-01-01T00:00:00+01:00", "\x1b[2J",
                                            "2026-11-20T09:00:00+01:00", "2026-11-20"]))
ANY = st.one_of(st.none(), st.just(math.nan), SOME)  # SQLite keeps NaN as NULL
SOME_TIME = st.one_of(SOME, st.just("2026-11-20T09:00:00+01:00"))
TIME = st.one_of(st.none(), SOME_TIME)
ENTRY = st.fixed_dictionaries({
    "type": st.sampled_from(["session", "check-in"]), "exercise": ANY, "started": SOME_TIME,
    "started_utc": SOME, "ended": TIME, "status": st.sampled_from(
        ["completed", "stopped", "interrupted", "in-progress"]),
    "planned_s": ANY, "practiced_s": ANY, "furthest_step": ANY, "note": ANY,
    "peg": st.sampled_from([0, 1]), "updated": SOME_TIME, "day": ANY, "content_hash": ANY})
RATING = st.fixed_dictionaries({
    "scale": st.one_of(SOME, st.sampled_from(["pain", "enjoyment", "activity", "sleep"])),
    "value": st.one_of(SOME, st.integers(-20, 120)),
    "phase": st.sampled_from(["before", "during", "after", "check-in"]),
    "region": ANY, "step": ANY, "at": ANY})


def _value(v: object) -> object:
    return sqlite3.Binary(v) if isinstance(v, bytes) else v


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, object]) -> None:
    columns = {c[1] for c in conn.execute(f"PRAGMA table_info({table})")}
    keys = [k for k in row if k in columns]  # the layout's own columns
    conn.execute(f"INSERT INTO {table} ({', '.join(keys)}) VALUES "
                 f"({', '.join('?' * len(keys))})", [_value(row[k]) for k in keys])


def _plant(path: Path, entries: list[tuple[dict[str, object], list[dict[str, object]]]]
           ) -> None:
    with Store.open(path):
        pass
    conn = sqlite3.connect(path, isolation_level=None)
    for n, (entry, ratings) in enumerate(entries, start=1):
        eid = str(uuid.UUID(int=n))
        _insert(conn, "entries", {"n": n, "id": eid, **entry})
        for seq, rating in enumerate(ratings):
            _insert(conn, "ratings", {"id": f"{eid}-{seq}", "entry": n, "entry_id": eid,
                                      "seq": seq, **rating, "day": entry["day"],
                                      "started_utc": entry["started_utc"]})
        conn.execute("UPDATE entries SET note = CAST(note AS TEXT) WHERE typeof(note) = 'blob'")
    conn.close()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(ENTRY, st.lists(RATING, max_size=4)), min_size=1, max_size=4))
def test_every_reader_answers_whatever_the_rows_hold(
        tmp_path_factory: object, entries: list[tuple[dict[str, object], list[dict[str, object]]]]
        ) -> None:
    folder = tmp_path_factory.mktemp("planted")  # type: ignore[attr-defined]
    path = folder / "painpath.db"
    _plant(path, entries)
    with Store.open(path) as store:
        read = store.entries()
        for entry in read:
            for seconds in (entry.planned_s, entry.practiced_s):
                assert seconds is None or 0 <= seconds <= MAX_SECONDS
            assert entry.ended is None or entry.ended >= entry.started
        stats = store.stats()
        assert math.isfinite(stats.minutes) and 0 <= stats.minutes <= 4 * MAX_SECONDS / 60
        store.daily_series()
        store.practice_days()
        store.region_means()
        store.page()
        out = io.StringIO()
        with closing(store.export_records()) as records:
            count = write_export(out, records)
        assert len(parse_export(out.getvalue(), "planted.json")) == count == len(read)
        with closing(store.export_records()) as records:  # the quick way is the long way
            for record in records:
                if sanity._as_written(record):
                    assert sanity.made_believable(record) == record
        with closing(store.csv_lines()) as lines:
            write_csv(io.StringIO(), lines, with_notes=True)
    markdown([entry_to_dict(e) for e in read], since=None, until=None, with_notes=True)
