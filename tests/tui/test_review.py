"""Review mode: clients' exports, one at a time, read-only; the reviewer's own log untouched."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from log_helpers import LogHarness, at, check_in, export_log, press, session, table_rows, text_of
from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea

from painpath.commands import app as app_commands
from painpath.tui.app import PainpathApp
from painpath.tui.screens.entry_detail import EntryDetailScreen
from painpath.tui.screens.history import HistoryScreen
from painpath.tui.screens.progress import ProgressScreen
from painpath.tui.screens.review import ReviewScreen


def test_review_opens_an_export_read_only_without_creating_a_log(tmp_path: Path) -> None:
    alice = export_log(tmp_path, "alice.json",
                    session(at(2), before={"pain": 7}, after={"pain": 4}, note="[b]hi[/b]"),
                    check_in(at(1), pain=5))
    h = LogHarness(tmp_path / "reviewer", review=[alice])

    async def scenario(pilot: Pilot) -> None:
        assert isinstance(pilot.app.screen, HistoryScreen)  # one file: straight in
        assert text_of(pilot.app.screen.query_one("#review-banner", Static)) == \
            "Reviewing alice.json (read-only)"
        rows = table_rows(pilot)
        assert rows[0][1] == "Check-in" and rows[1][1].startswith("Body scan")
        await press(pilot, "down", "enter")
        detail = pilot.app.screen
        assert isinstance(detail, EntryDetailScreen)
        assert not detail.query(TextArea)  # no editing
        assert text_of(detail.query_one("#detail-note-text", Static)) == "[b]hi[/b]"
        await press(pilot, "delete")  # no deleting either
        assert pilot.app.screen is detail
        await press(pilot, "escape", "p")
        progress = pilot.app.screen
        assert isinstance(progress, ProgressScreen)
        assert text_of(progress.query_one("#progress-status", Static)) == \
            "Last 30 days up to 22 Nov 2026 (the export's last entry): 1 session (10 min), " \
            "1 check-in."
        assert not progress.query("#tab-plan")
        await press(pilot, "escape")
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        assert text_of(screen.query_one("#review-title", Static)) == \
            "Reviewing alice.json (read-only)"
        option = screen.query_one(OptionList).get_option_at_index(0)
        assert str(option.prompt) == "alice.json  2 entries, 21 Nov 2026 to 22 Nov 2026"

    h.run(scenario)
    assert not h.ctx.paths.data_dir.exists()


def test_review_leaves_the_reviewers_own_log_byte_identical(tmp_path: Path) -> None:
    alice = export_log(tmp_path, "alice.json", check_in(at(1), pain=5))
    h = LogHarness(tmp_path / "reviewer", review=[alice])
    h.fill(check_in(at(3), pain=2, note="mine"))
    before = {p.name: p.read_bytes() for p in h.ctx.paths.data_dir.iterdir()}

    async def scenario(pilot: Pilot) -> None:
        assert [row[4] for row in table_rows(pilot)] == ["pain 5"]  # the client's, not mine
        await press(pilot, "p")

    h.run(scenario)
    after = {p.name: p.read_bytes() for p in h.ctx.paths.data_dir.iterdir()}
    assert after == before


def test_several_files_one_client_at_a_time(tmp_path: Path) -> None:
    alice = export_log(tmp_path, "alice.json", check_in(at(1), pain=5), check_in(at(2), pain=6))
    bob = export_log(tmp_path, "bob.json", check_in(at(4), pain=2, note="bob's"))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1, "entries": "not a list"}', encoding="utf-8")
    h = LogHarness(tmp_path / "reviewer", review=[alice, bob, broken])

    async def scenario(pilot: Pilot) -> None:
        screen = pilot.app.screen
        assert text_of(screen.query_one("#review-title", Static)) == \
            "Reviewing 3 files (read-only)"
        listing = screen.query_one(OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(3)]
        assert prompts[0].startswith("alice.json  2 entries")
        assert prompts[1] == "bob.json  1 entry, 19 Nov 2026"
        assert prompts[2].startswith("broken.json  could not be opened: ")
        await press(pilot, "down", "h")
        assert text_of(pilot.app.screen.query_one("#review-banner", Static)) == \
            "Reviewing bob.json (read-only)"
        assert [row[4] for row in table_rows(pilot)] == ["pain 2"]
        await press(pilot, "escape", "up", "h")
        assert text_of(pilot.app.screen.query_one("#review-banner", Static)) == \
            "Reviewing alice.json (read-only)"
        assert len(table_rows(pilot)) == 2
        await press(pilot, "escape", "down", "down", "h")  # the broken one: said in words
        assert type(pilot.app.screen).__name__ == "LogProblemScreen"
        await press(pilot, "enter")
        assert text_of(pilot.app.screen.query_one("#history-status", Static)).startswith(
            "Your log could not be read just now")

    h.run(scenario)
    assert not h.ctx.paths.data_dir.exists()


def test_cmd_review_builds_the_app_in_review_mode(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    alice = export_log(tmp_path, "alice.json", check_in(at(1), pain=5))
    opened: list[PainpathApp] = []
    monkeypatch.setattr(PainpathApp, "run", lambda self: opened.append(self))
    monkeypatch.setattr(app_commands, "stdout_is_terminal", lambda: True)
    ctx = LogHarness(tmp_path / "reviewer").ctx
    assert app_commands.cmd_review(argparse.Namespace(files=[str(alice)]), ctx) == 0
    [app] = opened
    assert app.reviewing and [book.export for book in app.reviews] == [alice]
    assert app.session_listeners is None and app.on_session_end is None


def test_cmd_review_refuses_a_folder(tmp_path: Path) -> None:
    from painpath.errors import NotFoundError

    ctx = LogHarness(tmp_path / "reviewer").ctx
    with pytest.raises(NotFoundError) as err:
        app_commands.cmd_review(argparse.Namespace(files=[str(tmp_path)]), ctx)
    assert err.value.message == f"{tmp_path} is a folder, not an export file."
