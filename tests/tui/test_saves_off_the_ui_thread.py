"""Every write the app makes to the log runs off its UI thread; a failed one is never silent.

The session's steps were already written by the recorder's own thread, but the
end of a practice (its note, a last retry, the rescue file) ran in the app's
event loop: a busy log froze the summary for up to the busy timeout. Each test
here records the thread every save runs on, through the real `SessionLog` and
`end_hook` the app is wired with (`painpath` with background saves).
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import SIZE, TIMED, exercise, make_ctx

from painpath.commands.app import end_hook
from painpath.engine import FakeClock
from painpath.errors import StoreError
from painpath.sessionlog import SessionLog
from painpath.store import Store
from painpath.tui.app import create_app


class Threads:
    """Which thread each call ran on, by name of the call."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, threading.Thread]] = []

    def on_ui(self) -> list[str]:
        main = threading.main_thread()
        return [name for name, thread in self.seen if thread is main]


def _practise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, full: bool) -> Threads:
    ctx = make_ctx(tmp_path, exercise(TIMED, id="wired", before=(), after=()))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    threads = Threads()
    save_entry, finish = Store.save_entry, SessionLog.finish

    def watched_save(self: Store, entry: object, *, live: bool = False) -> None:
        threads.seen.append(("save_entry", threading.current_thread()))
        if full:
            raise StoreError("The disk is full, so your log could not be written.")
        save_entry(self, entry, live=live)  # type: ignore[arg-type]

    def watched_finish(self: SessionLog, exercise_id: str, note: str | None) -> object:
        threads.seen.append(("finish", threading.current_thread()))
        return finish(self, exercise_id, note)

    monkeypatch.setattr(Store, "save_entry", watched_save)
    monkeypatch.setattr(SessionLog, "finish", watched_finish)
    log = SessionLog(ctx.paths, background=True)  # as `painpath` wires the app
    clock = FakeClock(50.0)
    app = create_app(ctx, exercise="painpath/wired", clock=clock,
                     session_listeners=log.listeners, on_session_end=end_hook(log))

    async def scenario(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")  # Start (no before-ratings)
        await pilot.pause()
        clock.advance(200)
        app.screen.tick()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press(*"calmer")  # the note after a finished practice
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        if full:
            assert type(app.screen).__name__ == "NotSavedScreen"
        else:
            assert type(app.screen).__name__ == "SummaryScreen"

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await scenario(pilot)

    asyncio.run(main())
    log.close_all()
    return threads


def test_the_end_of_a_practice_and_its_note_are_saved_off_the_ui_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    threads = _practise(tmp_path, monkeypatch, full=False)
    assert [name for name, _ in threads.seen].count("finish") == 1
    assert threads.seen and threads.on_ui() == []
    [entry] = Store.for_paths(make_ctx(tmp_path).paths).entries()
    assert entry.note == "calmer" and entry.status == "completed"


def test_a_save_that_fails_at_the_end_is_kept_in_a_file_and_offered_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    threads = _practise(tmp_path, monkeypatch, full=True)
    assert threads.on_ui() == []  # the retry at the end too
    [rescue] = tmp_path.glob("painpath-unsaved-session-*.json")
    assert '"note": "calmer"' in rescue.read_text(encoding="utf-8")
