"""The CLI's doors into the app: `painpath`, `run` (TUI branch) and `review`."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from tui_helpers import make_ctx

from painpath.commands import app as app_commands
from painpath.errors import NotFoundError
from painpath.tui.app import PainpathApp


def test_importing_the_commands_does_not_import_textual() -> None:
    code = ("import sys, painpath.cli, painpath.commands.app, painpath.settings, "
            "painpath.tui.outcome; print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_cmd_app_opens_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_commands, "stdout_is_terminal", lambda: True)
    opened: list[PainpathApp] = []
    monkeypatch.setattr(PainpathApp, "run", lambda self: opened.append(self))
    assert app_commands.cmd_app(argparse.Namespace(), make_ctx(tmp_path)) == 0
    [app] = opened
    assert app.start_exercise is None
    assert app.settings_path == tmp_path / "config" / "settings.toml"


def test_run_tui_opens_the_exercise_at_the_given_speed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[PainpathApp] = []
    monkeypatch.setattr(PainpathApp, "run", lambda self: opened.append(self))
    assert app_commands.run_tui(make_ctx(tmp_path), "box-breathing", 30.0) == 0
    [app] = opened
    assert app.start_exercise is not None
    assert app.start_exercise.qualified_id == "painpath/box-breathing"
    assert app.speed == 30.0


def test_run_tui_unknown_exercise_is_a_readable_error(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as err:
        app_commands.run_tui(make_ctx(tmp_path), "box-breathin")
    assert err.value.message == 'There is no exercise "box-breathin".'
    assert err.value.hint is not None and "box-breathing" in err.value.hint


def test_review_names_a_missing_file(tmp_path: Path) -> None:
    # Review mode itself is tested in test_review.py.
    with pytest.raises(NotFoundError) as err:
        app_commands.cmd_review(argparse.Namespace(files=["x.json"]), make_ctx(tmp_path))
    assert err.value.message == "x.json is not there."
