"""`painpath list`, `show` and `validate`, as a person types them: output and exit codes.

Exit codes: 0 fine (warnings allowed), 1 errors in files, 2 a usage mistake,
3 not found, 70 a bug in painpath (a kind panel; `--debug` shows the traceback).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import painpath
from painpath.cli import main

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "fixtures" / "bad"
BUNDLED = ROOT / "exercises"
TWELVE = {"body-scan-short", "body-scan", "breathing-space", "sitting", "mindful-movement",
          "five-senses", "orienting", "feet-on-floor", "box-breathing", "longer-exhale",
          "pendulation", "thought-record"}

GOOD = ('format = 1\nid = "{id}"\ntitle = "{title}"\nkind = "{kind}"\n\n'
        '[[steps]]\ntext = "Arrive."\nduration = "1m"\n')


@pytest.fixture(autouse=True)
def quiet_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own empty data folder and a wide, colourless terminal."""
    monkeypatch.setenv("PAINPATH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PAINPATH_LIBRARY", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def draft(folder: Path, name: str, ident: str, title: str = "Draft", kind: str = "other") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(GOOD.format(id=ident, title=title, kind=kind))
    return path


# --- list ------------------------------------------------------------------------------


def test_list_shows_a_table_of_the_bundled_exercises(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert (code, err) == (0, "")
    assert "Exercises" in out
    for ident in TWELVE:
        assert f"painpath/{ident} " in out
    line = next(li for li in out.splitlines() if "painpath/feet-on-floor" in li)
    assert "Feet on the floor: grounding now" in line and "grounding" in line
    assert "2 min" in line


def test_list_by_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--kind", "breathing", "--json")
    assert code == 0
    assert {e["exercise"] for e in json.loads(out)} == {"box-breathing", "longer-exhale"}
    code, out, _ = run(capsys, "list", "--kind", "grounding")
    assert "painpath/five-senses" in out and "painpath/body-scan" not in out


def test_list_with_an_unknown_kind_is_a_usage_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "--kind", "yoga")
    assert (code, out) == (2, "")
    assert '"yoga" is not a kind of exercise.' in err
    assert ("The kinds are: body-scan, mbsr, grounding, breathing, somatic, movement, other."
            in err)


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    items = json.loads(out)
    assert {e["exercise"] for e in items} == TWELVE
    for item in items:
        assert {"id", "pack", "title", "kind", "seconds"} <= item.keys()
        assert item["id"] == f"painpath/{item['exercise']}" and item["pack"] == "painpath"
        assert isinstance(item["seconds"], int) and item["seconds"] > 0
    feet = next(e for e in items if e["exercise"] == "feet-on-floor")
    assert 90 <= feet["seconds"] <= 150
    assert feet["title"] == "Feet on the floor: grounding now" and feet["kind"] == "grounding"


def test_list_mentions_files_that_could_not_be_loaded(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft(tmp_path / "lib", "ok.toml", "fine")
    (tmp_path / "lib" / "broken.toml").write_text("format = 1\nid = \n")
    code, out, _ = run(capsys, "--library", str(tmp_path / "lib"), "list")
    assert code == 0
    assert "local/fine" in out
    assert "1 file could not be loaded. `painpath validate PATH` explains why." in out


# --- show ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["body-scan", "painpath/body-scan",
                                    str(BUNDLED / "exercises" / "body-scan.toml")])
def test_show_by_id_qualified_id_or_file(capsys: pytest.CaptureFixture[str], target: str) -> None:
    code, out, err = run(capsys, "show", target)
    assert (code, err) == (0, "")
    assert out.startswith("Body scan (30 minutes)\npainpath/body-scan · body-scan · 30 min")
    assert "Content note: This practice brings attention to the body" in out
    assert "  1. Arriving  (1 min 30 s)" in out
    assert "region: feet  then rate tension" in out
    assert "Ratings asked: before pain, tension; after pain, tension." in out


def test_show_describes_each_way_of_timing(capsys: pytest.CaptureFixture[str]) -> None:
    _, box, _ = run(capsys, "show", "box-breathing")
    assert "8 breaths (in 4, hold 4, out 4, rest 4)" in box
    _, senses, _ = run(capsys, "show", "five-senses")
    assert "(mark 5, up to 2 min)" in senses
    _, record, _ = run(capsys, "show", "thought-record")
    assert "(write an answer" in record
    _, sitting, _ = run(capsys, "show", "sitting")
    assert "a bell every 5 min" in sitting


