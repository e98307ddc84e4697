"""Every reader of the log survives rows no painpath writes today (`planted_rows`).

An older painpath or a hand edit with sqlite3 can leave a length of 1e308
seconds, a pain of 100, a start of "banana", escapes and a 1 MB note, bytes that
are not UTF-8. The CLI's readers (stats, log, every export, review of such an
export) and the app's home, History and Progress finish without a traceback,
show no escape, never print an absurd number, and say plainly what they left out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from log_helpers import LogHarness, press, settle
from planted_rows import ESCAPES, plant_damage
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from painpath.cli import main
from painpath.paths import resolve
from painpath.store import Store
from painpath.store.import_file import parse_export
from painpath.tui.screens.entry_detail import EntryDetailScreen
from painpath.tui.screens.history import HistoryScreen
from painpath.tui.screens.progress import ProgressScreen

# What must never reach a reader: an escape or a C1/bidi control, an absurd number.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ABSURD = re.compile(r"1e\+?308|\binf\b|\bnan\b|Infinity|NaN|-500|\b100\b.*pain|pain 100|"
                    r"\b9999\b|banana", re.IGNORECASE)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    plant_damage(resolve(folder).database)
    return folder


def run(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    code = main(["--data-dir", str(data), *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Traceback" not in out.out + out.err and "went wrong" not in out.err
    return out.out, out.err


@pytest.mark.parametrize("args", [("stats",), ("log",), ("export", "--format", "md"),
                                  ("export", "--format", "html"),
                                  ("export", "--format", "md", "--with-notes")])
def test_reading_commands_finish_cleanly_and_say_what_they_left_out(
        data: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    out, err = run(data, capsys, *args)
    assert not UNSAFE.search(out.replace("\r\n", "\n")), args
    if args == ("log",):  # the session stored without a practice's id
        assert "2026-11-20 09:00. A practice. Completed" in out
    assert not ABSURD.search(out), ABSURD.search(out)
    assert "Left out:" in err and "ratings outside their scales" in err


def test_stats_json_bounds_every_number_and_counts_what_it_left_out(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(data, capsys, "stats", "--json")
    stats = json.loads(out)
    assert stats["minutes"] < 7 * 24 * 60 * 20
    assert stats["left_out"] == {"length": 5, "rating": 4}  # 100 -> -5, and PEG 99, -3
    pain = next(c for c in stats["changes"] if c["scale"] == "pain")
    assert pain["sessions"] == 2 and pain["change"]["min"] == -2.0  # 6 -> 4 and 3 -> 2


def test_a_json_export_of_it_is_one_import_and_review_take(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "log.json"
    _, err = run(data, capsys, "export", "--format", "json", "-o", str(target))
    assert "Left out:" in err
    text = target.read_text(encoding="utf-8")
    assert not UNSAFE.search(text)  # escaped in JSON, never raw
    entries = parse_export(text, "log.json")  # the import's own checks take it whole
    assert {e.practiced_s for e in entries} <= {None, 600.0, 30.0, 900.0}
    assert all(e.ended is None or e.ended >= e.started for e in entries)
    again = tmp_path / "again"
    run(again, capsys, "import", str(target))
    with Store.for_paths(resolve(again)) as store:
        assert store.count() == len(entries)
    out, _ = run(data, capsys, "export", "--format", "fhir")
    assert not ABSURD.search(out)
    out, _ = run(data, capsys, "export", "--format", "csv")  # times as stored; numbers bounded
    assert not re.search(r"1e\+?308|\binf\b|\bnan\b|-500|,100\r|,-5\r|,4\.5\r", out)
    out, _ = run(data, capsys, "log", "--json")
    assert len(json.loads(out)) == len(entries)


def _drawn(pilot: Pilot) -> str:
    return "\n".join(s.text for s in pilot.app.screen._compositor.render_strips())


def _clean_screen(pilot: Pilot) -> None:
    shown = _drawn(pilot)
    assert not UNSAFE.search(shown)
    assert not ABSURD.search(shown), ABSURD.search(shown)


def test_home_history_an_entry_and_progress_show_it_without_a_fault(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    plant_damage(h.database)

    async def scenario(pilot: Pilot) -> None:
        _clean_screen(pilot)  # home: its trend and today panels
        await press(pilot, "h")
        assert isinstance(pilot.app.screen, HistoryScreen)
        _clean_screen(pilot)
        status = str(pilot.app.screen.query_one("#history-status").render())
        assert "Some values in this log cannot be right" in status
        for _ in range(20):  # every entry's page, the 1 MB note and the escapes too
            await press(pilot, "enter")
            if isinstance(pilot.app.screen, EntryDetailScreen):
                _clean_screen(pilot)
                await press(pilot, "escape")
            await press(pilot, "down")
        await press(pilot, "escape", "p")
        screen = pilot.app.screen
        assert isinstance(screen, ProgressScreen)
        for key in ("4", "s", "s", "s", "1"):
            await press(pilot, key)
            _clean_screen(pilot)
        said = str(screen.query_one("#progress-status").render())
        assert "Some values in this log cannot be right" in said
        tabs = screen.query_one(TabbedContent)
        for pane in list(tabs.query("TabPane")):
            tabs.active = pane.id or ""
            await settle(pilot)
            _clean_screen(pilot)

    h.run(scenario)


def test_review_of_its_export_shows_history_and_progress(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "client.json"
    run(data, capsys, "export", "--format", "json", "-o", str(target))
    h = LogHarness(tmp_path / "reviewer", review=[target])

    async def scenario(pilot: Pilot) -> None:
        _clean_screen(pilot)
        for key in ("h", "escape", "p", "4", "escape"):
            await press(pilot, key)
            _clean_screen(pilot)

    h.run(scenario)


def test_escapes_planted_in_names_are_cleaned_not_shown() -> None:
    assert UNSAFE.search(ESCAPES)  # the test's own premise
