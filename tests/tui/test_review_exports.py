"""Review shows each export on its own terms: its scales, its dates, its client's name.

The client's painpath writes the definitions of the scales an export uses and,
when asked, the client's name; the reviewer's painpath may have none of the
client's packs and is read on another day.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from log_helpers import NOW, LogHarness, at, press, session, text_of
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from painpath.cli import main
from painpath.paths import resolve
from painpath.store import Entry, Rating, Store
from painpath.store.export_info import read_info
from painpath.tui.screens.progress import ProgressScreen

SLEEP_PACK = """format = 1
id = "steady"
title = "Steady"
version = "1.0.0"

[[scales]]
id = "sleep"
question = "How well did you sleep last night?"
min = 0
max = 10
low = "not at all"
high = "very well"
"""


def client_export(tmp_path: Path, name: str, *entries: Entry, client: str | None = None,
                  with_pack: bool = True) -> Path:
    """A client's log (with the `steady` pack and its 0–10 sleep scale), exported to JSON."""
    paths = resolve(tmp_path / f"client-{name}")
    if with_pack:
        pack = paths.packs_dir / "steady"
        (pack / "exercises").mkdir(parents=True)
        (pack / "pack.toml").write_text(SLEEP_PACK, encoding="utf-8")
        (pack / "exercises" / "rest.toml").write_text(
            'format = 1\nid = "rest"\ntitle = "Rest"\nkind = "other"\n'
            '[[steps]]\ntext = "Rest."\nduration = "1m"\n', encoding="utf-8")
    with Store.for_paths(paths) as store:
        for entry in entries:
            store.save_entry(entry)
    target = tmp_path / name
    argv = ["--data-dir", str(paths.data_dir), "export", "--format", "json", "-o", str(target)]
    assert main([*argv, *(["--client", client] if client else [])]) == 0
    return target


def sleep_check_in(when: datetime, value: int) -> Entry:
    return Entry(type="check-in", started=when, status="completed",
                 ratings=(Rating("sleep", value, "check-in", at=when),))


def test_a_json_export_carries_its_scales_and_the_clients_name(tmp_path: Path) -> None:
    export = client_export(tmp_path, "dana.json", sleep_check_in(at(2), 7),
                           session(at(1), before={"pain": 6}, after={"pain": 4}),
                           client="Dana Levi")
    data = json.loads(export.read_text(encoding="utf-8"))
    assert data["client"] == "Dana Levi"
    assert data["scales"] == [
        {"id": "pain", "question": "How strong is your pain right now?", "min": 0,
         "max": 10, "low": "no pain", "high": "worst pain imaginable"},
        {"id": "sleep", "question": "How well did you sleep last night?", "min": 0,
         "max": 10, "low": "not at all", "high": "very well"}]
    plain = json.loads(client_export(tmp_path, "anon.json", sleep_check_in(at(2), 7)
                                     ).read_text(encoding="utf-8"))
    assert "client" not in plain  # nothing identifying unless asked


def test_hostile_scale_definitions_are_left_out() -> None:
    info = read_info({"client": "A\x1b[31m" + "x" * 1000, "scales": [
        {"id": "ok", "question": "Q?", "min": 0, "max": 10},
        {"id": "wide", "min": 0, "max": 10**9}, {"id": "Bad id", "min": 0, "max": 10},
        {"id": "flip", "min": 10, "max": 0}, {"id": "b", "min": True, "max": 10},
        "not a table"]})
    assert list(info.scales) == ["ok"] and info.scales["ok"].max == 10
    assert "\x1b" not in info.client and len(info.client) <= 300


def progress_words(pilot: Pilot, ident: str) -> str:
    return text_of(pilot.app.screen.query_one(ident, Static))


def test_review_draws_a_pack_scale_on_the_range_the_export_defines(tmp_path: Path) -> None:
    # The reviewer has no `steady` pack: before, sleep was drawn on 0–100.
    export = client_export(tmp_path, "dana.json", sleep_check_in(at(2), 7),
                           sleep_check_in(at(1), 5))
    h = LogHarness(tmp_path / "reviewer", review=[export])

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "p")
        assert isinstance(pilot.app.screen, ProgressScreen)
        assert progress_words(pilot, "#progress-chart-words").startswith("Sleep, 0 to 10. ")

    h.run(scenario)


def test_a_month_old_export_shows_its_own_last_30_days(tmp_path: Path) -> None:
    # Exported on 1 Oct; reviewed on 23 Nov. Before: "nothing recorded in these days".
    old = NOW - timedelta(days=53)
    export = client_export(tmp_path, "dana.json",
                           session(old - timedelta(days=3), before={"pain": 6},
                                   after={"pain": 4}),
                           session(old, before={"pain": 5}, after={"pain": 4}))
    h = LogHarness(tmp_path / "reviewer", review=[export])

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "p")
        assert progress_words(pilot, "#progress-status") == (
            "Last 30 days up to 1 Oct 2026 (the export's last entry): 2 sessions (20 min), "
            "0 check-ins.")

    h.run(scenario)


def test_several_exports_side_by_side_each_with_its_clients_name(tmp_path: Path) -> None:
    dana = client_export(tmp_path, "a.json", sleep_check_in(at(2), 7), client="Dana Levi")
    omar = client_export(tmp_path, "b.json", sleep_check_in(at(3), 4), client="Omar K.")
    h = LogHarness(tmp_path / "reviewer", review=[dana, omar])

    async def scenario(pilot: Pilot) -> None:
        listing = pilot.app.screen.query_one(OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(2)]
        assert prompts == ["Dana Levi: a.json  1 entry, 21 Nov 2026",
                           "Omar K.: b.json  1 entry, 20 Nov 2026"]
        await press(pilot, "down", "enter")
        assert progress_words(pilot, "#review-banner") == \
            "Reviewing Omar K.: b.json (read-only)"

    h.run(scenario)
