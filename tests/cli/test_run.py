"""`painpath run`: plain mode through the real CLI, recorded in the log."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from painpath.cli import main

DRAFT = """format = 1
id = "tiny"
title = "Tiny [bold]practice[/bold]"
kind = "grounding"

[ratings]
before = ["distress"]
after = ["distress"]

[[steps]]
title = "Feet"
text = "Feel your feet."
duration = "30s"

[[steps]]
text = "Write one word."
entry = true
"""


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        stdin: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--data-dir", str(tmp_path / "data"), "run", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def log_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["--data-dir", str(tmp_path / "data"), "log", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_plain_run_is_recorded_with_ratings_answer_and_note(
        tmp_path, monkeypatch, capsys, fake_time) -> None:
    draft = tmp_path / "tiny.toml"
    draft.write_text(DRAFT)
    # Distress 7 brings the gentle offer; the empty line carries on (painpath.care).
    code, out, _ = run(tmp_path, monkeypatch, capsys, "7\n\nsteady\n3\nfelt calmer\n",
                    str(draft), "--plain")
    assert code == 0 and "A moment for you." in out
    assert "Tiny [bold]practice[/bold]" in out  # file text is shown literally
    [entry] = log_json(tmp_path, capsys)
    assert entry["exercise"] == "local/tiny"
    assert entry["status"] == "completed"
    assert entry["note"] == "felt calmer"
    assert [(a["step"], a["text"]) for a in entry["entries"]] == [(1, "steady")]
    values = {(r["phase"], r["scale"]): r["value"] for r in entry["ratings"]}
    assert values == {("before", "distress"): 7, ("after", "distress"): 3}


def test_output_that_is_not_a_terminal_gets_plain_mode(tmp_path, monkeypatch, capsys,
                                                       fake_time) -> None:
    code, out, _ = run(tmp_path, monkeypatch, capsys, "", "feet-on-floor")
    assert code == 0
    assert "Step 1 of 6" in out
    assert "\x1b" not in out


def test_a_preview_at_another_speed_is_not_logged(tmp_path, monkeypatch, capsys,
                                                  fake_time) -> None:
    code, _, _ = run(tmp_path, monkeypatch, capsys, "", "feet-on-floor", "--speed", "10")
    assert code == 0
    assert log_json(tmp_path, capsys) == []


def test_a_preview_with_log_is_logged(tmp_path, monkeypatch, capsys, fake_time) -> None:
    code, _, _ = run(tmp_path, monkeypatch, capsys, "", "feet-on-floor", "--speed", "10", "--log")
    assert code == 0
    [entry] = log_json(tmp_path, capsys)
    assert entry["exercise"] == "painpath/feet-on-floor"


def test_speed_out_of_range_is_a_usage_mistake(tmp_path, monkeypatch, capsys) -> None:
    code, _, err = run(tmp_path, monkeypatch, capsys, "", "feet-on-floor", "--speed", "0")
    assert code == 2
    assert "--speed 0 is outside what painpath can run" in err


def test_unknown_exercise_says_did_you_mean(tmp_path, monkeypatch, capsys) -> None:
    code, _, err = run(tmp_path, monkeypatch, capsys, "", "feet-on-flor")
    assert code == 3
    assert 'Did you mean "feet-on-floor"?' in err


def test_a_session_the_log_cannot_take_is_rescued_to_a_file(
        tmp_path, monkeypatch, capsys, fake_time) -> None:
    from painpath.errors import StoreError
    from painpath.store.db import Store

    def full(self, entry, *, live=False):
        raise StoreError("The disk is full, so your log could not be written.")

    monkeypatch.setattr(Store, "save_entry", full)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    code, _, err = run(tmp_path, monkeypatch, capsys, "5\n", "feet-on-floor", "--plain")
    assert code == 4
    assert "kept safe in" in err and "painpath import" in err
    [rescue] = tmp_path.glob("painpath-unsaved-session-*.json")
    document = json.loads(rescue.read_text())
    [entry] = document["entries"]
    assert entry["exercise"] == "painpath/feet-on-floor"
    assert {"scale": "distress", "value": 5, "phase": "before", "region": None} in [
        {k: r[k] for k in ("scale", "value", "phase", "region")} for r in entry["ratings"]]
