"""A running session's owner is its process id *and* that process's start, so a
session whose process is gone is never left "in progress" because its id was reused
(after a reboot, or as PID 1 in a container)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import pytest

from painpath.paths import Paths
from painpath.store import Entry, Store
from painpath.store.owner import owner_alive, process_start

needs_proc = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _owned_by(paths: Paths, session_entry: Callable[..., Entry], pid: int,
              start: str | None) -> Entry:
    e = session_entry(status="in-progress").evolve(ended=None)
    with Store.for_paths(paths) as store:
        store.save_entry(e)
        store._conn.execute("UPDATE entries SET owner_pid = ?, owner_start = ? WHERE id = ?",
                            (pid, start, e.id))
    return e


def test_a_live_session_records_its_process_start(
        store: Store, session_entry: Callable[..., Entry]) -> None:
    e = session_entry(status="in-progress").evolve(ended=None)
    store.save_entry(e, live=True)
    pid, start = store._conn.execute("SELECT owner_pid, owner_start FROM entries").fetchone()
    assert pid == os.getpid() and start == process_start(os.getpid())
    store.save_entry(e.evolve(status="completed"))
    assert store._conn.execute("SELECT owner_pid, owner_start FROM entries").fetchone() \
        == (None, None)


@needs_proc
def test_a_session_of_an_earlier_boot_is_interrupted_though_its_pid_runs(
        paths: Paths, session_entry: Callable[..., Entry]) -> None:
    # As PID 1 in a container, or after a reboot: the id is alive, the process is not it.
    assert process_start(1) is not None
    e = _owned_by(paths, session_entry, 1, "an-earlier-boot/12345")
    with Store.for_paths(paths) as store:
        assert store.interrupted_on_open == (e.id,)
        got = store.get(e.id)
        assert got is not None and got.status == "interrupted"


@needs_proc
def test_a_session_of_an_earlier_process_with_the_same_id_is_interrupted(
        paths: Paths, session_entry: Callable[..., Entry]) -> None:
    start = process_start(os.getpid())
    assert start is not None
    boot, ticks = start.split("/")
    e = _owned_by(paths, session_entry, os.getpid(), f"{boot}/{int(ticks) - 100}")
    with Store.for_paths(paths) as store:
        assert store.interrupted_on_open == (e.id,)


def test_the_running_process_still_owns_its_session(
        paths: Paths, session_entry: Callable[..., Entry]) -> None:
    e = _owned_by(paths, session_entry, os.getpid(), process_start(os.getpid()))
    with Store.for_paths(paths) as store:
        assert store.interrupted_on_open == ()
        got = store.get(e.id)
        assert got is not None and got.status == "in-progress"


def test_an_owner_without_a_start_is_judged_by_its_id() -> None:
    assert owner_alive(os.getpid(), None)
    assert not owner_alive(None, None) and not owner_alive(0, "x/1")
