"""The PEG's second and third items are named as interference wherever people read them."""

from __future__ import annotations

import pytest

from painpath.scale_names import scale_name, scale_words, short_name
from painpath.tui.entry_words import scale_words as history_words
from painpath.tui.screens.ratings import scale_name as summary_name


@pytest.mark.parametrize(("scale", "words"), [
    ("enjoyment", "interference with enjoyment of life"),
    ("activity", "interference with general activity"),
    ("pain", "pain"), ("sleep-quality", "sleep quality")])
def test_scale_words(scale: str, words: str) -> None:
    assert scale_words(scale) == words == history_words(scale)
    assert scale_name(scale) == words[0].upper() + words[1:] == summary_name(scale)


def test_short_names_still_say_interference() -> None:
    assert short_name("enjoyment") == "Interference with enjoyment"
    assert short_name("activity") == "Interference with activity"


def test_report_chart_legend_says_interference() -> None:
    from painpath.reports.summary import WeeklyLine
    from painpath.reports.svg import _legend_items

    chart = type("Chart", (), {"lines": [WeeklyLine("activity", ())], "marks": []})()
    [(label, scale, _, _)] = _legend_items(chart)  # type: ignore[arg-type]
    assert (label, scale) == ("interference with general activity, weekly mean", "activity")
