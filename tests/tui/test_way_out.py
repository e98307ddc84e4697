"""The way out is always visible: Stop and Ground me now lead the player's footer.

At 60×20 and 80×24, on every kind of step (and while paused, typing or asked
for a rating), the footer's first two keys are Stop and Ground me now, drawn
whole inside the terminal. Before, a count step at 80 columns lost "q Stop"
and 60 columns cut "Ground me now" as well.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey
from tui_helpers import BREATH, COUNT, ENTRY, RATED, TIMED, Harness, exercise

from painpath.format.models import Step
from painpath.tui.way_out import way_out_rank

SIZES = [(60, 20), (80, 24)]
STEPS = exercise(TIMED, BREATH, COUNT, ENTRY, TIMED)
RATED_FIRST = exercise(RATED, TIMED, id="rated")  # the rating moment: no entry step to pass


def footer_keys(h: Harness) -> list[tuple[str, str]]:
    """The footer's keys as drawn, left to right, with a check that each shown one fits."""
    width = h.app.size.width
    keys = sorted(h.app.screen.query(FooterKey), key=lambda k: k.region.x)
    return [(k.key_display, k.description) for k in keys
            if k.region.width and k.region.right <= width]


async def to_step(h: Harness, pilot: Pilot, index: int) -> None:
    """Start, skip the before-ratings, then `n` to the step: each key once its screen
    is there (on a busy machine a key sent early went to the screen before)."""
    await pilot.press("enter")
    for _ in range(200):
        await pilot.pause()
        if h.screen_name() == "RatingsScreen":
            await pilot.press("escape")
        elif h.screen_name() == "PlayerScreen":
            break
    assert h.screen_name() == "PlayerScreen"
    for _ in range(index):
        await pilot.press("n")
    await pilot.pause()


async def timed(h: Harness, pilot: Pilot) -> None:
    await to_step(h, pilot, 0)


async def paused(h: Harness, pilot: Pilot) -> None:
    await to_step(h, pilot, 0)
    await pilot.press("space")


async def breath(h: Harness, pilot: Pilot) -> None:
    await to_step(h, pilot, 1)
    await h.advance(pilot, 2)


async def count(h: Harness, pilot: Pilot) -> None:
    await to_step(h, pilot, 2)
    await pilot.press("space")


async def entry(h: Harness, pilot: Pilot) -> None:
    await to_step(h, pilot, 3)
    await pilot.press(*"heavy")


async def rating(h: Harness, pilot: Pilot) -> None:
    await to_step(h, pilot, 0)
    await h.advance(pilot, 31)
    assert h.app.practice.session.state == "awaiting_rating"


MOMENTS: dict[str, Callable[[Harness, Pilot], Awaitable[None]]] = {
    "timed": timed, "paused": paused, "breath": breath, "count": count, "entry": entry,
    "rating": rating}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_stop_and_ground_lead_the_footer(harness_factory: Callable[..., Harness],
                                         moment: str, size: tuple[int, int]) -> None:
    h = harness_factory(STEPS, RATED_FIRST, exercise_id="rated" if moment == "rating" else "test")
    seen: list[list[tuple[str, str]]] = []

    async def scenario(pilot: Pilot) -> None:
        await MOMENTS[moment](h, pilot)
        assert h.screen_name() == "PlayerScreen"
        seen.append(footer_keys(h))

    h.run(scenario, size=size)
    typing = moment == "entry"
    assert seen[0][:2] == [("^q" if typing else "q", "Stop"),
                           ("^g" if typing else "g", "Ground me now")]


def test_a_grounding_practice_leads_with_stop(harness_factory: Callable[..., Harness]) -> None:
    """In the grounding practice itself "ground me now" is not offered; Stop still leads."""
    h = harness_factory()
    seen: list[list[tuple[str, str]]] = []

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("g")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        seen.append(footer_keys(h))

    h.run(scenario, size=(60, 20))
    assert seen[0][0] == ("q", "Stop")


