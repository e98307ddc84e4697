"""Library, exercise page, ratings and the scale picker, screen by screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList
from textual.widgets._footer import FooterKey
from tui_helpers import TIMED, Harness, exercise

from painpath.errors import NotFoundError
from painpath.format.models import Scale
from painpath.tui.app import create_app
from painpath.tui.widgets.outline import about
from painpath.tui.widgets.scale_picker import ScalePicker

SLEEP = Scale("sleep", "How well did you sleep last night?", 0, 100, "not at all", "very well")
WIDE = exercise(TIMED, id="wide", title="Sleep check", before=("sleep", "pain"), after=(),
                scales=(SLEEP,))
NOTED = exercise(TIMED, id="noted", title="Noted practice", kind="body-scan",
                 summary="A short look.", description="First paragraph.\n\nSecond paragraph.",
                 content_note="This brings attention to pain.", tags=("gentle", "short"))


def picker(scale: Scale = SLEEP) -> ScalePicker:
    return ScalePicker(scale)


@pytest.mark.parametrize(("keys", "value"), [
    ("6", 6), ("10", 10), ("100", 100), ("1000", 0), ("37", 37), ("0099", 99),
])
def test_digits_build_numbers_within_a_wide_range(keys: str, value: int) -> None:
    p = picker(SLEEP)
    for key in keys:
        p.type_digit(key)
    assert p.value == value


def test_lengths_are_rounded_kindly() -> None:
    assert about(45) == "about 45 s"
    assert about(90) == "about 1 min 30 s"
    assert about(675) == "about 11 min"


def test_home_footer_keeps_ground_and_quit_in_view_at_80_columns(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        await pilot.pause()
        # Home is the base of the stack, not pushed over a blank screen (first frame).
        assert [type(s).__name__ for s in h.app.screen_stack] == ["HomeScreen"]
        width = h.app.screen.size.width
        shown = {key.key: key.region for key in h.app.screen.query(FooterKey)}
        for wanted in ("g", "q", "l"):
            region = shown[wanted]
            assert region.width > 0 and region.right <= width, (wanted, region, width)
        assert "s" not in shown  # Settings is a button on home, not a footer key

    h.run(scenario)


def test_digits_on_a_zero_to_ten_scale() -> None:
    pain = Scale("pain", "?", 0, 10, "no pain", "worst")
    p = picker(pain)
    p.type_digit("1")
    p.type_digit("0")
    assert p.value == 10
    p.type_digit("0")  # "100" is off the scale: a new number starts
    assert p.value == 0
    p.type_digit("4")  # "04" is four
    assert p.value == 4
    p.type_digit("7")  # "47" is off the scale: seven
    assert p.value == 7


def test_arrows_move_and_stop_at_the_ends() -> None:
    pain = Scale("pain", "?", 0, 10, "no pain", "worst")
    p = picker(pain)
    p.action_move(1)
    assert p.value == 0
    p.action_jump("max")
    p.action_move(1)
    assert p.value == 10
    p.action_move(-1)
    assert p.value == 9
    p.action_clear()
    assert p.value is None


def test_wide_scale_typed_and_skipped(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(WIDE, exercise_id="wide")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert h.text("#ratings-ends") == "0 = not at all … 100 = very well"
        await pilot.press("3", "7")
        assert "Your answer: 37" in str(h.app.screen.query_one(ScalePicker).render())
        await pilot.press("enter")
        await pilot.pause()
        assert "pain" in h.text("#ratings-question")
        await pilot.press("5", "s")  # "Skip" skips even with a number chosen
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"

    h.run(scenario)
    assert h.app.practice is not None
    assert h.app.practice.before == {"sleep": 37, "pain": None}


def test_skip_button_is_offered_on_every_question(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(WIDE, exercise_id="wide")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#ratings-skip")
        await pilot.pause()
        assert h.app.screen.query_one("#ratings-skip")
        await pilot.click("#ratings-skip")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"

    h.run(scenario)
    assert h.app.practice.before == {"sleep": None, "pain": None}


def test_library_groups_by_kind_and_filters(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(NOTED, WIDE)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("l")
        await pilot.pause()
        listing = h.app.screen.query_one("#library-list")
        prompts = [str(listing.get_option_at_index(i).prompt)
                   for i in range(listing.option_count)]
        assert prompts[0] == "Body scan"
        assert "  Noted practice  body scan, about 1 min 30 s" in prompts
        assert "Other practices" in prompts
        assert any("Feet on the floor" in p for p in prompts)  # the bundled ones too
        await pilot.press(*"gentle")  # a tag
        prompts = [str(listing.get_option_at_index(i).prompt)
                   for i in range(listing.option_count)]
        assert "  Noted practice  body scan, about 1 min 30 s" in prompts
        assert not any("Sleep check" in p for p in prompts)
        await pilot.press(*"zzz")
        assert str(listing.get_option_at_index(0).prompt) == (
            "Nothing matches “gentlezzz”. Try another word.")
        await pilot.press("enter")  # nothing to open: stays
        assert h.screen_name() == "LibraryScreen"

    h.run(scenario)


def test_library_lists_files_with_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           harness_factory: Callable[..., Harness]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "bad.toml").write_text('format = 1\nid = "bad"\ntitle = "Bad"\nkind = "nope"\n'
                                     '[[steps]]\ntext = "x"\nduration = "1m"\n', encoding="utf-8")
    # Only warnings (an unknown key): in the list, and not among the files left out.
    (folder / "odd.toml").write_text('format = 1\nid = "odd"\ntitle = "Odd"\nkind = "grounding"\n'
                                     '[[steps]]\ntxet = "x"\ntext = "y"\nduration = "1m"\n',
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    h = harness_factory(libraries=(Path("mine"),))

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("l")
        await pilot.pause()
        assert h.text("#library-problem-list").startswith(
            'Error: mine/bad.toml:4: kind: "nope" is not a kind painpath knows')
        assert "Files with problems (1)" in str(
            h.app.screen.query_one("#library-problems .section-title").render())
        assert "odd.toml" not in h.text("#library-problem-list")
        await pilot.press(*"Odd")
        await pilot.pause()
        listing = h.app.screen.query_one("#library-list", OptionList)
        assert any("Odd" in str(listing.get_option_at_index(i).prompt)
                   for i in range(listing.option_count))

    h.run(scenario)


def test_exercise_page_note_before_start_then_outline(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(NOTED, exercise_id="noted")

    async def scenario(pilot: Pilot) -> None:
        page = h.app.screen
        order = [w.id for w in page.query("#exercise-page > *")]
        assert order.index("exercise-note") < order.index("exercise-buttons")
        assert order.index("exercise-buttons") < order.index("exercise-outline")
        assert h.text("#exercise-note-text") == "This brings attention to pain."
        assert page.query_one("#exercise-note").border_title == "Before you start"
        assert h.text("#exercise-meta") == "Body scan · about 1 min 30 s · 1 step"
        assert h.text("#exercise-outline") == " 1. Hands  (1 min 30 s)"
        assert h.text("#exercise-description-1") == "Second paragraph."
        assert "Tags: gentle, short" in h.text("#exercise-credits")
        assert page.focused is page.query_one("#exercise-start")

    h.run(scenario)


def test_unknown_exercise_fails_before_the_app_opens(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    with pytest.raises(NotFoundError) as err:
        create_app(h.ctx, exercise="no-such-practice")
    assert err.value.message == 'There is no exercise "no-such-practice".'


def test_home_needs_neither_engine_nor_store_nor_loader_before_its_first_frame() -> None:
    """What the app imports to draw home; the rest waits for first use (docs/performance.md)."""
    import subprocess
    import sys

    probe = ("import sys, painpath.cli, painpath.commands.app, painpath.tui.app; "
             "print(' '.join(sorted(m for m in sys.modules if m.startswith('painpath'))))")
    loaded = set(subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True,
                                text=True).stdout.split())
    assert "painpath.tui.screens.home" in loaded
    early = loaded & {"painpath.engine", "painpath.store", "painpath.format.loader",
                      "painpath.library", "painpath.tui.screens.player",
                      "painpath.tui.screens.exercise", "painpath.tui.practice"}
    assert not early, f"imported before home's first frame: {sorted(early)}"
