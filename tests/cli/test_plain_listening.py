"""Plain mode made for listening: any input (closed, empty, not a terminal), no symbols.

Before: `painpath run X --plain <&-` crashed with AttributeError (readline on
None); errors and `painpath log` were drawn in boxes even into a pipe; the
summary said "pain 6 → 4" and a missing rating "–".
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from painpath.cli import main
from painpath.library import Library
from painpath.paths import Paths

# Symbols a screen reader reads as words (or not at all) where a word was meant.
SYMBOLS = re.compile("[…→←–—×\u2500-\u257f\u2580-\u259f]")


def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str], stdin: object, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", stdin)
    code = main(["--data-dir", str(tmp_path / "data"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class Unreadable(io.StringIO):
    """Standard input that is there but cannot be read (a closed descriptor)."""

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        raise OSError(9, "Bad file descriptor")


def closed_stream() -> io.StringIO:
    stream = io.StringIO("6\n")
    stream.close()
    return stream


@pytest.mark.parametrize("stdin", [None, "closed", "unreadable", ""],
                         ids=["no-stdin", "closed", "unreadable", "empty"])
def test_any_input_runs_the_practice_and_skips_the_questions(
        tmp_path, monkeypatch, capsys, fake_time, stdin) -> None:
    given = {"closed": closed_stream(), "unreadable": Unreadable(),
             "": io.StringIO("")}.get(stdin) if stdin is not None else None
    code, out, err = run_cli(tmp_path, monkeypatch, capsys, given,
                             "run", "feet-on-floor", "--plain")
    assert code == 0 and "Traceback" not in err and "Error" not in err
    assert "Step 6 of 6" in out and "That is the end of the practice." in out
    assert "Traceback" not in out and "AttributeError" not in out


def test_non_interactive_answers_are_read_in_order(tmp_path, monkeypatch, capsys,
                                                   fake_time) -> None:
    answers = io.StringIO("seven\n7\ncup\nlamp\ndoor\n3\nok\n")
    code, out, _ = run_cli(tmp_path, monkeypatch, capsys, answers,
                           "run", "feet-on-floor", "--plain")
    assert code == 0
    assert out.count("That isn't a whole number from 0 to 10.") == 1
    assert out.splitlines()[-1] == "distress 7, then 3"


@pytest.mark.slow
def test_a_closed_standard_input_for_real(tmp_path: Path) -> None:
    """The reported crash: the shell closes descriptor 0 (`<&-`)."""
    painpath = Path(sys.executable).parent / "painpath"
    cmd = f"'{painpath}' --data-dir '{tmp_path}' run breathing-space --plain --speed 1000 <&-"
    done = subprocess.run(["sh", "-c", cmd], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    assert "nothing from it was saved" in done.stdout


def bundled_ids(tmp_path: Path) -> list[str]:
    paths = Paths(data_dir=tmp_path / "d", config_dir=tmp_path / "c")
    return [e.qualified_id for e in Library.load(paths).exercises.values()
            if e.pack == "painpath"]


def test_plain_output_holds_no_symbols_read_as_words(tmp_path, monkeypatch, capsys,
                                                     fake_time) -> None:
    """Every bundled practice, answered and skipped; a preview; an error; the log."""
    said: list[str] = []
    ids = bundled_ids(tmp_path)
    assert len(ids) >= 10
    for ident in ids:
        answers = io.StringIO("x\n5\n\n" + "tree\n" * 12 + "a thought\n" * 6 + "4\n" * 30)
        code, out, err = run_cli(tmp_path, monkeypatch, capsys, answers, "run", ident,
                                 "--plain", "--log")
        assert code == 0, err
        said += [out, err]
        code, out, err = run_cli(tmp_path, monkeypatch, capsys, io.StringIO(""), "run", ident,
                                 "--plain", "--speed", "10")
        said += [out, err]
    for args in (["run", "nosuch"], ["log"], ["check-in", "--pain", "11"]):
        _, out, err = run_cli(tmp_path, monkeypatch, capsys, io.StringIO(""), *args)
        said += [out, err]
    text = "\n".join(said)
    found = sorted(set(SYMBOLS.findall(text)))
    assert found == [], [line for line in text.splitlines() if SYMBOLS.search(line)][:5]
    assert "then not given" in text or ", then " in text


def test_the_log_into_a_pipe_is_sentences(tmp_path, monkeypatch, capsys, fake_time) -> None:
    answers = io.StringIO("6\ncup\nlamp\ndoor\n4\n\n")
    run_cli(tmp_path, monkeypatch, capsys, answers, "run", "feet-on-floor", "--plain")
    code, out, _ = run_cli(tmp_path, monkeypatch, capsys, io.StringIO(""), "log")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Your log: 1 entry, newest first."
    assert lines[1].endswith(". Feet on the floor: grounding now. Completed, 1 minute 35 seconds. "
                             "Distress 6, then 4.")


def test_an_error_into_a_pipe_is_plain_lines(tmp_path, monkeypatch, capsys) -> None:
    code, _, err = run_cli(tmp_path, monkeypatch, capsys, io.StringIO(""), "run", "nosuch")
    assert code == 3
    assert err.splitlines()[0] == 'Not found: There is no exercise "nosuch".'