def test_question_mark_lists_every_key_in_words(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(STEPS, exercise_id="test")
    said: list[str] = []

    async def scenario(pilot: Pilot) -> None:
        await count(h, pilot)
        await pilot.press("question_mark")
        said.extend(str(n.message) for n in h.app._notifications)

    h.run(scenario, size=(60, 20))
    assert said == ["Keys here: q Stop, g Ground me now, space Mark one, k Pause, n Next, "
                    "p Back, + One more minute."]


def test_the_list_of_keys_leaves_with_the_practice(
        harness_factory: Callable[..., Harness]) -> None:
    # Shown for 12 seconds, it stayed over the next screen's buttons after a stop.
    h = harness_factory(STEPS, exercise_id="test")
    left: list[int] = []

    async def scenario(pilot: Pilot) -> None:
        await count(h, pilot)
        await pilot.press("question_mark")
        assert len(h.app._notifications) == 1
        await pilot.press("q")
        await pilot.pause()
        assert h.screen_name() != "PlayerScreen"
        left.append(len(h.app._notifications))

    h.run(scenario, size=(60, 20))
    assert left == [0]


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=str)
def test_home_footer_leads_with_ground_and_quit(harness_factory: Callable[..., Harness],
                                                size: tuple[int, int]) -> None:
    from log_helpers import settle

    h = harness_factory()
    seen: list[list[tuple[str, str]]] = []

    async def scenario(pilot: Pilot) -> None:
        await settle(pilot)  # the footer is built once home's first frames are drawn
        seen.append(footer_keys(h))

    h.run(scenario, size=size)
    assert seen[0][:3] == [("g", "Ground me now"), ("q", "Quit"), ("m", "My safety plan")]


def test_rank_puts_the_ways_out_first() -> None:
    ranks = [way_out_rank(k, a) for k, a in (("q", "stop('key')"), ("g", "app.ground"),
                                            ("q", "app.quit"), ("escape", "app.pop_screen"),
                                            ("n", "next"))]
    assert ranks == sorted(ranks) and len(set(ranks)) == 5


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=str)
def test_home_every_button_reachable_and_the_safety_line_on_screen(
        harness_factory: Callable[..., Harness], size: tuple[int, int]) -> None:
    from log_helpers import settle
    from textual.widgets import Button

    h = harness_factory()
    problems: list[str] = []
    labels: list[str] = []

    async def scenario(pilot: Pilot) -> None:
        await settle(pilot)
        screen = h.app.screen
        visible = screen.query_one("#home").region
        buttons = list(screen.query(Button))
        assert len(buttons) >= 6  # the four actions and the log's panels
        for button in buttons:
            button.focus()
            # Focus scrolls the button into view after a refresh; give it a few.
            for _ in range(5):
                await pilot.pause()
                await pilot.wait_for_scheduled_animations()
                if visible.contains_region(button.region):
                    break
            labels.append(str(button.label))
            if not visible.contains_region(button.region):
                problems.append(f"{button.label} at {button.region} outside {visible}")
        safety = screen.query_one("#home-safety")
        if safety.region.bottom > size[1] - 1 or not safety.region.height:
            problems.append(f"safety line at {safety.region}")
        if "emergency number" not in str(safety.render()):
            problems.append("safety words")

    h.run(scenario, size=size)
    assert "Quit" in labels and "Check in" in labels
    assert problems == []


LONG_RATED = exercise(Step(text=" ".join(["Let your attention move up from the ankles into the "
                                          "lower legs, the knees and the thighs."] * 4),
                           title="Legs", duration=30, region="legs", rate="tension"),
                      TIMED, id="legs")


def test_a_rating_during_a_step_fits_at_60x20(harness_factory: Callable[..., Harness]) -> None:
    """The step's words make room (they scroll): the numbers, the hint under them and
    the clock's words were cut off below a long step at 60x20."""
    h = harness_factory(LONG_RATED, exercise_id="legs")
    seen: list[str] = []

    async def scenario(pilot: Pilot) -> None:
        await to_step(h, pilot, 0)
        await h.advance(pilot, 31)
        await pilot.pause()
        screen = h.app.screen
        footer_top = h.app.size.height - 1
        for selector in ("#player-picker", "#player-times"):
            region = screen.query_one(selector).region
            if not region.height or region.bottom > footer_top:
                seen.append(f"{selector} at {region}")

    h.run(scenario, size=(60, 20))
    assert seen == []
