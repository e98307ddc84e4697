"""The gentle offer in the app (issue 9): after a check-in, before and after a practice.

One calm screen: Ground me now, See my safety plan, Carry on. Never automatic
(Carry on has the focus; Escape carries on); not shown again after "carry on"
while the app stays open. The rule itself is tested in tests/test_care.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from log_helpers import settle
from test_way_out import footer_keys
from textual.pilot import Pilot
from textual.widgets import Button
from tui_helpers import Harness, exercise

from painpath.tui.screens.care_offer import CareOfferScreen

Snap = Callable[..., bool]
DISTRESSED = exercise(id="settle", title="Settling", before=("pain", "distress"),
                      after=("pain", "distress"))


async def wait_for(h: object, pilot: Pilot, name: str) -> None:
    """Until the app's screen is `name` (`h`, any harness, is not needed: kept for
    the callers' reading order)."""
    for _ in range(300):
        await pilot.pause()
        if type(pilot.app.screen).__name__ == name:
            return
    raise AssertionError(f"{name} never came; the screen is {type(pilot.app.screen).__name__}")


async def check_in(h: Harness, pilot: Pilot, distress: str) -> None:
    """Home's check-in: pain and tension skipped, distress given, saved without a note."""
    await pilot.press("c")
    await wait_for(h, pilot, "CheckInScreen")
    await pilot.press("s", "s", *distress, "enter")
    await pilot.pause()
    await pilot.press("enter")  # the note box: Enter saves
    await settle(pilot)


async def start(h: Harness, pilot: Pilot, *answers: str) -> None:
    """From the exercise's page: Start, then the before-ratings, one answer each."""
    await pilot.press("enter")
    await wait_for(h, pilot, "RatingsScreen")
    for answer in answers:
        await pilot.press(*answer, "enter")
        await pilot.pause()


def offer_text(h: Harness) -> str:
    return " ".join(h.text(f"#care-offer-{part}")
                    for part in ("title", "words", "invitation", "emergency"))


