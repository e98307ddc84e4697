"""The practices that come with painpath: clean, complete and kind."""

from __future__ import annotations

import re

import pytest

from painpath.format.loader import Loaded, load_path
from painpath.format.models import Exercise
from painpath.paths import bundled_pack_dir

BUNDLED_IDS = {"body-scan-short", "body-scan", "breathing-space", "sitting", "mindful-movement",
               "five-senses", "orienting", "feet-on-floor", "box-breathing", "longer-exhale",
               "pendulation", "thought-record"}


@pytest.fixture(scope="module")
def bundled() -> Loaded:
    return load_path(bundled_pack_dir())


@pytest.fixture(scope="module")
def exercises(bundled: Loaded) -> dict[str, Exercise]:
    return {e.id: e for e in bundled.exercises}


def test_bundled_pack_has_no_errors_and_no_warnings(bundled: Loaded) -> None:
    assert [p.render() for p in bundled.problems] == []
    (pack,) = bundled.packs
    assert pack.id == "painpath"
    assert [p.id for p in pack.plans] == ["eight-weeks"]


def test_the_twelve_bundled_exercises(exercises: dict[str, Exercise]) -> None:
    assert set(exercises) == BUNDLED_IDS
    assert {e.pack for e in exercises.values()} == {"painpath"}


def test_ground_me_now_is_about_two_minutes(exercises: dict[str, Exercise]) -> None:
    ex = exercises["feet-on-floor"]
    assert ex.kind == "grounding"
    assert 90 <= ex.total_seconds <= 150
    # Grounding keeps the eyes open and does not ask for the breath.
    assert all(s.kind in ("timed", "count") for s in ex.steps)


def test_every_body_scan_region_step_asks_for_a_rating(exercises: dict[str, Exercise]) -> None:
    scans = [e for e in exercises.values() if e.kind == "body-scan"]
    assert scans
    for ex in scans:
        region_steps = [s for s in ex.steps if s.region]
        assert region_steps, ex.id
        assert all(s.rate for s in region_steps), ex.id


# A step that invites attention toward pain, discomfort or ache (not one that only
# says "if it hurts, do less").
_POINTS_AT_PAIN = re.compile(r"\b(pain|discomfort|ache)\b", re.IGNORECASE)


def _directs_attention_to_pain(ex: Exercise) -> bool:
    return ex.kind in ("body-scan", "movement") or any(
        _POINTS_AT_PAIN.search(s.text) for s in ex.steps)


def test_every_practice_that_directs_attention_to_pain_has_a_content_note(
        exercises: dict[str, Exercise]) -> None:
    pointed = {e.id for e in exercises.values() if _directs_attention_to_pain(e)}
    # The rule above must actually find the practices we know about.
    assert {"body-scan", "body-scan-short", "pendulation", "thought-record"} <= pointed
    assert sorted(i for i in pointed if not exercises[i].content_note) == []


def test_bundled_plan_assigns_only_bundled_exercises(bundled: Loaded) -> None:
    (plan,) = bundled.packs[0].plans
    assert plan.weeks == 8
    assert {a.exercise.split("/", 1)[1] for a in plan.assign} <= BUNDLED_IDS
