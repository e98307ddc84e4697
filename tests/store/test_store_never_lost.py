"""A practice is never lost: bad text is made valid, every failure reaches a rescue
file, and two rescues never share a name."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from painpath.cli import main
from painpath.engine.events import Finished, SessionStarted, StepStarted
from painpath.errors import StoreError
from painpath.paths import Paths
from painpath.sessionlog import SessionLog
from painpath.store import Entry, Store
from painpath.store.recorder import SessionRecorder
from painpath.text import valid_text

DRAFT = """format = 1
id = "tiny"
title = "Tiny"
kind = "grounding"

[ratings]
before = ["distress"]
after = ["distress"]

[[steps]]
text = "Feel your feet."
duration = "30s"

[[steps]]
text = "Write one word."
entry = true
"""


def test_a_non_utf8_byte_becomes_the_letter_it_most_likely_was() -> None:
    assert valid_text("caf\udce9") == "café"  # a Latin-1 é read with surrogateescape
    assert valid_text("x\ud800y") == "x\ufffdy"  # a lone surrogate from a JSON escape
    assert valid_text("plain") == "plain" and valid_text(None) is None


def test_a_non_utf8_answer_on_standard_input_is_saved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        fake_time: object) -> None:
    draft = tmp_path / "tiny.toml"
    draft.write_text(DRAFT)
    # What Python makes of `printf '5\nmy \xe9 answer\n3\n\n'` on a UTF-8 terminal.
    monkeypatch.setattr(sys, "stdin", io.StringIO("5\nmy \udce9 answer\n3\n\n"))
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "run", str(draft), "--plain"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "log", "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["status"] == "completed"
    assert [a["text"] for a in entry["entries"]] == ["my é answer"]


def test_a_check_in_note_with_a_non_utf8_byte_is_saved(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "check-in", "--pain", "3", "--note", "caf\udce9"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "log", "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["note"] == "café"


def test_the_store_keeps_any_text_it_is_given(store: Store,
                                              session_entry: Callable[..., Entry]) -> None:
    e = session_entry(note="n\udce9", before={"pain": 3})
    store.save_entry(e)
    store.set_note(e.id, "\ud83d only half an emoji")
    got = store.get(e.id)
    assert got is not None and got.note == "\ufffd only half an emoji"


class Broken:
    """A store that fails in a way it does not know (not a StoreError)."""

    def save_entry(self, entry: Entry, **kw: object) -> None:
        raise ValueError("surrogates not allowed")


def test_an_unexpected_failure_to_save_is_never_silent(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    rec = SessionRecorder(Broken(), "painpath/body-scan")  # type: ignore[arg-type]
    rec(SessionStarted("painpath/body-scan", 60.0))
    rec(StepStarted(0, 0.0))
    rec(Finished(practiced_seconds=60.0, furthest_step=0))
    assert not rec.saved and isinstance(rec.error, StoreError)
    assert "could not write this session" in str(rec.error)


def _ended_session(log: SessionLog, exercise: object) -> None:
    [listener] = log.listeners(exercise)  # type: ignore[arg-type]
    listener(SessionStarted("painpath/tiny", 60.0))
    listener(Finished(practiced_seconds=60.0, furthest_step=0))


def test_two_sessions_ending_in_the_same_second_keep_two_rescue_files(
        tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    exercise = SimpleNamespace(qualified_id="painpath/tiny", content_hash=None,
                               pack_version=None, total_seconds=60)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))

    def full(self: Store, entry: Entry, *, live: bool = False) -> None:
        raise StoreError("The disk is full, so your log could not be written.")

    monkeypatch.setattr(Store, "save_entry", full)
    log = SessionLog(paths)
    _ended_session(log, exercise)
    _ended_session(log, exercise)
    first = log.finish(exercise.qualified_id, None)
    second = log.finish(exercise.qualified_id, None)
    assert first is not None and second is not None and first != second
    ids = {json.loads(p.read_text())["entries"][0]["id"] for p in (first, second)}
    assert len(ids) == 2


def test_a_rescue_goes_to_the_temporary_folder_when_home_and_here_are_read_only(
        tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    nowhere = tmp_path / "missing"  # neither exists: nothing can be written there
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: nowhere))
    monkeypatch.setattr(Path, "cwd", classmethod(lambda cls: nowhere))
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    rec = SessionRecorder(Broken(), "painpath/body-scan")  # type: ignore[arg-type]
    rec(SessionStarted("painpath/body-scan", 60.0))
    path = SessionLog(paths)._rescue(rec)
    assert path.parent == tmp_path and path.exists()
