"""Hostile exports are refused whole, with a plain reason, and never a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from painpath.cli import main
from painpath.errors import InvalidFileError
from painpath.store import Store
from painpath.store.import_file import parse_export, parse_export_rows

GOOD: dict[str, Any] = {
    "id": "7f1e1c9e-3c1f-4e51-9d7a-0d5c8f7b2a10", "type": "session",
    "exercise": "painpath/body-scan", "started": "2026-11-23T21:34:18+01:00",
    "ended": "2026-11-23T21:44:18+01:00", "status": "completed", "planned_s": 600.0,
    "practiced_s": 590.5, "furthest_step": 3,
    "ratings": [{"id": "0b5a0d39-0b0e-4f4e-8a55-8d5b8f4a7c21", "scale": "pain", "value": 6,
                 "phase": "during", "region": "jaw", "step": 1, "at": None}],
    "entries": [{"id": "1b5a0d39-0b0e-4f4e-8a55-8d5b8f4a7c21", "step": 2, "text": "ok",
                 "at": None}],
    "note": "ok", "peg": False, "content_hash": None, "pack_version": None,
    "updated": "2026-11-23T21:44:18+01:00"}
OTHER = dict(GOOD, id="8f1e1c9e-3c1f-4e51-9d7a-0d5c8f7b2a10", ratings=[], entries=[])


def _file(**changes: Any) -> str:
    entry = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if key in ("rating", "answer"):
            entry["ratings" if key == "rating" else "entries"][0].update(value)
        else:
            entry[key] = value
    # A good entry first: a refusal must add nothing at all.
    return json.dumps({"format": 1, "exported": GOOD["updated"], "entries": [OTHER, entry]})


HOSTILE = {
    "a note with a lone surrogate": (_file(note="a\ud800b"), "broken character"),
    "an answer with a lone surrogate": (_file(answer={"text": "\udce9"}), "broken character"),
    "practiced_s = 1e308": (_file(practiced_s=1e308), "`practiced_s` is more than a week"),
    "a pain rating of 100": (_file(rating={"value": 100}),
                             "pain rating of 100, but pain is rated from 0 to 10"),
    "ended before started": (_file(ended="2026-11-22T21:44:18+01:00"),
                             "`ended` is before `started`"),
    "a region that is no region": (_file(rating={"region": "\x1b[2Jjaw"}),
                                   "not a body region"),
    "an exercise id with escapes": (_file(exercise="painpath/\x1b]0;title\x07x"),
                                    "`exercise` holds control characters"),
    "a nested list 100,000 deep": (
        '{"format": 1, "entries": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "nested far deeper than an export's"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_export_is_refused_whole_with_a_plain_reason(name: str) -> None:
    text, reason = HOSTILE[name]
    for parse in (parse_export, parse_export_rows):
        with pytest.raises(InvalidFileError) as refused:
            parse(text, "their.json")
        message = " ".join(str(refused.value).split())
        assert reason in message and "Nothing was added." in message


@pytest.mark.parametrize("name", HOSTILE)
def test_import_of_a_hostile_export_adds_nothing_and_shows_no_traceback(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, reason = HOSTILE[name]
    source = tmp_path / "their.json"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    data = tmp_path / "data"
    code = main(["--data-dir", str(data), "import", str(source)])
    out = capsys.readouterr()
    assert code != 0 and code != 70
    assert "Traceback" not in out.err + out.out
    assert reason.split()[0] in " ".join(out.err.split())
    if (data / "painpath.db").exists():  # checked whole before the log is even opened
        with Store.open(data / "painpath.db") as store:
            assert store.count() == 0


@pytest.mark.parametrize("name", HOSTILE)
def test_review_of_a_hostile_export_is_refused_before_anything_shows(
        name: str, tmp_path: Path) -> None:
    text, _ = HOSTILE[name]
    source = tmp_path / "their.json"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(InvalidFileError):
        Store.from_export(source)


def test_the_good_entry_alone_is_imported() -> None:
    assert len(parse_export_rows(_file(), "their.json")) == 2
