"""The private log: one SQLite file, owner-only, written step by step.

`Store` is the only code that talks to the database. It keeps the file and its
`-wal`/`-shm` companions readable by their owner alone, uses WAL with a busy
timeout so a second painpath (a check-in while a session runs) waits instead of
failing, and commits every write on its own so a killed process loses at most
the step it was in. Every failure that comes from the world is raised as a
`StoreError` subclass (see `painpath.store.errors`); nothing here opens a network
connection or ever overwrites a damaged log.

This module opens, checks and sets aside the log; what a `Store` does once open
lives with its kind: `connection` (transactions), `reading` (pages, sums,
streams), `writing` (one entry at a time), `importing` (many at once).
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painpath import notices
from painpath.errors import StoreError
from painpath.store import schema
from painpath.store.connection import DEFAULT_TIMEOUT
from painpath.store.errors import (
    StoreFullError,
    StoreLockedError,
    StoreNewerError,
    StoreReadOnlyError,
    StoreUnavailableError,
    busy,
    translate,
)
from painpath.store.importing import Importing
from painpath.store.owner import owner_alive, pid_alive
from painpath.store.reading import Page, Reading
from painpath.store.times import now_local
from painpath.store.writing import Writing

if TYPE_CHECKING:
    from painpath.paths import Paths

__all__ = ["DEFAULT_TIMEOUT", "Page", "Store", "pid_alive"]

_COMPANIONS = ("", "-wal", "-shm")
_SQLITE_HEADER = b"SQLite format 3\x00"


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



def _give_back_space(conn: sqlite3.Connection) -> None:
    """After the move to the compact layout, return the freed pages to the disk.

    VACUUM needs room for a copy of the log and no other painpath reading it; if
    either is missing it fails, and the log stays whole, only larger (its free
    pages are used again by later writes), so that failure is left alone.
    """
    try:
        conn.execute("VACUUM")
    except sqlite3.OperationalError:
        return  # disk full or busy: the migrated log is complete; space comes back later


class Store(Importing, Writing, Reading):
    """The person's log, or an in-memory copy of an export opened for reading."""

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
            return cls._open_for_reading(file, timeout)
        try:
            return cls._open(file, timeout, read_only=False)
        except (StoreReadOnlyError, StoreUnavailableError, StoreFullError) as first:
            if not file.is_file():
                raise
            try:
                return cls._open_for_reading(file, timeout)
            except StoreError:
                raise first from None

    @classmethod
    def _open_for_reading(cls, file: Path, timeout: float) -> Store:
        """Open the log for reading only, even where SQLite cannot make its `-shm`
        (a read-only folder or a full disk): then as an immutable file, or, when its
        `-wal` holds writes not yet in the file, from a private copy of both."""
        try:
            return cls._open(file, timeout, read_only=True)
        except StoreError as first:
            wal = Path(f"{file}-wal")
            try:
                if not wal.is_file() or wal.stat().st_size == 0:
                    return cls._open(file, timeout, read_only=True, immutable=True)
                return cls._open_copy(file, timeout)
            except (StoreError, OSError):
                raise first from None

    @classmethod
    def _open_copy(cls, file: Path, timeout: float) -> Store:
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="painpath-read-"))  # 0700
        try:
            for suffix in ("", "-wal"):
                shutil.copyfile(f"{file}{suffix}", folder / f"{file.name}{suffix}")
            store = cls._open(folder / file.name, timeout, read_only=True)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        store._copy_folder = folder
        return store

    def close(self) -> None:
        super().close()
        if self._copy_folder is not None:
            import shutil

            shutil.rmtree(self._copy_folder, ignore_errors=True)

    @classmethod
    def for_paths(cls, paths: Paths, **kw: Any) -> Store:
        """The person's own log in their data folder (made 0700 first).

        A folder that cannot be made private or written (read-only) still lets an
        existing log be read."""
        try:
            paths.ensure_data_dir()
        except OSError as err:
            if not paths.database.is_file():
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
        from painpath.store.import_file import read_export

        store = cls.open_memory()
        for file in files:
            store.import_entries(read_export(Path(file)))
        store.read_only = True
        return store

    @classmethod
    def _open(cls, file: Path, timeout: float, *, read_only: bool,
              immutable: bool = False) -> Store:
        if not read_only and not file.exists():
            try:
                os.close(os.open(file, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as err:
                raise _os_error(err, file) from err
        cls._check_header(file)
        uri = file.as_uri() + ("?mode=ro" if read_only else "?mode=rw") \
            + ("&immutable=1" if immutable else "")
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
                _switch_to_wal(conn, self.timeout)
                conn.execute("PRAGMA synchronous = FULL")
                found = schema.version(conn)
                if 0 < found < schema.latest() and notices.migration is not None:
                    notices.migration(self.path)
                schema.migrate(conn)
                if 0 < found < schema.COMPACT:
                    _give_back_space(conn)
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
            "SELECT id, owner_pid, owner_start FROM entries "
            "WHERE status = 'in-progress'").fetchall())
        stale = [entry_id for entry_id, pid, start in rows if not owner_alive(pid, start)]
        self.interrupted_on_open = tuple(stale)
        if not stale:
            return
        if not self.read_only:
            try:
                with self._write() as c:
                    c.executemany(
                        "UPDATE entries SET status = 'interrupted', owner_pid = NULL, "
                        "owner_start = NULL, "
                        "ended = COALESCE(ended, updated, started) "
                        "WHERE id = ? AND status = 'in-progress'",
                        [(entry_id,) for entry_id in stale])
            except (StoreReadOnlyError, StoreUnavailableError, StoreLockedError):
                # Cannot write just now: still show them as interrupted, mark them later.
                self._stale = frozenset(stale)
            return
        self._stale = frozenset(stale)

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


def _switch_to_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Put the log in write-ahead mode (a no-op once it is).

    Two painpaths opening a new log at the same moment (the app and a check-in, on
    the first day) both switch it: SQLite answers the second "busy" at once, without
    waiting, since waiting there could deadlock. It is asked again until the
    first is done, for as long as any write would wait (`timeout`)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as err:
            if not busy(err) or time.monotonic() >= deadline:
                raise
        time.sleep(_WAL_RETRY)


_WAL_RETRY = 0.01  # seconds between two asks
