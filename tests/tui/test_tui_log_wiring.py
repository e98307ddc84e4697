"""The app's sessions reach the person's log through `SessionLog`, as `painpath` wires them."""

from __future__ import annotations

import asyncio
from pathlib import Path

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