def test_show_unknown_id_suggests_the_near_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "body-scna")
    assert (code, out) == (3, "")
    assert 'There is no exercise "body-scna".' in err
    assert 'Did you mean "body-scan"? `painpath list` shows them all.' in err
    assert "Traceback" not in err


def test_show_ambiguous_short_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft(tmp_path / "lib", "mine.toml", "body-scan", "My body scan", "body-scan")
    code, _, err = run(capsys, "--library", str(tmp_path / "lib"), "show", "body-scan")
    assert code == 2
    assert 'More than one exercise is called "body-scan": local/body-scan, painpath/body-scan.' \
        in err
    assert "Name it with its pack, like PACK/EXERCISE." in err
    code, out, _ = run(capsys, "--library", str(tmp_path / "lib"), "show", "local/body-scan")
    assert code == 0 and out.startswith("My body scan\n")


def test_show_a_broken_file_lists_its_problems(capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / "duration-words.toml"
    code, out, err = run(capsys, "show", str(path))
    assert (code, out) == (1, "")
    assert "has problems, so it cannot be opened" in err
    assert "steps[3].duration" in err and '"ten minutes" is not a duration' in err
    assert "painpath validate" in err


def test_show_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "show", str(tmp_path / "nope.toml"))
    assert code == 3
    assert "There is no file" in err and "nope.toml" in err


# --- validate --------------------------------------------------------------------------


def test_validate_one_good_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = draft(tmp_path, "calm.toml", "calm")
    code, out, err = run(capsys, "validate", str(path))
    assert (code, out, err) == (0, "1 exercise loaded; 0 errors, 0 warnings. All good.\n", "")


def test_validate_prints_file_line_key_and_message(capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / "duration-words.toml"
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        f'error   {path}:16: steps[3].duration: "ten minutes" is not a duration; write it '
        'like "90s", "10m" or "1m30s"',
        "0 exercises loaded; 1 error, 0 warnings in 1 file.",
    ]


def test_validate_a_folder_of_drafts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(BAD))
    assert code == 1
    lines = out.splitlines()
    assert lines[-1].startswith("2 exercises loaded; ")  # the two files with warnings only
    assert f"warning {BAD / 'unknown-key-near.toml'}:13: steps[2].durration: unknown key " \
        "`durration`, did you mean `duration`?" in lines
    assert f"error   {BAD / 'kind-near-miss.toml'}:4: kind: " in "\n".join(lines)


def test_validate_warnings_only_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(BAD / "unknown-key-far.toml"))
    assert code == 0
    assert out.splitlines()[-1] == "1 exercise loaded; 0 errors, 1 warning in 1 file."


def test_validate_the_bundled_pack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(BUNDLED))
    assert (code, out) == (0, "12 exercises loaded; 0 errors, 0 warnings. All good.\n")


def test_validate_a_zip_pack(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "steady.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("pack.toml", 'format = 1\nid = "steady"\ntitle = "S"\nversion = "1.0.0"\n')
        zf.writestr("exercises/calm.toml", GOOD.format(id="calm", title="Calm", kind="other"))
    code, out, _ = run(capsys, "validate", str(path), "--json")
    assert code == 0
    assert json.loads(out) == {"ok": True, "errors": 0, "warnings": 0, "derived": 0,
                               "exercises": ["steady/calm"], "problems": []}


def test_validate_a_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", str(tmp_path / "nowhere"))
    assert code == 1
    assert f"error   {tmp_path / 'nowhere'}: there is no file or folder with this name" in out


def test_validate_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--json", str(BAD / "duration-words.toml"),
                       str(BAD / "unknown-key-far.toml"))
    assert code == 1
    report = json.loads(out)
    assert report == {
        "ok": False, "errors": 1, "warnings": 1, "derived": 0, "exercises": ["local/newer"],
        "problems": [
            {"file": str(BAD / "duration-words.toml"), "line": 16, "key": "steps[3].duration",
             "severity": "error",
             "message": '"ten minutes" is not a duration; write it like "90s", "10m" or "1m30s"',
             "comes_from": None},
            {"file": str(BAD / "unknown-key-far.toml"), "line": 5, "key": "background_music",
             "severity": "warning",
             "message": "unknown key `background_music`; it will be ignored",
             "comes_from": None},
        ]}


