"""Lengths agree: a title's minutes, the library's listing, the summary, History, plain mode.

Before: "Body scan (30 minutes)" was listed as "about 31 min", and a practice
of 2 min 30 s was "2 minutes" in the summary (Python rounds halves to even)
and "3 minutes" in plain mode.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from painpath.library import Library
from painpath.paths import Paths
from painpath.plain_words import minutes_phrase
from painpath.store.records import Entry
from painpath.timefmt import minutes
from painpath.tui.entry_words import practised
from painpath.tui.widgets.outline import about

TITLED = re.compile(r"\((\d+) minutes?\)")


def test_a_title_that_says_its_minutes_is_that_long(tmp_path: Path) -> None:
    library = Library.load(Paths(data_dir=tmp_path / "d", config_dir=tmp_path / "c"))
    titled = [(e, int(m[1])) for e in library.exercises.values()
              if (m := TITLED.search(e.title))]
    assert len(titled) >= 2
    for exercise, said in titled:
        assert exercise.total_seconds == said * 60, exercise.title
        assert about(exercise.total_seconds) == f"{said} min"


@pytest.mark.parametrize(("seconds", "shown"), [
    (1800, "30 min"), (1860, "31 min"), (1890, "about 32 min"), (675, "about 11 min"),
    (45, "about 45 s"), (90, "about 1 min 30 s")])
def test_the_listing_says_exact_lengths_without_about(seconds: float, shown: str) -> None:
    assert about(seconds) == shown


def _session(seconds: float) -> Entry:
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    return Entry(id="e", type="session", started=moment, exercise="painpath/x",
                 status="completed", practiced_s=seconds)


@pytest.mark.parametrize("seconds", [60, 89, 90, 149, 150, 151, 210, 1799, 1800, 1830])
def test_summary_history_and_plain_mode_say_the_same_minutes(seconds: float) -> None:
    summary = minutes(seconds)  # "3 minutes"
    history = practised(_session(seconds))  # "3 min"
    assert summary == minutes_phrase(seconds)
    assert summary.split()[0] == history.split()[0], (summary, history)
