"""The player's kinds of step, its keys, its bell, and how often it wakes."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from tui_helpers import BREATH, COUNT, ENTRY, RATED, TIMED, Harness, exercise

from painpath.engine import FakeClock, Session
from painpath.engine.events import EntrySubmitted, RatingGiven
from painpath.format.models import Step
from painpath.settings import Settings
from painpath.tui.pacing import BREATH_FRAME_S, refresh_delay
from painpath.tui.widgets.breath_pacer import bar


async def start(h: Harness, pilot: Pilot) -> None:
    """From the exercise page (`exercise_id=`): Start, skip the before-ratings."""
    await pilot.press("enter", "escape")
    await pilot.pause()
    assert h.screen_name() == "PlayerScreen"


def test_count_step_marks_with_space_and_pauses_with_k(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(COUNT, TIMED), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot)
        assert h.text("#player-marks") == "○○○○○   0 of 5 marked"
        shown = {k: b.binding.description for k, b in h.app.screen.active_bindings.items()}
        assert shown["space"] == "Mark one" and shown["k"] == "Pause"
        await pilot.press("space", "space")
        assert h.text("#player-marks") == "●●○○○   2 of 5 marked"
        await pilot.press("k")
        assert h.app.practice.session.state == "paused"
        assert "Press k to go on" in h.text("#player-status")
        await pilot.press("k")
        assert h.app.practice.session.state == "running"
        await pilot.press("space", "space", "space")  # the last mark ends the step
        await pilot.pause()
        assert h.text("#player-step-title") == "Hands"

    h.run(scenario)


def test_timed_step_keys_pause_next_back_and_one_more_minute(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(TIMED, Step(text="Then rest.", title="Rest", duration=60)),
                        exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot)
        keys = {k: b.binding.description for k, b in h.app.screen.active_bindings.items()
                if b.binding.show}
        assert keys == {"space": "Pause", "n": "Next", "p": "Back", "plus": "One more minute",
                        "g": "Ground me now", "q": "Stop", "question_mark": "All keys"}
        await pilot.press("space")
        assert "Paused" in h.text("#player-status")
        await h.advance(pilot, 30)  # paused: time does not count
        assert "1:30 left" in h.text("#player-times")
        await pilot.press("space")
        await pilot.press("plus")
        assert "2:30 left" in h.text("#player-times")
        await pilot.press("n")
        assert h.text("#player-step-title") == "Rest"
        await pilot.press("p")
        assert h.text("#player-step-title") == "Hands"

    h.run(scenario)


def test_entry_step_typing_does_not_trigger_keys(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(ENTRY, ENTRY, TIMED), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot)
        shown = {k: b.binding.description for k, b in h.app.screen.active_bindings.items()
                 if b.binding.show}
        assert shown.get("ctrl+g") == "Ground me now" and shown.get("ctrl+q") == "Stop"
        assert "q" not in shown and "g" not in shown  # they type letters here
        await pilot.press(*"go quietly now")  # g, q, space, n, p: all just letters
        assert h.app.practice.session.state == "running"
        assert h.app.screen.query_one("#player-entry").value == "go quietly now"
        await pilot.press("enter")
        await pilot.pause()
        assert h.app.practice.session.index == 1
        assert h.app.screen.query_one("#player-entry").value == ""
        await pilot.press(*"skip me", "escape")  # Escape skips the answer
        await pilot.pause()
        assert h.text("#player-step-title") == "Hands"

    h.run(scenario)
    entries = [e.text for e in h.events if isinstance(e, EntrySubmitted)]
    assert entries == ["go quietly now", None]


def test_ctrl_g_grounds_from_inside_an_answer(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(ENTRY), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot)
        await pilot.press("a", "ctrl+g")
        await pilot.pause()
        assert "Feet on the floor" in h.text("#player-heading")

    h.run(scenario)


def test_ctrl_q_stops_from_inside_an_answer(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(ENTRY, after=()), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert h.screen_name() == "SummaryScreen"  # no after-scales: straight to the summary

    h.run(scenario)
    assert [o.status for o in h.outcomes] == ["stopped"]


def test_breath_step_shows_the_pacer_in_words_and_bar(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(BREATH), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot)
        await h.advance(pilot, 2)  # half-way through a 4 s in-breath
        lines = h.text("#player-pacer").split("\n")
        assert lines[0] == "Breathe in   2"
        assert lines[1] == bar(0.5)
        assert lines[2] == "Breath 1 of 3"
        await h.advance(pilot, 3)
        assert h.text("#player-pacer").startswith("Hold   1")
        await h.advance(pilot, 4)  # 3 s into a 6 s out-breath
        lines = h.text("#player-pacer").split("\n")
        assert lines[0] == "Breathe out   3"
        assert lines[1] == bar(0.5)

    h.run(scenario)


def test_breath_without_seconds_and_with_reduced_motion(
        harness_factory: Callable[..., Harness]) -> None:
    settings = Settings(show_breath_seconds=False, reduced_motion=True)
    h = harness_factory(exercise(BREATH), exercise_id="test", settings=settings)

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot)
        await h.advance(pilot, 2)
        assert h.text("#player-pacer").split("\n") == ["Breathe in", "Breath 1 of 3"]

    h.run(scenario)


def test_rate_step_asks_at_its_end(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(RATED, RATED, TIMED), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot)
        assert h.text("#player-region") == "Body region: shoulders"
        await h.advance(pilot, 30)
        await pilot.pause()
        rating = h.app.screen.query_one("#player-rating")
        assert rating.display
        text = " ".join(str(w.render()) for w in rating.query("Static"))
        assert "A quick rating for this step (shoulders)" in text
        assert "0 = fully relaxed … 10 = as tense as can be" in text
        assert "clock waits" in h.text("#player-times")
        await pilot.press("7", "enter")
        await pilot.pause()
        assert h.app.practice.session.index == 1
        assert not h.app.screen.query_one("#player-rating").display
        await h.advance(pilot, 30)
        await pilot.pause()
        await pilot.press("enter")  # nothing chosen: skipped
        await pilot.pause()
        assert h.text("#player-step-title") == "Hands"

    h.run(scenario)
    during = [(e.value, e.region) for e in h.events
              if isinstance(e, RatingGiven) and e.phase == "during"]
    assert during == [(7, "shoulders"), (None, "shoulders")]


def test_bell_at_step_start_and_interval_unless_turned_off(
        harness_factory: Callable[..., Harness]) -> None:
    sitting = Step(text="Sit.", title="Sitting", duration=300, bells_every=60)
    quiet = Step(text="Quiet.", title="Quiet", duration=60, bell=False)
    h = harness_factory(exercise(sitting, quiet), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot)
        assert h.app.bells_rung == 1  # the step's start
        await h.advance(pilot, 60)
        assert h.app.bells_rung == 2  # every 60 s inside it
        for _ in range(3):
            await h.advance(pilot, 60)
        assert h.app.bells_rung == 5  # 120, 180, 240
        await h.advance(pilot, 60)
        assert h.text("#player-step-title") == "Quiet"
        assert h.app.bells_rung == 5  # the quiet step rings none
        await pilot.press("p")
        assert h.app.bells_rung == 6  # back to the sitting step, which has a bell
        await h.advance(pilot, 250)  # a late tick: four interval bells due, one is enough
        assert h.app.bells_rung == 7
        h.app.apply_settings(h.app.settings.with_(bell=False), save=False)
        await pilot.press("p")
        assert h.text("#player-step-title") == "Sitting"
        assert h.app.bells_rung == 7  # the setting is off

    h.run(scenario)


def test_refresh_at_most_once_a_second_on_a_silent_step() -> None:
    clock = FakeClock()
    session = Session(exercise(TIMED), clock=clock)
    session.start()
    clock.advance(0.3)
    delay = refresh_delay(session, animate_breath=True)
    assert delay is not None and 0.7 <= delay <= 0.72  # the next whole second of the countdown
    clock.advance(0.7)
    assert 0.99 <= (refresh_delay(session, animate_breath=True) or 0) <= 1.01
    clock.advance(89.5)
    assert (refresh_delay(session, animate_breath=True) or 0) <= 0.51  # the step's end
    session.pause()
    assert refresh_delay(session, animate_breath=True) is None  # paused: sleep until a key


def test_breath_refreshes_at_ten_hertz_or_on_phase_changes() -> None:
    clock = FakeClock()
    session = Session(exercise(BREATH), clock=clock)
    session.start()
    clock.advance(1.0)
    assert refresh_delay(session, animate_breath=True) == BREATH_FRAME_S
    clock.advance(0.5)
    # Reduced motion: nothing animates, so the next wake-up is the countdown's next second.
    assert 0.5 <= (refresh_delay(session, animate_breath=False) or 0) <= 0.51


def test_fast_preview_never_spins() -> None:
    clock = FakeClock()
    session = Session(exercise(TIMED), clock=clock, speed=60)
    session.start()
    assert (refresh_delay(session, animate_breath=False) or 0) >= 0.1


def test_long_text_scrolls_with_the_keys(harness_factory: Callable[..., Harness]) -> None:
    long = Step(text="\n\n".join(f"Paragraph {n}." for n in range(1, 41)), title="Long",
                duration=60)
    h = harness_factory(exercise(long), exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await start(h, pilot)
        scroller = h.app.screen.query_one("#player-text-scroll")
        assert scroller.max_scroll_y > 0
        await pilot.press("pagedown")
        paged = scroller.scroll_y
        assert paged >= 10
        await pilot.press("down")
        assert scroller.scroll_y == paged + 1
        await pilot.press("up", "up")
        assert scroller.scroll_y == paged - 1

    h.run(scenario)
