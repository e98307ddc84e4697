"""The whole path through the app, as a person walks it, with a FakeClock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from tui_helpers import TIMED, Harness, exercise

from painpath.engine import Listener
from painpath.engine.events import RatingGiven, SessionStarted, Stopped
from painpath.errors import StoreError
from painpath.format.models import Exercise, Step

TWO_STEPS = exercise(TIMED, Step(text="Now the feet.", title="Feet", duration=30),
                     before=("pain", "tension"), after=("pain",))


def test_home_to_summary_with_ratings_and_note(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(TWO_STEPS)

    async def scenario(pilot: Pilot) -> None:
        assert h.screen_name() == "HomeScreen"
        await pilot.press("enter")  # "Start a practice" has focus
        assert h.screen_name() == "LibraryScreen"
        await pilot.press(*"test")
        await pilot.press("enter")
        await pilot.pause()
        assert h.screen_name() == "ExerciseScreen"
        await pilot.press("enter")  # Start has focus
        await pilot.pause()
        assert h.screen_name() == "RatingsScreen"
        assert "How strong is your pain right now?" in h.text("#ratings-question")
        assert h.text("#ratings-ends") == "0 = no pain … 10 = worst pain imaginable"
        await pilot.press("6", "enter")
        await pilot.pause()
        assert "muscle tension" in h.text("#ratings-question")
        await pilot.press("enter")  # nothing chosen: skips tension, no questions asked
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        assert h.text("#player-step-title") == "Hands"
        assert "1:30 left" in h.text("#player-times")
        await h.advance(pilot, 45)
        assert "0:45 left" in h.text("#player-times")
        await h.advance(pilot, 45)
        assert h.text("#player-step-title") == "Feet"
        await h.advance(pilot, 30)
        await pilot.pause()
        assert h.screen_name() == "RatingsScreen"
        assert h.app.screen.phase == "after"  # type: ignore[attr-defined]
        await pilot.press("4", "enter")
        await pilot.pause()
        assert h.screen_name() == "NoteScreen"
        await pilot.press(*"ok")
        await pilot.press("enter")
        await pilot.pause()
        assert h.screen_name() == "SummaryScreen"
        lines = h.text("#summary-lines")
        assert "You practised for 2 minutes." in lines
        assert "Pain: 6 before, 4 after." in lines
        assert "Tension" not in lines  # skipped: nothing to report, nothing said about it
        for word in ("great", "well done", "failed", "streak"):
            assert word not in lines.lower()
        await pilot.press("enter")
        await pilot.pause()
        assert h.screen_name() == "HomeScreen"

    h.run(scenario)
    [outcome] = h.outcomes
    assert outcome.status == "finished"
    assert outcome.practiced_seconds == 120
    assert outcome.before == {"pain": 6, "tension": None}
    assert outcome.after == {"pain": 4}
    assert outcome.note == "ok"
    assert outcome.exercise.qualified_id == "painpath/test"
    # The log's listeners heard the before/after ratings through the session.
    given = [(e.phase, e.scale, e.value) for e in h.events if isinstance(e, RatingGiven)]
    assert given == [("before", "pain", 6), ("before", "tension", None), ("after", "pain", 4)]


def test_stop_asks_only_an_optional_rating_and_keeps_the_time(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(TWO_STEPS, exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        assert h.screen_name() == "ExerciseScreen"  # `painpath run test` opens its page
        await pilot.press("enter", "escape")  # start; skip all before-ratings
        await pilot.pause()
        await h.advance(pilot, 50)
        await pilot.press("q")
        await pilot.pause()
        assert h.screen_name() == "RatingsScreen"
        await pilot.press("escape")  # skip: never questioned
        await pilot.pause()
        assert h.screen_name() == "SummaryScreen"  # no note asked after a stop
        lines = h.text("#summary-lines")
        # 50 s: under a minute, as History says it ("50 s"), not rounded up to one.
        assert "You practised for less than a minute." in lines
        assert "You stopped at step 1 of 2." in lines
        await pilot.press("q")  # the summary can close painpath at once, as home can
        await pilot.pause()

    h.run(scenario)
    assert h.app.return_code == 0
    [outcome] = h.outcomes
    assert outcome.status == "stopped"
    assert outcome.practiced_seconds == 50
    assert outcome.after == {"pain": None}
    assert outcome.note is None


def test_ground_me_now_from_the_player_and_go_back(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(TWO_STEPS, exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter", "escape")
        await pilot.pause()
        await h.advance(pilot, 20)
        await pilot.press("g")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        assert "Feet on the floor" in h.text("#player-heading")
        assert h.app.practice is not None
        assert h.app.practice.session.state == "paused"  # the practice waits, untouched
        footer_keys = set(h.app.screen.active_bindings)
        assert "g" not in footer_keys  # no "ground" inside grounding itself
        await h.advance(pilot, 200)  # feet-on-floor runs out (its count step times out)
        await pilot.pause()
        assert h.screen_name() == "GroundedScreen"
        labels = [str(b.label) for b in h.app.screen.query("Button")]
        assert labels[0] == "Go back to Test practice"
        await pilot.press("enter")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        assert h.app.practice.session.state == "running"
        assert h.text("#player-step-title") == "Hands"
        assert "1:10 left" in h.text("#player-times")  # exactly where it was left

    h.run(scenario)
    [grounding] = h.outcomes  # the practice itself is still going
    assert grounding.exercise.qualified_id == "painpath/feet-on-floor"
    assert grounding.status == "finished"
    started = [e.exercise_id for e in h.events if isinstance(e, SessionStarted)]
    assert started == ["painpath/test", "painpath/feet-on-floor"]


def test_ground_me_now_then_finish(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(TWO_STEPS, exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter", "escape")
        await pilot.pause()
        await h.advance(pilot, 30)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("q")  # stop the grounding early too: always fine
        await pilot.pause()
        assert h.screen_name() == "GroundedScreen"
        await pilot.click("#grounded-finish")
        await pilot.pause()
        assert h.screen_name() == "RatingsScreen"
        assert "distress" in h.text("#ratings-question")
        await pilot.press("3", "enter")
        await pilot.pause()
        assert h.screen_name() == "SummaryScreen"
        assert "Distress: 3 after." in h.text("#summary-lines")
        await pilot.press("enter")
        await pilot.pause()
        assert h.screen_name() == "HomeScreen"

    h.run(scenario)
    left, grounding = h.outcomes
    assert left.status == "grounded"  # left through "ground me now"; its time is kept
    assert left.practiced_seconds == 30
    assert grounding.exercise.id == "feet-on-floor"
    assert grounding.after == {"distress": 3}
    stops = [e for e in h.events if isinstance(e, Stopped)]
    assert [s.grounded for s in stops] == [False, True]  # grounding stopped by q, then the left one


def test_ground_me_now_then_home(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("g")  # from home, straight in: no before-ratings
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        await pilot.press("q")
        await pilot.pause()
        assert h.screen_name() == "GroundedScreen"
        assert not h.app.screen.query("#grounded-back")  # nothing to go back to from home
        await pilot.press("enter")  # "Ground once more" has focus
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # arrows move between the choices
        await pilot.pause()
        assert h.screen_name() == "HomeScreen"

    h.run(scenario)
    assert [o.status for o in h.outcomes] == ["stopped", "stopped"]
    assert {o.exercise.id for o in h.outcomes} == {"feet-on-floor"}


def test_quitting_mid_practice_keeps_it(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(TWO_STEPS, exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter", "5", "enter", "escape")
        await pilot.pause()
        await h.advance(pilot, 100)
        await h.app.run_action("quit")
        await pilot.pause()

    h.run(scenario)
    [outcome] = h.outcomes
    assert outcome.status == "stopped"
    assert outcome.practiced_seconds == 100
    assert outcome.before == {"pain": 5, "tension": None}


def test_back_from_library_and_exercise_with_escape(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(TWO_STEPS)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("l")
        await pilot.pause()
        assert h.screen_name() == "LibraryScreen"
        await pilot.press(*"test", "enter")
        await pilot.pause()
        assert h.screen_name() == "ExerciseScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert h.screen_name() == "LibraryScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert h.screen_name() == "HomeScreen"

    h.run(scenario)
    assert h.outcomes == []


def test_ground_from_the_before_ratings_and_back(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(TWO_STEPS, exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter", "g")  # on the first question
        await pilot.pause()
        assert "Feet on the floor" in h.text("#player-heading")
        await pilot.press("q")
        await pilot.pause()
        labels = [str(b.label) for b in h.app.screen.query("Button")]
        assert labels[0] == "Go back to Test practice"
        await pilot.press("enter")
        await pilot.pause()
        assert h.screen_name() == "RatingsScreen"
        await pilot.press("2", "enter", "enter")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        assert h.text("#player-step-title") == "Hands"

    h.run(scenario)
    assert [o.exercise.id for o in h.outcomes] == ["feet-on-floor"]
    assert h.app.practice is not None and h.app.practice.before == {"pain": 2, "tension": None}


def test_a_log_that_cannot_open_never_blocks_practice(tmp_path: Path) -> None:
    def broken_log(exercise: Exercise) -> list[Listener]:
        raise StoreError("Your log is locked by another program.")

    h = Harness(tmp_path, TWO_STEPS, exercise_id="test")
    h.app.session_listeners = broken_log

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        [note] = [n.message for n in h.app._notifications]
        assert note == ("Your log is locked by another program. "
                        "This practice will not be recorded.")

    h.run(scenario)


def test_a_failed_save_is_said_in_words_and_the_summary_still_shows(tmp_path: Path) -> None:
    def cannot_save(outcome: object) -> None:
        raise StoreError("Your log could not be written just now, so this session was kept "
                         "safe in /home/x/painpath-unsaved-session.json.")

    h = Harness(tmp_path, exercise(after=()), exercise_id="test")
    h.app.on_session_end = cannot_save

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter", "escape", "q")
        await pilot.pause()
        assert h.screen_name() == "SummaryScreen"
        [note] = list(h.app._notifications)
        assert note.title == "Your log could not be used"
        assert "kept safe in /home/x/painpath-unsaved-session.json" in note.message

    h.run(scenario)
