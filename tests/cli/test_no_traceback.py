"""No traceback, ever: `--debug` anywhere, and `painpath` without a terminal (issue 9)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from painpath.cli import main


def test_debug_is_accepted_after_the_command(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "list", "--debug", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) >= 12
    assert main([*data, "pack", "list", "--debug"]) == 0
    assert main([*data, "pack", "--debug", "list"]) == 0
    capsys.readouterr()


def test_debug_after_the_command_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import painpath.commands.library as handlers

    def broken(*_: object) -> int:
        raise RuntimeError("the list fell over")

    monkeypatch.setattr(handlers, "cmd_list", broken)
    with pytest.raises(RuntimeError, match="the list fell over"):
        main(["list", "--debug"])


def test_debug_in_each_command_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check-in", "--help"])
    assert "--debug" in capsys.readouterr().out


def test_the_app_without_a_terminal_says_what_to_do_instead(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Under pytest standard output is captured: not a terminal, as in `painpath | less`.
    code = main(["--data-dir", str(tmp_path / "data")])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    words = " ".join(err.replace("│", " ").split())
    assert "painpath's app needs a terminal to show itself in" in words
    assert "painpath run ID --plain" in words
    assert "painpath list" in words
    assert not (tmp_path / "data").exists()  # nothing opened, nothing written


def test_review_without_a_terminal_says_what_to_do_instead(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    export = tmp_path / "alice.json"
    export.write_text("{}", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "data"), "review", str(export)]) == 2
    assert "needs a terminal" in capsys.readouterr().err


@pytest.mark.slow
def test_painpath_into_a_pipe_writes_no_escape_codes(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "painpath", "--data-dir", str(tmp_path)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "\x1b" not in done.stderr
    assert "painpath run ID --plain" in " ".join(done.stderr.replace("│", " ").split())
