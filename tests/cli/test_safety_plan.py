"""The personal safety plan on the command line: read, edit, export, import, forget (issue 9)."""

from __future__ import annotations

import io
import json
import stat
import sys
from pathlib import Path

import pytest

from painpath.cli import main
from painpath.paths import Paths
from painpath.safety_plan import SafetyPlan, parse, save, to_toml

EDITOR = """import os, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
for old, new in [(os.environ["FIND"], os.environ["PUT"])]:
    text = text.replace(old, new)
open(path, "w", encoding="utf-8").write(text)
sys.exit(int(os.environ.get("EXIT", "0")))
"""


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    return script


def edit(monkeypatch: pytest.MonkeyPatch, find: str, put: str) -> None:
    monkeypatch.setenv("FIND", find)
    monkeypatch.setenv("PUT", put)


def test_no_plan_yet_says_how_to_make_one(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    code, out, _ = cli(capsys, tmp_path / "data", "safety")
    assert code == 0
    assert out.startswith("You have no safety plan yet.")
    assert "The command painpath safety edit opens one to fill in" in out
    assert "`" not in out  # read aloud as a symbol
    assert "In a crisis, call your local emergency number." in out


def test_edit_starts_from_the_template_and_saves_privately(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, editor: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    edit(monkeypatch, '  # "Sam, my sister: 0123 456 789",', '  "Sam, my sister: 0123 456 789",')
    code, out, _ = cli(capsys, data, "safety", "edit")
    assert code == 0
    assert "Your safety plan is saved" in out
    file = data / "safety-plan.toml"
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert file.read_text(encoding="utf-8").startswith("# My safety plan")
    assert list(data.glob(".safety-plan-*")) == []  # the editing copy is gone
    code, out, _ = cli(capsys, data, "safety")
    assert code == 0
    assert out.splitlines()[:4] == ["Your safety plan", "", "People I can call:",
                                    "  Sam, my sister: 0123 456 789"]


def test_a_mistake_is_said_in_words_and_the_words_are_kept(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, editor: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    edit(monkeypatch, 'crisis_line = ""', 'crisis_line = "Samaritans 116 123')
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: not asked again
    code, _, err = cli(capsys, data, "safety", "edit")
    assert code == 1
    assert "Your words are saved, but part of the plan could not be read:" in err
    assert "safety-plan.toml:18: this file could not be read: a text in quotes is not " \
           "closed before the end of the line; add the closing quote" in err
    assert "Samaritans 116 123" in (data / "safety-plan.toml").read_text(encoding="utf-8")
    code, out, err = cli(capsys, data, "safety")  # still readable in a hurry
    assert code == 1
    assert "My crisis line:\n  Samaritans 116 123" in out
    assert "`painpath safety edit` opens it to fix this." in err


def test_wrong_kinds_name_the_key_and_line(tmp_path: Path) -> None:
    plan, problems = parse(b'format = 1\ncall = 3\nhelp = ["tea"]\n', "plan.toml")
    assert plan == SafetyPlan()
    assert problems == [
        'plan.toml:3: "help" is not a part of the plan; the parts are call, crisis_line, '
        "helps, places and people (is it spelt differently?)",
        'plan.toml:2: call should be a list of texts in quotes, like call = ["Sam, my '
        'sister: 0123 456 789"]']


def test_the_editor_failing_or_missing_changes_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, editor: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    save(Paths(data_dir=data, config_dir=data), SafetyPlan(helps=("tea",)))
    before = (data / "safety-plan.toml").read_text(encoding="utf-8")
    edit(monkeypatch, "tea", "coffee")
    monkeypatch.setenv("EXIT", "3")
    code, _, err = cli(capsys, data, "safety", "edit")
    assert code == 1
    assert "The editor closed with an error (exit 3), so your safety plan is unchanged." in err
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    code, _, err = cli(capsys, data, "safety", "edit")
    assert code == 1
    assert "painpath could not open the editor" in err
    assert "Your safety plan is unchanged." in " ".join(err.replace("│", " ").split())
    assert (data / "safety-plan.toml").read_text(encoding="utf-8") == before


def test_plan_text_is_shown_as_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    save(Paths(data_dir=data, config_dir=data),
         SafetyPlan(helps=("tea\x1b[2J [bold]now[/bold]\nand rest",)))
    code, out, _ = cli(capsys, data, "safety")
    assert code == 0
    assert "  tea[2J [bold]now[/bold] and rest" in out.splitlines()
    assert "\x1b" not in out


def test_template_round_trips() -> None:
    plan = SafetyPlan(call=('Sam "the rock": 0123',), crisis_line="116 123",
                      helps=("a walk", "tea"), places=("the river",), people=("Ana",))
    assert parse(to_toml(plan).encode(), "f") == (plan, [])
    assert parse(to_toml().encode(), "f") == (SafetyPlan(), [])


def test_export_holds_the_plan_and_import_brings_it_back(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data, other = tmp_path / "data", tmp_path / "other"
    save(Paths(data_dir=data, config_dir=data), SafetyPlan(call=("Sam: 0123",)))
    assert cli(capsys, data, "check-in", "--pain", "4")[0] == 0
    export = tmp_path / "backup.json"
    assert cli(capsys, data, "export", "--format", "json", "-o", str(export))[0] == 0
    document = json.loads(export.read_text(encoding="utf-8"))
    assert document["safety_plan"]["call"] == ["Sam: 0123"]
    keys = list(document)
    assert keys.index("safety_plan") < keys.index("entries")  # read back from the head
    code, out, _ = cli(capsys, other, "import", str(export))
    assert code == 0
    assert "Your safety plan from that file is back too" in out
    assert (other / "safety-plan.toml").read_text(encoding="utf-8") == \
        (data / "safety-plan.toml").read_text(encoding="utf-8")
    # A plan the person has now is never replaced.
    save(Paths(data_dir=other, config_dir=other), SafetyPlan(call=("Ana: 0456",)))
    code, out, _ = cli(capsys, other, "import", str(export))
    assert "Your own safety plan is kept as it is" in " ".join(out.split())
    assert "Ana: 0456" in (other / "safety-plan.toml").read_text(encoding="utf-8")


def test_export_without_a_plan_has_none(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli(capsys, data, "check-in", "--pain", "4")[0] == 0
    code, out, _ = cli(capsys, data, "export", "--format", "json")
    assert code == 0 and "safety_plan" not in json.loads(out)


def test_forget_all_removes_the_plan(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    data = tmp_path / "data"
    save(Paths(data_dir=data, config_dir=data), SafetyPlan(call=("Sam: 0123",)))
    code, _, _ = cli(capsys, data, "forget", "--all", "--yes")
    assert code == 0
    assert not (data / "safety-plan.toml").exists()
