"""Check-ins and the weekly PEG offer; the home's panels; a log that cannot be used."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from log_helpers import (
    MINE,
    NOW,
    SIZE,
    STILL,
    LogHarness,
    at,
    check_in,
    press,
    session,
    text_of,
    write_pack,
)
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from painpath.format.models import PEG_QUESTIONS
from painpath.store import Store
from painpath.store.errors import translate
from painpath.tui.app import create_app
from painpath.tui.screens.checkin import CheckInScreen
from painpath.tui.screens.exercise import ExerciseScreen
from painpath.tui.screens.home import HomeScreen
from painpath.tui.screens.log_problem import LogProblemScreen

Snap = Callable[..., bool]


def _peg_offered(pilot: Pilot) -> bool:
    return bool(pilot.app.screen.query_one("#peg-offer").display)


# --------------------------------------------------------------------- check-in

def test_a_check_in_is_saved_with_what_was_answered(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "c")
        screen = pilot.app.screen
        assert isinstance(screen, CheckInScreen)
        assert text_of(screen.query_one("#checkin-question", Static)) == \
            "How strong is your pain right now?"
        assert text_of(screen.query_one("#checkin-ends", Static)) == \
            "0 = no pain … 10 = worst pain imaginable"
        await press(pilot, "5", "enter", "s", "3", "enter")  # tension skipped
        assert text_of(screen.query_one("#checkin-answers", Static)) == \
            "Your answers: pain 5, distress 3."
        await pilot.click("#checkin-note")
        await press(pilot, *"tired", "enter")
        assert isinstance(pilot.app.screen, HomeScreen)

    h.run(scenario)
    with h.stored() as store:
        [entry] = store.entries()
    assert entry.type == "check-in" and not entry.peg
    assert [(r.scale, r.value, r.phase) for r in entry.ratings] == [
        ("pain", 5, "check-in"), ("distress", 3, "check-in")]
    assert entry.note == "tired"
    assert entry.started == NOW


def test_leaving_saves_nothing_and_creates_no_log(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "c", "4", "enter", "escape")  # skip the rest: to the note
        assert pilot.app.screen.query_one("#checkin-note", Input).has_focus
        await press(pilot, "escape")  # leave without saving
        assert isinstance(pilot.app.screen, HomeScreen)

    h.run(scenario)
    assert not h.database.exists()


def test_nothing_to_save_is_said_not_saved(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "c", "enter", "enter", "enter", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, CheckInScreen)
        assert text_of(screen.query_one("#checkin-status", Static)).startswith(
            "There is nothing to save yet")

    h.run(scenario)
    assert not h.database.exists()


def test_a_full_disk_keeps_the_answers_and_says_why(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    h = LogHarness(tmp_path)

    def full(self: Store, *args: object, **kw: object) -> None:
        raise translate(sqlite3.OperationalError("database or disk is full"),  # type: ignore[misc]
                        self.path)

    monkeypatch.setattr(Store, "add_check_in", full)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "c", "6", "enter", "escape", "enter")
        dialog = pilot.app.screen
        assert isinstance(dialog, LogProblemScreen)
        assert text_of(dialog.query_one("#log-problem-hint", Static)) == \
            "Free some space on the disk, then try again."
        await press(pilot, "enter")
        screen = pilot.app.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.answers["pain"] == 6
        assert text_of(screen.query_one("#checkin-status", Static)).startswith("Not saved.")

    h.run(scenario)


# -------------------------------------------------------------------------- PEG

def test_peg_is_offered_when_none_was_ever_answered_and_saves_its_three_items(
        tmp_path: Path) -> None:
    h = LogHarness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        assert _peg_offered(pilot)
        await pilot.click("#peg-answer")
        await press(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CheckInScreen) and screen.peg
        assert text_of(screen.query_one("#checkin-question", Static)) == PEG_QUESTIONS["pain"]
        await press(pilot, "6", "enter")
        assert text_of(screen.query_one("#checkin-question", Static)) == \
            PEG_QUESTIONS["enjoyment"]
        await press(pilot, "5", "enter", "4", "enter", "enter")
        assert isinstance(pilot.app.screen, HomeScreen)
        assert not _peg_offered(pilot)  # answered: the offer waits another week

    h.run(scenario)
    with h.stored() as store:
        [entry] = store.entries()
    assert entry.peg and entry.peg_score == 5.0


def test_peg_is_not_offered_within_a_week_of_the_last(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.fill(check_in(NOW - timedelta(days=6, hours=23), peg=True, pain=6, enjoyment=5,
                    activity=4))

    async def scenario(pilot: Pilot) -> None:
        assert not _peg_offered(pilot)

    h.run(scenario)


def test_peg_is_offered_again_after_a_week_and_not_now_hides_it(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.fill(check_in(NOW - timedelta(days=7), peg=True, pain=6, enjoyment=5, activity=4))

    async def scenario(pilot: Pilot) -> None:
        assert _peg_offered(pilot)
        await pilot.click("#peg-not-now")
        await press(pilot)
        assert not _peg_offered(pilot)
        await press(pilot, "c", "3", "enter", "escape", "enter")  # a check-in reloads home
        assert isinstance(pilot.app.screen, HomeScreen)
        assert not _peg_offered(pilot)  # declined stays declined until next time

    h.run(scenario)


# ------------------------------------------------------------------ the home

def test_home_shows_todays_plan_and_opens_a_practice(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "steady")
    h = LogHarness(tmp_path, libraries=(pack,))
    h.start_plan(NOW.date() - timedelta(days=7))  # week 2: breath twice on Mondays
    h.fill(session(at(0, 8), "steady/breath"))

    async def scenario(pilot: Pilot) -> None:
        screen = pilot.app.screen
        assert text_of(screen.query_one("#today-heading", Static)) == \
            "Today's practice, week 2 of 2: Two weeks between sessions"
        words = [text_of(w) for w in screen.query(".today-item-words").results(Static)]
        assert words == ["suggested once", "suggested twice; practised once today"]
        assert text_of(screen.query_one("#today-message", Static)) == \
            "Practise when you can. Missing a day is fine."
        await pilot.click("#today-1")
        await press(pilot)
        assert isinstance(pilot.app.screen, ExerciseScreen)
        assert pilot.app.screen.exercise.qualified_id == "steady/breath"

    h.run(scenario)


def test_without_a_plan_the_today_panel_is_hidden(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        assert not pilot.app.screen.query_one("TodayPanel").display
        assert pilot.app.screen.query_one("#home-today").is_empty  # so the home hides it

    h.run(scenario)


def test_the_home_trend_compares_this_week_with_the_one_before(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.fill(check_in(at(0, 8), pain=4), check_in(at(2, 8), pain=6),
           session(at(3), before={"pain": 5}, after={"pain": 1}),  # after is left out
           check_in(at(9, 8), pain=7), check_in(at(5, 8), peg=True, pain=9, enjoyment=9,
                                                activity=9))

    async def scenario(pilot: Pilot) -> None:
        lines = text_of(pilot.app.screen.query_one("#home-trend-text", Static)).splitlines()
        assert lines[0] == "Pain, 10 Nov to 23 Nov"
        marks = lines[1].split()[0]
        assert len(marks) == 14
        assert marks[4] == "▆" and marks[-1] == "▄" and marks.count("·") == 10
        assert lines[2] == ("Last 7 days: average 5.0 (3 ratings). "
                            "The 7 days before: average 7.0 (1 rating).")

    h.run(scenario)


def test_the_home_reads_the_log_again_when_a_practice_ends(tmp_path: Path) -> None:
    ended: list[object] = []
    h = LogHarness(tmp_path)
    h._app = create_app(h.ctx, settings=STILL, save_settings=False, now=lambda: NOW,
                        on_session_end=ended.append)

    async def scenario(pilot: Pilot) -> None:
        trend = pilot.app.screen.query_one("HomeTrend")
        assert not trend.display
        h.fill(session(at(0, 8), before={"pain": 4}))  # what the session's recorder wrote
        pilot.app.on_session_end("the outcome")  # type: ignore[misc, arg-type]
        await press(pilot)
        assert ended == ["the outcome"]
        assert trend.display

    h.run(scenario)


def test_home_buttons_open_history_and_progress(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        await pilot.click("#home-history")
        await press(pilot)
        assert type(pilot.app.screen).__name__ == "HistoryScreen"
        await press(pilot, "escape")
        await pilot.click("#home-progress")
        await press(pilot)
        assert type(pilot.app.screen).__name__ == "ProgressScreen"

    h.run(scenario)


# ------------------------------------------------------------- damaged log

def test_a_damaged_log_is_left_alone_unless_the_person_agrees(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.ctx.paths.ensure_data_dir()
    garbage = b"this is not a database, it is a shopping list\n" * 100
    h.database.write_bytes(garbage)

    async def scenario(pilot: Pilot) -> None:
        dialog = pilot.app.screen
        assert isinstance(dialog, LogProblemScreen)
        assert text_of(dialog.query_one("#log-problem-title", Static)) == \
            "Your log file looks damaged"
        assert dialog.focused is not None and dialog.focused.id == "log-problem-keep"
        await press(pilot, "enter")  # "Leave it as it is"
        assert isinstance(pilot.app.screen, HomeScreen)
        await press(pilot, "h")  # History says so calmly; no second dialog for the home
        assert isinstance(pilot.app.screen, LogProblemScreen)
        await press(pilot, "escape")
        assert text_of(pilot.app.screen.query_one("#history-status", Static)).startswith(
            "Your log could not be read just now")

    h.run(scenario)
    assert h.database.read_bytes() == garbage
    assert sorted(p.name for p in h.ctx.paths.data_dir.iterdir()) == ["painpath.db"]


def test_consent_sets_the_damaged_log_aside_and_starts_a_new_one(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.ctx.paths.ensure_data_dir()
    garbage = b"\x00\x01 not sqlite" * 500
    h.database.write_bytes(garbage)

    async def scenario(pilot: Pilot) -> None:
        assert isinstance(pilot.app.screen, LogProblemScreen)
        button = pilot.app.screen.query_one("#log-problem-set-aside", Button)
        assert str(button.label) == "Set it aside, start a new log"
        await press(pilot, "tab", "enter")
        assert isinstance(pilot.app.screen, HomeScreen)
        await press(pilot, "c", "5", "enter", "escape", "enter")  # the new log works

    h.run(scenario)
    [aside] = [p for p in h.ctx.paths.data_dir.iterdir() if ".corrupt-" in p.name]
    assert aside.read_bytes() == garbage
    with h.stored() as store:
        assert [e.rating("check-in", "pain") for e in store.entries()] == [5]


# ------------------------------------------------------------------ snapshots

def test_check_in_snapshot(snap_compare: Snap, tmp_path: Path) -> None:
    h = LogHarness(tmp_path)

    async def open_check_in(pilot: Pilot) -> None:
        await press(pilot, "c", "4")

    assert snap_compare(h.app, terminal_size=SIZE, run_before=open_check_in)


def test_home_with_a_plan_snapshot(snap_compare: Snap, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "steady")
    h = LogHarness(tmp_path, *MINE, libraries=(pack,))
    h.start_plan(NOW.date() - timedelta(days=7))
    h.fill(session(at(0, 8), "steady/breath", before={"pain": 5}),
           check_in(at(2, 20), pain=6), check_in(at(4, 20), pain=5),
           check_in(at(9, 20), pain=7),
           check_in(NOW - timedelta(days=2), peg=True, pain=6, enjoyment=5, activity=4))
    assert snap_compare(h.app, terminal_size=SIZE, run_before=_settled)


async def _settled(pilot: Pilot) -> None:
    await press(pilot)


def test_todays_words_go_whole_under_a_long_practice_name(tmp_path: Path) -> None:
    """Beside a long name the words had a few columns and read "sugges / ted / once"."""
    pack = write_pack(tmp_path / "steady")
    breath = pack / "exercises" / "breath.toml"
    breath.write_text(breath.read_text(encoding="utf-8").replace(
        'title = "Longer out-breath"',
        'title = "Arriving: three minutes to settle into the breath"'), encoding="utf-8")
    h = LogHarness(tmp_path, *MINE, libraries=(pack,))
    h.start_plan(NOW.date() - timedelta(days=7))
    found: list[tuple[str, int, int, int]] = []

    async def scenario(pilot: Pilot) -> None:
        for words in pilot.app.screen.query(".today-item-words").results(Static):
            button = words.parent.query_one(Button)  # type: ignore[union-attr]
            found.append((str(words.render()), words.region.width, words.region.y,
                          button.region.y))

    h.run(scenario)
    assert found and all(y > button_y for _, _, y, button_y in found)
    assert all(width >= len(text) for text, width, _, _ in found)
