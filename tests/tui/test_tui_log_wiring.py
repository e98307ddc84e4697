"""The app's sessions reach the person's log through `SessionLog`, as `painpath` wires them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import SIZE, TIMED, exercise, make_ctx

from painpath.engine import FakeClock
from painpath.sessionlog import SessionLog
from painpath.store import Store
from painpath.tui.app import create_app


def test_a_practice_in_the_app_is_in_the_log_with_ratings_and_note(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, exercise(TIMED, id="wired", before=("pain",), after=("pain",)))
    log = SessionLog(ctx.paths)
    clock = FakeClock(50.0)

    def end(outcome) -> None:
        assert log.finish(outcome.exercise.qualified_id, outcome.note) is None

    app = create_app(ctx, exercise="painpath/wired", clock=clock,
                     session_listeners=log.listeners, on_session_end=end)

    async def scenario(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")  # Start
        await pilot.pause()
        await pilot.press("7", "enter")
        await pilot.pause()
        # Written when it starts: a crash now would still leave the before-rating.
        [live] = Store.for_paths(ctx.paths).entries()
        assert live.status in ("in-progress", "interrupted")
        assert [(r.phase, r.scale, r.value) for r in live.ratings] == [("before", "pain", 7)]
        clock.advance(90)
        app.screen.tick()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("3", "enter")
        await pilot.pause()
        await pilot.press(*"lighter")
        await pilot.press("enter")
        await pilot.pause()

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await scenario(pilot)

    asyncio.run(main())
    log.close_all()
    [entry] = Store.for_paths(ctx.paths).entries()
    assert entry.exercise == "painpath/wired"
    assert entry.status == "completed"
    assert entry.practiced_s == 90
    assert entry.note == "lighter"
    assert sorted((r.phase, r.value) for r in entry.ratings) == [("after", 3), ("before", 7)]


def test_a_practice_the_log_cannot_take_is_kept_and_saved_again_when_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from painpath.commands.app import end_hook
    from painpath.errors import StoreError
    from painpath.tui.screens.not_saved import NotSavedScreen

    ctx = make_ctx(tmp_path, exercise(TIMED, id="wired", before=(), after=()))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    log = SessionLog(ctx.paths)
    clock = FakeClock(50.0)
    app = create_app(ctx, exercise="painpath/wired", clock=clock,
                     session_listeners=log.listeners, on_session_end=end_hook(log))
    save_entry = Store.save_entry

    def full(self: Store, entry: object, *, live: bool = False) -> None:
        raise StoreError("The disk is full, so your log could not be written.")

    async def scenario(pilot: Pilot) -> None:
        await pilot.pause()
        monkeypatch.setattr(Store, "save_entry", full)
        await pilot.press("enter")  # Start (no before-ratings)
        await pilot.pause()
        await pilot.press("q")  # stop; no after-ratings: straight to the summary
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, NotSavedScreen)
        [rescue] = tmp_path.glob("painpath-unsaved-session-*.json")
        message = str(app.screen.query_one("#not-saved-message").render())
        assert f"kept safe in {rescue}" in message and "painpath import" in message
        await pilot.press("enter")  # "Try saving again": the disk is still full
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#not-saved-status").render())
        assert status.startswith("It still could not be saved: The disk is full")
        assert rescue.exists()
        monkeypatch.setattr(Store, "save_entry", save_entry)  # room on the disk again
        # A Button ignores Enter for 0.2 s (wall clock) after a press; a person is slower.
        app.screen.query_one("#not-saved-again").remove_class("-active")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "SummaryScreen"
        assert "This practice is now in your log." in [n.message for n in app._notifications]
        assert not rescue.exists()

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await scenario(pilot)

    asyncio.run(main())
    log.close_all()
    [saved] = Store.for_paths(ctx.paths).entries()
    assert saved.exercise == "painpath/wired" and saved.status == "stopped"
