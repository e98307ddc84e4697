"""SVG snapshots of the key screens at 80×24 (update with `--snapshot-update`).

Deterministic: a FakeClock, exercises built here (the library snapshot
drops the bundled pack so edits to it do not churn this file), and reduced
motion where a text box would otherwise blink its cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import BREATH, COUNT, ENTRY, TIMED, Harness, exercise

from painpath.library import BUNDLED_PACK
from painpath.settings import Settings

SIZE = (80, 24)
STILL = Settings(reduced_motion=True)
SNAP = exercise(
    TIMED, BREATH, COUNT, ENTRY, id="snap", title="Hands, breath and seeing", kind="grounding",
    summary="A short practice that touches each kind of step.",
    description="Attention rests on the hands, follows the breath for a few rounds, then "
    "looks around the room.\n\nYou can pause, skip or stop at any time.",
    content_note="Brings attention to the breath; if that is uncomfortable, rest your "
    "attention on your hands instead.",
    before=("pain", "tension"), after=("pain", "tension"), tags=("short", "eyes-open"))

Snap = Callable[..., bool]


def player_at(h: Harness, step: int, seconds: float) -> Callable[[Pilot], Any]:
    async def run_before(pilot: Pilot) -> None:
        # Start; skip the before-ratings once they are there (on a busy machine an
        # Escape sent at once arrived before them and the player never opened).
        await pilot.press("enter")
        for _ in range(200):
            await pilot.pause()
            if h.screen_name() == "RatingsScreen":
                await pilot.press("escape")
            elif h.screen_name() == "PlayerScreen":
                break
        for _ in range(step):
            await pilot.press("n")
        await h.advance(pilot, seconds)
    return run_before


def test_home(snap_compare: Snap, harness_factory: Callable[..., Harness]) -> None:
    assert snap_compare(harness_factory().app, terminal_size=SIZE)


def test_library_with_a_problem_file(snap_compare: Snap, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     harness_factory: Callable[..., Harness]) -> None:
    folder = tmp_path / "my-practices"
    folder.mkdir()
    (folder / "broken.toml").write_text(
        'format = 1\nid = "broken"\ntitle = "Broken"\nkind = "walking"\n'
        '[[steps]]\ntext = "x"\nduration = "1m"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # problem messages name the file relative to here
    h = harness_factory(SNAP, settings=STILL, libraries=(Path("my-practices"),))
    library = h.ctx.library
    library.exercises = {k: v for k, v in library.exercises.items()
                         if v.pack != BUNDLED_PACK or v.id == "snap"}
    assert snap_compare(h.app, terminal_size=SIZE, press=["l"])


def test_exercise_page(snap_compare: Snap, harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(SNAP, exercise_id="snap")
    assert snap_compare(h.app, terminal_size=SIZE)


def test_rating_screen(snap_compare: Snap, harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(SNAP, exercise_id="snap")
    assert snap_compare(h.app, terminal_size=SIZE, press=["enter", "6"])


def test_player_timed_step(snap_compare: Snap, harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(SNAP, exercise_id="snap")
    assert snap_compare(h.app, terminal_size=SIZE, run_before=player_at(h, 0, 20))


def test_player_breath_step(snap_compare: Snap, harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(SNAP, exercise_id="snap")
    assert snap_compare(h.app, terminal_size=SIZE, run_before=player_at(h, 1, 2.5))


def test_player_count_step(snap_compare: Snap, harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(SNAP, exercise_id="snap")
    run = player_at(h, 2, 10)

    async def run_before(pilot: Pilot) -> None:
        await run(pilot)
        await pilot.press("space", "space")

    assert snap_compare(h.app, terminal_size=SIZE, run_before=run_before)


def test_player_entry_step(snap_compare: Snap, harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(SNAP, exercise_id="snap", settings=STILL)
    run = player_at(h, 3, 5)

    async def run_before(pilot: Pilot) -> None:
        await run(pilot)
        await pilot.press(*"it will never end")

    assert snap_compare(h.app, terminal_size=SIZE, run_before=run_before)


def test_summary(snap_compare: Snap, harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(exercise(TIMED, after=("pain", "tension"), before=("pain", "tension")),
                        exercise_id="test", settings=STILL)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("enter", "6", "enter", "5", "enter")
        await pilot.pause()
        await h.advance(pilot, 90)
        await pilot.press("4", "enter", "5", "enter")
        await pilot.pause()
        await pilot.press(*"a bit lighter", "enter")
        await pilot.pause()

    assert snap_compare(h.app, terminal_size=SIZE, run_before=run_before)
