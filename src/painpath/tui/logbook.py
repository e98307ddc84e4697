"""Where the app's log screens read and write: the person's own log, or a client's export.

Screens never open SQLite themselves; they ask a `Logbook`, which opens its
`Store` once, on whichever worker thread asks first, and keeps it. The
person's own log is not created just to be looked at: until the first
check-in, reading screens see an empty log and nothing is written to disk.
A review logbook holds one JSON export in memory, read-only, and never knows
where the reviewer's own log lives.

Nothing here imports textual, so the rules can be tested without the app.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the store (and sqlite3) is imported when first opened, off the first frame
    from painpath.paths import Paths
    from painpath.store import Store
    from painpath.store.export_info import ExportInfo


class Logbook:
    """One log the screens look at; `store()` and `writable()` open it lazily."""

    def __init__(self, *, paths: Paths | None = None, export: Path | None = None) -> None:
        if (paths is None) == (export is None):
            raise ValueError("a logbook is either the person's own log or one export")
        self.paths = paths
        self.export = export
        self._store: Store | None = None
        self._empty: Store | None = None
        self._info: ExportInfo | None = None
        self._lock = threading.Lock()

    # --- what it is --------------------------------------------------------------

    @property
    def reviewing(self) -> bool:
        """True for a client's export: nothing may be changed, nothing practised."""
        return self.export is not None

    @property
    def name(self) -> str:
        """The export's file name (for headers and the client selector); '' for one's own."""
        return self.export.name if self.export is not None else ""

    @property
    def read_only(self) -> bool:
        """Whether changes are refused: a review, or a log on a read-only disk."""
        if self.reviewing:
            return True
        return self._store is not None and self._store.read_only

    @property
    def left_out(self) -> bool:
        """Whether reading left values out that cannot be right (`painpath.store.sanity`:
        an older painpath or a hand edit wrote them). Never opens the log."""
        return self._store is not None and self._store.left_out.total() > 0

    # --- opening -----------------------------------------------------------------

    def store(self) -> Store:
        """The log to read. Blocking: call it from a worker thread.

        The person's own log, when it does not exist yet, is an empty log in
        memory (nothing is created on disk until something is written).
        Raises the `StoreError` (damaged, locked, unreadable) or, for an
        export, the `InvalidFileError` that says what is wrong with the file.
        """
        from painpath.store import Store

        with self._lock:
            if self._store is not None:
                return self._store
            if self.export is not None:
                self._store = self._open_export(self.export)
                return self._store
            assert self.paths is not None
            # Asked anew each time: a practice (recorded by its own connection) may
            # have created the log since the last look.
            if not self.paths.database.exists():
                if self._empty is None:
                    self._empty = Store.open_memory()
                return self._empty
            self._store = Store.for_paths(self.paths)
            if self._empty is not None:
                self._empty.close()
                self._empty = None
            return self._store

    def _open_export(self, path: Path) -> Store:
        """The export as a read-only log in memory; its own words about itself kept too."""
        from painpath.store import Store
        from painpath.store.import_file import read_export_with_info

        entries, self._info = read_export_with_info(path)
        store = Store.open_memory()
        store.import_entries(entries)
        store.read_only = True
        return store

    def info(self) -> ExportInfo:
        """Whose export this is and the scales it defines. Blocking: opens it if needed.

        The person's own log has no such words: their painpath knows its scales.
        """
        from painpath.store.export_info import ExportInfo

        if self.export is None:
            return ExportInfo()
        self.store()
        return self._info or ExportInfo()

    def end_day(self, today: date) -> date:
        """The day time windows end on: today for one's own log; for an export, the day
        of its newest entry (a month-old export's "last 30 days" are its own). Blocking."""
        if self.export is None:
            return today
        newest = self.store().entries(limit=1)
        return newest[0].started.date() if newest else today

    def writable(self) -> Store:
        """The person's own log, created if needed, for a check-in, a note, a deletion."""
        from painpath.store import Store, StoreReadOnlyError

        if self.reviewing:
            raise StoreReadOnlyError(
                f"You are reviewing {self.name}, read-only: nothing in it can be changed.")

        with self._lock:
            if self._store is None:
                assert self.paths is not None
                self._store = Store.for_paths(self.paths)
                if self._empty is not None:
                    self._empty.close()
                    self._empty = None
            return self._store

    def set_aside(self) -> Path:
        """Rename a damaged log out of the way (only with consent) and start a new one.

        Returns the name the damaged file now has. The file is renamed, never
        written or deleted.
        """
        from painpath.store import Store, StoreReadOnlyError

        if self.paths is None:
            raise StoreReadOnlyError("A client's export is never changed.")

        with self._lock:
            if self._store is not None:
                moved = self._store.set_aside_corrupt()
                return moved
            moved = Store.set_aside(self.paths.database)
            self._store = Store.for_paths(self.paths)
            return moved

    def forget(self) -> None:
        """Close the store so the next `store()` opens it afresh (after a failure)."""
        with self._lock:
            for store in (self._store, self._empty):
                if store is not None:
                    store.close()
            self._store = self._empty = None
