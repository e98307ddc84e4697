"""Packs and plans: what a therapist sees when a pack folder has something wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from painpath.format.loader import load_file, load_folder, load_pack, load_path
from painpath.format.problems import Problem
from painpath.format.sources import FolderSource

PACK = 'format = 1\nid = "steady"\ntitle = "Steady Ground"\nversion = "1.2.0"\n'
SLEEP = ('[[scales]]\nid = "sleep"\nquestion = "How well did you sleep last night?"\n'
         'min = 0\nmax = 10\nlow = "not at all"\nhigh = "very well"\n')


def exercise(ident: str, extra: str = "", step: str = "") -> str:
    return (f'format = 1\nid = "{ident}"\ntitle = "Practice {ident}"\nkind = "other"\n{extra}'
            f'\n[[steps]]\ntext = "Arrive."\nduration = "1m"\n{step}')


def make_pack(root: Path, pack: str = PACK, exercises: dict[str, str] | None = None,
              plan: str | None = None, plans: dict[str, str] | None = None) -> Path:
    (root / "exercises").mkdir(parents=True)
    (root / "pack.toml").write_text(pack)
    for name, text in (exercises or {"a.toml": exercise("a")}).items():
        (root / "exercises" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "exercises" / name).write_text(text)
    if plan is not None:
        (root / "plan.toml").write_text(plan)
    for name, text in (plans or {}).items():
        (root / "plans").mkdir(exist_ok=True)
        (root / "plans" / name).write_text(text)
    return root


def test_good_pack_loads_with_its_exercises_and_plan(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "steady", exercises={"a.toml": exercise("a"),
                                                    "deep/b.toml": exercise("body-scan")},
                     plan=PLAN.format(extra=""))
    loaded = load_path(root)
    assert loaded.problems == []
    (pack,) = loaded.packs
    assert (pack.id, pack.title, pack.version) == ("steady", "Steady Ground", "1.2.0")
    assert sorted(e.qualified_id for e in loaded.exercises) == ["steady/a", "steady/body-scan"]
    assert all(e.pack_version == "1.2.0" for e in loaded.exercises)
    assert [p.id for p in pack.plans] == ["home"]


@pytest.mark.parametrize("extra, key, line, message", [
    ('version = "1.0"\n', "version", 4,
     'expected a version like "1.2.0" (MAJOR.MINOR.PATCH, in quotes); found the text "1.0"'),
    ('[[scales]]\nid = "pain"\nquestion = "How is your pain?"\n', "scales[1].id", 6,
     '"pain" is a built-in scale and cannot be redefined; choose another id for your scale'),
    ('[[scales]]\nid = "sleep"\nquestion = "Sleep?"\nmin = 5\nmax = 5\n', "scales[1].max", 9,
     "`min` (5) must be smaller than `max` (5)"),
    ('[[scales]]\nid = "sleep"\nquestion = "Sleep?"\nmin = 10\nmax = 0\n', "scales[1].max", 9,
     "`min` (10) must be smaller than `max` (0)"),
    ('[[scales]]\nid = "sleep"\nquestion = "' + "Q" * 201 + '"\n', "scales[1].question", 7,
     "is 201 characters long; at most 200 are allowed"),
    ('[[scales]]\nid = "sleep"\n', "scales[1]", 5,
     '`question` is missing; add a line like: question = "How well did you sleep last night?"'),
])
def test_pack_toml_problems(tmp_path: Path, extra: str, key: str, line: int,
                            message: str) -> None:
    pack = PACK.replace('version = "1.2.0"\n', "") if extra.startswith("version") else PACK
    root = make_pack(tmp_path / "p", pack=pack + extra)
    loaded = load_path(root)
    assert loaded.problems == [Problem(str(root / "pack.toml"), message, key, line)]
    # A pack whose pack.toml is broken is not installed half-way.
    assert loaded.packs == [] and loaded.exercises == []


def test_pack_without_version_asks_for_one(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", pack=PACK.replace('version = "1.2.0"\n', ""))
    (problem,) = load_path(root).problems
    assert problem.message == '`version` is missing; add a line like: version = "1.0.0"'


def test_folder_without_pack_toml_given_as_pack(tmp_path: Path) -> None:
    (tmp_path / "p" / "exercises").mkdir(parents=True)
    (tmp_path / "p" / "exercises" / "a.toml").write_text(exercise("a"))
    loaded = load_pack(FolderSource(tmp_path / "p"))
    assert [p.message for p in loaded.problems] == [
        "this folder has no pack.toml, so it is not a pack; add a pack.toml (see "
        "`painpath pack new`)"]


def test_duplicate_exercise_ids_name_both_files(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", exercises={"first.toml": exercise("calm"),
                                                "second.toml": exercise("calm")})
    loaded = load_path(root)
    assert loaded.problems == [Problem(
        str(root / "exercises" / "second.toml"),
        'the id "calm" is already used by first.toml; each exercise in a pack needs its own id',
        "id", 2)]
    assert [e.source for e in loaded.exercises] == [str(root / "exercises" / "first.toml")]


PLAN = ('format = 1\nid = "home"\ntitle = "Home practice"\nweeks = 8\n\n'
        '[[assign]]\nexercise = "body-scan"\n{extra}')


@pytest.mark.parametrize("extra, key, line, message", [
    ('weeks = "9"\n', "assign[1].weeks", 8, "week 9 is outside this plan, which is 8 weeks long"),
    ('weeks = "5-2"\n', "assign[1].weeks", 8,
     '"5-2" runs backwards; write the smaller week first'),
    ('weeks = "first"\n', "assign[1].weeks", 8,
     '"first" is not a week list; write weeks like "all", "3", "1-2" or "1,3,5"'),
    ('days = ["mon", "fryday"]\n', "assign[1].days", 8,
     '"fryday" is not a day; did you mean "fri"? use mon, tue, wed, thu, fri, sat, sun'),
    ('days = ["Monday"]\n', "assign[1].days", 8,
     '"Monday" is not a day; did you mean "mon"? use mon, tue, wed, thu, fri, sat, sun'),
    ('days = "sometimes"\n', "assign[1].days", 8,
     'expected "daily", "weekdays", "weekends" or a list like ["mon", "fri"]; found the text '
     '"sometimes"'),
    ("times = 11\n", "assign[1].times", 8, "must be from 1 to 10; found 11"),
])
def test_plan_problems(tmp_path: Path, extra: str, key: str, line: int, message: str) -> None:
    root = make_pack(tmp_path / "p", exercises={"b.toml": exercise("body-scan")},
                     plan=PLAN.format(extra=extra))
    loaded = load_path(root)
    assert loaded.problems == [Problem(str(root / "plan.toml"), message, key, line)]
    assert loaded.packs[0].plans == (), "a plan with a problem is not offered"
    assert [e.id for e in loaded.exercises] == ["body-scan"], "the exercises still load"


def test_plan_naming_a_missing_exercise_suggests_the_near_one(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", exercises={"b.toml": exercise("body-scan")},
                     plan=PLAN.format(extra="").replace('"body-scan"', '"body-scna"'))
    (problem,) = load_path(root).problems
    assert (problem.key, problem.line) == ("assign[1].exercise", 7)
    assert problem.message == ('there is no exercise "body-scna" in this pack; did you mean '
                               '"body-scan"?')


def test_plan_weeks_days_and_times_are_read(tmp_path: Path) -> None:
    text = PLAN.format(extra='weeks = "1-2,5"\ndays = ["mon", "fri"]\ntimes = 3\n') + (
        '[[assign]]\nexercise = "steady/body-scan"\ndays = "weekends"\n')
    root = make_pack(tmp_path / "p", exercises={"b.toml": exercise("body-scan")},
                     plans={"extra.toml": text.replace('"home"', '"extra"')},
                     plan=PLAN.format(extra=""))
    loaded = load_path(root)
    assert loaded.problems == []
    plans = {p.id: p for p in loaded.packs[0].plans}
    assert set(plans) == {"home", "extra"}, "plan.toml and plans/*.toml are both read"
    first, second = plans["extra"].assign
    assert (first.exercise, first.weeks, first.days, first.times) == (
        "steady/body-scan", frozenset({1, 2, 5}), frozenset({0, 4}), 3)
    assert (second.weeks, second.days, second.times) == (frozenset(range(1, 9)),
                                                         frozenset({5, 6}), 1)


def test_one_bad_file_does_not_hide_the_good_ones(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", exercises={
        "a.toml": exercise("a"), "b.toml": exercise("b", 'kind = "x"\n'),
        "c.toml": exercise("c", step="count = 25\n")})
    loaded = load_path(root)
    assert [e.id for e in loaded.exercises] == ["a"]
    assert [(Path(p.file).name, p.key, p.line, p.message) for p in loaded.problems] == [
        ("b.toml", "", 5, "this file could not be read: a key is given twice; keep only one "
         "of them"),
        ("c.toml", "steps[1].count", 9, "must be from 1 to 20; found 25"),
    ]


def test_pack_scale_is_usable_in_ratings_and_rate(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", pack=PACK + SLEEP, exercises={"a.toml": exercise(
        "a", '[ratings]\nbefore = ["sleep", "pain"]\nafter = []\n', 'rate = "sleep"\n')})
    loaded = load_path(root)
    assert loaded.problems == []
    (ex,) = loaded.exercises
    assert ex.ratings_before == ("sleep", "pain") and ex.ratings_after == ()
    assert ex.steps[0].rate == "sleep"
    assert ex.scale("sleep").describe_ends() == "0 = not at all … 10 = very well"
    assert ex.scale("pain").builtin


def test_draft_inside_a_pack_folder_uses_the_packs_id_and_scales(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", pack=PACK + SLEEP, exercises={"draft.toml": exercise(
        "draft", step='rate = "sleep"\n')})
    loaded = load_file(root / "exercises" / "draft.toml")
    assert loaded.problems == []
    (ex,) = loaded.exercises
    assert ex.qualified_id == "steady/draft"
    assert ex.pack_version == "1.2.0"
    # The same file outside any pack belongs to `local` and cannot use `sleep`.
    loose = tmp_path / "loose.toml"
    loose.write_text(exercise("draft", step='rate = "sleep"\n'))
    outside = load_file(loose)
    assert outside.exercises == []
    assert outside.problems[0].message.startswith('"sleep" is not a known rating scale; the '
                                                  "scales here are activity, distress")


def test_loose_files_belong_to_the_local_pack(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(exercise("a"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.toml").write_text(exercise("b"))
    loaded = load_folder(tmp_path)
    assert sorted(e.qualified_id for e in loaded.exercises) == ["local/a", "local/b"]


def test_folder_of_drafts_reports_a_second_file_with_the_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(exercise("same"))
    (tmp_path / "b.toml").write_text(exercise("same"))
    loaded = load_folder(tmp_path)
    assert [e.source for e in loaded.exercises] == [str(tmp_path / "a.toml")]
    assert [(p.file, p.message) for p in loaded.problems] == [
        (str(tmp_path / "b.toml"), f'the id "same" is already used by {tmp_path / "a.toml"}')]


def test_folder_of_drafts_with_a_pack_inside(tmp_path: Path) -> None:
    make_pack(tmp_path / "steady")
    (tmp_path / "loose.toml").write_text(exercise("loose"))
    loaded = load_folder(tmp_path)
    assert sorted(e.qualified_id for e in loaded.exercises) == ["local/loose", "steady/a"]


def test_missing_audio_is_a_warning_and_the_step_runs_without_it(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", exercises={"a.toml": exercise(
        "a", step='audio = "audio/arrive.ogg"\n'), "b.toml": exercise(
        "b", step='audio = "audio/here.ogg"\n')})
    (root / "audio").mkdir()
    (root / "audio" / "here.ogg").write_bytes(b"OggS")
    loaded = load_path(root)
    assert loaded.problems == [Problem(
        str(root / "exercises" / "a.toml"),
        'the audio file "audio/arrive.ogg" is not in the pack; the step will run without it',
        "steps[1].audio", None, "warning")]
    assert sorted(e.id for e in loaded.exercises) == ["a", "b"]


def test_hidden_files_in_a_pack_are_ignored(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p")
    (root / "exercises" / ".draft.toml").write_text("broken = ")
    assert load_path(root).problems == []


def test_crisis_line_is_read_and_limited(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", pack=PACK + 'crisis = "Call Riverside: 555 0100"\n')
    assert load_path(root).packs[0].crisis == "Call Riverside: 555 0100"
    long = make_pack(tmp_path / "q", pack=PACK + f'crisis = "{"x" * 501}"\n')
    (problem,) = load_path(long).problems
    assert (problem.key, problem.message) == (
        "crisis", "is 501 characters long; at most 500 are allowed")
