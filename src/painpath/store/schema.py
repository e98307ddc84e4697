"""The one owner of the log's layout: its tables and every migration between them.

The layout's version is SQLite's `PRAGMA user_version`. `MIGRATIONS[n]` takes a
database from version n to n + 1; opening a log runs the missing steps in order,
each in its own transaction together with the version bump, so a crash leaves
the log at one whole version or the next, never between. A version once shipped
is never edited: a change is a new step appended to `MIGRATIONS`.

Times are kept twice for entries: `started` as the person's local ISO-8601 time
with its offset, and `started_utc` as sortable UTC text for ranges and paging.
`owner_pid` (and from layout 4 `owner_start`) is set while a session is in
progress, so a later painpath can tell a session whose process is gone
(interrupted) from one still running elsewhere.

Layout 2 adds what makes a long log quick to sum up and export (`painpath stats`,
Progress, `export`): `day`, the entry's own calendar day (`YYYY-MM-DD` of
`started`, on the clock it was recorded with), on entries and their ratings; the
entry's `started_utc` on its ratings too; and `session_changes`, one row per
session and scale rated both before and after: the last value given in each
phase. All are copies of the entry's own data, rewritten with it by `Store`;
layout 2 fills them for logs written before it (`CHANGES_SQL` is the one
definition of a pair).

Layout 3 indexes `session_changes` by entry, so that every statement a write runs
under the lock finds its rows through an index (a test checks each plan).

Layout 5 is the same log in about a quarter of the space (a log of 100,000
sessions went from 258 MB to 56 MB, well under its own JSON export), and quicker
to write: each entry has an integer key `n` (its text `id` stays, unique), and
its ratings and written answers are kept in one b-tree keyed by (entry, position),
so they need no index of their own and no copy of the entry's id. The copies of
the entry's day and UTC time on every rating are gone (a rating is read through
its entry); `started_utc` is whole seconds since 1970. A rating's or answer's
time is kept as seconds after its entry's start when it has the same UTC offset
(`times.stored_after`), else as its text. `updated` is NULL when it is the
entry's end (or start). Rating and answer ids identify a rating within its entry
(for merging two copies of it), so the log keeps no index of them.
`changes` replaces `session_changes`: the same pairs, ordered for stats, keyed to
the entry's `n`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from painpath.store.sanity import value_ok_sql

Migration = Callable[[sqlite3.Connection], None]

V1_SQL: tuple[str, ...] = (
    """
    CREATE TABLE entries (
        id            TEXT PRIMARY KEY,
        type          TEXT NOT NULL CHECK (type IN ('session', 'check-in')),
        exercise      TEXT,
        content_hash  TEXT,
        pack_version  TEXT,
        started       TEXT NOT NULL,
        started_utc   TEXT NOT NULL,
        ended         TEXT,
        status        TEXT NOT NULL
                      CHECK (status IN ('completed', 'stopped', 'interrupted', 'in-progress')),
        planned_s     REAL,
        practiced_s   REAL,
        furthest_step INTEGER,
        note          TEXT,
        peg           INTEGER NOT NULL DEFAULT 0 CHECK (peg IN (0, 1)),
        owner_pid     INTEGER,
        updated       TEXT NOT NULL
    )
    """,
    "CREATE INDEX entries_by_time ON entries (started_utc, id)",
    "CREATE INDEX entries_by_exercise ON entries (exercise, started_utc)",
    "CREATE INDEX entries_in_progress ON entries (status) WHERE status = 'in-progress'",
    "CREATE INDEX entries_peg ON entries (started_utc) WHERE peg = 1",
    """
    CREATE TABLE ratings (
        id        TEXT PRIMARY KEY,
        entry_id  TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        seq       INTEGER NOT NULL,
        scale     TEXT NOT NULL,
        value     INTEGER NOT NULL,
        phase     TEXT NOT NULL CHECK (phase IN ('before', 'during', 'after', 'check-in')),
        region    TEXT,
        step      INTEGER,
        at        TEXT
    )
    """,
    "CREATE INDEX ratings_by_entry ON ratings (entry_id, seq)",
    """
    CREATE TABLE answers (
        id        TEXT PRIMARY KEY,
        entry_id  TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        seq       INTEGER NOT NULL,
        step      INTEGER NOT NULL,
        text      TEXT NOT NULL,
        at        TEXT
    )
    """,
    "CREATE INDEX answers_by_entry ON answers (entry_id, seq)",
)


# Each session's before -> after pair per scale: the last value given before and the
# last given after (as `Entry.rating` reads them). `{where}` narrows it to some entries.
# The ratings are read through their entry (INDEXED BY): without table statistics
# SQLite would rather walk every rating of a phase and scale, once per session.
CHANGES_SQL = """
    INSERT OR REPLACE INTO session_changes
        (entry_id, scale, exercise, started_utc, day, before, after)
    SELECT e.id, b.scale, coalesce(e.exercise, ''), e.started_utc, e.day, b.value, a.value
    FROM entries AS e
    JOIN ratings AS b INDEXED BY ratings_by_entry
        ON b.entry_id = e.id AND b.phase = 'before'
    JOIN ratings AS a INDEXED BY ratings_by_entry
        ON a.entry_id = e.id AND a.phase = 'after' AND a.scale = b.scale
    WHERE e.type = 'session' AND ({where})
      AND b.seq = (SELECT max(x.seq) FROM ratings AS x INDEXED BY ratings_by_entry
                   WHERE x.entry_id = e.id AND x.phase = 'before' AND x.scale = b.scale)
      AND a.seq = (SELECT max(y.seq) FROM ratings AS y INDEXED BY ratings_by_entry
                   WHERE y.entry_id = e.id AND y.phase = 'after' AND y.scale = a.scale)
