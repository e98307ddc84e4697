"""A naive import of a painpath JSON export: the yardstick for `painpath import`.

    python benchmarks/reference_import.py EXPORT.json DATABASE

What a plain script would do with the same file, and nothing more: `json.load`
it whole, then insert every entry, rating and written answer into a minimal
schema (an integer key per entry, ratings and answers keyed by entry and
position, the entry's id unique, one index on time) with `executemany` in one
transaction. No checks, no merging, no batches, no derived tables: a floor that
`benchmarks/bench_store.py` holds `painpath import` against, measured in the
same run on the same file.
"""

from __future__ import annotations

import json
import sqlite3
import sys

SCHEMA = (
    "CREATE TABLE entries (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT, "
    "exercise TEXT, started TEXT, ended TEXT, status TEXT, planned_s REAL, practiced_s REAL, "
    "furthest_step INTEGER, note TEXT, peg INTEGER, content_hash TEXT, pack_version TEXT, "
    "updated TEXT)",
    "CREATE INDEX entries_by_time ON entries (started)",
    "CREATE TABLE ratings (entry INTEGER, seq INTEGER, id TEXT, scale TEXT, value INTEGER, "
    "phase TEXT, region TEXT, step INTEGER, at TEXT, PRIMARY KEY (entry, seq)) WITHOUT ROWID",
    "CREATE TABLE answers (entry INTEGER, seq INTEGER, id TEXT, step INTEGER, text TEXT, "
    "at TEXT, PRIMARY KEY (entry, seq)) WITHOUT ROWID",
)


def main(source: str, target: str) -> int:
    with open(source, encoding="utf-8") as fh:
        data = json.load(fh)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for statement in SCHEMA:
        conn.execute(statement)
    entries, ratings, answers = [], [], []
    for n, e in enumerate(data["entries"], 1):
        entries.append((n, e["id"], e["type"], e.get("exercise"), e["started"], e.get("ended"),
                        e["status"], e.get("planned_s"), e.get("practiced_s"),
                        e.get("furthest_step"), e.get("note"), int(bool(e.get("peg"))),
                        e.get("content_hash"), e.get("pack_version"), e.get("updated")))
        for seq, r in enumerate(e.get("ratings") or ()):
            ratings.append((n, seq, r["id"], r["scale"], r["value"], r["phase"],
                            r.get("region"), r.get("step"), r.get("at")))
        for seq, a in enumerate(e.get("entries") or ()):
            answers.append((n, seq, a["id"], a["step"], a["text"], a.get("at")))
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO entries VALUES ({', '.join('?' * 15)})", entries)
    conn.executemany(f"INSERT INTO ratings VALUES ({', '.join('?' * 9)})", ratings)
    conn.executemany(f"INSERT INTO answers VALUES ({', '.join('?' * 6)})", answers)
    conn.execute("COMMIT")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
