"""The limits and rules of FORMAT.md that no other test pinned, one small file each.

Covers, for exercise files: the id rule (length, leading dash, capitals), the
length limits of `description`, `content_note`, `author`, `license`, tags,
step titles and texts, whitespace-only text, language tags; for steps: the
ranges of `cycles`, `count` and the breath phases (nan and inf included), `bell`
as true/false, and the timing combinations `breath` may not join; durations
in capitals and with non-ASCII digits; `format = 1.0`; a UTF-8 byte-order
mark; audio suffixes and Windows paths; repeated scales in `[ratings]`; and
unknown-key warnings in every table. For `pack.toml`: `format`, the id rule,
text limits, `[[scales]]` ranges, defaults and duplicates. For plans: `format`,
`id`, `weeks`, `message`, the number of `[[assign]]` tables, `PACK/EXERCISE`
names, every form of `assign.weeks` and `assign.days`, and two plans with one
id. For pack folders: dot-files and symlinks are not read.

Each table row is (what the person wrote, the key path, the line, the exact
message they read, its severity). Lines count from 1; so do `steps[N]`,
`scales[N]` and `assign[N]`. Every refusal has an accepted neighbour at its
limit, so a rule made looser or stricter fails a row.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_format_bad_files import DURATION_HINT, OUTSIDE, TIMING_HELP

from painpath.format.loader import Loaded, exercise_from_bytes, load_path
from painpath.format.models import Exercise, Scale, Step
from painpath.format.problems import Problem, Severity

# --- exercise files ---------------------------------------------------------------------

# Lines 1-4; a top-level key added with `top()` is on line 5.
HEAD = 'format = 1\nid = "x"\ntitle = "X"\nkind = "other"\n'
STEP = '[[steps]]\ntext = "a"\nduration = 5\n'
BREATH = "breath = { inhale = 4, exhale = 6 }\n"  # a step key: line 7 with `step()`

ID_RULE = ("is not a valid id; use 1 to 64 small letters a-z, digits and dashes, starting "
           'with a letter or digit, like "body-scan-10"')
NOT_FINITE = "expected a number of seconds; found {}, which is not one"
TAG_RULE = "each tag must be text of 1 to 32 characters; found "
LANGUAGE = 'expected a language tag like "en" or "pt-BR"; found the text '
SECONDS_0_60 = "must be at least 0 and at most 60 seconds; found "
SECONDS_ABOVE_0 = "must be more than 0 and at most 60 seconds; found "
FORMAT_FLOAT = "write the format as a whole number: format = 1; found 1.0"
FORMAT_MISSING = "`format` is missing; start the file with the line: format = 1"
FORMAT_2 = ("this file says format = 2, but painpath reads format 1; if it was made for a "
            "newer painpath, please update painpath")


def too_long(found: str, limit: str) -> str:
    """The length message, with both numbers written as the person reads them."""
    return f"is {found} characters long; at most {limit} are allowed"


def top(lines: str) -> str:
    """An exercise with `lines` at the top level, from line 5, then one good step."""
    return HEAD + lines + STEP


def step(lines: str) -> str:
    """An exercise whose one step (header line 5, `text` line 6) has `lines` from line 7."""
    return HEAD + '[[steps]]\ntext = "a"\n' + lines


def with_id(ident: str) -> str:
    return top("").replace('id = "x"', f'id = "{ident}"')


@dataclass(frozen=True)
class Case:
    name: str
    toml: str
    key: str
    line: int | None
    message: str
    severity: Severity = "error"


EXERCISE_CASES = [
    # Thousands of digits: said in words (Python refuses to read such numbers).
    Case("duration-thousands-of-digits", step(f'duration = "{"9" * 5000}s"\n'),
         "steps[1].duration", 7, f'"{"9" * 77}..." is not a duration; write it like "90s", '
         '"10m" or "1m30s"'),
    Case("number-thousands-of-digits", step(f"duration = {'9' * 5000}\n"), "", None,
         "a number in this file is thousands of digits long, too long to read; the numbers "
         "in a practice need only a few digits"),
    # The id rule (FORMAT.md: 1-64 of a-z, 0-9, "-", starting with a letter or digit).
    Case("id-65-chars", with_id("a" * 65), "id", 2, f'"{"a" * 65}" {ID_RULE}'),
    Case("id-leading-dash", with_id("-scan"), "id", 2, f'"-scan" {ID_RULE}'),
    Case("id-one-capital", with_id("bodyScan"), "id", 2, f'"bodyScan" {ID_RULE}'),
    # Text limits at the top of the file.
    Case("description-20001", top(f'description = "{"d" * 20_001}"\n'), "description", 5,
         too_long("20,001", "20,000")),
    Case("content-note-1001", top(f'content_note = "{"c" * 1_001}"\n'), "content_note", 5,
         too_long("1,001", "1,000")),
    Case("author-201", top(f'author = "{"a" * 201}"\n'), "author", 5, too_long("201", "200")),
    Case("license-201", top(f'license = "{"l" * 201}"\n'), "license", 5,
         too_long("201", "200")),
    Case("title-only-spaces", top("").replace('"X"', '"   "'), "title", 3,
         "is empty; write at least one character"),
    # Tags: each text of 1-32 characters; spaces alone are no tag.
    Case("tag-33", top(f'tags = ["calm", "{"t" * 33}"]\n'), "tags", 5,
         f'{TAG_RULE}the text "{"t" * 33}"'),
    Case("tag-empty", top('tags = [""]\n'), "tags", 5, f"{TAG_RULE}empty text"),
    Case("tag-only-spaces", top('tags = ["   "]\n'), "tags", 5, f'{TAG_RULE}the text "   "'),
    Case("tag-number", top("tags = [3]\n"), "tags", 5, f"{TAG_RULE}the number 3"),
    # Language tags.
    Case("language-English", top('language = "English"\n'), "language", 5,
         f'{LANGUAGE}"English"'),
    Case("language-one-letter", top('language = "e"\n'), "language", 5, f'{LANGUAGE}"e"'),
    # Step text and title.
    Case("step-title-81", step(f'title = "{"t" * 81}"\nduration = 5\n'), "steps[1].title", 7,
         too_long("81", "80")),
    Case("step-text-20001", HEAD + f'[[steps]]\ntext = "{"t" * 20_001}"\nduration = 5\n',
         "steps[1].text", 6, too_long("20,001", "20,000")),
    Case("step-text-whitespace", HEAD + '[[steps]]\ntext = "  \\n\\t "\nduration = 5\n',
         "steps[1].text", 6, "is empty; write at least one character"),
    # cycles 1-500, count at least 1.
    Case("cycles-0", step(BREATH + "cycles = 0\n"), "steps[1].cycles", 8,
         "must be from 1 to 500; found 0"),
    Case("cycles-501", step(BREATH + "cycles = 501\n"), "steps[1].cycles", 8,
         "must be from 1 to 500; found 501"),
    Case("count-0", step("count = 0\n"), "steps[1].count", 7, "must be from 1 to 20; found 0"),
    # Breath phases: hold and rest at least 0, inhale and exhale above 0, each at most 60.
    Case("hold-negative", step("breath = { inhale = 4, hold = -1, exhale = 6 }\ncycles = 2\n"),
         "steps[1].breath.hold", 7, f"{SECONDS_0_60}-1"),
    Case("rest-negative", step("breath = { inhale = 4, exhale = 6, rest = -0.5 }\n"
                               "cycles = 2\n"),
         "steps[1].breath.rest", 7, f"{SECONDS_0_60}-0.5"),
    Case("hold-61", step("breath = { inhale = 4, hold = 61, exhale = 6 }\ncycles = 2\n"),
         "steps[1].breath.hold", 7, f"{SECONDS_0_60}61"),
    Case("rest-60.5", step("breath = { inhale = 4, exhale = 6, rest = 60.5 }\ncycles = 2\n"),
         "steps[1].breath.rest", 7, f"{SECONDS_0_60}60.5"),
    Case("exhale-0", step("breath = { inhale = 4, exhale = 0 }\ncycles = 2\n"),
         "steps[1].breath.exhale", 7, f"{SECONDS_ABOVE_0}0"),
    Case("inhale-61", step("breath = { inhale = 61, exhale = 6 }\ncycles = 2\n"),
         "steps[1].breath.inhale", 7, f"{SECONDS_ABOVE_0}61"),
    Case("inhale-nan", step("breath = { inhale = nan, exhale = 6 }\ncycles = 2\n"),
         "steps[1].breath.inhale", 7, NOT_FINITE.format("nan")),
    Case("exhale-inf", step("breath = { inhale = 4, exhale = inf }\ncycles = 2\n"),
         "steps[1].breath.exhale", 7, NOT_FINITE.format("inf")),
    Case("hold-minus-inf", step("breath = { inhale = 4, hold = -inf, exhale = 6 }\n"
                                "cycles = 2\n"),
         "steps[1].breath.hold", 7, NOT_FINITE.format("-inf")),
    Case("rest-nan", step("breath = { inhale = 4, exhale = 6, rest = +nan }\ncycles = 2\n"),
         "steps[1].breath.rest", 7, NOT_FINITE.format("nan")),
    # bell is true or false.
    Case("bell-yes", step('duration = 5\nbell = "yes"\n'), "steps[1].bell", 8,
         'expected true or false (without quotes); found the text "yes"'),
    Case("bell-1", step("duration = 5\nbell = 1\n"), "steps[1].bell", 8,
         "expected true or false (without quotes); found the number 1"),
    # What `breath` may not be combined with.
    Case("bells-every-with-breath", step(BREATH + 'cycles = 2\nbells_every = "1m"\n'),
         "steps[1].bells_every", 9,
         "`bells_every` only works in a step timed by `duration` alone"),
    Case("breath-and-count", step(BREATH + "cycles = 2\ncount = 3\n"), "steps[1]", 5,
         f"this step has both `breath` and `count`; {TIMING_HELP}"),
    Case("breath-and-entry", step(BREATH + "cycles = 2\nentry = true\n"), "steps[1]", 5,
         f"this step has both `breath` and `entry`; {TIMING_HELP}"),
    # Durations take ASCII digits only.
    Case("duration-arabic-indic-digit", step('duration = "١m"\n'), "steps[1].duration", 7,
         f'"١m" is not a duration; {DURATION_HINT}'),
    Case("duration-superscript-digit", step('duration = "²m"\n'), "steps[1].duration", 7,
         f'"²m" is not a duration; {DURATION_HINT}'),
    Case("duration-fullwidth-digit", step('duration = "１m"\n'), "steps[1].duration", 7,
         f'"１m" is not a duration; {DURATION_HINT}'),
    # format is the whole number 1.
    Case("format-1.0", top("").replace("format = 1", "format = 1.0"), "format", 1,
         FORMAT_FLOAT),
    # Audio on another Windows disk is outside the pack.
    Case("audio-windows-drive", step("duration = 5\naudio = 'C:\\Users\\x.ogg'\n"),
         "steps[1].audio", 8, f'"C:\\Users\\x.ogg" {OUTSIDE}'),
    Case("audio-drive-relative", step('duration = 5\naudio = "C:x.ogg"\n'), "steps[1].audio", 8,
         f'"C:x.ogg" {OUTSIDE}'),
    # Unknown keys in inner tables are warnings with their full key path.
    Case("ratings-unknown-key", top('[ratings]\nbefore = ["pain"]\nduring = ["pain"]\n'
                                    'after = ["pain"]\n'),
         "ratings.during", 7, "unknown key `during`; it will be ignored", "warning"),
    Case("breath-inline-unknown-key", step("breath = { inhale = 4, exhale = 6, hodl = 2 }\n"
                                           "cycles = 2\n"),
         "steps[1].breath.hodl", 7, "unknown key `hodl`, did you mean `hold`?", "warning"),
    Case("breath-table-unknown-key", step("cycles = 2\n[steps.breath]\ninhale = 4\nexhale = 6\n"
                                          "pause = 2\n"),
         "steps[1].breath.pause", 11, "unknown key `pause`; it will be ignored", "warning"),
]


def load_exercise(toml: str | bytes) -> tuple[Exercise | None, list[Problem]]:
    raw = toml.encode() if isinstance(toml, str) else toml
    return exercise_from_bytes(raw, "x.toml")


@pytest.mark.parametrize("case", EXERCISE_CASES, ids=[c.name for c in EXERCISE_CASES])
def test_exercise_rule(case: Case) -> None:
    ex, problems = load_exercise(case.toml)
    assert problems == [Problem("x.toml", case.message, case.key, case.line, case.severity)]
    if case.severity == "warning":
        assert ex is not None, "a file with warnings only still loads"
    else:
        assert ex is None, "a file with an error is not loaded"


def step_of(toml: str) -> Step:
    ex, problems = load_exercise(toml)
    assert problems == []
    assert ex is not None
    return ex.steps[0]


@pytest.mark.parametrize("ident", ["a" * 64, "0", "9-lives", "a-"])
def test_ids_at_the_edge_of_the_rule_load(ident: str) -> None:
    ex, problems = load_exercise(with_id(ident))
    assert problems == []
    assert ex is not None and ex.id == ident


def test_text_at_its_limits_loads() -> None:
    ex, problems = load_exercise(
        HEAD + f'description = "{"d" * 20_000}"\ncontent_note = "{"c" * 1_000}"\n'
        f'author = "{"a" * 200}"\nlicense = "{"l" * 200}"\n'
        f'tags = ["t", "{"t" * 32}"]\n'
        f'[[steps]]\ntitle = "{"s" * 80}"\ntext = "{"x" * 20_000}"\nduration = 5\n')
    assert problems == []
    assert ex is not None
    assert (len(ex.description), len(ex.content_note), len(ex.author), len(ex.license)) == (
        20_000, 1_000, 200, 200)
    assert ex.tags == ("t", "t" * 32)
    assert (len(ex.steps[0].title), len(ex.steps[0].text)) == (80, 20_000)


@pytest.mark.parametrize("tag", ["en", "pt-BR", "en-a-myext", "x-klingon", "sr-Latn-RS"])
def test_language_tags_that_load(tag: str) -> None:
    ex, problems = load_exercise(top(f'language = "{tag}"\n'))
    assert problems == []
    assert ex is not None and ex.language == tag


@pytest.mark.parametrize("lines, attr, value", [
    (BREATH + "cycles = 1\n", "cycles", 1),
    (BREATH + "cycles = 500\n", "cycles", 500),
    ("count = 1\n", "count", 1),
    ("duration = 5\nbell = false\n", "bell", False),
    ("duration = 5\n", "bell", True),
    ('duration = "1M 30S"\n', "duration", 90),
    ('duration = "1H"\n', "duration", 3600),
    ('duration = 5\naudio = "audio/feet.flac"\n', "audio", "audio/feet.flac"),
    ('duration = 5\naudio = "audio/Feet.OGG"\n', "audio", "audio/Feet.OGG"),
    ('duration = 5\naudio = "audio/feet.WAV"\n', "audio", "audio/feet.WAV"),
], ids=["cycles-1", "cycles-500", "count-1", "bell-false", "bell-default", "duration-capitals",
        "duration-capital-h", "audio-flac", "audio-upper-ogg", "audio-upper-wav"])
def test_step_values_that_load(lines: str, attr: str, value: object) -> None:
    assert getattr(step_of(step(lines)), attr) == value


def test_breath_phases_at_their_limits_load() -> None:
    s = step_of(step("breath = { inhale = 60, hold = 0, exhale = 0.1, rest = 60 }\n"
                     "cycles = 1\n"))
    breath = s.breath
    assert breath is not None
    assert (breath.inhale, breath.hold, breath.exhale, breath.rest) == (60.0, 0.0, 0.1, 60.0)


def test_utf8_byte_order_mark_is_accepted_and_lines_still_count_from_the_top() -> None:
    ex, problems = load_exercise(b"\xef\xbb\xbf" + top("").encode())
    assert problems == []
    assert ex is not None and ex.id == "x"
    _, problems = load_exercise(b"\xef\xbb\xbf" + with_id("X").encode())
    assert problems == [Problem("x.toml", f'"X" {ID_RULE}', "id", 2)]


def test_the_same_scale_twice_in_ratings_is_asked_once() -> None:
    ex, problems = load_exercise(top('[ratings]\nbefore = ["pain", "pain", "tension", "pain"]\n'
                                     'after = ["distress", "distress"]\n'))
    assert problems == []
    assert ex is not None
    assert (ex.ratings_before, ex.ratings_after) == (("pain", "tension"), ("distress",))


# --- pack.toml --------------------------------------------------------------------------

# Lines 1-4; extra lines start on line 5.
PACK = 'format = 1\nid = "steady"\ntitle = "Steady Ground"\nversion = "1.2.0"\n'
# A scale from line 5: `[[scales]]` 5, `id` 6, `question` 7; more keys from line 8.
SCALE = '[[scales]]\nid = "sleep"\nquestion = "How well did you sleep?"\n'
EXERCISE = ('format = 1\nid = "{}"\ntitle = "Practice"\nkind = "other"\n'
            '[[steps]]\ntext = "Arrive."\nduration = "1m"\n')


def make_pack(root: Path, pack: str | bytes = PACK, plan: str | bytes | None = None,
              plans: dict[str, str] | None = None, exercises: tuple[str, ...] = ("body-scan",)
              ) -> Path:
    (root / "exercises").mkdir(parents=True)
    write(root / "pack.toml", pack)
    for ident in exercises:
        (root / "exercises" / f"{ident}.toml").write_text(EXERCISE.format(ident))
    if plan is not None:
        write(root / "plan.toml", plan)
    for name, text in (plans or {}).items():
        (root / "plans").mkdir(exist_ok=True)
        (root / "plans" / name).write_text(text)
    return root


def write(path: Path, text: str | bytes) -> None:
    path.write_bytes(text.encode() if isinstance(text, str) else text)


PACK_CASES = [
    Case("format-1.0", PACK.replace("format = 1", "format = 1.0"), "format", 1, FORMAT_FLOAT),
    Case("format-missing", PACK.replace("format = 1\n", ""), "format", None, FORMAT_MISSING),
    Case("format-2", PACK.replace("format = 1", "format = 2"), "format", 1, FORMAT_2),
    Case("id-capital", PACK.replace('"steady"', '"Steady"'), "id", 2, f'"Steady" {ID_RULE}'),
    Case("id-leading-dash", PACK.replace('"steady"', '"-steady"'), "id", 2,
         f'"-steady" {ID_RULE}'),
    Case("id-65-chars", PACK.replace('"steady"', f'"{"s" * 65}"'), "id", 2,
         f'"{"s" * 65}" {ID_RULE}'),
    Case("version-arabic-indic-digit", PACK.replace('"1.2.0"', '"١.0.0"'), "version", 4,
         'expected a version like "1.2.0" (MAJOR.MINOR.PATCH, in quotes); found the text '
         '"١.0.0"'),
    Case("author-201", PACK + f'author = "{"a" * 201}"\n', "author", 5, too_long("201", "200")),
    Case("contact-201", PACK + f'contact = "{"c" * 201}"\n', "contact", 5,
         too_long("201", "200")),
    Case("license-201", PACK + f'license = "{"l" * 201}"\n', "license", 5,
         too_long("201", "200")),
    Case("description-20001", PACK + f'description = "{"d" * 20_001}"\n', "description", 5,
         too_long("20,001", "20,000")),
    Case("scale-min-negative", PACK + SCALE + "min = -1\n", "scales[1].min", 8,
         "must be from 0 to 100; found -1"),
    Case("scale-max-101", PACK + SCALE + "max = 101\n", "scales[1].max", 8,
         "must be from 0 to 100; found 101"),
    # `max` left out is 10, so a `min` of 20 is above it.
    Case("scale-max-defaults-to-10", PACK + SCALE + "min = 20\n", "scales[1].max", 5,
         "`min` (20) must be smaller than `max` (10)"),
    Case("scale-low-61", PACK + SCALE + f'low = "{"l" * 61}"\n', "scales[1].low", 8,
         too_long("61", "60")),
    Case("scale-high-61", PACK + SCALE + f'high = "{"h" * 61}"\n', "scales[1].high", 8,
         too_long("61", "60")),
    Case("scale-id-capital", PACK + SCALE.replace('"sleep"', '"Sleep"'), "scales[1].id", 6,
         f'"Sleep" {ID_RULE}'),
    Case("scale-id-leading-dash", PACK + SCALE.replace('"sleep"', '"-sleep"'),
         "scales[1].id", 6, f'"-sleep" {ID_RULE}'),
    Case("scale-defined-twice", PACK + SCALE + SCALE, "scales[2].id", 9,
         'the scale "sleep" is defined twice'),
    Case("scale-unknown-key", PACK + SCALE + 'colour = "blue"\n', "scales[1].colour", 8,
         "unknown key `colour`; it will be ignored", "warning"),
    Case("pack-unknown-key", PACK + 'homepage = "https://example.org"\n', "homepage", 5,
         "unknown key `homepage`; it will be ignored", "warning"),
    Case("pack-unknown-key-near", PACK + 'autor = "A. Therapist"\n', "autor", 5,
         "unknown key `autor`, did you mean `author`?", "warning"),
]


@pytest.mark.parametrize("case", PACK_CASES, ids=[c.name for c in PACK_CASES])
def test_pack_toml_rule(tmp_path: Path, case: Case) -> None:
    root = make_pack(tmp_path / "p", pack=case.toml)
    loaded = load_path(root)
    assert loaded.problems == [Problem(str(root / "pack.toml"), case.message, case.key,
                                       case.line, case.severity)]
    if case.severity == "warning":
        assert [p.id for p in loaded.packs] == ["steady"], "warnings only: the pack loads"
        assert [e.id for e in loaded.exercises] == ["body-scan"]
    else:
        assert loaded.packs == [] and loaded.exercises == [], "no pack is loaded half-way"


def test_pack_toml_at_its_limits_loads(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", pack=(
        PACK + f'author = "{"a" * 200}"\ncontact = "{"c" * 200}"\nlicense = "{"l" * 200}"\n'
        f'description = "{"d" * 20_000}"\n'
        + SCALE
        + SCALE.replace('"sleep"', '"mood"') + 'min = 0\nmax = 100\n'
        + f'low = "{"l" * 60}"\nhigh = "{"h" * 60}"\n'
        + SCALE.replace('"sleep"', '"9-energy"') + "min = 99\nmax = 100\n"))
    loaded = load_path(root)
    assert loaded.problems == []
    (pack,) = loaded.packs
    assert (len(pack.author), len(pack.contact), len(pack.license), len(pack.description)) == (
        200, 200, 200, 20_000)
    question = "How well did you sleep?"
    assert pack.scales == (Scale("sleep", question, 0, 10),
                           Scale("mood", question, 0, 100, "l" * 60, "h" * 60),
                           Scale("9-energy", question, 99, 100))


def test_byte_order_mark_in_pack_and_plan_files_is_accepted(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    root = make_pack(tmp_path / "p", pack=bom + PACK.encode(),
                     plan=bom + plan_text().encode())
    loaded = load_path(root)
    assert loaded.problems == []
    assert [p.id for p in loaded.packs[0].plans] == ["home"]


# --- plans ------------------------------------------------------------------------------

# Lines 1-4; a line added with `head` is line 5; then a blank line, `[[assign]]` and
# `exercise` (lines 6 and 7 when `head` is empty); lines added with `assign` follow.
PLAN_HEAD = 'format = 1\nid = "home"\ntitle = "Home practice"\nweeks = 8\n'
ASSIGN = '\n[[assign]]\nexercise = "body-scan"\n'
NOT_AN_EXERCISE = ('is not an exercise id; name one of this pack\'s exercises ("body-scan") '
                   'or another pack\'s as PACK/EXERCISE ("steady-ground/body-scan")')
NOT_A_WEEK_LIST = 'is not a week list; write weeks like "all", "3", "1-2" or "1,3,5"'
DAYS_EXPECTED = 'expected "daily", "weekdays", "weekends" or a list like ["mon", "fri"]; found '
ASSIGN_COUNT = "a plan needs 1 to 200 [[assign]] tables, each naming an `exercise`"


def plan_text(head: str = "", assign: str = "", exercise: str = "body-scan") -> str:
    return PLAN_HEAD + head + ASSIGN.replace("body-scan", exercise) + assign


PLAN_CASES = [
    Case("format-1.0", plan_text().replace("format = 1", "format = 1.0"), "format", 1,
         FORMAT_FLOAT),
    Case("format-missing", plan_text().replace("format = 1\n", ""), "format", None,
         FORMAT_MISSING),
    Case("format-2", plan_text().replace("format = 1", "format = 2"), "format", 1, FORMAT_2),
    Case("id-capital", plan_text().replace('"home"', '"Home"'), "id", 2, f'"Home" {ID_RULE}'),
    Case("id-leading-dash", plan_text().replace('"home"', '"-home"'), "id", 2,
         f'"-home" {ID_RULE}'),
    Case("weeks-missing", plan_text().replace("weeks = 8\n", ""), "weeks", None,
         "`weeks` is missing; add a line like: weeks = 8"),
    Case("weeks-0", plan_text().replace("weeks = 8", "weeks = 0"), "weeks", 4,
         "must be from 1 to 104; found 0"),
    Case("weeks-105", plan_text().replace("weeks = 8", "weeks = 105"), "weeks", 4,
         "must be from 1 to 104; found 105"),
    Case("message-2001", plan_text(f'message = "{"m" * 2_001}"\n'), "message", 5,
         too_long("2,001", "2,000")),
    Case("assign-none", PLAN_HEAD, "assign", None, ASSIGN_COUNT),
    Case("assign-empty-list", PLAN_HEAD + "assign = []\n", "assign", 5, ASSIGN_COUNT),
    Case("assign-201", PLAN_HEAD + ASSIGN * 201, "assign", 6, ASSIGN_COUNT),
    Case("exercise-no-pack", plan_text(exercise="/body-scan"), "assign[1].exercise", 7,
         f'"/body-scan" {NOT_AN_EXERCISE}'),
    Case("exercise-no-short-id", plan_text(exercise="steady/"), "assign[1].exercise", 7,
         f'"steady/" {NOT_AN_EXERCISE}'),
    Case("exercise-two-slashes", plan_text(exercise="a/b/c"), "assign[1].exercise", 7,
         f'"a/b/c" {NOT_AN_EXERCISE}'),
    Case("exercise-words", plan_text(exercise="Some Pack/Body Scan!"), "assign[1].exercise", 7,
         f'"Some Pack/Body Scan!" {NOT_AN_EXERCISE}'),
    Case("exercise-this-pack-missing", plan_text(exercise="steady/body-scna"),
         "assign[1].exercise", 7,
         'there is no exercise "body-scna" in this pack; did you mean "body-scan"?'),
    Case("weeks-backwards", plan_text(assign='weeks = "4-2"\n'), "assign[1].weeks", 8,
         '"4-2" runs backwards; write the smaller week first'),
    Case("weeks-backwards-in-a-list", plan_text(assign='weeks = "1,6-5"\n'),
         "assign[1].weeks", 8, '"6-5" runs backwards; write the smaller week first'),
    Case("weeks-range-past-the-plan", plan_text(assign='weeks = "7-9"\n'), "assign[1].weeks",
         8, "week 9 is outside this plan, which is 8 weeks long"),
    Case("weeks-number-past-the-plan", plan_text(assign="weeks = 9\n"), "assign[1].weeks", 8,
         "week 9 is outside this plan, which is 8 weeks long"),
    Case("weeks-zero", plan_text(assign='weeks = "0"\n'), "assign[1].weeks", 8,
         "week 0 is outside this plan, which is 8 weeks long"),
    Case("weeks-one-week-plan", plan_text(assign='weeks = "2"\n').replace("weeks = 8",
                                                                         "weeks = 1"),
         "assign[1].weeks", 8, "week 2 is outside this plan, which is 1 week long"),
    Case("weeks-superscript-digit", plan_text(assign='weeks = "²"\n'), "assign[1].weeks", 8,
         f'"²" {NOT_A_WEEK_LIST}'),
    Case("weeks-arabic-indic-digits", plan_text(assign='weeks = "١-٣"\n'), "assign[1].weeks",
         8, f'"١-٣" {NOT_A_WEEK_LIST}'),
    Case("weeks-three-part-range", plan_text(assign='weeks = "1-2-3"\n'), "assign[1].weeks", 8,
         f'"1-2-3" {NOT_A_WEEK_LIST}'),
    Case("weeks-empty-item", plan_text(assign='weeks = "1,,2"\n'), "assign[1].weeks", 8,
         f'"1,,2" {NOT_A_WEEK_LIST}'),
    Case("weeks-list", plan_text(assign="weeks = [1, 2]\n"), "assign[1].weeks", 8,
         'expected weeks like "all", "3", "1-2" or "1,3,5"; found a list'),
    Case("days-empty-list", plan_text(assign="days = []\n"), "assign[1].days", 8,
         'the list of days is empty; name at least one day, like ["mon", "fri"], or write '
         '"daily"'),
    # Long digit strings: said in words, at once (they used to crash or hang).
    Case("weeks-thousands-of-digits", plan_text(assign=f'weeks = "{"9" * 5000}"\n'),
         "assign[1].weeks", 8, f'"{"9" * 77}..." {NOT_A_WEEK_LIST}'),
    Case("weeks-huge-range", plan_text(assign='weeks = "1-99999999"\n'), "assign[1].weeks", 8,
         "week 9 is outside this plan, which is 8 weeks long"),
    Case("times-0", plan_text(assign="times = 0\n"), "assign[1].times", 8,
         "must be from 1 to 10; found 0"),
    Case("plan-unknown-key", plan_text('start = "monday"\n'), "start", 5,
         "unknown key `start`; it will be ignored", "warning"),
    Case("assign-unknown-key", plan_text(assign="time = 2\n"), "assign[1].time", 8,
         "unknown key `time`, did you mean `times`?", "warning"),
    Case("assign-unknown-key-far", plan_text(assign='note = "gently"\n'), "assign[1].note", 8,
         "unknown key `note`; it will be ignored", "warning"),
]


@pytest.mark.parametrize("case", PLAN_CASES, ids=[c.name for c in PLAN_CASES])
def test_plan_rule(tmp_path: Path, case: Case) -> None:
    root = make_pack(tmp_path / "p", plan=case.toml)
    loaded = load_path(root)
    assert loaded.problems == [Problem(str(root / "plan.toml"), case.message, case.key,
                                       case.line, case.severity)]
    (pack,) = loaded.packs
    if case.severity == "warning":
        assert [p.id for p in pack.plans] == ["home"], "warnings only: the plan is offered"
    else:
        assert pack.plans == (), "a plan with an error is not offered"
    assert [e.id for e in loaded.exercises] == ["body-scan"], "the exercises still load"


def only_assign(tmp_path: Path, text: str) -> Loaded:
    loaded = load_path(make_pack(tmp_path / "p", plan=text))
    assert loaded.problems == []
    return loaded


ALL_DAYS = frozenset(range(7))


@pytest.mark.parametrize("line, weeks", [
    ("", frozenset(range(1, 9))),
    ('weeks = "all"\n', frozenset(range(1, 9))),
    ('weeks = "3"\n', frozenset({3})),
    ("weeks = 3\n", frozenset({3})),
    ('weeks = "2-4"\n', frozenset({2, 3, 4})),
    ('weeks = "1,3,5"\n', frozenset({1, 3, 5})),
    ('weeks = "1, 3-4 ,8"\n', frozenset({1, 3, 4, 8})),
    ('weeks = "8-8"\n', frozenset({8})),
    ('weeks = "All"\n', frozenset(range(1, 9))),
], ids=["default", "all", "one-week", "a-number", "range", "list", "list-with-spaces",
        "last-week", "all-with-a-capital"])
def test_assign_weeks_that_load(tmp_path: Path, line: str, weeks: frozenset[int]) -> None:
    loaded = only_assign(tmp_path, plan_text(assign=line))
    ((assign,),) = [p.assign for p in loaded.packs[0].plans]
    assert (assign.weeks, assign.days) == (weeks, ALL_DAYS)


@pytest.mark.parametrize("line, days", [
    ("", ALL_DAYS),
    ('days = "daily"\n', ALL_DAYS),
    ('days = "weekdays"\n', frozenset(range(5))),
    ('days = "weekends"\n', frozenset({5, 6})),
    ('days = ["Mon", "FRI", "sun"]\n', frozenset({0, 4, 6})),
    ('days = ["tue", "tue"]\n', frozenset({1})),
    ('days = "Weekdays"\n', frozenset(range(5))),
], ids=["default", "daily", "weekdays", "weekends", "capitals-ignored", "repeated",
        "named-with-capitals"])
def test_assign_days_that_load(tmp_path: Path, line: str, days: frozenset[int]) -> None:
    loaded = only_assign(tmp_path, plan_text(assign=line))
    ((assign,),) = [p.assign for p in loaded.packs[0].plans]
    assert (assign.days, assign.weeks) == (days, frozenset(range(1, 9)))


def test_plan_at_its_limits_loads(tmp_path: Path) -> None:
    text = (PLAN_HEAD.replace("weeks = 8", "weeks = 104") + f'message = "{"m" * 2_000}"\n'
            + ASSIGN.replace('"body-scan"', '"steady/body-scan"')
            + ASSIGN.replace('"body-scan"', '"other-pack/some-practice"') + 'weeks = "104"\n'
            + ASSIGN * 198)
    loaded = load_path(make_pack(tmp_path / "p", plan=text))
    # 199 one-minute practices a day load, with a word about the length of the day.
    (long_days,) = loaded.problems
    assert (long_days.severity, long_days.message[:79]) == (
        "warning", "the practice set for a day adds up to more than 90 minutes on 728 days: 3 h "
        "19 ")
    (plan,) = loaded.packs[0].plans
    assert (plan.weeks, len(plan.message), len(plan.assign)) == (104, 2_000, 200)
    first, second = plan.assign[:2]
    assert (first.exercise, second.exercise, second.weeks) == (
        "steady/body-scan", "other-pack/some-practice", frozenset({104}))
    assert plan.assign[2].exercise == "steady/body-scan", "a short id is named in its pack"


def test_one_week_plan_loads(tmp_path: Path) -> None:
    (plan,) = only_assign(tmp_path, plan_text(assign='weeks = "1"\n').replace(
        "weeks = 8", "weeks = 1")).packs[0].plans
    assert (plan.weeks, plan.assign[0].weeks) == (1, frozenset({1}))


def test_two_plans_with_the_same_id(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", plan=plan_text(), plans={"again.toml": plan_text()})
    loaded = load_path(root)
    assert [(p.file, p.key, p.message, p.severity) for p in loaded.problems] == [
        (str(root / "plans" / "again.toml"), "id", 'the plan id "home" is used twice',
         "error")]
    assert [p.source for p in loaded.packs[0].plans] == [str(root / "plan.toml")]


# --- pack folders -----------------------------------------------------------------------


def test_dot_files_and_dot_folders_in_a_pack_are_not_read(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", exercises=("a",))
    (root / "exercises" / ".draft.toml").write_text("broken = ")
    (root / "exercises" / ".old").mkdir()
    (root / "exercises" / ".old" / "b.toml").write_text(EXERCISE.format("b"))
    (root / "plans").mkdir()
    (root / "plans" / ".wip.toml").write_text("broken = ")
    (root / ".git").mkdir()
    (root / ".git" / "plan.toml").write_text("broken = ")
    loaded = load_path(root)
    assert loaded.problems == []
    assert [e.id for e in loaded.exercises] == ["a"]
    assert loaded.packs[0].plans == ()


def test_symlinks_in_a_pack_folder_are_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "more").mkdir(parents=True)
    (outside / "secret.toml").write_text(EXERCISE.format("secret"))
    (outside / "more" / "deep.toml").write_text(EXERCISE.format("deep"))
    (outside / "plan.toml").write_text(plan_text(exercise="a"))
    root = make_pack(tmp_path / "p", exercises=("a",))
    try:
        os.symlink(outside / "secret.toml", root / "exercises" / "secret.toml")
        os.symlink(outside / "more", root / "exercises" / "more", target_is_directory=True)
        os.symlink(outside / "plan.toml", root / "plan.toml")
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot make symlinks")
    loaded = load_path(root)
    # Left out, and said so: a plan that then misses a practice is not a mystery.
    assert [(Path(p.file).relative_to(root).as_posix(), p.severity, p.message[:57])
            for p in loaded.problems] == [
        (name, "warning", "this is a link (a shortcut to a file or folder elsewhere)")
        for name in ("exercises/more", "exercises/secret.toml", "plan.toml")]
    assert [e.id for e in loaded.exercises] == ["a"]
    assert loaded.packs[0].plans == ()
