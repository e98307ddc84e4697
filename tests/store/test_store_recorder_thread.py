"""The app's recorder writes on its own thread: a busy log never freezes the screen,
and no step is lost while a write waits."""

from __future__ import annotations

import threading
from typing import Any

from painpath.engine.events import Finished, RatingGiven, SessionStarted, StepStarted
from painpath.paths import Paths
from painpath.store import Entry, Store
from painpath.store.recorder import SessionRecorder


class GatedStore:
    """A store whose writes wait until the test opens the gate (a log busy elsewhere)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.gate = threading.Event()
        self.writing = threading.Event()
        self.threads: set[str] = set()
        self.written: list[Entry] = []

    def save_entry(self, entry: Entry, **kw: Any) -> None:
        self.threads.add(threading.current_thread().name)
        self.writing.set()
        assert self.gate.wait(timeout=30)
        self.store.save_entry(entry, **kw)
        self.written.append(entry)


def test_events_return_at_once_while_the_log_is_busy_and_nothing_is_lost(
        store: Store, paths: Paths) -> None:
    gated = GatedStore(store)
    rec = SessionRecorder(gated, "painpath/body-scan", background=True)  # type: ignore[arg-type]
    rec(SessionStarted("painpath/body-scan", 600.0))
    assert gated.writing.wait(timeout=30)  # the first write is stuck on the busy log
    # Meanwhile the session goes on: each event returns without waiting.
    rec(StepStarted(0, 0.0))
    rec(RatingGiven("during", "tension", 4, index=0, region="jaw"))
    rec(StepStarted(1, 30.0))
    rec(Finished(practiced_seconds=60.0, furthest_step=1))
    assert not gated.written and threading.current_thread().name not in gated.threads
    gated.gate.set()
    assert rec.saved  # waits for the writer
    with Store.for_paths(paths) as other:
        got = other.get(rec.id)
    assert got is not None and got.status == "completed" and got.practiced_s == 60.0
    assert got.furthest_step == 1 and got.ratings[0].region == "jaw"
    # The newest state is written; states that came while it waited were folded into it.
    assert len(gated.written) <= 3 and gated.written[-1].status == "completed"


def test_closing_waits_for_the_last_write(store: Store, paths: Paths) -> None:
    rec = SessionRecorder(store, "painpath/body-scan", background=True)
    rec(SessionStarted("painpath/body-scan", 600.0))
    rec(StepStarted(0, 0.0))
    rec.close()
    with Store.for_paths(paths) as other:
        got = other.get(rec.id)
    assert got is not None and got.status == "interrupted"
