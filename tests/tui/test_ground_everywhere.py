"""Ground me now is in every footer of the app, down to 60x20 ("always there").

Before, the exercise page, History, Progress, Settings, the library and the
summary had no such key in view (ctrl+g now works everywhere; these show it).
Where a box takes letters (the library's filter) the key is ctrl+g.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from test_care_offer_app import wait_for
from test_way_out import footer_keys
from textual.pilot import Pilot
from tui_helpers import TIMED, Harness, exercise

TWO = exercise(TIMED, TIMED, id="two")


def by_key(key: str, screen: str) -> Callable[[Harness, Pilot], Awaitable[None]]:
    """From home, the key that opens `screen`."""
    async def go(h: Harness, pilot: Pilot) -> None:
        await pilot.press(key)
        await wait_for(h, pilot, screen)
    return go


async def exercise_page(h: Harness, pilot: Pilot) -> None:
    await wait_for(h, pilot, "ExerciseScreen")


async def summary(h: Harness, pilot: Pilot) -> None:
    await wait_for(h, pilot, "ExerciseScreen")
    await pilot.press("enter", "escape")  # start; skip the before-ratings
    await wait_for(h, pilot, "PlayerScreen")
    await pilot.press("q")
    await wait_for(h, pilot, "RatingsScreen")
    await pilot.press("escape")
    await wait_for(h, pilot, "SummaryScreen")


async def here_now(h: Harness, pilot: Pilot) -> None:
    """After "ground me now" from home, stopped: the "Here, now" choices."""
    await pilot.press("g")
    await wait_for(h, pilot, "PlayerScreen")
    await pilot.press("q")
    await wait_for(h, pilot, "GroundedScreen")


SCREENS: dict[str, tuple[Callable[[Harness, Pilot], Awaitable[None]], str]] = {
    "library": (by_key("l", "LibraryScreen"), "^g"),
    "history": (by_key("h", "HistoryScreen"), "g"),
    "progress": (by_key("p", "ProgressScreen"), "g"),
    "settings": (by_key("s", "SettingsScreen"), "g"), "exercise page": (exercise_page, "g"),
    "summary": (summary, "g"), "here, now": (here_now, "g"),
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_ground_me_now_leads_the_footer(harness_factory: Callable[..., Harness],
                                        name: str) -> None:
    go, key = SCREENS[name]
    on_page = name in ("exercise page", "summary")
    h = harness_factory(TWO, exercise_id="two" if on_page else None)
    seen: list[list[tuple[str, str]]] = []

    async def scenario(pilot: Pilot) -> None:
        await go(h, pilot)
        await pilot.pause()
        seen.append(footer_keys(h))

    h.run(scenario, size=(60, 20))
    assert seen[0][0] == (key, "Ground me now")


def test_g_on_here_now_grounds_once_more(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(TWO)
    seen: list[str] = []

    async def scenario(pilot: Pilot) -> None:
        await here_now(h, pilot)
        await pilot.press("g")
        await wait_for(h, pilot, "PlayerScreen")
        seen.append(h.screen_name())

    h.run(scenario, size=(60, 20))
    assert seen == ["PlayerScreen"]
