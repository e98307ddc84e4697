"""The private log: one SQLite file, owner-only, written step by step.

`Store` is the only code that talks to the database. It keeps the file and its
`-wal`/`-shm` companions readable by their owner alone, uses WAL with a busy
timeout so a second painpath (a check-in while a session runs) waits instead of
failing, and commits every write on its own so a killed process loses at most
the step it was in. Every failure that comes from the world is raised as a
`StoreError` subclass (see `painpath.store.errors`); nothing here opens a network
connection or ever overwrites a damaged log.

Screens page through the log with `page()` (or `entries(limit=..., older_than=...)`
and `count()`), served from an index, so History opens quickly on 100,000 entries.
Sums over the log (`stats()`, `daily_series()`, `practice_days()`,
`region_means()`) and the streams behind exports (`export_records()`,
`csv_lines()`) are SQL in `painpath.store.queries`, run here under the store's
lock with its error handling; none of them builds an `Entry` per row.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painpath.errors import InvalidFileError, StoreError
from painpath.store import rows, schema
from painpath.store.bulk import paused_gc
from painpath.store.errors import (
    StoreFullError,
    StoreLockedError,
    StoreNewerError,
    StoreReadOnlyError,
    StoreUnavailableError,
    translate,
)
from painpath.store.records import Answer, Entry, Rating
from painpath.store.times import canonical, now_local, to_iso, utc_key

if TYPE_CHECKING:
    from painpath.paths import Paths
    from painpath.stats import Spread, Stats
    from painpath.store.queries import DayMean, EntryRecord

DEFAULT_TIMEOUT = 5.0
_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
_COMPANIONS = ("", "-wal", "-shm")
_SQLITE_HEADER = b"SQLite format 3\x00"

_ENTRY_COLUMNS = ("id, type, exercise, content_hash, pack_version, started, ended, status, "
                  "planned_s, practiced_s, furthest_step, note, peg, updated")
_IMPORT_CACHE_KIB = 256 * 1024  # page cache while importing: random ids touch every page
_REBUILD_INDEXES_FROM = 5_000  # entries in one import from which indexes are built afresh


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the log, newest first, and how many entries the whole list has."""

    entries: list[Entry]
    total: int

    @property
    def last(self) -> Entry | None:
        """The entry to pass as `older_than` for the next page (None: nothing here)."""
        return self.entries[-1] if self.entries else None


def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running (the owner of a live session)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL_C_EVENT there
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return False
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _os_error(err: OSError, path: Path) -> StoreError:
    import errno

    if err.errno == errno.ENOSPC:
        return StoreFullError(
            f"The disk is full, so painpath could not create your log ({path}).",
            hint="Free some space on the disk, then try again.")
    if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreReadOnlyError(
            f"painpath cannot write to the folder of your log ({path.parent}): it is "
            "read-only or not yours. Nothing was changed.",
            hint="Check that the folder is writable (or choose another with --data-dir).")
    return StoreUnavailableError(f"painpath could not open your log ({path}): {err.strerror}.")


# Stored times are always written by `to_iso`, so the fast standard parser reads them.
_stored_time = datetime.fromisoformat


def _opt_time(text: str | None) -> datetime | None:
    return _stored_time(text) if text else None


