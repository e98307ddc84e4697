"""A quiet step costs almost nothing: what `benchmarks/bench_session.py` found and fixed.

Each second's redraw used to rebuild the footer (every `refresh_bindings`
recomposes it) and Textual's ProgressBar repainted once more a second for an
ETA the player hides; home imported plotext for a chart only Progress draws.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import ProgressBar
from tui_helpers import COUNT, TIMED, Harness, exercise

from painpath.tui.screens.player import PlayerScreen, PracticeProgress


def shown_keys(h: Harness) -> set[str]:
    return {b.binding.description for b in h.app.screen.active_bindings.values()
            if b.binding.show}


def test_ticks_leave_the_footer_alone_and_changes_still_reach_it(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(TIMED, COUNT, before=(), after=()), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        screen = h.app.screen
        assert isinstance(screen, PlayerScreen)
        refreshed: list[None] = []
        original = screen.refresh_bindings

        def counting() -> None:
            refreshed.append(None)
            original()

        screen.refresh_bindings = counting  # type: ignore[method-assign]
        for _ in range(5):
            await h.advance(pilot, 1)
        assert "1:25 left" in h.text("#player-times")  # the clock moved ...
        assert refreshed == []  # ... and the footer was not rebuilt for it
        await pilot.press("space")
        assert len(refreshed) == 1 and "Go on" in shown_keys(h)
        await pilot.press("space")
        await h.advance(pilot, 86)  # the timed step ends: now a count step
        assert h.text("#player-step-title") == "Seeing"
        assert "Mark one" in shown_keys(h)

    h.run(scenario)


def test_the_hidden_eta_never_repaints_the_progress_bar(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(TIMED, before=(), after=()), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        bar = h.app.screen.query_one(ProgressBar)
        assert isinstance(bar, PracticeProgress)
        repaints: list[object] = []
        original = bar.refresh

        def counting(*args: object, **kw: object) -> PracticeProgress:
            repaints.append(kw)
            return original(*args, **kw)  # type: ignore[arg-type,return-value]

        bar.refresh = counting  # type: ignore[method-assign]
        bar._display_eta = 41  # what its one-second timer does as the estimate moves
        bar._display_eta = 40
        assert repaints == []
        bar.update(progress=50)  # the player moving the bar still repaints it
        assert repaints

    h.run(scenario)


def test_opening_the_app_does_not_import_plotext() -> None:
    code = ("import sys, painpath.tui.app\n"
            "assert 'textual_plotext' not in sys.modules, 'plotext imported at start-up'\n"
            "from painpath.tui.widgets.trend_chart import TrendChart\n"
            "assert 'textual_plotext' in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