def test_a_check_in_with_high_distress_offers_once_and_carry_on_is_remembered(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()
    seen: list[str] = []

    async def scenario(pilot: Pilot) -> None:
        await check_in(h, pilot, "8")
        await wait_for(h, pilot, "CareOfferScreen")
        seen.append(offer_text(h))
        assert h.app.focused is not None and h.app.focused.id == "care-offer-carry-on"
        await pilot.press("escape")  # carry on
        await wait_for(h, pilot, "HomeScreen")
        await check_in(h, pilot, "9")  # the same sitting: not again
        await pilot.pause()
        assert h.screen_name() == "HomeScreen"
        assert not h.app.screen_stack or not any(
            isinstance(s, CareOfferScreen) for s in h.app.screen_stack)

    h.run(scenario)
    assert seen == ["A moment for you You rated distress 8 out of 10. That is a lot to hold. "
                    "If it would help, you could ground yourself now, or look at your safety "
                    "plan. Or carry on: whatever feels right is fine. If you are in danger or "
                    "crisis, call your local emergency number."]
    assert h.app.care.declined


def test_a_calm_check_in_offers_nothing(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        await check_in(h, pilot, "6")
        for _ in range(5):
            await pilot.pause()
        assert h.screen_name() == "HomeScreen"

    h.run(scenario)
    assert not h.app.care.declined


def test_ground_from_the_check_in_offer_keeps_the_distress_as_before(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        await check_in(h, pilot, "9")
        await wait_for(h, pilot, "CareOfferScreen")
        await pilot.press("g")
        await wait_for(h, pilot, "PlayerScreen")
        assert h.app.grounding is not None and h.app.grounding.before == {"distress": 9}

    h.run(scenario)
    assert not h.app.care.declined  # grounding is not "carry on"


def test_before_a_practice_ground_instead_and_go_back_to_its_page(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(DISTRESSED, exercise_id="settle")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot, "2", "8")
        await wait_for(h, pilot, "CareOfferScreen")
        await pilot.click("#care-offer-ground")
        await wait_for(h, pilot, "PlayerScreen")
        grounding = h.app.grounding
        assert grounding is not None and grounding.exercise.id == "feet-on-floor"
        assert grounding.before == {"distress": 8}
        assert h.app.practice is None  # the practice itself never began
        await pilot.press("q")  # stop grounding: the screen after it
        await wait_for(h, pilot, "GroundedScreen")
        assert "Go back to Settling" in str(
            h.app.screen.query_one("#grounded-back", Button).label)
        await pilot.press("enter")
        await wait_for(h, pilot, "ExerciseScreen")

    h.run(scenario)
    assert [o.exercise.qualified_id for o in h.outcomes] == ["painpath/feet-on-floor"]


def test_before_a_practice_carry_on_starts_it(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(DISTRESSED, exercise_id="settle")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot, "2", "8")
        await wait_for(h, pilot, "CareOfferScreen")
        await pilot.press("enter")  # Carry on has the focus
        await wait_for(h, pilot, "PlayerScreen")
        assert h.app.practice is not None and h.app.practice.before == {"pain": 2,
                                                                        "distress": 8}

    h.run(scenario)
    assert h.app.care.declined


def test_pain_rising_after_a_stopped_practice_offers_then_carry_on_goes_on(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(DISTRESSED, exercise_id="settle")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot, "2", "3")
        await wait_for(h, pilot, "PlayerScreen")
        await h.advance(pilot, 20)
        await pilot.press("q")  # stop: the ratings after stopping
        await wait_for(h, pilot, "RatingsScreen")
        await pilot.press("6", "enter")
        await pilot.pause()
        await pilot.press("4", "enter")
        await wait_for(h, pilot, "CareOfferScreen")
        assert h.text("#care-offer-words").startswith(
            "Your pain went from 2 before the practice to 6 now.")
        await pilot.press("escape")
        await wait_for(h, pilot, "SummaryScreen")  # stopped: no note, the summary

    h.run(scenario)
    [outcome] = h.outcomes
    assert outcome.after == {"pain": 6, "distress": 4}


def test_pain_rising_after_a_practice_can_ground_and_the_practice_is_kept(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(DISTRESSED, exercise_id="settle")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot, "1", "")
        await wait_for(h, pilot, "PlayerScreen")
        await h.advance(pilot, 61)  # the practice ends
        await wait_for(h, pilot, "RatingsScreen")
        await pilot.press("5", "enter")
        await pilot.pause()
        await pilot.press("7", "enter")
        await wait_for(h, pilot, "CareOfferScreen")
        await pilot.press("g")
        await wait_for(h, pilot, "PlayerScreen")
        assert h.app.grounding is not None and h.app.grounding.before == {"distress": 7}

    h.run(scenario)
    assert [o.exercise.qualified_id for o in h.outcomes][:1] == ["painpath/settle"]
    assert h.outcomes[0].after == {"pain": 5, "distress": 7}


def test_see_my_safety_plan_opens_over_the_offer_and_back_returns(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        await check_in(h, pilot, "7")
        await wait_for(h, pilot, "CareOfferScreen")
        await pilot.press("m")
        await wait_for(h, pilot, "SafetyPlanScreen")
        await pilot.press("escape")
        await wait_for(h, pilot, "CareOfferScreen")
        await pilot.click("#care-offer-plan")
        await wait_for(h, pilot, "SafetyPlanScreen")
        await pilot.press("escape")
        await wait_for(h, pilot, "CareOfferScreen")
        await pilot.click("#care-offer-carry-on")
        await wait_for(h, pilot, "HomeScreen")

    h.run(scenario)
    assert h.app.care.declined


def test_the_grounding_ratings_never_offer(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("g")
        await wait_for(h, pilot, "PlayerScreen")
        await pilot.press("q")
        await wait_for(h, pilot, "GroundedScreen")
        await pilot.click("#grounded-finish")
        await wait_for(h, pilot, "RatingsScreen")
        await pilot.press("1", "0", "enter")
        await wait_for(h, pilot, "SummaryScreen")

    h.run(scenario)
    assert h.outcomes[-1].after == {"distress": 10}


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
def test_every_choice_and_ground_me_now_are_on_screen(
        harness_factory: Callable[..., Harness], size: tuple[int, int]) -> None:
    h = harness_factory()
    keys: list[list[tuple[str, str]]] = []

    async def scenario(pilot: Pilot) -> None:
        await check_in(h, pilot, "8")
        await wait_for(h, pilot, "CareOfferScreen")
        await pilot.pause()
        keys.append(footer_keys(h))
        width, height = size
        for part in ("words", "ground", "plan", "carry-on", "emergency"):
            region = h.app.screen.query_one(f"#care-offer-{part}").region
            assert region.height and region.bottom <= height - 1, part  # above the footer
            assert region.right <= width, part

    h.run(scenario, size=size)
    assert keys[0][0] == ("g", "Ground me now")
    assert ("esc", "Carry on") in keys[0]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_the_offer_snapshot(snap_compare: Snap, harness_factory: Callable[..., Harness],
                            size: tuple[int, int]) -> None:
    h = harness_factory()

    async def run_before(pilot: Pilot) -> None:
        await check_in(h, pilot, "8")
        await wait_for(h, pilot, "CareOfferScreen")
        await pilot.pause()

    assert snap_compare(h.app, terminal_size=size, run_before=run_before)