class Store:
    """The person's log, or an in-memory copy of an export opened for reading."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, *,
                 timeout: float = DEFAULT_TIMEOUT, read_only: bool = False) -> None:
        self._conn = conn
        self.path = path
        self.timeout = timeout
        self.read_only = read_only
        self._lock = threading.RLock()
        self._stale: frozenset[str] = frozenset()
        # Sessions found in progress from a process that is gone, when this store opened.
        self.interrupted_on_open: tuple[str, ...] = ()

    # --- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, timeout: float | None = None,
             read_only: bool = False) -> Store:
        """Open (creating if needed) the log at `path`, up to date and checked.

        If the log cannot be written (a read-only disk) but exists, it is opened
        for reading, `read_only` is True, and writes raise `StoreReadOnlyError`.
        """
        file = Path(path).absolute()
        timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        if read_only:
            return cls._open(file, timeout, read_only=True)
        try:
            return cls._open(file, timeout, read_only=False)
        except (StoreReadOnlyError, StoreUnavailableError) as first:
            if not file.is_file():
                raise
            try:
                return cls._open(file, timeout, read_only=True)
            except StoreError:
                raise first from None

    @classmethod
    def for_paths(cls, paths: Paths, **kw: Any) -> Store:
        """The person's own log in their data folder (made 0700 first)."""
        try:
            paths.ensure_data_dir()
        except OSError as err:
            raise _os_error(err, paths.database) from err
        return cls.open(paths.database, **kw)

    @classmethod
    def open_memory(cls) -> Store:
        """An empty log in memory: for previews, tests and reading exports."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        schema.migrate(conn)
        return cls(conn, None)

    @classmethod
    def from_export(cls, *files: str | os.PathLike[str]) -> Store:
        """A read-only, in-memory log holding the entries of one or more JSON exports.

        For `review` and for History/Progress on a client's export: the person's
        own log is never touched, and nothing can be written to this one.
        """
        from painpath.store.exchange import read_export

        store = cls.open_memory()
        for file in files:
            store.import_entries(read_export(Path(file)))
        store.read_only = True
        return store

    @classmethod
    def _open(cls, file: Path, timeout: float, *, read_only: bool) -> Store:
        if not read_only and not file.exists():
            try:
                os.close(os.open(file, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as err:
                raise _os_error(err, file) from err
        cls._check_header(file)
        uri = file.as_uri() + ("?mode=ro" if read_only else "?mode=rw")
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as err:
            raise cls._translate(err, file, timeout) from err
        store = cls(conn, file, timeout=timeout, read_only=read_only)
        try:
            store._setup()
        except BaseException:
            conn.close()
            raise
        return store

    @staticmethod
    def _check_header(file: Path) -> None:
        """Refuse a file that is not an SQLite database before SQLite opens it.

        SQLite would treat a `-wal` next to such a file as the log's journal, and
        could fold it into the file or delete it on closing: a file that is not a
        database must not be touched at all.
        """
        try:
            with open(file, "rb") as fh:
                head = fh.read(16)
        except FileNotFoundError:
            return  # read-only open of a missing file: SQLite says it cannot open it
        except OSError as err:
            raise _os_error(err, file) from err
        if head and head != _SQLITE_HEADER:
            raise translate(sqlite3.DatabaseError("file is not a database"), file) \
                or StoreError(f"{file} is not a painpath log.")

    @staticmethod
    def _translate(err: sqlite3.Error, path: Path | None, timeout: float) -> BaseException:
        mapped = translate(err, path, timeout=timeout)
        return mapped if mapped is not None else err

    def _setup(self) -> None:
        conn = self._conn
        try:
            # A read first: a damaged file fails here, before anything could write to it.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000):d}")
            conn.execute("PRAGMA foreign_keys = ON")
            if self.read_only:
                found = schema.version(conn)
                if found != schema.latest():
                    raise self._version_error(found) if found > schema.latest() else \
                        StoreReadOnlyError(
                            f"Your log ({self.path}) was made by an older painpath and "
                            "needs a small update, but it cannot be written.",
                            hint="Check that the folder is writable, then try again.")
            else:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                conn.execute("PRAGMA synchronous = FULL")
                schema.migrate(conn)
        except schema.NewerSchema as newer:
            raise self._version_error(newer.found) from None
        except sqlite3.Error as err:
            raise self._translate(err, self.path, self.timeout) from err
        if not self.read_only:
            self._secure_files()
        self._recover_interrupted()

    def _version_error(self, found: int) -> StoreNewerError:
        return StoreNewerError(
            f"Your log ({self.path}) was written by a newer version of painpath "
            f"(layout {found}; this one knows up to {schema.latest()}). It was left as it is.",
            hint="Update painpath to use this log.")

    def _secure_files(self) -> None:
        """Owner-only access for the log and its WAL companions (SQLite copies the mode)."""
        if self.path is None:
            return
        for suffix in _COMPANIONS:
            file = Path(str(self.path) + suffix)
            if file.exists():
                try:
                    os.chmod(file, 0o600)
                except PermissionError:  # not ours to change (a shared folder); leave it
                    continue

    def _recover_interrupted(self) -> None:
        """Mark sessions whose process is gone as interrupted (ended = their last write)."""
        rows = self._read(lambda c: c.execute(
            "SELECT id, owner_pid FROM entries WHERE status = 'in-progress'").fetchall())
        stale = [entry_id for entry_id, pid in rows if not (pid and pid_alive(int(pid)))]
        self.interrupted_on_open = tuple(stale)
        if not stale:
            return
        if not self.read_only:
            try:
                with self._write() as c:
                    c.executemany(
                        "UPDATE entries SET status = 'interrupted', owner_pid = NULL, "
                        "ended = COALESCE(ended, updated) "
                        "WHERE id = ? AND status = 'in-progress'",
                        [(entry_id,) for entry_id in stale])
            except (StoreReadOnlyError, StoreUnavailableError, StoreLockedError):
                # Cannot write just now: still show them as interrupted, mark them later.
                self._stale = frozenset(stale)
            return
        self._stale = frozenset(stale)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ------------------------------------------------------------

    def _read(self, fn: Any) -> Any:
        with self._lock:
            try:
                return fn(self._conn)
            except sqlite3.Error as err:
                raise self._translate(err, self.path, self.timeout) from err

    def _snapshot(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run several reads in one read transaction, so they all see the same log."""
        def run(c: sqlite3.Connection) -> Any:
            c.execute("BEGIN")
            try:
                return fn(c)
            finally:
                c.execute("COMMIT")

        return self._read(run)

    def _stream(self, read: Callable[[sqlite3.Connection], Iterator[Any]]) -> Iterator[Any]:
        """Yield rows of a long read one by one, in one read transaction, under the lock.

        Consume it in the thread that started it; closing it early ends the read.
        """
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN")
                try:
                    yield from read(conn)
                finally:
                    conn.execute("COMMIT")
            except sqlite3.Error as err:
                raise self._translate(err, self.path, self.timeout) from err

    @contextmanager
    def _write(self, *, foreign_keys: bool = True) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction (takes the write lock up front, waits up to timeout).

        `foreign_keys=False` skips the check of each row's entry, for a bulk insert
        that writes the entries with their rows (SQLite can switch it only here,
        outside a transaction).
        """
        with self._lock:
            if self.read_only and self.path is None:
                raise StoreReadOnlyError(
                    "This is a read-only view of an export: nothing can be changed here.")
            conn = self._conn
            try:
                if not foreign_keys:
                    conn.execute("PRAGMA foreign_keys = OFF")
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as err:
                if not foreign_keys:
                    conn.execute("PRAGMA foreign_keys = ON")
                raise self._translate(err, self.path, self.timeout) from err
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as err:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(err, sqlite3.Error):
                    raise self._translate(err, self.path, self.timeout) from err
                raise
            finally:
                if not foreign_keys:
                    conn.execute("PRAGMA foreign_keys = ON")

    # --- reading -----------------------------------------------------------------

    @staticmethod
    def _filters(since: datetime | None, until: datetime | None, type: str | None,
                 exercise: str | None) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if since is not None:
            clauses.append("started_utc >= ?")
            params.append(utc_key(since))
        if until is not None:
            clauses.append("started_utc < ?")
            params.append(utc_key(until))
        if type is not None:
            clauses.append("type = ?")
            params.append(type)
        if exercise is not None:
            clauses.append("exercise = ?")
            params.append(exercise)
        return clauses, params

    def entries(self, since: datetime | None = None, until: datetime | None = None, *,
                type: str | None = None, exercise: str | None = None,
                limit: int | None = None, offset: int = 0,
                older_than: Entry | None = None, oldest_first: bool = False) -> list[Entry]:
        """Entries started in [since, until), newest first, with ratings and answers.

        Page with `limit` and either `offset` or, faster on long logs, `older_than`
        (the last entry of the previous page: keyset paging on the time index).
        """
        clauses, params = self._filters(since, until, type, exercise)
        if older_than is not None:
            clauses.append("(started_utc, id) < (?, ?)")
            params += [utc_key(older_than.started), older_than.id]
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        order = "ASC" if oldest_first else "DESC"
        sql = (f"SELECT {_ENTRY_COLUMNS} FROM entries {where} "
               f"ORDER BY started_utc {order}, id {order} LIMIT ? OFFSET ?")
        params += [-1 if limit is None else int(limit), int(offset)]

        def run(c: sqlite3.Connection) -> list[Entry]:
            rows = c.execute(sql, params).fetchall()
            return self._build(c, rows)

        return self._read(run)

    def count(self, since: datetime | None = None, until: datetime | None = None, *,
              type: str | None = None, exercise: str | None = None) -> int:
        """How many entries `entries()` would return with the same filters."""
        clauses, params = self._filters(since, until, type, exercise)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return int(self._read(lambda c: c.execute(
            f"SELECT count(*) FROM entries {where}", params).fetchone()[0]))

    def page(self, limit: int = 50, older_than: Entry | None = None, *,
             since: datetime | None = None, until: datetime | None = None,
             type: str | None = None, exercise: str | None = None) -> Page:
        """A page of History: up to `limit` entries newest first, and the total count.

        Pass the previous page's `last` as `older_than` for the next page (keyset
        paging on the time index: as quick on page 2,000 as on page 1). Both
        reads see the same log.
        """
        def run(c: sqlite3.Connection) -> Page:
            total = self.count(since, until, type=type, exercise=exercise)
            entries = self.entries(since, until, type=type, exercise=exercise, limit=limit,
                                   older_than=older_than)
            return Page(entries=entries, total=total)

        return self._snapshot(run)  # type: ignore[no-any-return]

    # --- sums and streams (SQL in painpath.store.queries) ---------------------------

    def stats(self, since: datetime | None = None, until: datetime | None = None, *,
              first: date | None = None, last: date | None = None) -> Stats:
        """`painpath.stats.Stats` for entries started in [since, until) and/or on the
        calendar days first..last (inclusive, each entry's own recorded day).

        The same numbers as `stats.compute(self.entries(...))`, summed by SQLite:
        about 0.1 s on 100,000 sessions.
        """
        from painpath.store import queries

        return self._snapshot(  # type: ignore[no-any-return]
            lambda c: queries.stats(c, queries.Range(since, until, first, last)))

    def daily_series(self, first: date | None = None, last: date | None = None, *,
                     phases: Sequence[str] = ("before", "after", "check-in"),
                     scales: Sequence[str] | None = None
                     ) -> dict[tuple[str, str], tuple[DayMean, ...]]:
        """Daily means per (scale, phase) on days first..last, oldest day first.

        Each mean is over every rating given on that scale in that phase on that
        day (the entry's recorded day). PEG check-ins are left out: they ask about
        the past week, not the moment. `scales=None` means every scale.
        """
        from painpath.store import queries

        return self._snapshot(  # type: ignore[no-any-return]
            lambda c: queries.daily_series(c, first, last, tuple(phases),
                                           None if scales is None else tuple(scales)))

    def practice_days(self, first: date | None = None, last: date | None = None
                      ) -> dict[date, int]:
        """Sessions begun on each day first..last (any status: practising is practising).

        For a calendar: days without a session are absent.
        """
        from painpath.store import queries

        return self._read(  # type: ignore[no-any-return]
            lambda c: queries.practice_days(c, first, last))

    def region_means(self, first: date | None = None, last: date | None = None, *,
                     scale: str = "tension", phase: str = "during") -> dict[str, Spread]:
        """Per body region, the spread of `scale` ratings given in `phase` (during a
        body scan's steps, by default) on days first..last."""
        from painpath.store import queries

        return self._read(  # type: ignore[no-any-return]
            lambda c: queries.region_means(c, first, last, scale, phase))

    def export_records(self, since: datetime | None = None, until: datetime | None = None
                       ) -> Iterator[EntryRecord]:
        """Every entry in [since, until), newest first, as raw rows for an export.

        One read transaction; rows stream without an `Entry` per row (see
        `painpath.store.exchange.write_export`).
        """
        from painpath.store import queries

        stale = self._stale
        return self._stream(lambda c: queries.entry_records(c, since, until, stale))

    def csv_lines(self, since: datetime | None = None, until: datetime | None = None
                  ) -> Iterator[str]:
        """The CSV export's lines after its header (`exchange.CSV_COLUMNS`) for entries
        in [since, until), newest first, one per rating: one joined query."""
        from painpath.store import queries

        stale = self._stale
        return self._stream(lambda c: queries.csv_lines(c, since, until, stale))

    def get(self, entry_id: str) -> Entry | None:
        """One entry by id, or None."""
        def run(c: sqlite3.Connection) -> list[Entry]:
            rows = c.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id = ?",
                             (entry_id,)).fetchall()
            return self._build(c, rows)

        found = self._read(run)
        return found[0] if found else None

    def last_peg(self) -> Entry | None:
        """The most recent PEG check-in, so the home can offer one about once a week."""
        def run(c: sqlite3.Connection) -> list[Entry]:
            rows = c.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE peg = 1 "
                             "ORDER BY started_utc DESC, id DESC LIMIT 1").fetchall()
            return self._build(c, rows)

        found = self._read(run)
        return found[0] if found else None

    def exercises(self) -> list[tuple[str, int]]:
        """Each exercise in the log with its number of sessions, most practised first."""
        rows = self._read(lambda c: c.execute(
            "SELECT exercise, count(*) AS n FROM entries WHERE type = 'session' "
            "GROUP BY exercise ORDER BY n DESC, exercise").fetchall())
        return [(str(name), int(n)) for name, n in rows]

    def _build(self, c: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[Entry]:
        ids = [row[0] for row in rows]
        ratings: dict[str, list[Rating]] = {}
        answers: dict[str, list[Answer]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for eid, rid, scale, value, phase, region, step, at in c.execute(
                    "SELECT entry_id, id, scale, value, phase, region, step, at FROM ratings "
                    f"WHERE entry_id IN ({marks}) ORDER BY entry_id, seq", chunk):
                ratings.setdefault(eid, []).append(
                    Rating(scale=scale, value=int(value), phase=phase, region=region,
                           step=step, at=_opt_time(at), id=rid))
            for eid, aid, step, text, at in c.execute(
                    "SELECT entry_id, id, step, text, at FROM answers "
                    f"WHERE entry_id IN ({marks}) ORDER BY entry_id, seq", chunk):
                answers.setdefault(eid, []).append(
                    Answer(step=int(step), text=text, at=_opt_time(at), id=aid))
        out: list[Entry] = []
        for (eid, etype, exercise, content_hash, pack_version, started, ended, status,
             planned_s, practiced_s, furthest_step, note, peg, updated) in rows:
            if eid in self._stale:
                status = "interrupted"
            out.append(Entry(
                id=eid, type=etype, exercise=exercise, content_hash=content_hash,
                pack_version=pack_version, started=_stored_time(started), ended=_opt_time(ended),
                status=status, planned_s=planned_s, practiced_s=practiced_s,
                furthest_step=furthest_step, note=note, peg=bool(peg),
                updated=_opt_time(updated),
                ratings=tuple(ratings.get(eid, ())), answers=tuple(answers.get(eid, ()))))
        return out

    # --- writing -----------------------------------------------------------------

    def refresh_changes(self) -> None:
        """Rebuild every session's before -> after pairs from the ratings.

        `Store` keeps them in step itself; this is for logs filled by other means
        (the benchmark's filler writes rows directly).
        """
        with self._write() as c:
            c.execute("DELETE FROM session_changes")
            c.execute(schema.CHANGES_SQL.format(where="1"))

    _UPSERT = (
        rows.ENTRY_SQL + " "
        "ON CONFLICT (id) DO UPDATE SET type = excluded.type, exercise = excluded.exercise, "
        "content_hash = excluded.content_hash, pack_version = excluded.pack_version, "
        "started = excluded.started, started_utc = excluded.started_utc, "
        "ended = excluded.ended, status = excluded.status, planned_s = excluded.planned_s, "
        "practiced_s = excluded.practiced_s, furthest_step = excluded.furthest_step, "
        "note = excluded.note, peg = excluded.peg, owner_pid = excluded.owner_pid, "
        "updated = excluded.updated, day = excluded.day")

    def save_entry(self, entry: Entry, *, live: bool = False) -> None:
        """Write one entry exactly as given, replacing any earlier state of it.

        `live=True` marks this process as the owner of an in-progress session, so
        other painpaths leave it alone; one transaction, so it is all or nothing.
        """
        owner = os.getpid() if live and entry.status == "in-progress" else None
        row, ratings, answers, pairs = rows.entry_rows(entry, owner)
        with self._write() as c:
            c.execute(self._UPSERT, row)
            for table in ("ratings", "answers", "session_changes"):
                c.execute(f"DELETE FROM {table} WHERE entry_id = ?", (entry.id,))
            c.executemany(rows.RATING_SQL, ratings)
            c.executemany(rows.ANSWER_SQL, answers)
            c.executemany(rows.CHANGES_SQL, pairs)

    def add_check_in(self, ratings: Mapping[str, int] | Iterable[tuple[str, int]], *,
                     note: str | None = None, peg: bool = False,
                     at: datetime | None = None) -> Entry:
        """Record a check-in now (values are checked against their scales by the caller)."""
        when = canonical(at) if at is not None else now_local()
        items = list(ratings.items() if isinstance(ratings, Mapping) else ratings)
        note = note if note and note.strip() else None
        if not items and note is None:
            raise ValueError("a check-in needs at least one rating or a note")
        entry = Entry(type="check-in", started=when, ended=when, status="completed",
                      note=note, peg=peg, updated=when,
                      ratings=tuple(Rating(scale=s, value=int(v), phase="check-in", at=when)
                                    for s, v in items))
        self.save_entry(entry)
        return entry

    def set_note(self, entry_id: str, note: str | None) -> None:
        """Change the note of one entry (None or blank removes it)."""
        note = note if note and note.strip() else None
        with self._write() as c:
            c.execute("UPDATE entries SET note = ?, updated = ? WHERE id = ?",
                      (note, to_iso(now_local()), entry_id))

    def delete(self, entry_id: str) -> bool:
        """Remove one entry with its ratings and answers; True if it was there."""
        with self._write() as c:
            return c.execute("DELETE FROM entries WHERE id = ?", (entry_id,)).rowcount > 0

    @staticmethod
    def _existing(c: sqlite3.Connection, table: str, ids: Sequence[str]) -> set[str]:
        """Which of these ids `table` already holds (looked up in chunks)."""
        if c.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None:
            return set()
        found: set[str] = set()
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            found.update(row[0] for row in c.execute(
                f"SELECT id FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def import_entries(self, entries: Sequence[Entry]) -> tuple[int, int]:
        """Merge entries by id in one transaction: (added, already there).

        An entry already in the log is left as it is. A session still marked
        in progress in the file is stored as interrupted: no process here runs it.
        Ids clashing with another record refuse the whole import.
        """
        with paused_gc():
            return self.import_rows(rows.many_entry_rows(entries))

    def import_rows(self, entries: Sequence[rows.EntryRows]) -> tuple[int, int]:
        """`import_entries` for entries already made into rows (`rows.entry_rows`, or
        `exchange.read_export_rows` straight from a file): (added, already there).

        The first of several with one id counts. Rows go in with `executemany`,
        a table at a time, oldest entry first, so 100,000 entries take seconds.
        """
        with paused_gc():
            unique: dict[str, rows.EntryRows] = {}
            for entry in entries:
                unique.setdefault(entry[0][0], entry)
            ordered = sorted(unique.values(),
                             key=lambda e: (e[0][rows.UTC_COLUMN], e[0][0]))
            with self._write(foreign_keys=False) as c:
                present = self._existing(c, "entries", list(unique))
                fresh = [e for e in ordered if e[0][0] not in present]
                self._refuse_clashes(c, fresh)
                self._insert_many(c, fresh)
        return len(fresh), len(entries) - len(fresh)

    def _insert_many(self, c: sqlite3.Connection, fresh: Sequence[rows.EntryRows]) -> None:
        """Insert many entries' rows in the open transaction.

        When they outnumber what the log holds, the secondary indexes are dropped
        and made again afterwards, in the same transaction: building an index at
        once is quicker than growing it row by row. Foreign keys are off (see
        `_write`): every row here belongs to an entry inserted with it.
        """
        tables = ([e[0] for e in fresh], [r for e in fresh for r in e[1]],
                  [r for e in fresh for r in e[2]], [r for e in fresh for r in e[3]])
        rebuild: list[tuple[str, str]] = []
        if len(fresh) >= _REBUILD_INDEXES_FROM and len(fresh) >= self._entry_count(c):
            rebuild = c.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN ('entries', 'ratings', 'answers', 'session_changes')"
            ).fetchall()
        cache = c.execute("PRAGMA cache_size").fetchone()[0]
        c.execute(f"PRAGMA cache_size = {-_IMPORT_CACHE_KIB:d}")
        try:
            for name, _ in rebuild:
                c.execute(f'DROP INDEX "{name}"')
            for sql, table in zip((rows.ENTRY_SQL, rows.RATING_SQL, rows.ANSWER_SQL,
                                   rows.CHANGES_SQL), tables, strict=True):
                c.executemany(sql, table)
            for _, sql in rebuild:
                c.execute(sql)
        except sqlite3.IntegrityError as err:
            raise InvalidFileError(
                "The file could not be merged: two of its ratings or written answers "
                "share an id. Nothing was imported.") from err
        finally:
            c.execute(f"PRAGMA cache_size = {int(cache):d}")

    @staticmethod
    def _entry_count(c: sqlite3.Connection) -> int:
        return int(c.execute("SELECT count(*) FROM entries").fetchone()[0])

    def _refuse_clashes(self, c: sqlite3.Connection, fresh: Sequence[rows.EntryRows]) -> None:
        """InvalidFileError, before anything is written, if a rating or answer id is taken."""
        for table, part in (("ratings", 1), ("answers", 2)):
            taken = self._existing(c, table, [r[0] for e in fresh for r in e[part]])
            for e in fresh if taken else ():
                if any(r[0] in taken for r in e[part]):
                    raise InvalidFileError(
                        f"The file could not be merged: entry {e[0][0]} has a rating or "
                        "answer whose id is already used by another record in your log. "
                        "Nothing was imported.")

    # --- a damaged log -----------------------------------------------------------

    def check(self) -> None:
        """Read every page (SQLite's quick_check); StoreCorruptError if any is damaged.

        Opening reads only the first page, so damage deeper in the file shows up
        only here or when a damaged page is read.
        """
        rows = self._read(lambda c: c.execute("PRAGMA quick_check").fetchall())
        if [tuple(r) for r in rows] != [("ok",)]:
            raise translate(sqlite3.DatabaseError("database disk image is malformed"),
                            self.path) or StoreError("Your log could not be checked.")

    @staticmethod
    def set_aside(path: str | os.PathLike[str], when: datetime | None = None) -> Path:
        """Rename a damaged log (with -wal/-shm) to `NAME.corrupt-YYYYMMDD-HHMMSS`.

        Nothing is deleted or written; call it only with the person's consent. The
        next open starts a new, empty log. Returns the new name of the file.
        """
        file = Path(path)
        stamp = (when or now_local()).strftime("%Y%m%d-%H%M%S")
        target = file.with_name(f"{file.name}.corrupt-{stamp}")
        n = 1
        while any(Path(str(target) + s).exists() for s in _COMPANIONS):
            target = file.with_name(f"{file.name}.corrupt-{stamp}-{n}")
            n += 1
        for suffix in _COMPANIONS:
            source = Path(str(file) + suffix)
            if source.exists():
                os.replace(source, Path(str(target) + suffix))
        return target

    def set_aside_corrupt(self) -> Path:
        """Set this store's damaged file aside and continue with a new, empty log."""
        if self.path is None:
            raise StoreUnavailableError("An in-memory log has no file to set aside.")
        with self._lock:
            self._conn.close()
            moved = self.set_aside(self.path)
            fresh = self._open(self.path, self.timeout, read_only=False)
            self._conn, self.read_only = fresh._conn, False
            self._stale, self.interrupted_on_open = frozenset(), ()
        return moved
