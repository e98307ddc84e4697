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
from painpath.errors import StoreError
from painpath.format.models import Exercise
from painpath.paths import RESCUE_PREFIX, Paths, rescue_folders

if TYPE_CHECKING:
    from painpath.store import Store
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

        tracked = _Tracked(SessionRecorder(self.store, exercise, background=self.background))
        self._open.append((exercise.qualified_id, tracked))
        return [tracked]

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
            return None
        try:
            recorder.retry()
            return None
        except StoreError:
            path = self._rescue(recorder)
            self._rescued[path] = recorder
            return path

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

    def _rescue(self, recorder: SessionRecorder) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for folder in rescue_folders():
            target = folder / f"{RESCUE_PREFIX}{stamp}.json"
            try:
                return recorder.save_to(target)
            except OSError:
                continue
        raise StoreError(
            "Your log could not be written, and no rescue file could be saved either. "
            "This session could not be kept.",
            hint="Check that the disk is not full, then practise again.")


def rescue_message(path: Path) -> str:
    return (f"Your log could not be written just now, so this session was kept safe in "
            f"{path}. When the problem is fixed, bring it back with: painpath import {path}")
