"""Connects running sessions (TUI or plain mode) to the person's log.

One `SessionRecorder` per session, created when the session is made, so the
log has the session from its first step. When the session's flow is over the
note is added and, if the log could not be written (full disk, locked), the
session is tried once more and otherwise kept safe in a JSON file the person
can bring back with `painpath import`: a failed write never loses a practice.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from painpath.engine.events import Event, Finished, Listener, Stopped
from painpath.errors import PainpathError, StoreError
from painpath.format.models import Exercise
from painpath.paths import RESCUE_PREFIX, Paths, rescue_folders

if TYPE_CHECKING:
    from painpath.store import Entry, Store
    from painpath.store.recorder import SessionRecorder


class _Tracked:
    """A recorder plus whether its session has ended (to match it to its outcome)."""

    def __init__(self, recorder: SessionRecorder) -> None:
        self.recorder = recorder
        self.ended = False

    def __call__(self, event: Event) -> None:
        if isinstance(event, Finished | Stopped):
            self.ended = True
        self.recorder(event)


class SessionLog:
    """Hands out recorders for sessions and finishes them; opens the store lazily."""

    def __init__(self, paths: Paths, *, record: bool = True, background: bool = False) -> None:
        """`background=True` (the app): recorders write on their own thread, so the
        screen never waits for the log."""
        self.paths = paths
        self.record = record
        self.background = background
        self._store: Store | None = None
        self._open: list[tuple[str, _Tracked]] = []
        self._rescued: dict[Path, SessionRecorder] = {}  # kept in a file, not in the log
        self._kept: dict[str, Path] = {}  # a session's rescue file, written when a save failed

    @property
    def store(self) -> Store:
        if self._store is None:
            from painpath.store import Store

            self._store = Store.for_paths(self.paths)
        return self._store

    def listeners(self, exercise: Exercise) -> list[Listener]:
        """Recorders for one new session (none for a preview run)."""
        if not self.record:
            return []
        from painpath.store.recorder import SessionRecorder

        recorder = SessionRecorder(_LateStore(self), exercise,  # type: ignore[arg-type]
                                   background=self.background)
        recorder._on_error = lambda err: self._keep(recorder)
        tracked = _Tracked(recorder)
        self._open.append((exercise.qualified_id, tracked))
        return [tracked]

    def _keep(self, recorder: SessionRecorder) -> None:
        """A save failed: keep the session in its rescue file now, not only at its end,
        so even a crash after a full disk costs at most a step."""
        try:
            self._kept[recorder.id] = self._rescue(recorder, self._kept.get(recorder.id))
        except StoreError:
            return  # nowhere to write yet: the session is in memory; its end tries again

    def finish(self, exercise_id: str, note: str | None) -> Path | None:
        """Add the note to the oldest ended session of this exercise and let it go.

        Returns the path of a rescue file when the log could not be written.
        """
        match = next((pair for pair in self._open if pair[0] == exercise_id and pair[1].ended),
                     None) or next((pair for pair in self._open if pair[0] == exercise_id), None)
        if match is None:
            return None
        self._open.remove(match)
        recorder = match[1].recorder
        if note:
            recorder.note(note)
        if recorder.saved:
            self._drop_kept(recorder)  # the log took it all in the end: no file needed
            return None
        try:
            recorder.retry()
        except StoreError:
            path = self._rescue(recorder, self._kept.pop(recorder.id, None))
            self._rescued[path] = recorder
            return path
        self._drop_kept(recorder)
        return None

    def _drop_kept(self, recorder: SessionRecorder) -> None:
        kept = self._kept.pop(recorder.id, None)
        if kept is not None:
            kept.unlink(missing_ok=True)

    def save_again(self, path: Path) -> None:
        """Try the log once more for the session kept in `path` ("save it again").

        Raises the `StoreError` when the log still cannot take it (the file stays);
        when it can, the file has done its job and is removed.
        """
        recorder = self._rescued[path]
        recorder.retry()
        del self._rescued[path]
        path.unlink(missing_ok=True)

    def close_all(self) -> None:
        """The program is ending: sessions still open are marked interrupted."""
        for _, tracked in self._open:
            tracked.recorder.close()
        self._open.clear()

    def _rescue(self, recorder: SessionRecorder, kept: Path | None = None) -> Path:
        """Keep the session in a file: where it was kept before, else the home folder,
        else here, else the temporary folder. The session's id is in the name, so two
        sessions ending in the same second keep two files."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"{RESCUE_PREFIX}{stamp}-{recorder.id[:8]}.json"
        targets = [folder / name for folder in rescue_folders()]
        for target in ([kept] if kept is not None else []) + targets:
            try:
                return recorder.save_to(target)
            except (OSError, PainpathError):
                continue
        raise StoreError(
            "Your log could not be written, and no rescue file could be saved either. "
            "This session could not be kept.",
            hint="Check that the disk is not full, then practise again.")


class _LateStore:
    """The log for a recorder, opened when first written: a log that cannot be opened
    (a full disk) fails each save with its StoreError, so the practice still runs and
    is kept in memory and in a rescue file; a later save opens it if it can."""

    def __init__(self, log: SessionLog) -> None:
        self._log = log

    def save_entry(self, entry: Entry, *, live: bool = False) -> None:
        self._log.store.save_entry(entry, live=live)


def rescue_message(path: Path) -> str:
    return (f"Your log could not be written just now, so this session was kept safe in "
            f"{path}. When the problem is fixed, bring it back with: painpath import {path}")
