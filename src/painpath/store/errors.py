"""Why the log could not be used, in words a person can act on.

Every failure of SQLite that comes from the world (a full or read-only disk, a
second painpath holding the log, a damaged file) is turned into one of these
`StoreError` subclasses, so the CLI prints a calm panel and the app can offer
the right next step (save again, export to a file, set a damaged log aside).
Anything else from SQLite is a bug in painpath and is left to surface as one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from painpath.errors import StoreError

SET_ASIDE_HINT = (
    "painpath has not changed it. To keep it safe under another name (nothing is "
    "deleted) and start a new, empty log, run: painpath log --set-aside"
)


class StoreReadOnlyError(StoreError):
    """The log, or the folder it lives in, cannot be written."""


class StoreFullError(StoreError):
    """The disk is full."""


class StoreLockedError(StoreError):
    """Another painpath held the log for longer than the busy timeout."""


class StoreCorruptError(StoreError):
    """The file is not a database, or its pages are damaged. Never overwritten."""

    title = "Your log file looks damaged"

    def __init__(self, message: str, *, path: Path | None = None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.path = path


class StoreNewerError(StoreError):
    """The log was written by a newer painpath whose layout this one does not know."""


class StoreUnavailableError(StoreError):
    """The log could not be opened or read for another reason (I/O error, no access)."""


def _code_name(err: sqlite3.Error) -> str:
    """SQLite's error name (3.11+), else an empty string; messages are the fallback."""
    return str(getattr(err, "sqlite_errorname", "") or "")


def busy(err: sqlite3.Error) -> bool:
    """Whether SQLite said another connection holds a lock this one needs."""
    text = str(err).lower()
    return "locked" in text or "busy" in text or \
        _code_name(err).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


FULL_BELOW = 1024 * 1024  # free bytes under which an I/O error means a full disk


def disk_full(path: Path | None) -> bool:
    """Whether the disk holding `path` is (all but) full: SQLite reports a full
    disk met while writing its `-wal` or `-shm` as a plain "disk I/O error"."""
    if path is None:
        return False
    import shutil

    try:
        return shutil.disk_usage(path.parent).free < FULL_BELOW
    except OSError:
        return False


def _full(where: str) -> StoreFullError:
    return StoreFullError(
        f"The disk is full, so painpath could not save to your log{where}. "
        "Everything already in your log is still there.",
        hint="Free some space on the disk, then try again.")


def translate(err: sqlite3.Error, path: Path | None, *, timeout: float = 5.0) -> StoreError | None:
    """The StoreError for an SQLite failure caused by the world, or None for a bug.

    Integrity and programming errors are bugs in painpath (None: re-raise them);
    operational and database errors come from the disk, the file or another process.
    """
    if isinstance(err, (sqlite3.IntegrityError, sqlite3.ProgrammingError,
                        sqlite3.InterfaceError, sqlite3.NotSupportedError)):
        return None
    text = str(err).lower()
    name = _code_name(err)
    where = f" ({path})" if path is not None else ""
    if busy(err):
        secs = f"{timeout:g} second" + ("" if timeout == 1 else "s")
        return StoreLockedError(
            f"Your log is busy: another painpath seems to be using it and did not let go "
            f"within {secs}. Nothing was lost.",
            hint="Close other painpath windows or commands, then try again.")
    if "disk is full" in text or name.startswith("SQLITE_FULL") or (
            ("disk i/o error" in text or name.startswith("SQLITE_IOERR")) and disk_full(path)):
        return _full(where)
    if "readonly" in text or "read-only" in text or name.startswith("SQLITE_READONLY"):
        return StoreReadOnlyError(
            f"painpath cannot write to your log{where}: the file, its folder or the disk "
            "is read-only. Nothing was changed.",
            hint="Check that the folder is writable (or choose another with --data-dir).")
    if ("not a database" in text or "malformed" in text
            or name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))):
        return StoreCorruptError(
            f"Your log file{where} could not be read: it looks damaged or is not a "
            "painpath log.",
            path=path, hint=SET_ASIDE_HINT)
    if "unable to open" in text or name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM")):
        return StoreUnavailableError(
            f"painpath could not open your log{where}. The folder may be missing, "
            "read-only, or not yours.",
            hint="Check the folder, or choose another with --data-dir.")
    if isinstance(err, (sqlite3.OperationalError, sqlite3.DatabaseError)):
        return StoreUnavailableError(
            f"painpath could not use your log{where}: {err}. Nothing was changed.",
            hint="If this keeps happening, check the disk for errors.")
    return None
