"""Options a person sets in the app, driven by keys: breath seconds, rating arrows, the bell."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import textual.app
from textual.pilot import Pilot
from tui_helpers import BREATH, TIMED, Harness, exercise

from painpath import settings as settings_file
from painpath.engine.events import RatingGiven
from painpath.format.models import Step
from painpath.settings import Settings
from painpath.tui.widgets.scale_picker import ScalePicker
from painpath.tui.widgets.toggle import Toggle


def test_settings_switch_hides_breath_seconds_in_the_player(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(BREATH), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        h.app.action_open_settings()  # the settings, over the exercise page
        await pilot.pause()
        assert h.screen_name() == "SettingsScreen"
        switch = h.app.screen.query_one("#setting-show_breath_seconds", Toggle)
        assert str(switch.label) == "Show seconds while breathing"
        assert switch.value is True
        await pilot.press("tab", "tab")  # bell, reduced motion, then breath seconds
        assert h.app.focused is switch
        await pilot.press("enter")
        await pilot.pause()
        assert switch.value is False
        assert h.app.settings.show_breath_seconds is False
        await pilot.press("escape", "enter", "escape")  # back; Start; skip the ratings
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        await h.advance(pilot, 2)  # half-way through a 4 s in-breath
        assert h.text("#player-pacer").split("\n")[0] == "Breathe in"  # no "2"

    h.run(scenario)
    saved = settings_file.load(h.ctx.paths.settings_file).settings
    assert saved == Settings(show_breath_seconds=False)


def test_arrow_keys_move_the_before_ratings(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(TIMED, before=("pain", "tension")), exercise_id="test")
    chosen: dict[str, list[int | None]] = {"pain": [], "tension": []}

    async def press(pilot: Pilot, scale: str, *keys: str) -> None:
        for key in keys:
            await pilot.press(key)
            chosen[scale].append(h.app.screen.query_one(ScalePicker).value)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter")  # Start: the before-rating for pain
        await pilot.pause()
        assert h.screen_name() == "RatingsScreen"
        assert h.app.screen.query_one(ScalePicker).value is None
        await press(pilot, "pain", "left", "left", "down", "right", "up", "up", "down", "down")
        # Nothing chosen: left starts at the top. Left and down lower, right and up raise.
        assert chosen["pain"] == [10, 9, 8, 9, 10, 10, 9, 8]
        assert "[8]" in str(h.app.screen.query_one(ScalePicker).render())
        await pilot.press("enter")
        await pilot.pause()
        assert "tension" in h.text("#ratings-question").lower()
        await press(pilot, "tension", "right", "left", "up")
        await pilot.press("enter")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"

    h.run(scenario)
    # Nothing chosen: right starts at the bottom; neither end is passed (10, then 0).
    assert chosen["tension"] == [0, 0, 1]
    before = [(e.scale, e.value) for e in h.events
              if isinstance(e, RatingGiven) and e.phase == "before"]
    assert before == [("pain", 8), ("tension", 1)]


BELLED = (Step(text="Sit.", title="Sitting", duration=60),
          Step(text="Rest.", title="Resting", duration=60))


@pytest.mark.parametrize(("bell", "rings"), [(True, 2), (False, 0)])
def test_the_bell_is_the_terminal_bell_and_follows_the_setting(
        harness_factory: Callable[..., Harness], monkeypatch: pytest.MonkeyPatch,
        bell: bool, rings: int) -> None:
    terminal_bells: list[object] = []
    monkeypatch.setattr(textual.app.App, "bell", lambda self: terminal_bells.append(self))
    h = harness_factory(exercise(*BELLED), exercise_id="test", settings=Settings(bell=bell))

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter", "escape")  # Start; skip the before-rating
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        assert len(terminal_bells) == min(rings, 1)  # the first step's start
        await h.advance(pilot, 60)
        assert h.text("#player-step-title") == "Resting"
        assert len(terminal_bells) == rings  # and the second's

    h.run(scenario)
    assert all(app is h.app for app in terminal_bells)
