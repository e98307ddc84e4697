"""The check-in's note page keeps the way out in reach while a person types.

The note box takes every printable key, so `g` types a "g" there: the footer
offers ctrl+g for Ground me now first (as the player does on a written step),
and ctrl+g grounds from the box. Before, the footer still said `g Ground me
now`, and pressing it only typed the letter.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_care_offer_app import wait_for
from test_way_out import footer_keys
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import Harness


async def to_note(h: Harness, pilot: Pilot) -> None:
    await pilot.press("c")
    await wait_for(h, pilot, "CheckInScreen")
    await pilot.press("s", "s", "s")
    await pilot.pause()
    assert h.app.screen.on_note_page  # type: ignore[attr-defined]
    await pilot.press(*"go")


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=str)
def test_the_note_page_footer_leads_with_ctrl_g(harness_factory: Callable[..., Harness],
                                               size: tuple[int, int]) -> None:
    h = harness_factory()
    seen: list[list[tuple[str, str]]] = []

    async def scenario(pilot: Pilot) -> None:
        await to_note(h, pilot)
        await pilot.pause()
        seen.append(footer_keys(h))

    h.run(scenario, size=size)
    assert seen[0][0] == ("^g", "Ground me now")
    assert ("g", "Ground me now") not in seen[0]


def test_ctrl_g_grounds_from_the_note_box_and_g_is_typed(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()
    typed: list[str] = []

    async def scenario(pilot: Pilot) -> None:
        await to_note(h, pilot)
        typed.append(h.app.screen.query_one("#checkin-note", Input).value)
        await pilot.press("ctrl+g")
        await wait_for(h, pilot, "PlayerScreen")

    h.run(scenario, size=(80, 24))
    assert typed == ["go"]
