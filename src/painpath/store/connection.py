"""One connection to the log, and the transactions every store operation runs in.

`Connection` holds the SQLite connection, the lock that lets one `Store` serve
several threads, and the four ways to use it: a read (`_read`), several reads that
see the same log (`_snapshot`), a long streamed read (`_stream`) and a write
(`_write`, IMMEDIATE: it takes the write lock up front and waits up to the busy
timeout). Every SQLite error leaving here is translated into a `StoreError` that
says what happened in plain words.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from painpath.store.errors import StoreReadOnlyError, translate
from painpath.store.sanity import Tally

DEFAULT_TIMEOUT = 5.0


def _replacing(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _undecodable(err: sqlite3.Error, conn: sqlite3.Connection) -> bool:
    """Text in the log that is not UTF-8 (a hand edit, `CAST(x'ff' AS TEXT)`): from now on
    this connection reads it with U+FFFD in place of the bad bytes, and the read is run
    again. (Decoding every text that way always would slow long reads by a third.)"""
    if "Could not decode to UTF-8" not in str(err) or conn.text_factory is _replacing:
        return False
    conn.text_factory = _replacing
    return True

_Self = TypeVar("_Self", bound="Connection")


class Connection:
    """The log's SQLite connection with its lock; the base of `Store`."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, *,
                 timeout: float = DEFAULT_TIMEOUT, read_only: bool = False) -> None:
        self._conn = conn
        self.path = path
        self.timeout = timeout
        self.read_only = read_only
        self._copy_folder: Path | None = None  # a private copy read instead (db.py)
        self._lock = threading.RLock()
        self._stale: frozenset[str] = frozenset()
        # Sessions found in progress from a process that is gone, when this store opened.
        self.interrupted_on_open: tuple[str, ...] = ()
        # What reading left out as unbelievable (`painpath.store.sanity`), for a note.
        self.left_out = Tally()

    @staticmethod
    def _translate(err: sqlite3.Error, path: Path | None, timeout: float) -> BaseException:
        mapped = translate(err, path, timeout=timeout)
        return mapped if mapped is not None else err

    def close(self) -> None:
        with self._lock:
            self._conn.close()
    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ------------------------------------------------------------

    def _read(self, fn: Any) -> Any:
        with self._lock:
            try:
                try:
                    return fn(self._conn)
                except sqlite3.OperationalError as err:
                    if not _undecodable(err, self._conn):
                        raise
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
                    sent = 0
                    try:
                        for item in read(conn):
                            yield item
                            sent += 1
                    except sqlite3.OperationalError as err:
                        if not _undecodable(err, conn):
                            raise
                        # Read again in the same transaction (the same log), past what was sent.
                        yield from itertools.islice(read(conn), sent, None)
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
