"""Rows no painpath writes today, planted straight into a log with sqlite3.

An older painpath, or a person with sqlite3, can leave a log holding whatever
its columns allow. `plant_damage` opens the log with `Store` first (so the
tables are the real layout), then writes such rows beside a few good ones.
`DAMAGE` lists what is planted; every reader must survive all of it.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

from painpath.store import Store

GOOD_DAY = "2026-11-20"
ESCAPES = "\x1b]0;title\x07\x1b[2J\u202e\x9b\x85"
HUGE_NOTE = "\x1b[31mred\u202e" + "n" * 1_000_000
DAMAGE = (
    "practiced_s and planned_s of 1e308", "practiced_s of inf and -inf", "planned_s NaN",
    "a negative practiced_s", "practiced_s as text", "pain of 100 and -5 (with its pair)",
    "a scale no pack defines", "ended before started", "started 'banana' and ''",
    "started in year 9999 and year 0001", "escapes in an exercise id, a region, a note and an "
    "answer, and a 1 MB note", "a check-in with practiced_s", "a session without exercise",
    "a PEG check-in with pain 99 and enjoyment -3", "invalid UTF-8 in an exercise and a note",
    "a rating value as text and as 4.5, a step as text", "an id that is no UUID",
)


class Planter:
    """Writes rows into the log's tables as sqlite3 would, one entry at a time.

    Column names follow the layout the store makes; `day` and `started_utc` given
    to `entry` are only for the derived columns a layout keeps (if any).
    """

    def __init__(self, database: Path) -> None:
        database.parent.mkdir(parents=True, exist_ok=True)
        with Store.open(database):
            pass  # the real layout, up to date
        self.conn = sqlite3.connect(database, isolation_level=None)
        self.columns = {table: {row[1] for row in self.conn.execute(
            f"PRAGMA table_info({table})")} for table in ("entries", "ratings", "answers")}
        self.pairs = "changes" if self._has("changes") else "session_changes"
        self.seq = 0

    def _has(self, table: str) -> bool:
        return self.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?",
                                 (table,)).fetchone()[0] > 0

    def entry(self, **kw: Any) -> dict[str, Any]:
        self.seq += 1
        row: dict[str, Any] = dict(
            n=self.seq, id=str(uuid.UUID(int=self.seq)), type="session",
            exercise="painpath/body-scan", started=f"{GOOD_DAY}T09:00:00+01:00",
            started_utc=1_795_161_600, ended=f"{GOOD_DAY}T09:10:00+01:00", status="completed",
            planned_s=600.0, practiced_s=600.0, furthest_step=3, note=None, peg=0,
            updated=f"{GOOD_DAY}T09:10:00+01:00", day=GOOD_DAY)
        row.update(kw)
        self._insert("entries", row)
        return row

    def rating(self, entry: dict[str, Any], scale: str, value: Any, phase: str,
               **kw: Any) -> None:
        self.seq += 1
        row = dict(id=str(uuid.UUID(int=self.seq)), entry=entry["n"], entry_id=entry["id"],
                   seq=self.seq, scale=scale, value=value, phase=phase, region=None, step=None,
                   at=None, day=entry["day"], started_utc=entry["started_utc"])
        row.update(kw)
        self._insert("ratings", row)

    def pair(self, entry: dict[str, Any], scale: str, before: Any, after: Any) -> None:
        row = dict(entry=entry["n"], entry_id=entry["id"], scale=scale,
                   exercise=entry["exercise"] or "", started_utc=entry["started_utc"],
                   day=entry["day"], before=before, after=after)
        keys = [k for k in row if k in {c[1] for c in self.conn.execute(
            f"PRAGMA table_info({self.pairs})")}]
        self.conn.execute(f"INSERT INTO {self.pairs} ({', '.join(keys)}) "
                          f"VALUES ({', '.join('?' * len(keys))})", [row[k] for k in keys])

    def answer(self, entry: dict[str, Any], text: str) -> None:
        self.seq += 1
        self._insert("answers", dict(id=str(uuid.UUID(int=self.seq)), entry=entry["n"],
                                     entry_id=entry["id"], seq=0, step=1, text=text, at=None))

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        keys = [k for k in row if k in self.columns[table]]
        self.conn.execute(f"INSERT INTO {table} ({', '.join(keys)}) "
                          f"VALUES ({', '.join('?' * len(keys))})", [row[k] for k in keys])

    def close(self) -> None:
        self.conn.close()


def plant_damage(database: Path) -> None:
    """A log with a good session and check-in, and every row in `DAMAGE`."""
    p = Planter(database)
    good = p.entry(note="a good session")
    p.rating(good, "pain", 6, "before")
    p.rating(good, "pain", 4, "after")
    p.pair(good, "pain", 6, 4)
    p.rating(p.entry(type="check-in", exercise=None, ended=None, practiced_s=None,
                     planned_s=None), "pain", 5, "check-in")
    p.entry(practiced_s=1e308, planned_s=1e308)
    p.entry(practiced_s=float("inf"))
    p.entry(practiced_s=float("-inf"), planned_s=float("nan"))
    p.entry(practiced_s=-500.0)
    p.entry(practiced_s="banana", planned_s="x")
    hundred = p.entry()
    p.rating(hundred, "pain", 100, "before")
    p.rating(hundred, "pain", -5, "after")
    p.pair(hundred, "pain", 100, -5)
    gone = p.entry()
    p.rating(gone, "gone-scale", 7, "before")
    p.rating(gone, "gone-scale", 3, "after")
    p.pair(gone, "gone-scale", 7, 3)
    p.entry(ended="2026-11-19T09:00:00+01:00")
    p.entry(started="banana", started_utc="banana", day="banana")
    p.entry(started="", started_utc="", day="")
    p.entry(started="9999-12-31T23:59:59-05:00", started_utc=253_402_318_799,
            day="9999-12-31")
    old = p.entry(started="0001-01-01T00:00:00+01:00", started_utc=-62_135_600_400,
                  day="0001-01-01")
    p.rating(old, "pain", 3, "before")
    p.rating(old, "pain", 2, "after")
    p.pair(old, "pain", 3, 2)
    evil = p.entry(exercise="evil/" + ESCAPES + "x" * 5000, note=HUGE_NOTE)
    p.rating(evil, "tension", 4, "during", region=ESCAPES + "jaw", step=1, at="banana")
    p.answer(evil, "\x1b]52;c;aGk=\x07answer" + ESCAPES)
    p.rating(p.entry(type="check-in", exercise=None, practiced_s=900.0), "pain", 5, "check-in")
    p.entry(exercise=None)
    peg = p.entry(type="check-in", exercise=None, peg=1)
    for scale, value in (("pain", 99), ("enjoyment", -3), ("activity", 4)):
        p.rating(peg, scale, value, "check-in")
    bad_bytes = p.entry(note="x")
    p.conn.execute("UPDATE entries SET note = CAST(x'66ff6f' AS TEXT), "
                   "exercise = CAST(x'c3' AS TEXT) WHERE id = ?", (bad_bytes["id"],))
    odd = p.entry()
    p.rating(odd, "pain", "x", "before", at=10**15)  # a time kept as seconds after the start
    p.rating(odd, "pain", 4.5, "after")
    p.rating(odd, "tension", 5, "during", region="neck", step="q")
    p.entry(id="not-a-uuid", status="stopped", practiced_s=30.0)
    p.close()
