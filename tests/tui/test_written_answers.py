"""Written answers are never lost and can be seen again.

Before: words typed but not kept with Enter vanished when the practice was
stopped or painpath closed, and going back to an answered step showed an
empty box.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from tui_helpers import ENTRY, TIMED, Harness, exercise

from painpath.engine.events import EntrySubmitted

WRITE = exercise(ENTRY, TIMED, before=(), after=())


async def to_entry(h: Harness, pilot: Pilot) -> None:
    await pilot.press("enter")  # Start (no before-ratings)
    await pilot.pause()
    assert h.screen_name() == "PlayerScreen"


def answers(h: Harness) -> list[tuple[int, str | None]]:
    return [(e.index, e.text) for e in h.events if isinstance(e, EntrySubmitted)]


def test_typed_words_are_kept_when_the_practice_is_stopped(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(WRITE, exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await to_entry(h, pilot)
        await pilot.press(*"it will pass")
        await pilot.press("ctrl+q")  # stop, while typing
        await pilot.pause()

    h.run(scenario)
    assert answers(h) == [(0, "it will pass")]
    assert h.outcomes[0].entries == ((0, "it will pass"),)
    assert h.outcomes[0].status == "stopped"


def test_typed_words_are_kept_when_painpath_closes(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(WRITE, exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await to_entry(h, pilot)
        await pilot.press(*"tired")
        await h.app.action_quit()
        await pilot.pause()

    h.run(scenario)
    assert answers(h) == [(0, "tired")]
    assert h.outcomes[0].entries == ((0, "tired"),)


def test_going_back_shows_the_answer_and_keeps_it_once(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(WRITE, exercise_id="test")
    shown: list[str] = []

    async def scenario(pilot: Pilot) -> None:
        await to_entry(h, pilot)
        await pilot.press(*"heavy", "enter")
        await pilot.pause()
        assert h.text("#player-step-title") == "Hands"
        await pilot.press("p")
        await pilot.pause()
        shown.append(h.app.screen.query_one("#player-entry").value)  # type: ignore[attr-defined]
        await pilot.press("ctrl+q")  # stopped with the answer shown, unchanged
        await pilot.pause()

    h.run(scenario)
    assert shown == ["heavy"]
    assert answers(h) == [(0, "heavy")]  # not kept a second time


def test_an_empty_box_keeps_nothing(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(WRITE, exercise_id="test")

    async def scenario(pilot: Pilot) -> None:
        await to_entry(h, pilot)
        await pilot.press("space", "ctrl+q")
        await pilot.pause()

    h.run(scenario)
    assert answers(h) == []


def test_the_answer_box_grows_to_several_lines(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(WRITE, exercise_id="test")
    heights: list[int] = []
    words = "the pain came back this morning and I thought it would never end " * 3

    async def scenario(pilot: Pilot) -> None:
        await to_entry(h, pilot)
        box = h.app.screen.query_one("#player-entry")
        heights.append(box.region.height)
        await pilot.press(*words.strip())
        await pilot.pause()
        heights.append(box.region.height)
        await pilot.press("enter")
        await pilot.pause()

    h.run(scenario)
    assert heights[0] == 3 and heights[1] >= 5  # one line of words, then several
    assert answers(h) == [(0, words.strip())]


def test_a_recall_step_shows_the_answer_before_it(
        harness_factory: Callable[..., Harness]) -> None:
    from painpath.format.models import Step

    kinder = Step(text="Another way of looking?", title="Another way", entry=True)
    feels = Step(text="Reading it back, how does it feel?", title="Now", entry=True,
                 recall=True)
    h = harness_factory(exercise(kinder, feels, before=(), after=()), exercise_id="test")
    shown: list[str] = []

    async def scenario(pilot: Pilot) -> None:
        await to_entry(h, pilot)
        assert not h.app.screen.query_one("#player-recall").display
        await pilot.press(*"I have managed before", "enter")
        await pilot.pause()
        assert h.app.screen.query_one("#player-recall").display
        shown.append(h.text("#player-recall"))

    h.run(scenario)
    assert shown == ["You wrote: I have managed before"]
