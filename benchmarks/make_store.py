"""Fill a painpath log with many sessions, quickly, for benchmarks of History and stats.

    python benchmarks/make_store.py PATH [N]

makes (or adds to) the log at PATH with N sessions (default 100,000), each with
four ratings (pain and tension, before and after): 400,000 ratings for the
default. Everything goes in with `executemany` in one transaction. The layout
comes from `painpath.store.schema` by opening the file with `Store`, so a
benchmark always measures the real schema; the derived before -> after pairs
are then built by `Store.refresh_changes`, the store's own SQL. Importable:
`make_store(path, n)`.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from painpath.store.db import Store

EXERCISES = ("painpath/body-scan", "painpath/box-breathing", "painpath/feet-on-floor",
             "painpath/five-senses", "painpath/thought-record")

_ENTRY_SQL = (
    "INSERT INTO entries (id, type, exercise, content_hash, pack_version, started, "
    "started_utc, ended, status, planned_s, practiced_s, furthest_step, note, peg, "
    "owner_pid, updated, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_RATING_SQL = ("INSERT INTO ratings (id, entry_id, seq, scale, value, phase, region, step, at, "
               "day, started_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _rows(n: int, seed: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    rng = random.Random(seed)
    tz = timezone(timedelta(hours=1))
    start = datetime(2020, 1, 1, 8, 0, tzinfo=tz)
    step = timedelta(minutes=max(1, (6 * 365 * 24 * 60) // max(n, 1)))
    ten = timedelta(minutes=10)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    entries: list[tuple[object, ...]] = []
    ratings: list[tuple[object, ...]] = []
    for i in range(n):
        began = start + i * step
        ended = began + ten
        # The same text forms `to_iso` and `utc_key` write, computed directly for speed.
        b_iso, e_iso = began.isoformat(), ended.isoformat()
        utc = (began - timedelta(hours=1)).replace(tzinfo=None).isoformat() + "Z"
        eid, day = new_id(), b_iso[:10]
        entries.append((eid, "session", EXERCISES[i % len(EXERCISES)], None, "1.0.0", b_iso,
                        utc, e_iso, "completed", 600.0, 600.0, 9, None, 0, None, e_iso, day))
        pain, tension = rng.randint(2, 9), rng.randint(2, 9)
        ratings += [
            (new_id(), eid, 0, "pain", pain, "before", None, None, b_iso, day, utc),
            (new_id(), eid, 1, "tension", tension, "before", None, None, b_iso, day, utc),
            (new_id(), eid, 2, "pain", max(0, pain - rng.randint(0, 3)), "after", None, None,
             e_iso, day, utc),
            (new_id(), eid, 3, "tension", max(0, tension - rng.randint(0, 3)), "after", None,
             None, e_iso, day, utc),
        ]
    return entries, ratings


def make_store(path: str | Path, n: int = 100_000, *, seed: int = 1) -> Path:
    """Add `n` completed sessions with four ratings each to the log at `path`."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    entries, ratings = _rows(n, seed)
    with Store.open(target) as store:
        conn: sqlite3.Connection = store._conn
        # Random UUID keys scatter inserts over the indexes: keep the pages in memory.
        conn.execute("PRAGMA cache_size = -400000")
        with store._write() as tx:
            tx.executemany(_ENTRY_SQL, entries)
            tx.executemany(_RATING_SQL, ratings)
        store.refresh_changes()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill a painpath log for benchmarks.")
    parser.add_argument("path", help="the log file to fill (created if missing)")
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="number of sessions")
    args = parser.parse_args(argv)
    print(make_store(args.path, args.n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