# --- usage, version, help --------------------------------------------------------------


@pytest.mark.parametrize("argv, words", [
    (["validate"], "painpath validate needs a file or folder to check."),
    (["show"], "painpath show needs an exercise id or file (for example: body-scan)."),
    (["list", "--bogus"], "painpath does not know --bogus."),
    (["--bogus", "list"], "painpath does not know --bogus."),
])
def test_usage_mistakes_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str],
                               words: str) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert words in err
    assert "That command needs a small change" in err and "--help" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"painpath {painpath.__version__}\n"


def test_help_lists_the_foundation_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for words in ("list the exercises", "show one exercise's page",
                  "check exercise files, folders, packs or .zip packs", "--library DIR"):
        assert words in out


# --- extra libraries -------------------------------------------------------------------


def test_library_flag_and_environment_add_exercises(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    draft(tmp_path / "one", "a.toml", "from-flag")
    draft(tmp_path / "two", "b.toml", "from-env")
    monkeypatch.setenv("PAINPATH_LIBRARY", str(tmp_path / "two"))
    code, out, _ = run(capsys, "--library", str(tmp_path / "one"), "list", "--json")
    assert code == 0
    ids = {e["id"] for e in json.loads(out)}
    assert {"local/from-flag", "local/from-env"} <= ids
    assert len(ids) == 14


# --- bugs are apologised for, not shown as tracebacks ----------------------------------


def test_a_bug_shows_a_kind_panel_and_exit_70(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import painpath.commands.library as handlers

    def broken(*_: object) -> int:
        raise RuntimeError("the list fell over")

    monkeypatch.setattr(handlers, "cmd_list", broken)
    code, out, err = run(capsys, "list")
    assert (code, out) == (70, "")
    assert "Something went wrong inside painpath" in err
    assert "not in anything you did" in err
    assert "RuntimeError: the list fell over" in err
    assert "Traceback" not in err
    with pytest.raises(RuntimeError, match="the list fell over"):
        main(["--debug", "list"])


# --- no textual outside the TUI ------------------------------------------------------


@pytest.mark.slow
def test_foundation_commands_never_import_textual() -> None:
    code = ("import sys, io, contextlib\n"
            "from painpath.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert main(['list', '--json']) == 0\n"
            "    assert main(['show', 'body-scan']) == 0\n"
            "    assert main(['validate', 'exercises']) == 0\n"
            "assert 'textual' not in sys.modules, 'textual was imported'\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_no_core_module_imports_textual() -> None:
    src = ROOT / "src" / "painpath"
    offenders = []
    for path in sorted(src.rglob("*.py")):
        if (src / "tui") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(src)}:{node.lineno}" for n in names
                          if n == "textual" or n.startswith(("textual.", "textual_"))]
    assert offenders == []


# --- text from files is only text ----------------------------------------------------

EVIL = '''format = 1
id = "evil"
title = "[bold red]x[/] \\u001b[31mred"
kind = "other"
summary = "[@click=app.quit]x[/] \\u001b]8;;http://x\\u0007link\\u001b]8;;\\u0007"
description = "Para [link=http://x]y[/link] \\u009b31m"

[[steps]]
title = "[blink]step[/]"
text = "Breathe [@click=app.quit]in[/] \\u001b[2J"
duration = 5
'''


@pytest.mark.parametrize("color", [False, True])
def test_markup_and_escapes_in_files_are_shown_as_plain_text(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        color: bool) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "evil.toml").write_text(EVIL)
    if color:
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
    lib = ["--library", str(tmp_path / "lib")]
    code, shown, _ = run(capsys, *lib, "show", "evil")
    assert code == 0
    code, listed, _ = run(capsys, *lib, "list")
    assert code == 0
    for out in (shown, listed):
        assert "[bold red]x[/] [31mred" in out
        assert "\x1b[31mred" not in out and "\x1b]8" not in out and "\x07" not in out
        if not color:
            assert "\x1b" not in out
    for words in ("[@click=app.quit]x[/] ]8;;http://xlink]8;;", "Para [link=http://x]y[/link] 31m",
                  "[blink]step[/]", "Breathe [@click=app.quit]in[/] [2J"):
        assert words in shown
    assert "\x1b[2J" not in shown and "\x9b" not in shown