"""

V2_SQL: tuple[str, ...] = (
    "ALTER TABLE entries ADD COLUMN day TEXT",
    "UPDATE entries SET day = substr(started, 1, 10)",
    "ALTER TABLE ratings ADD COLUMN day TEXT",
    "ALTER TABLE ratings ADD COLUMN started_utc TEXT",
    "UPDATE ratings SET (day, started_utc) = "
    "(SELECT day, started_utc FROM entries WHERE entries.id = ratings.entry_id)",
    # Kept in the order stats groups it (exercise, scale, the pair), so the table is
    # its own index: no second copy to write, and no look-up by a random id on
    # insert. An entry's rows are found by a walk (rare: a save or a delete of one
    # session). `exercise` is '' for a session without one. The key's columns come
    # first, in its order: SQLite 3.40's quick_check misreads them as NULL otherwise.
    """
    CREATE TABLE session_changes (
        exercise    TEXT NOT NULL,
        scale       TEXT NOT NULL,
        before      INTEGER NOT NULL,
        after       INTEGER NOT NULL,
        started_utc TEXT NOT NULL,
        entry_id    TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        day         TEXT NOT NULL,
        PRIMARY KEY (exercise, scale, before, after, started_utc, entry_id)
    ) WITHOUT ROWID
    """,
    CHANGES_SQL.format(where="1"),
    "CREATE INDEX entries_summary ON entries "
    "(type, exercise, started_utc, day, status, practiced_s)",
    "CREATE INDEX entries_by_day ON entries (type, day)",
    "CREATE INDEX ratings_series ON ratings (phase, scale, day, value)",
    # Every rating in the order an export lists them (newest entry first, then as
    # given) with what the CSV needs, read backwards: no look-up per entry.
    "CREATE INDEX ratings_by_time ON ratings "
    "(started_utc, entry_id, seq DESC, phase, scale, value, region, step)",
    "CREATE INDEX ratings_regions ON ratings (scale, region, day, value) "
    "WHERE phase = 'during' AND region IS NOT NULL",
)


V3_SQL: tuple[str, ...] = (
    # A save rewrites its entry's pairs and a delete cascades to them: both find the
    # entry's rows here. Without it each was a walk of the whole table under the
    # write lock (52 ms of a 57 ms save on 100,000 sessions; waiters timed out).
    "CREATE INDEX session_changes_by_entry ON session_changes (entry_id)",
)


V4_SQL: tuple[str, ...] = (
    # With `owner_pid`, the owning process's start (`BOOT/TICKS`, see
    # `painpath.store.owner`): a process id is reused after a reboot or in a container.
    "ALTER TABLE entries ADD COLUMN owner_start TEXT",
)


def _stored_after(column: str) -> str:
    """SQL for `times.stored_after` of a time column beside `e.started` (migration)."""
    naive = f"strftime('%s', substr({column}, 1, 19))"
    return (f"CASE WHEN length({column}) = 25 AND substr({column}, 20) = substr(e.started, 20) "
            f"AND {naive} IS NOT NULL AND strftime('%s', substr(e.started, 1, 19)) IS NOT NULL "
            f"THEN CAST({naive} AS INTEGER) "
            f"- CAST(strftime('%s', substr(e.started, 1, 19)) AS INTEGER) ELSE {column} END")


# Each session's before -> after pair per scale in layout 5 (as `CHANGES_SQL` before it):
# the last value given before and the last given after. `{where}` narrows the entries.
PAIRS_SQL = """
    INSERT OR REPLACE INTO changes (exercise, scale, before, after, entry, started_utc, day)
    SELECT coalesce(e.exercise, ''), b.scale, b.value, a.value, e.n, e.started_utc,
           substr(e.started, 1, 10)
    FROM entries AS e
    JOIN ratings AS b ON b.entry = e.n AND b.phase = 'before'
    JOIN ratings AS a ON a.entry = e.n AND a.phase = 'after' AND a.scale = b.scale
    WHERE e.type = 'session' AND ({where})
      AND b.seq = (SELECT max(x.seq) FROM ratings AS x
                   WHERE x.entry = e.n AND x.phase = 'before' AND x.scale = b.scale)
      AND a.seq = (SELECT max(y.seq) FROM ratings AS y
                   WHERE y.entry = e.n AND y.phase = 'after' AND y.scale = a.scale)
