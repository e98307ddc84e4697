"""The gentle offer's rule (painpath.care), and a pack's `distress_like` scales (issue 9).

The front ends are tested in tests/cli/test_care_offer.py (check-in and plain
mode) and tests/tui/test_care_offer_app.py (the app).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from painpath import care
from painpath.format.loader import load_path
from painpath.format.models import BUILTIN_SCALES, Scale
from painpath.format.problems import Problem
from painpath.library import GROUND_ME_NOW
from painpath.safety import EMERGENCY_SHORT

PACK = 'format = 1\nid = "steady"\ntitle = "Steady Ground"\nversion = "1.2.0"\n'
SUDS = ('[[scales]]\nid = "suds"\nquestion = "How much distress, from 0 to 100?"\n'
        'min = 0\nmax = 100\n')
EXERCISE = ('format = 1\nid = "a"\ntitle = "Practice"\nkind = "other"\n'
            '[ratings]\nbefore = ["suds"]\nafter = ["suds"]\n'
            '[[steps]]\ntext = "Arrive."\nduration = "1m"\n')


def scales(*extra: Scale):
    known = {**BUILTIN_SCALES, **{s.id: s for s in extra}}
    return known.get


def suds(low: int = 0, high: int = 100, *, like: bool = True) -> Scale:
    return Scale("suds", "Distress?", low, high, distress_like=like)


# ------------------------------------------------------------------ the rule
@pytest.mark.parametrize("value, offered", [(6, False), (7, True), (10, True), (None, False)])
def test_distress_of_seven_or_more_brings_the_offer(value, offered) -> None:
    why = care.reason({"pain": 9, "tension": 10, "distress": value}, scales())
    assert (why is not None) == offered
    if offered:
        assert why.kind == "distress" and why.value == value
        assert why.words() == (f"You rated distress {value} out of 10. "
                               "That is a lot to hold.")


def test_high_pain_or_tension_alone_does_not() -> None:
    assert care.reason({"pain": 10, "tension": 10}, scales()) is None


@pytest.mark.parametrize("before, after, offered", [
    (3, 6, True), (0, 10, True), (3, 5, False), (8, 6, False), (None, 9, False), (3, None, False),
])
def test_pain_rising_by_three_from_before_to_after_brings_the_offer(before, after,
                                                                      offered) -> None:
    why = care.reason({"pain": after}, scales(), {"pain": before})
    assert (why is not None) == offered
    if offered:
        assert why.kind == "pain-rise"
        assert why.words().startswith(f"Your pain went from {before} before the practice "
                                      f"to {after} now.")


def test_a_pain_rise_is_only_seen_with_the_ratings_before() -> None:
    assert care.reason({"pain": 9}, scales()) is None  # a check-in has no "before"


@pytest.mark.parametrize("low, high, at", [(0, 10, 7), (0, 100, 70), (1, 5, 4), (0, 1, 1),
                                           (20, 30, 27)])
def test_a_distress_like_scale_offers_in_the_top_three_tenths_of_its_range(low, high,
                                                                           at) -> None:
    scale = suds(low, high)
    assert care.offer_at(scale) == at
    assert care.reason({"suds": at}, scales(scale)) is not None
    assert care.reason({"suds": at - 1}, scales(scale)) is None


def test_a_pack_scale_not_marked_never_offers() -> None:
    scale = suds(like=False)
    assert care.offer_at(scale) is None
    assert care.reason({"suds": 100}, scales(scale)) is None


def test_a_scale_nobody_knows_never_offers() -> None:
    assert care.reason({"gone": 100}, scales()) is None

    def strict(scale_id: str) -> Scale:  # Exercise.scale raises for an unknown id
        raise KeyError(scale_id)

    assert care.reason({"gone": 100}, strict) is None


def test_after_carry_on_the_offer_is_not_made_again_in_the_sitting() -> None:
    sitting = care.Sitting()
    assert sitting.offer({"distress": 8}, scales()) is not None
    assert sitting.offer({"distress": 9}, scales()) is not None  # not declined yet
    sitting.carry_on()
    assert sitting.offer({"distress": 10}, scales()) is None
    assert sitting.offer({"pain": 9}, scales(), {"pain": 1}) is None
    assert care.Sitting().offer({"distress": 8}, scales()) is not None  # a new sitting


def test_grounding_itself_never_brings_the_offer() -> None:
    assert care.Sitting().offer({"distress": 10}, scales(), grounding=True) is None
    assert care.GROUND_ME_NOW == GROUND_ME_NOW


# ------------------------------------------------------------------ as lines
def answer(*typed: str | None) -> tuple[str, list[str], list[str]]:
    said: list[str] = []
    done: list[str] = []
    answers = iter(typed)
    choice = care.offer_as_lines(
        care.Reason("distress", BUILTIN_SCALES["distress"], 8), said.append,
        lambda: next(answers, None), ground=lambda: done.append("ground"),
        show_plan=lambda: done.append("plan"))
    return choice, done, said


@pytest.mark.parametrize("typed, choice, done", [
    (("1",), "ground", ["ground"]),
    (("ground",), "ground", ["ground"]),
    (("3",), "carry-on", []),
    (("",), "carry-on", []),
    ((None,), "carry-on", []),  # input ended
    (("2", "3"), "carry-on", ["plan"]),
    (("2", "1"), "ground", ["plan", "ground"]),
    (("maybe", "7", " Carry  On. "), "carry-on", []),
])
def test_the_choices_as_lines(typed, choice, done) -> None:
    got, did, said = answer(*typed)
    assert (got, did) == (choice, done)
    assert said[1:3] == ["A moment for you.", "You rated distress 8 out of 10. That is a lot "
                         "to hold."]
    assert "1. Ground me now: two minutes with your eyes open and your feet on the floor." in said
    if "maybe" in typed:
        assert said.count("Please type 1, 2 or 3, or press Enter alone to carry on.") == 2
    # The emergency line, as the app's offer has it, before the question.
    assert said.index(EMERGENCY_SHORT) < said.index("What would help now? Type a number and "
                                                    "press Enter.")


def test_with_nobody_to_ask_the_commands_are_said() -> None:
    said: list[str] = []
    choice = care.offer_as_lines(care.Reason("distress", BUILTIN_SCALES["distress"], 9),
                                 said.append, None, ground=pytest.fail, show_plan=pytest.fail)
    assert choice == "carry-on"
    assert "To ground yourself now: painpath run feet-on-floor" in said
    assert "To see your safety plan: painpath safety" in said
    assert EMERGENCY_SHORT in said


# ------------------------------------------------------------ the pack's key
def load(tmp_path: Path, scale: str):
    root = tmp_path / "steady"
    (root / "exercises").mkdir(parents=True)
    (root / "pack.toml").write_text(PACK + scale)
    (root / "exercises" / "a.toml").write_text(EXERCISE)
    return root, load_path(root)


def test_a_pack_marks_its_scale_distress_like(tmp_path: Path) -> None:
    _, loaded = load(tmp_path, SUDS + "distress_like = true\n")
    assert loaded.problems == []
    (pack,) = loaded.packs
    assert pack.scales[0].distress_like
    (exercise,) = loaded.exercises
    why = care.reason({"suds": 70}, exercise.scale)
    assert why is not None and why.words() == "You rated suds 70 out of 100. That is a lot to hold."


def test_without_the_key_a_pack_scale_is_not_distress_like(tmp_path: Path) -> None:
    _, loaded = load(tmp_path, SUDS)
    assert loaded.problems == [] and not loaded.packs[0].scales[0].distress_like


@pytest.mark.parametrize("written, message", [
    ('distress_like = "yes"', 'expected true or false (without quotes); found the text "yes"'),
    ('distress_like = "true"', 'remove the quotes: write true without them, not "true"'),
    ("distress_like = 1", "expected true or false (without quotes); found the number 1"),
])
def test_the_key_is_checked_with_file_line_and_plain_words(tmp_path: Path, written: str,
                                                           message: str) -> None:
    root, loaded = load(tmp_path, SUDS + written + "\n")
    assert loaded.problems == [Problem(str(root / "pack.toml"), message,
                                       "scales[1].distress_like", 10)]
    assert loaded.packs == []


def test_a_misspelt_key_is_named(tmp_path: Path) -> None:
    _, loaded = load(tmp_path, SUDS + "distres_like = true\n")
    (problem,) = loaded.problems
    assert problem.key == "scales[1].distres_like" and problem.line == 10
    assert "did you mean `distress_like`?" in problem.message


def test_the_format_guide_documents_the_key() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text()
    assert "`distress_like`" in guide and "70 or more" in guide
