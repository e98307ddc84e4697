"""The Safety plan screen: read, edit in a form, reach from home and after grounding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Static, TextArea
from tui_helpers import Harness

from painpath.safety_plan import SafetyPlan, read, save

SIZE = (80, 24)


def body(h: Harness) -> str:
    return str(h.app.screen.query_one("#safety-plan-body", Static).render())


def test_from_home_read_then_write_in_the_form(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("m")
        await pilot.pause()
        assert h.screen_name() == "SafetyPlanScreen"
        assert body(h).startswith("You have no safety plan yet.")
        await pilot.press("enter")  # Edit has the focus
        await pilot.pause()
        assert h.screen_name() == "SafetyPlanForm"
        assert h.app.focused is not None and h.app.focused.id == "safety-form-call"
        await pilot.press(*"Sam 0123")
        await pilot.press("tab")
        assert h.app.focused.id == "safety-form-crisis_line"
        await pilot.press(*"116 123", "tab")
        await pilot.press(*"tea", "enter", *"a walk")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert h.screen_name() == "SafetyPlanScreen"
        assert body(h) == ("People I can call:\n  Sam 0123\nMy crisis line:\n  116 123\n"
                           "What helps me:\n  tea\n  a walk")
        await pilot.press("escape")
        await pilot.pause()
        assert h.screen_name() == "HomeScreen"

    h.run(scenario)
    plan, problems = read(h.ctx.paths)
    assert problems == []
    assert plan == SafetyPlan(call=("Sam 0123",), crisis_line="116 123", helps=("tea", "a walk"))
    assert (h.ctx.paths.safety_plan_file.stat().st_mode & 0o777) == 0o600


def test_the_form_starts_from_the_plan_and_cancel_keeps_it(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()
    save(h.ctx.paths, SafetyPlan(helps=("tea",)))

    async def scenario(pilot: Pilot) -> None:
        await pilot.click("#home-safety-plan")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert h.app.screen.query_one("#safety-form-helps", TextArea).text == "tea"
        await pilot.press(*"coffee")
        await pilot.press("escape")
        await pilot.pause()
        assert h.screen_name() == "SafetyPlanScreen"

    h.run(scenario)
    assert read(h.ctx.paths) == (SafetyPlan(helps=("tea",)), [])


def test_a_file_with_a_mistake_is_shown_not_replaced(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()
    h.ctx.paths.ensure_data_dir()
    h.ctx.paths.safety_plan_file.write_text('call = ["Sam 0123"\n', encoding="utf-8")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("m")
        await pilot.pause()
        assert "Sam 0123" in body(h)
        said = str(h.app.screen.query_one("#safety-plan-problems", Static).render())
        assert "`painpath safety edit`" in said
        assert h.app.screen.query_one("#safety-plan-edit", Button).disabled

    h.run(scenario)


def test_after_grounding_the_plan_is_shown_and_opens(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()
    save(h.ctx.paths, SafetyPlan(call=("Sam 0123",), helps=("[bold]tea[/bold]",)))

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert h.screen_name() == "GroundedScreen"
        shown = str(h.app.screen.query_one("#grounded-plan", Static).render())
        assert shown == "People I can call:\n  Sam 0123\nWhat helps me:\n  [bold]tea[/bold]"
        await pilot.click("#grounded-safety-plan")
        await pilot.pause()
        assert h.screen_name() == "SafetyPlanScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert h.screen_name() == "GroundedScreen"  # back where the choices are

    h.run(scenario)


def test_grounding_without_a_plan_offers_to_see_it(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not h.app.screen.query("#grounded-plan")
        assert h.app.screen.query("#grounded-safety-plan")

    h.run(scenario)


def test_safety_plan_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    from tui_helpers import Harness as H

    from painpath.settings import Settings

    h = H(tmp_path, settings=Settings(reduced_motion=True))
    save(h.ctx.paths, SafetyPlan(call=("Sam, my sister: 0123 456 789",),
                                 crisis_line="Samaritans: 116 123",
                                 helps=("A warm shower", "Walking round the block"),
                                 places=("The bench by the river",)))

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("m")
        await pilot.pause()

    assert snap_compare(h.app, terminal_size=SIZE, run_before=run_before)


# ------------------------------------------------- from inside the grounding
def test_from_inside_the_grounding_practice_m_opens_the_plan_and_back_returns(
        harness_factory: Callable[..., Harness]) -> None:
    from test_way_out import footer_keys

    h = harness_factory()
    save(h.ctx.paths, SafetyPlan(helps=("tea",)))
    keys: list[list[tuple[str, str]]] = []

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("g")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        keys.append(footer_keys(h))
        await pilot.press("m")
        await pilot.pause()
        assert h.screen_name() == "SafetyPlanScreen"
        assert "tea" in body(h)
        grounding = h.app.grounding
        assert grounding is not None and grounding.session.state == "paused"
        await pilot.press("escape")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        assert "Paused" in h.text("#player-status")

    h.run(scenario, size=(60, 20))
    shown = keys[0]
    assert shown[0] == ("q", "Stop")  # the way out still leads
    assert ("m", "My safety plan") in shown


def test_in_an_ordinary_practice_m_is_not_a_key(harness_factory: Callable[..., Harness]) -> None:
    from tui_helpers import exercise

    h = harness_factory(exercise(before=(), after=()), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause()
            if h.screen_name() == "PlayerScreen":
                break
        await pilot.press("m")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"

    h.run(scenario)
