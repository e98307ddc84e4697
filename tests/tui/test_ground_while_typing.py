"""Ground me now while typing: wherever a box takes `g` as a letter, ctrl+g grounds,
and the footer says so first (after the check-in's note page, tested in
test_checkin_way_out.py): the note after a practice, the safety-plan form and
an entry's note in History. ctrl+g also grounds from any screen that does not
show it (an app-wide key)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from log_helpers import LogHarness, at, press, session
from test_care_offer_app import wait_for
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.widgets._footer import FooterKey
from tui_helpers import Harness

from painpath.tui.screens.note import NoteScreen


def first_key(app: App[object]) -> tuple[str, str]:
    keys = sorted(app.screen.query(FooterKey), key=lambda k: k.region.x)
    return keys[0].key_display, keys[0].description


def test_the_note_after_a_practice(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()
    seen: list[object] = []

    async def scenario(pilot: Pilot) -> None:
        h.app.push_screen(NoteScreen())
        await wait_for(h, pilot, "NoteScreen")
        await pilot.press(*"good")
        await pilot.pause()
        seen.extend([h.app.screen.query_one(Input).value, first_key(h.app)])
        await pilot.press("ctrl+g")
        await wait_for(h, pilot, "PlayerScreen")

    h.run(scenario, size=(60, 20))
    assert seen == ["good", ("^g", "Ground me now")]


def test_the_safety_plan_form(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()
    seen: list[object] = []

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("m")
        await wait_for(h, pilot, "SafetyPlanScreen")
        seen.append(first_key(h.app))  # reading: `g` leads, as on home
        await pilot.press("enter")
        await wait_for(h, pilot, "SafetyPlanForm")
        await pilot.press(*"gran")
        await pilot.pause()
        seen.extend([h.app.screen.query_one("#safety-form-call", TextArea).text,
                     first_key(h.app)])
        await pilot.press("ctrl+g")
        await wait_for(h, pilot, "PlayerScreen")

    h.run(scenario, size=(60, 20))
    assert seen == [("g", "Ground me now"), "gran", ("^g", "Ground me now")]


def test_an_entrys_note_in_history(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.fill(session(at(1), before={"pain": 6}))
    seen: list[object] = []

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h", "enter")
        assert type(pilot.app.screen).__name__ == "EntryDetailScreen"
        await pilot.press(*"go")
        await pilot.pause()
        seen.extend([pilot.app.screen.query_one("#detail-note", TextArea).text,
                     first_key(pilot.app)])
        await pilot.press("ctrl+g")
        await wait_for(h, pilot, "PlayerScreen")
        seen.append(type(pilot.app.screen).__name__)

    h.run(scenario)
    assert seen == ["go", ("^g", "Ground me now"), "PlayerScreen"]


def test_ctrl_g_grounds_from_a_screen_that_does_not_show_it(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("l")
        await wait_for(h, pilot, "LibraryScreen")
        await pilot.press("ctrl+g")
        await wait_for(h, pilot, "PlayerScreen")

    h.run(scenario, size=(80, 24))
