"""Fill a painpath log with many sessions, quickly, for benchmarks of History and stats.

    python benchmarks/make_store.py PATH [N]

makes (or adds to) the log at PATH with N sessions (default 100,000), each with
four ratings (pain and tension, before and after): 400,000 ratings for the
default. The sessions go in through the store's own import (`Store.import_entries`),
so a benchmark always measures the real layout and the rows the real code
writes, whatever the layout. Importable: `make_store(path, n)`.
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from painpath.store import Entry, Rating, Store

EXERCISES = ("painpath/body-scan", "painpath/box-breathing", "painpath/feet-on-floor",
             "painpath/five-senses", "painpath/thought-record")


def sessions(n: int, seed: int = 1) -> list[Entry]:
    """`n` completed ten-minute sessions, one every few hours from 2020, oldest first."""
    rng = random.Random(seed)
    tz = timezone(timedelta(hours=1))
    start = datetime(2020, 1, 1, 8, 0, tzinfo=tz)
    step = timedelta(minutes=max(1, (6 * 365 * 24 * 60) // max(n, 1)))
    ten = timedelta(minutes=10)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    out: list[Entry] = []
    for i in range(n):
        began = start + i * step
        ended = began + ten
        pain, tension = rng.randint(2, 9), rng.randint(2, 9)
        ratings = (
            Rating("pain", pain, "before", at=began, id=new_id()),
            Rating("tension", tension, "before", at=began, id=new_id()),
            Rating("pain", max(0, pain - rng.randint(0, 3)), "after", at=ended, id=new_id()),
            Rating("tension", max(0, tension - rng.randint(0, 3)), "after", at=ended,
                   id=new_id()),
        )
        out.append(Entry(type="session", started=began, status="completed", id=new_id(),
                         exercise=EXERCISES[i % len(EXERCISES)], ended=ended, planned_s=600.0,
                         practiced_s=600.0, furthest_step=9, pack_version="1.0.0",
                         updated=ended, ratings=ratings))
    return out


def make_store(path: str | Path, n: int = 100_000, *, seed: int = 1) -> Path:
    """Add `n` completed sessions with four ratings each to the log at `path`."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(target) as store:
        store.import_entries(sessions(n, seed))
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
