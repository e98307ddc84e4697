"""The bundled library reads the same on screen, spoken and in plain mode.

Its texts are shown by the app, printed by plain mode for screen readers and
(issue 10) spoken by a voice. "Press space", "press g", "as the pacer grows"
only make sense in front of the app's screen, so none of its words may lean on
a key, the pacer or anything seen on screen. The app and plain mode say their
own keys themselves (the footer; plain mode's "Press Enter once for each one").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli

from painpath.pack_template import EXERCISE_TOML, PACK_TOML, PLAN_TOML

LIBRARY = Path(__file__).resolve().parents[1] / "exercises"
SCREEN_ONLY = re.compile(
    r"\bpress(?:es|ing)?\s+(?:the\s+)?(?:g|q|n|p|k|space(?:bar)?|enter|return|escape|esc|tab|"
    r"ctrl\S*)\b|\bpacer\b|\bthe bar\b|\b(?:grows|shrinks)\b|\bon(?: the)? screen\b|"
    r"\bclick|\bbuttons?\b|\bkeys?\b|\bscroll|\bfooter\b|\bhighlighted\b", re.IGNORECASE)
# Values that are ids, not words anyone reads.
NOT_WORDS = {"id", "tags", "kind", "license", "language", "exercise", "pack", "region",
             "rate", "scale", "ratings", "format", "version", "before", "after"}


def words(value: object, key: str = "") -> Iterator[tuple[str, str]]:
    if key in NOT_WORDS:
        return
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from words(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from words(v, key)


FILES = sorted(LIBRARY.rglob("*.toml"))


def test_the_library_is_found() -> None:
    assert len(FILES) >= 12


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bundled_texts_use_no_screen_only_phrases(path: Path) -> None:
    found = [f"{key}: …{text[max(0, m.start() - 30):m.end() + 10]}…"
             for key, text in words(tomli.loads(path.read_text(encoding="utf-8")))
             for m in SCREEN_ONLY.finditer(text)]
    assert found == []


def test_the_pack_template_teaches_words_that_work_spoken() -> None:
    for template in (PACK_TOML, EXERCISE_TOML, PLAN_TOML):
        assert not SCREEN_ONLY.search(template), SCREEN_ONLY.search(template)


@pytest.mark.parametrize("phrase", ["Press space for each one.", "press g to ground",
                                    "breathe in as the pacer grows", "as the bar grows",
                                    "Press Enter", "the buttons below"])
def test_the_scan_catches_what_it_is_for(phrase: str) -> None:
    assert SCREEN_ONLY.search(phrase)
