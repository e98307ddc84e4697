"""The decisions docs/format.md records where FORMAT.md is silent, one test each."""

from __future__ import annotations

import shutil
from pathlib import Path

from painpath.format.loader import exercise_from_bytes, load_path
from painpath.format.models import COUNT_ITEM_ESTIMATE_S, ENTRY_ESTIMATE_S, Exercise
from painpath.library import Library
from painpath.paths import Paths, bundled_pack_dir

HEAD = 'format = 1\nid = "x"\ntitle = "X"\nkind = "other"\n'


def load(body: str) -> Exercise:
    """An exercise that must load without any problem."""
    ex, problems = exercise_from_bytes((HEAD + body).encode(), "x.toml")
    assert problems == []
    assert ex is not None
    return ex


def test_untimed_steps_are_estimated_for_lengths_shown() -> None:
    assert (COUNT_ITEM_ESTIMATE_S, ENTRY_ESTIMATE_S) == (10, 60)
    ex = load('[[steps]]\ntext = "a"\ncount = 5\n'
                        '[[steps]]\ntext = "b"\nentry = true\n'
                        '[[steps]]\ntext = "c"\ncount = 3\nduration = "5s"\n')
    assert [s.limit_seconds for s in ex.steps] == [None, None, 5.0]
    assert ex.total_seconds == 5 * 10 + 60 + 5


def test_partial_ratings_table_keeps_the_default_for_the_other() -> None:
    ex = load('[ratings]\nbefore = ["distress"]\n[[steps]]\ntext = "a"\nduration = 5\n')
    assert ex.ratings_before == ("distress",)
    assert ex.ratings_after == ("pain", "tension")


def test_empty_ratings_list_asks_nothing() -> None:
    ex = load('[ratings]\nbefore = []\n[[steps]]\ntext = "a"\nduration = 5\n')
    assert ex.ratings_before == ()


def test_breath_phases_may_be_decimals() -> None:
    ex = load('[[steps]]\ntext = "a"\ncycles = 2\n'
                        'breath = { inhale = 3.5, hold = 0.5, exhale = 5.5 }\n')
    step = ex.steps[0]
    assert step.breath is not None
    assert step.breath.phases() == [("inhale", 3.5), ("hold", 0.5), ("exhale", 5.5)]
    assert step.limit_seconds == 19.0


def test_first_of_two_same_named_exercises_wins_and_the_other_is_reported(
        tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(bundled_pack_dir(), copy)
    lib = Library.load(Paths(tmp_path / "data", tmp_path / "data", (copy,)))
    assert lib.exercises["painpath/body-scan"].source.startswith(str(bundled_pack_dir()))
    reported = [p for p in lib.problems if p.file == str(copy / "exercises" / "body-scan.toml")]
    assert [(p.severity, p.key) for p in reported] == [("warning", "id")]
    assert reported[0].message.startswith('"painpath/body-scan" is also in ')
    assert reported[0].message.endswith("; this copy is not used")


def test_bidi_overrides_are_removed_and_titles_folded() -> None:
    ex, problems = exercise_from_bytes(
        'format = 1\nid = "x"\ntitle = """Two\nlines \u202eevil"""\nkind = "other"\n'
        'author = "A.\\nTherapist"\n[[steps]]\ntext = "a\\u2066b"\nduration = 5\n'.encode(),
        "x.toml")
    assert problems == []
    assert ex is not None
    assert (ex.title, ex.author, ex.steps[0].text) == ("Two lines evil", "A. Therapist", "ab")


def test_a_zip_holding_a_folder_of_several_top_folders_is_not_looked_through(
        tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a/pack.toml", 'format = 1\nid = "a"\ntitle = "A"\nversion = "1.0.0"\n')
        zf.writestr("b/pack.toml", 'format = 1\nid = "b"\ntitle = "B"\nversion = "1.0.0"\n')
    (problem,) = load_path(path).problems
    assert "has no pack.toml at its top" in problem.message
