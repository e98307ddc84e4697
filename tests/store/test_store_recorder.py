"""The session recorder: written at start, at every step, kept in memory when writing fails."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from painpath.engine.clock import FakeClock
from painpath.engine.events import (
    Bell,
    EntrySubmitted,
    Finished,
    Paused,
    RatingGiven,
    SessionStarted,
    StepStarted,
    Stopped,
)
from painpath.engine.session import Session
from painpath.format.models import Exercise, Step
from painpath.paths import Paths
from painpath.store import Entry, Store, StoreFullError
from painpath.store.exchange import parse_export
from painpath.store.recorder import SessionRecorder


class Ticking:
    """A wall clock for the recorder that moves one minute per reading."""

    def __init__(self) -> None:
        self.t = datetime(2026, 11, 23, 21, 0, tzinfo=timezone(timedelta(hours=1)))

    def __call__(self) -> datetime:
        self.t += timedelta(minutes=1)
        return self.t


def _reread(paths: Paths, entry_id: str) -> Entry:
    """What another painpath would see now (so every write must have been committed)."""
    with Store.for_paths(paths) as other:
        got = other.get(entry_id)
    assert got is not None
    return got


@pytest.fixture
def recorder(store: Store) -> Iterator[SessionRecorder]:
    yield SessionRecorder(store, "painpath/body-scan", clock=Ticking())


def test_before_ratings_wait_for_the_row_and_are_written_with_it(
        recorder: SessionRecorder, store: Store, paths: Paths) -> None:
    recorder.rating("before", "pain", 6)
    recorder(RatingGiven("before", "tension", 5))
    assert store.count() == 0  # nothing is written before the session starts
    recorder(SessionStarted("painpath/body-scan", 600.0))
    got = _reread(paths, recorder.id)
    assert got.status == "in-progress" and got.exercise == "painpath/body-scan"
    assert got.planned_s == 600.0
    assert (got.rating("before", "pain"), got.rating("before", "tension")) == (6, 5)
    assert store._conn.execute("SELECT owner_pid FROM entries").fetchone()[0] == os.getpid()


def test_every_step_rating_and_answer_is_committed_as_it_happens(
        recorder: SessionRecorder, paths: Paths) -> None:
    recorder(SessionStarted("painpath/body-scan", 600.0))
    recorder(StepStarted(0, 0.0))
    recorder(StepStarted(1, 45.0))
    got = _reread(paths, recorder.id)
    assert (got.furthest_step, got.practiced_s) == (1, 45.0)
    recorder(RatingGiven("during", "tension", 3, index=1, region="feet"))
    got = _reread(paths, recorder.id)
    [r] = got.ratings
    assert (r.phase, r.scale, r.value, r.step, r.region) == ("during", "tension", 3, 1, "feet")
    recorder(EntrySubmitted(2, "I noticed the thought 'I can't'", 80.0))
    recorder(EntrySubmitted(3, None, 90.0))  # skipped: nothing kept
    got = _reread(paths, recorder.id)
    assert [(a.step, a.text) for a in got.answers] == [(2, "I noticed the thought 'I can't'")]
    recorder(Bell(2, 95.0))
    recorder(Paused(96.0))
    assert _reread(paths, recorder.id).status == "in-progress"


def test_finished_session_with_after_ratings_and_note(recorder: SessionRecorder,
                                                      paths: Paths) -> None:
    recorder.rating("before", "pain", 6)
    recorder(SessionStarted("painpath/body-scan", 600.0))
    recorder(StepStarted(0, 0.0))
    recorder(Finished(598.5, 9))
    got = _reread(paths, recorder.id)
    assert (got.status, got.practiced_s, got.furthest_step) == ("completed", 598.5, 9)
    assert got.ended is not None and got.ended > got.started
    recorder.rating("after", "pain", 4)
    recorder.note("calmer")
    got = _reread(paths, recorder.id)
    assert got.rating("after", "pain") == 4 and got.note == "calmer"
    assert recorder.saved and recorder.error is None


def test_stopped_session_and_changed_minds(recorder: SessionRecorder, paths: Paths) -> None:
    recorder(SessionStarted("painpath/body-scan", 600.0))
    recorder.rating("before", "pain", 6)  # after the start: written at once
    recorder.rating("before", "pain", 7)  # changed: replaced, not added
    recorder.rating("before", "tension", 2)
    recorder.rating("before", "tension", None)  # withdrawn
    recorder(Stopped(120.0, 2, grounded=True))
    got = _reread(paths, recorder.id)
    assert got.status == "stopped" and got.practiced_s == 120.0
    assert [(r.scale, r.value) for r in got.ratings] == [("pain", 7)]


def test_closing_a_started_session_marks_it_interrupted(recorder: SessionRecorder,
                                                        paths: Paths) -> None:
    recorder.close()  # not started: nothing to write
    recorder(SessionStarted("painpath/body-scan", 600.0))
    recorder.close()
    assert _reread(paths, recorder.id).status == "interrupted"


def test_recorder_takes_ids_and_versions_from_the_exercise(store: Store) -> None:
    ex = Exercise(id="x", title="X", kind="other", pack="mine",
                  steps=(Step(text="hi", duration=60), Step(text="there", duration=30)),
                  content_hash="sha256:abc", pack_version="1.2.0")
    rec = SessionRecorder(store, ex)
    rec.start()
    got = store.get(rec.id)
    assert got is not None
    assert (got.exercise, got.content_hash, got.pack_version, got.planned_s) == (
        "mine/x", "sha256:abc", "1.2.0", 90.0)


def test_recorder_on_the_real_engine(store: Store) -> None:
    ex = Exercise(id="x", title="X", kind="other", pack="mine",
                  ratings_before=("pain",), ratings_after=("pain",),
                  steps=(Step(text="one", duration=60),
                         Step(text="two", duration=60, region="feet", rate="tension"),
                         Step(text="write", entry=True)))
    clock = FakeClock()
    rec = SessionRecorder(store, ex)
    session = Session(ex, clock=clock, listeners=[rec])
    session.record_rating("before", "pain", 7)
    session.start()
    clock.advance(120)
    session.tick()
    session.give_rating(4)
    session.submit_entry("a kinder thought")
    session.record_rating("after", "pain", 5)
    got = store.get(rec.id)
    assert got is not None
    assert got.status == "completed" and got.furthest_step == 2
    assert got.practiced_s == pytest.approx(120.0)
    assert [(r.phase, r.scale, r.value, r.region) for r in got.ratings] == [
        ("before", "pain", 7, None), ("during", "tension", 4, "feet"), ("after", "pain", 5, None)]
    assert [a.text for a in got.answers] == ["a kinder thought"]


# --- when writing fails --------------------------------------------------------------

def test_a_failed_write_keeps_the_session_in_memory_to_save_again(
        store: Store, failing: Callable[..., Any], tmp_path: Path) -> None:
    errors: list[Exception] = []
    rec = SessionRecorder(store, "painpath/body-scan", clock=Ticking(), on_error=errors.append)
    rec.rating("before", "pain", 6)
    switch = failing(store)
    rec(SessionStarted("painpath/body-scan", 600.0))  # never raises into the engine
    rec(StepStarted(0, 0.0))
    rec(Finished(600.0, 0))
    rec.rating("after", "pain", 3)
    assert isinstance(rec.error, StoreFullError) and not rec.saved
    assert errors and isinstance(errors[0], StoreFullError)
    with pytest.raises(StoreFullError):
        rec.retry()

    [pending] = parse_export(rec.pending_json())
    assert pending.id == rec.id and pending.status == "completed"
    assert (pending.rating("before", "pain"), pending.rating("after", "pain")) == (6, 3)
    saved = rec.save_to(tmp_path / "unsaved-session.json")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    with Store.open_memory() as elsewhere:
        assert elsewhere.import_entries(parse_export(saved.read_text())) == (1, 0, 0)

    switch.failing = False
    assert store.count() == 0
    rec.retry()
    assert rec.saved and rec.error is None
    got = store.get(rec.id)
    assert got is not None and got.rating("after", "pain") == 3


# --- a killed process ----------------------------------------------------------------

_CHILD = textwrap.dedent("""
    import sys
    from painpath.engine.clock import FakeClock
    from painpath.engine.session import Session
    from painpath.format.models import Exercise, Step
    from painpath.store import Store
    from painpath.store.recorder import SessionRecorder

    ex = Exercise(id="scan", title="Scan", kind="body-scan", pack="painpath",
                  steps=(Step(text="arrive", duration=60), Step(text="feet", duration=60),
                         Step(text="legs", duration=60)))
    store = Store.open(sys.argv[1])
    recorder = SessionRecorder(store, ex)
    clock = FakeClock()
    session = Session(ex, clock=clock, listeners=[recorder])
    session.record_rating("before", "pain", 7)
    session.record_rating("before", "tension", 6)
    session.start()
    clock.advance(75)
    session.tick()  # step 1 starts at 60 s
    print(recorder.id, flush=True)
    sys.stdin.read()  # wait here until killed
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_session_is_kept_as_interrupted_with_its_before_ratings(paths: Paths) -> None:
    paths.ensure_data_dir()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(paths.database)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        entry_id = child.stdout.readline().strip()
        assert entry_id, "the child did not start its session"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    with Store.for_paths(paths) as store:
        assert store.interrupted_on_open == (entry_id,)
        got = store.get(entry_id)
    assert got is not None
    assert got.status == "interrupted" and got.exercise == "painpath/scan"
    assert (got.rating("before", "pain"), got.rating("before", "tension")) == (7, 6)
    assert (got.furthest_step, got.practiced_s) == (1, 60.0)
    assert got.ended is not None


def test_pending_json_before_start_is_an_empty_export(recorder: SessionRecorder) -> None:
    assert json.loads(recorder.pending_json())["entries"] == []
