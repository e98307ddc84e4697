"""Writes a session to the log as it happens, so a crash costs at most one step.

A `SessionRecorder` is a `Listener`: attach it to the engine and it creates the
session's row on `SessionStarted` and brings it up to date at every step, rating
and written answer, each in its own transaction, then marks it completed or
stopped. Ratings given before the engine starts (the "before" screen) are held
until the row exists and written with it; ratings and a note given after
`Finished` (the "after" screen) are written as they come.

Only real sessions are recorded: a run at a speed other than 1 is a preview,
and the caller simply does not attach a recorder (unless the person asks for
`--log`). The recorder never raises into the engine: when a write fails, the
session stays whole in memory, `error` says why, and the screen can offer
`retry()` ("save again") or `save_to(path)` (a JSON export the person can import
later with `painpath import`).

With `background=True` (the app) writes happen on the recorder's own thread, so
a busy log never freezes the screen: each save hands the session as it is now
to that thread, which writes the newest state it has (every state holds all the
earlier steps, so skipping an intermediate one loses nothing). `flush()` waits
for it; `saved`, `retry()` and `close()` flush first.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from painpath.engine.events import (
    EntrySubmitted,
    Event,
    Finished,
    RatingGiven,
    SessionStarted,
    StepStarted,
    Stopped,
)
from painpath.errors import StoreError
from painpath.store.db import Store
from painpath.store.export_json import dumps, export_document
from painpath.store.private_files import write_private
from painpath.store.records import PHASES, Answer, Entry, Rating, new_id
from painpath.store.times import now_local
from painpath.text import valid_text as storable


class SessionRecorder:
    """Record one session of one exercise in `store` (see the module notes)."""

    def __init__(self, store: Store, exercise: Any, *, planned_s: float | None = None,
                 clock: Callable[[], datetime] = now_local,
                 on_error: Callable[[StoreError], None] | None = None,
                 background: bool = False) -> None:
        """`exercise` is an `Exercise` (its id, content hash and pack version are
        kept with the session) or a `PACK/EXERCISE` id."""
        if isinstance(exercise, str):
            self.exercise_id = exercise
            self.content_hash: str | None = None
            self.pack_version: str | None = None
            default_planned: float | None = None
        else:
            self.exercise_id = exercise.qualified_id
            self.content_hash = exercise.content_hash or None
            self.pack_version = exercise.pack_version or None
            default_planned = float(exercise.total_seconds)
        self.store = store
        self.id = new_id()
        self.error: StoreError | None = None
        self._clock = clock
        self._on_error = on_error
        self._lock = threading.RLock()
        self._planned = planned_s if planned_s is not None else default_planned
        self._started: datetime | None = None
        self._ended: datetime | None = None
        self._status = "in-progress"
        self._practiced: float | None = None
        self._furthest: int | None = None
        self._note: str | None = None
        self._ratings: list[Rating] = []
        self._answers: list[Answer] = []
        self._dirty = False
        self._writer = _Writer(self._write) if background else None

    # --- the Listener --------------------------------------------------------------

    def __call__(self, event: Event) -> None:
        if isinstance(event, SessionStarted):
            self.start(event.exercise_id, event.planned_seconds)
        elif isinstance(event, StepStarted):
            with self._lock:
                self._furthest = max(self._furthest or 0, event.index)
                self._practiced = event.at
                self._save()
        elif isinstance(event, RatingGiven):
            self.rating(event.phase, event.scale, event.value, step=event.index,
                        region=event.region)
        elif isinstance(event, EntrySubmitted):
            self.answer(event.index, event.text)
        elif isinstance(event, (Finished, Stopped)):
            with self._lock:
                self._status = "completed" if isinstance(event, Finished) else "stopped"
                self._practiced = event.practiced_seconds
                self._furthest = max(self._furthest or 0, event.furthest_step)
                self._ended = self._clock()
                self._save()
        # Bells, breath phases, marks, pauses and questions asked change nothing stored.

    # --- what screens call -------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._started is not None

    @property
    def saved(self) -> bool:
        """True when everything recorded so far is in the log (waits for the writer)."""
        self.flush()
        return not self._dirty

    def flush(self) -> None:
        """Wait until every save handed to the background writer is done."""
        if self._writer is not None:
            self._writer.wait()

    def start(self, exercise_id: str | None = None, planned_s: float | None = None) -> None:
        """Create the session's row now, with any before-ratings already given."""
        with self._lock:
            if self._started is not None:
                return
            if exercise_id:
                self.exercise_id = exercise_id
            if planned_s is not None:
                self._planned = float(planned_s)
            self._started = self._clock()
            self._save()

    def rating(self, phase: str, scale: str, value: int | None, *, step: int | None = None,
               region: str | None = None) -> None:
        """Record (or change, or with None withdraw) one rating and write it.

        One value is kept per scale for `before` and `after`, and per scale, step
        and region for `during`, so changing one's mind replaces the number.
        """
        if phase not in PHASES:
            raise ValueError(f"unknown rating phase {phase!r}")
        with self._lock:
            key = (phase, scale, step, region)
            found = next((i for i, r in enumerate(self._ratings)
                          if (r.phase, r.scale, r.step, r.region) == key), None)
            if value is None:
                if found is None:
                    return
                del self._ratings[found]
            else:
                given = Rating(scale=scale, value=int(value), phase=phase, region=region,
                               step=step, at=self._clock(),
                               id=new_id() if found is None else self._ratings[found].id)
                if found is None:
                    self._ratings.append(given)
                else:
                    self._ratings[found] = given
            self._save()

    def answer(self, step: int, text: str | None) -> None:
        """Keep the person's written answer to a step (None: skipped, nothing kept)."""
        if text is None or not text.strip():
            return
        with self._lock:
            self._answers = [a for a in self._answers if a.step != step]
            self._answers.append(Answer(step=step, text=storable(text) or "", at=self._clock()))
            self._save()

    def note(self, text: str | None) -> None:
        """The note from the after screen (blank removes it)."""
        with self._lock:
            self._note = storable(text) if text and text.strip() else None
            self._save()

    def close(self) -> None:
        """The session ends without Finished/Stopped (the app is quitting): interrupted.

        Waits for the background writer, so nothing handed to it is lost."""
        with self._lock:
            if self._started is not None and self._status == "in-progress":
                self._status = "interrupted"
                self._ended = self._clock()
                self._save()
        self.flush()

    def retry(self) -> None:
        """Try the write again ("save again"); raises the StoreError if it still fails."""
        self.flush()
        with self._lock:
            entry = self.entry()
            if entry is None:
                return
            self._write(entry)
            if self.error is not None:
                raise self.error

    def entry(self) -> Entry | None:
        """The session as recorded so far (None before it starts)."""
        with self._lock:
            if self._started is None:
                return None
            return Entry(
                id=self.id, type="session", exercise=self.exercise_id, started=self._started,
                ended=self._ended, status=self._status, planned_s=self._planned,
                practiced_s=self._practiced, furthest_step=self._furthest, note=self._note,
                content_hash=self.content_hash, pack_version=self.pack_version,
                updated=self._clock(), ratings=tuple(self._ratings),
                answers=tuple(self._answers))

    def pending_json(self) -> str:
        """The session as a one-entry JSON export, importable with `painpath import`."""
        entry = self.entry()
        return dumps(export_document([entry] if entry is not None else []))

    def save_to(self, path: str | Path) -> Path:
        """Write `pending_json()` to a file only its owner can read (atomically)."""
        return write_private(path, self.pending_json())

    # --- writing -----------------------------------------------------------------

    def _save(self) -> None:
        entry = self.entry()
        if entry is None:  # not started: before-ratings wait for the row
            return
        self._dirty = True  # until a write says otherwise: a failure is never silent
        if self._writer is not None:
            self._writer.hand(entry)
        else:
            self._write(entry)

    def _write(self, entry: Entry) -> None:
        try:
            try:
                self.store.save_entry(entry, live=entry.status == "in-progress")
            except (sqlite3.Error, ValueError, OSError) as unexpected:
                # Not a failure of the world the store knows: still never silent.
                raise StoreError(
                    "painpath could not write this session to your log "
                    f"({type(unexpected).__name__}: {unexpected}). It is kept and will "
                    "be saved to a file you can import.") from unexpected
        except StoreError as err:
            self._dirty = True
            self.error = err
            if self._on_error is not None:
                self._on_error(err)
            return
        self._dirty = self._writer is not None and self._writer.pending()
        self.error = None


class _Writer:
    """One thread writing the newest state handed to it; idle when nothing is pending."""

    def __init__(self, write: Callable[[Entry], None]) -> None:
        self._write = write
        self._cond = threading.Condition()
        self._next: Entry | None = None
        self._busy = False
        self._thread: threading.Thread | None = None

    def hand(self, entry: Entry) -> None:
        with self._cond:
            self._next = entry
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="painpath-recorder",
                                                daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def pending(self) -> bool:
        with self._cond:
            return self._next is not None

    def wait(self) -> None:
        with self._cond:
            while self._next is not None or self._busy:
                self._cond.wait()

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._next is None:
                    self._thread = None
                    self._cond.notify_all()
                    return
                entry, self._next, self._busy = self._next, None, True
            try:
                self._write(entry)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
