"""The pack's crisis line in the app: exercise page, after grounding, home (issue 9)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from log_helpers import LogHarness, settle, text_of
from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import Harness

from painpath import plans
from painpath.safety import EMERGENCY_LINE, EMERGENCY_SHORT

FIXTURE = Path(__file__).parent.parent / "fixtures" / "packs" / "steady-ground"
CRISIS = "From Steady Ground: practices for pain and stress: Riverside crisis line: 0123 456 789"


def test_exercise_page_shows_the_line_beside_the_content_note(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(libraries=(FIXTURE,), exercise_id="steady-ground/feet")

    async def scenario(pilot: Pilot) -> None:
        assert h.screen_name() == "ExerciseScreen"
        note = h.app.screen.query_one("#exercise-note")
        crisis = note.query_one("#exercise-crisis", Static)
        assert text_of(crisis) == f"{EMERGENCY_SHORT}\n{CRISIS}"

    h.run(scenario)


def test_a_bundled_practice_has_painpaths_line_and_no_pack_line(
        harness_factory: Callable[..., Harness]) -> None:
    """The body scan's content note (attention goes to pain) comes with painpath's own
    emergency line; the bundled pack has no crisis line of its own."""
    h = harness_factory(libraries=(FIXTURE,), exercise_id="body-scan")

    async def scenario(pilot: Pilot) -> None:
        assert h.screen_name() == "ExerciseScreen"
        note = h.app.screen.query_one("#exercise-note")
        assert text_of(note.query_one("#exercise-crisis", Static)) == EMERGENCY_SHORT

    h.run(scenario)


def test_after_grounding_from_a_pack_practice(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(libraries=(FIXTURE,), exercise_id="steady-ground/feet")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        while h.screen_name() == "RatingsScreen":
            await pilot.press("escape")
            await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        await pilot.press("g")
        await pilot.pause()
        await h.advance(pilot, 200)
        assert h.screen_name() == "GroundedScreen"
        shown = [text_of(s) for s in h.app.screen.query(Static)]
        assert EMERGENCY_SHORT in shown
        assert shown[shown.index(EMERGENCY_SHORT) + 1] == CRISIS

    h.run(scenario)


def test_after_grounding_from_home_without_a_plan(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(libraries=(FIXTURE,))

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert h.screen_name() == "GroundedScreen"
        assert not h.app.screen.query("#grounded-crisis-0")

    h.run(scenario)


def plan_harness(tmp_path: Path) -> LogHarness:
    h = LogHarness(tmp_path, libraries=(FIXTURE,))
    plans.start(h.ctx.paths, h.ctx.library, "steady-ground/three-weeks",
                h.now.date() - timedelta(days=2))
    return h


def test_home_shows_the_active_plans_line(tmp_path: Path) -> None:
    h = plan_harness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        safety = pilot.app.screen.query_one("#home-safety", Static)
        assert text_of(safety) == f"{EMERGENCY_LINE}\n{CRISIS}"
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert text_of(pilot.app.screen.query_one("#grounded-crisis-0", Static)) == CRISIS

    h.run(scenario)


def test_home_without_a_plan_shows_painpaths_line_only(tmp_path: Path) -> None:
    h = LogHarness(tmp_path, libraries=(FIXTURE,))

    async def scenario(pilot: Pilot) -> None:
        safety = pilot.app.screen.query_one("#home-safety", Static)
        assert text_of(safety) == EMERGENCY_LINE

    h.run(scenario)


def test_pack_text_is_shown_as_text(tmp_path: Path) -> None:
    pack = tmp_path / "evil"
    (pack / "exercises").mkdir(parents=True)
    (pack / "pack.toml").write_text(
        'format = 1\nid = "evil"\ntitle = "Evil"\nversion = "1.0.0"\n'
        'crisis = "Call [bold]us[/bold] [@click=app.quit]now[/]"\n', encoding="utf-8")
    (pack / "exercises" / "x.toml").write_text(
        'format = 1\nid = "x"\ntitle = "X"\nkind = "other"\n'
        '[[steps]]\ntext = "Rest."\nduration = "30s"\n', encoding="utf-8")
    h = Harness(tmp_path, libraries=(pack,), exercise_id="evil/x")

    async def main() -> None:
        async with h.app.run_test() as pilot:
            await pilot.pause()
            crisis = h.app.screen.query_one("#exercise-crisis", Static)
            assert text_of(crisis).endswith(
                "From Evil: Call [bold]us[/bold] [@click=app.quit]now[/]")
    asyncio.run(main())
    assert h.app.return_code is None or h.app.return_code == 0  # no click ran