"""

# Add (sign "+") or take away ("-") the daily sums of the ratings of some entries
# (`{where}` on `e`): a save takes its entry's old ratings away and adds its new ones.
# A value out of its scale's range (left by an older painpath or a hand edit) is not
# counted, as every reader leaves it out (`sanity`).
DAILY_ADDS = ("ON CONFLICT (day, phase, scale) "  # a day's sums already there grow
              "DO UPDATE SET n = daily.n + excluded.n, total = daily.total + excluded.total")
DAILY_SQL = """
    INSERT INTO daily (day, phase, scale, n, total)
    SELECT substr(e.started, 1, 10), r.phase, r.scale, {sign}count(*), {sign}sum(r.value)
    FROM entries AS e JOIN ratings AS r ON r.entry = e.n
    WHERE e.peg = 0 AND ({where}) AND """ + value_ok_sql("r") + """
    GROUP BY 1, 2, 3 """ + DAILY_ADDS

V5_SQL: tuple[str, ...] = (
    # Entries get an integer key, in the order they happened (old entries first).
    # Column order: what every entry has first, what few have (notes, owners) last.
    # A CHECK names three or more values with `=` and OR, never `IN (...)`: SQLite
    # builds a table of an IN list for every row it writes (an import's 400,000
    # ratings took 2.3 s instead of 1.2 s; benchmarks/bench_store.py).
    """
    CREATE TABLE entries5 (
        n             INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        type          TEXT NOT NULL CHECK (type IN ('session', 'check-in')),
        exercise      TEXT,
        started       TEXT NOT NULL,
        started_utc   INTEGER NOT NULL,
        ended         TEXT,
        status        TEXT NOT NULL
                      CHECK (status = 'completed' OR status = 'stopped'
                             OR status = 'interrupted' OR status = 'in-progress'),
        planned_s     REAL,
        practiced_s   REAL,
        furthest_step INTEGER,
        peg           INTEGER NOT NULL DEFAULT 0 CHECK (peg IN (0, 1)),
        note          TEXT,
        content_hash  TEXT,
        pack_version  TEXT,
        updated       TEXT,
        owner_pid     INTEGER,
        owner_start   TEXT
    )
    """,
    "INSERT INTO entries5 (id, type, exercise, started, started_utc, ended, status, planned_s, "
    "practiced_s, furthest_step, peg, note, content_hash, pack_version, updated, owner_pid, "
    "owner_start) SELECT id, type, exercise, started, "
    "CAST(strftime('%s', substr(started_utc, 1, 19)) AS INTEGER), ended, status, planned_s, "
    "practiced_s, furthest_step, peg, note, content_hash, pack_version, "
    "CASE WHEN updated IS coalesce(ended, started) THEN NULL ELSE updated END, owner_pid, "
    "owner_start FROM entries ORDER BY started_utc, id",
    # Key columns first, in key order (SQLite 3.40's quick_check, as above). `at` has
    # no type: whole seconds after the entry's start, or the time's text.
    """
    CREATE TABLE ratings5 (
        entry   INTEGER NOT NULL REFERENCES entries5 (n) ON DELETE CASCADE,
        seq     INTEGER NOT NULL,
        scale   TEXT NOT NULL,
        value   INTEGER NOT NULL,
        phase   TEXT NOT NULL CHECK (phase = 'before' OR phase = 'during'
                                     OR phase = 'after' OR phase = 'check-in'),
        region  TEXT,
        step    INTEGER,
        at,
        id      TEXT NOT NULL,
        PRIMARY KEY (entry, seq)
    ) WITHOUT ROWID
    """,
    "INSERT INTO ratings5 SELECT e.n, r.seq, r.scale, r.value, r.phase, r.region, r.step, "
    f"{_stored_after('r.at')}, r.id "
    "FROM entries5 AS e JOIN ratings AS r INDEXED BY ratings_by_entry ON r.entry_id = e.id "
    "ORDER BY e.n, r.seq",
    """
    CREATE TABLE answers5 (
        entry   INTEGER NOT NULL REFERENCES entries5 (n) ON DELETE CASCADE,
        seq     INTEGER NOT NULL,
        step    INTEGER NOT NULL,
        text    TEXT NOT NULL,
        at,
        id      TEXT NOT NULL,
        PRIMARY KEY (entry, seq)
    ) WITHOUT ROWID
    """,
    f"INSERT INTO answers5 SELECT e.n, a.seq, a.step, a.text, {_stored_after('a.at')}, a.id "
    "FROM entries5 AS e JOIN answers AS a INDEXED BY answers_by_entry ON a.entry_id = e.id "
    "ORDER BY e.n, a.seq",
    "DROP TABLE session_changes",
    "DROP TABLE ratings",
    "DROP TABLE answers",
    "DROP TABLE entries",
    "ALTER TABLE entries5 RENAME TO entries",
    "ALTER TABLE ratings5 RENAME TO ratings",
    "ALTER TABLE answers5 RENAME TO answers",
    # Ordered as stats groups them, so the table is its own index (as session_changes
    # was); an entry's pairs are found by `changes_by_entry` (a save, a delete).
    """
    CREATE TABLE changes (
        exercise    TEXT NOT NULL,
        scale       TEXT NOT NULL,
        before      INTEGER NOT NULL,
        after       INTEGER NOT NULL,
        entry       INTEGER NOT NULL REFERENCES entries (n) ON DELETE CASCADE,
        started_utc INTEGER NOT NULL,
        day         TEXT NOT NULL,
        PRIMARY KEY (exercise, scale, before, after, entry)
    ) WITHOUT ROWID
    """,
    PAIRS_SQL.format(where="1"),
    "CREATE INDEX changes_by_entry ON changes (entry)",
    # Per day, phase and scale: how many ratings and their sum, PEG check-ins left out
    # (they ask about the past week): Progress's daily means without reading every
    # rating. Kept in step by every write (`writing.write_entry_rows`, `delete`, the
    # import); a row whose ratings are all gone stays with n = 0.
    """
    CREATE TABLE daily (
        day   TEXT NOT NULL,
        phase TEXT NOT NULL,
        scale TEXT NOT NULL,
        n     INTEGER NOT NULL,
        total INTEGER NOT NULL,
        PRIMARY KEY (day, phase, scale)
    ) WITHOUT ROWID
    """,
    DAILY_SQL.format(where="1", sign="+"),
    # Ratings given for a body region (a body scan's steps): few, found without a walk.
    "CREATE INDEX ratings_regions ON ratings (scale, phase, region, value) "
    "WHERE region IS NOT NULL",
    # Time order, ties by id (as every layout before): History's pages, the exports.
    "CREATE INDEX entries_by_time ON entries (started_utc, id)",
    "CREATE INDEX entries_by_exercise ON entries (exercise, started_utc)",
    "CREATE INDEX entries_in_progress ON entries (status) WHERE status = 'in-progress'",
    "CREATE INDEX entries_peg ON entries (started_utc) WHERE peg = 1",
)


def _run(statements: Sequence[str]) -> Migration:
    def step(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return step


# MIGRATIONS[n] brings a log from version n to n + 1. Append; never edit.
MIGRATIONS: list[Migration] = [
    _run(V1_SQL),  # 0 -> 1: the first layout
    _run(V2_SQL),  # 1 -> 2: calendar days and before -> after pairs, for quick sums
    _run(V3_SQL),  # 2 -> 3: every write under the lock finds its rows by an index
    _run(V4_SQL),  # 3 -> 4: a running session's owner is its process id and start
    _run(V5_SQL),  # 4 -> 5: a quarter of the size: integer keys, no copies
]


COMPACT = 5  # the first compact layout: a log migrated to it gives back its space


def latest() -> int:
    """The version this painpath writes."""
    return len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


class NewerSchema(Exception):
    """The log's version is beyond `latest()`: a newer painpath wrote it."""

    def __init__(self, found: int):
        super().__init__(found)
        self.found = found


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] | None = None) -> int:
    """Bring the log up to date one step at a time; returns the version reached.

    The connection must be in autocommit mode (`isolation_level=None`). Each step
    re-reads the version inside its write transaction, so two painpaths opening
    the same new log at once do not both create the tables.
    """
    steps = MIGRATIONS if migrations is None else migrations
    current = version(conn)
    if current > len(steps):
        raise NewerSchema(current)
    while current < len(steps):
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = version(conn)
            if current < len(steps):
                steps[current](conn)
                current += 1
                conn.execute(f"PRAGMA user_version = {current:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return current
