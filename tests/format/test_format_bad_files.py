"""Every mistake a therapist is likely to make in an exercise file, and what they read.

Each file in tests/fixtures/bad/ holds one mistake. The test names the exact
message, the key path (steps counted from 1, as they appear in the file), the
line the problem is on, and whether the file still loads (warnings only).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from painpath.format.loader import exercise_from_bytes, load_path
from painpath.format.problems import Problem

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"

TIMING_HELP = ("give a step exactly one of: `duration` alone; `breath` with `cycles`; "
               "`count` (with an optional `duration` as its limit); or `entry = true` "
               "(with an optional `duration` as its limit)")
DURATION_HINT = 'write it like "90s", "10m" or "1m30s"'
OUTSIDE = ("points outside the pack; audio files must be inside the pack folder, given "
           "relative to it")


@dataclass(frozen=True)
class Case:
    file: str
    key: str
    line: int | None
    message: str
    severity: str = "error"


CASES = [
    Case("missing-format.toml", "format", None,
         "`format` is missing; start the file with the line: format = 1"),
    Case("format-2.toml", "format", 1,
         "this file says format = 2, but painpath reads format 1; if it was made for a newer "
         "painpath, please update painpath"),
    Case("format-as-text.toml", "format", 1,
         'write the format as a number, without quotes: format = 1; found "1"'),
    Case("missing-id.toml", "id", None, '`id` is missing; add a line like: id = "body-scan-10"'),
    Case("missing-title.toml", "title", None,
         '`title` is missing; add a line like: title = "Evening body scan"'),
    Case("missing-kind.toml", "kind", None,
         '`kind` is missing; add a line like: kind = "body-scan" (or one of: mbsr, grounding, '
         "breathing, somatic, movement, other)"),
    Case("missing-steps.toml", "steps", None,
         "this exercise has no steps; add at least one [[steps]] table with a `text` and a "
         "`duration`"),
    Case("bad-id.toml", "id", 2,
         '"Body Scan" is not a valid id; use 1 to 64 small letters a-z, digits and dashes, '
         'starting with a letter or digit, like "body-scan-10"'),
    Case("kind-near-miss.toml", "kind", 4,
         '"grouding" is not a kind painpath knows; did you mean "grounding"? choose one of: '
         "body-scan, mbsr, grounding, breathing, somatic, movement, other"),
    Case("title-too-long.toml", "title", 3, "is 81 characters long; at most 80 are allowed"),
    Case("summary-too-long.toml", "summary", 5, "is 201 characters long; at most 200 are allowed"),
    Case("duration-words.toml", "steps[3].duration", 16,
         f'"ten minutes" is not a duration; {DURATION_HINT}'),
    Case("duration-zero.toml", "steps[1].duration", 8,
         "a duration must be at least 1 second; found the number 0"),
    Case("duration-4h.toml", "steps[2].duration", 12,
         'a duration can be at most 3 hours ("3h"); found the text "4h"'),
    Case("duration-decimal.toml", "steps[1].duration", 8,
         f"1.5 is not a whole number of seconds; {DURATION_HINT}"),
    Case("breath-without-cycles.toml", "steps[2]", 10,
         "a `breath` step also needs `cycles`: how many breaths, like cycles = 6"),
    Case("breath-with-duration.toml", "steps[1].duration", 10,
         "a `breath` step is timed by its `cycles`, so it cannot also have a `duration`; "
         "remove one of them"),
    Case("cycles-without-breath.toml", "steps[1].cycles", 8,
         "`cycles` only goes with `breath`; add a `breath` table or remove `cycles`"),
    Case("count-25.toml", "steps[1].count", 8, "must be from 1 to 20; found 25"),
    Case("count-and-entry.toml", "steps[1]", 6,
         f"this step has both `count` and `entry`; {TIMING_HELP}"),
    # One message only: not also "this step has no timing".
    Case("entry-yes.toml", "steps[1].entry", 8,
         'expected true or false (without quotes); found the text "yes"'),
    Case("no-timing.toml", "steps[2]", 10, f"this step has no timing; {TIMING_HELP}"),
    Case("bells-every-too-long.toml", "steps[1].bells_every", 9,
         "`bells_every` (5 min) must be shorter than the step's `duration` (5 min)"),
    Case("bells-every-with-count.toml", "steps[1].bells_every", 9,
         "`bells_every` only works in a step timed by `duration` alone"),
    Case("region-near-miss.toml", "steps[1].region", 9,
         '"lower_back" is not a body region painpath knows; did you mean "lower-back"?'),
    Case("ratings-unknown-scale.toml", "ratings.before", 7,
         '"pian" is not a known rating scale; did you mean "pain"?'),
    Case("rate-unknown-scale.toml", "steps[2].rate", 14,
         '"pian" is not a known rating scale; did you mean "pain"?'),
    Case("unknown-key-near.toml", "steps[2].durration", 13,
         "unknown key `durration`, did you mean `duration`?", "warning"),
    Case("unknown-key-far.toml", "background_music", 5,
         "unknown key `background_music`; it will be ignored", "warning"),
    Case("tags-not-list.toml", "tags", 5,
         'expected a list of words, like ["beginner", "seated"]; found the text "calm"'),
    Case("language-english.toml", "language", 5,
         'expected a language tag like "en" or "pt-BR"; found the text "english"'),
    Case("audio-parent.toml", "steps[1].audio", 9, f'"../x.ogg" {OUTSIDE}'),
    Case("audio-absolute.toml", "steps[1].audio", 9, f'"/etc/x.ogg" {OUTSIDE}'),
    Case("audio-not-sound.toml", "steps[1].audio", 9,
         '"a.txt" is not a sound file painpath knows; use .wav, .mp3, .flac or .ogg'),
    # The line comes from the TOML parser: the unclosed quote is on line 3.
    Case("invalid-toml.toml", "", 3,
         "this file could not be read: a text in quotes is not closed before the end of the "
         'line; add the closing quote, or use triple quotes """ for text over several lines'),
    Case("curly-quotes.toml", "", 3,
         "this file could not be read: this line uses curly quotes (\u201c \u201d), and TOML "
         'needs straight quotes ("); your editor may have changed them'),
    Case("not-utf8.toml", "", 3,
         "this file is not UTF-8 text; save it from your editor as UTF-8 (plain text)"),
    Case("empty.toml", "", None,
         "this file is empty; start it with the line: format = 1 (see the format guide for a "
         "complete example)"),
    Case("steps-empty.toml", "steps", 5, "expected one or more [[steps]] tables; found none"),
    Case("steps-single-brackets.toml", "steps", 6,
         "write each step under [[steps]], with two square brackets on each side; found "
         "[steps] with one. Use double brackets: [[steps]]"),
    Case("breath-inhale-zero.toml", "steps[1].breath.inhale", 8,
         "must be more than 0 and at most 60 seconds; found 0"),
    # `[steps.breath]` as its own table: the line is the `exhale` line inside it.
    Case("breath-exhale-61.toml", "steps[1].breath.exhale", 12,
         "must be more than 0 and at most 60 seconds; found 61"),
    Case("step-without-text.toml", "steps[2]", 10,
         '`text` is missing; add a line like: text = "Let your attention rest on your feet."'),
]


def test_every_fixture_has_a_case() -> None:
    covered = {c.file for c in CASES} | {"step-is-text.toml"}
    assert covered == {p.name for p in BAD.iterdir()}


@pytest.mark.parametrize("case", CASES, ids=[c.file.removesuffix(".toml") for c in CASES])
def test_bad_file_gives_one_clear_problem(case: Case) -> None:
    path = BAD / case.file
    loaded = load_path(path)
    assert loaded.problems == [Problem(str(path), case.message, case.key, case.line,
                                       case.severity)]  # type: ignore[arg-type]
    if case.severity == "warning":
        assert len(loaded.exercises) == 1, "a file with warnings only still loads"
    else:
        assert loaded.exercises == [], "a file with an error is not loaded"


def test_near_miss_key_warning_still_loads_the_step() -> None:
    loaded = load_path(BAD / "unknown-key-near.toml")
    (ex,) = loaded.exercises
    # The misspelt key is ignored; the step keeps its real `duration`.
    assert [s.duration for s in ex.steps] == [60, 60]


def test_steps_given_as_text_name_each_step() -> None:
    path = BAD / "step-is-text.toml"
    loaded = load_path(path)
    assert [(p.key, p.line, p.message) for p in loaded.problems] == [
        ("steps[1]", 5, 'each step should be a [[steps]] table; found the text "Arrive."'),
        ("steps[2]", 5, 'each step should be a [[steps]] table; found the text "Rest."'),
    ]
    assert loaded.exercises == []


def test_validate_line_format_names_file_line_and_key() -> None:
    path = BAD / "duration-words.toml"
    (problem,) = load_path(path).problems
    assert problem.render() == (f'{path}:16: steps[3].duration: "ten minutes" is not a '
                                f"duration; {DURATION_HINT}")


GOOD_HEAD = 'format = 1\nid = "x"\ntitle = "X"\nkind = "other"\n'


def test_file_over_one_mebibyte_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes((GOOD_HEAD + "# " + "x" * (2 * 1024 * 1024) + "\n").encode())
    loaded = load_path(path)
    assert loaded.problems == [Problem(str(path), "this file is 2.0 MiB; a painpath file may "
                                       "be at most 1 MiB")]


def test_501_steps_are_too_many(tmp_path: Path) -> None:
    path = tmp_path / "many.toml"
    path.write_text(GOOD_HEAD + '[[steps]]\ntext = "a"\nduration = 1\n' * 501)
    (problem,) = load_path(path).problems
    assert (problem.key, problem.line) == ("steps", 5)
    assert problem.message == "this exercise has 501 steps; at most 500 are allowed"
    path.write_text(GOOD_HEAD + '[[steps]]\ntext = "a"\nduration = 1\n' * 500)
    assert len(load_path(path).exercises[0].steps) == 500


def test_all_problems_in_a_file_are_listed_at_once() -> None:
    raw = (GOOD_HEAD.replace('"other"', '"grouding"') + 'language = "english"\n'
           '[[steps]]\ntext = "a"\nduration = "ten"\n'
           '[[steps]]\ntext = "b"\ncount = 25\n').encode()
    ex, problems = exercise_from_bytes(raw, "draft.toml")
    assert ex is None
    assert [(p.key, p.line) for p in problems] == [
        ("kind", 4), ("language", 5), ("steps[1].duration", 8), ("steps[2].count", 11)]


@pytest.mark.parametrize("value, seconds", [
    (90, 90), ('"90s"', 90), ('"2m"', 120), ('"1m30s"', 90), ('"1h"', 3600),
    ('"1m 30s"', 90), ('"3h"', 10800), ('"1s"', 1)])
def test_durations_people_write(value: str | int, seconds: int) -> None:
    ex, problems = exercise_from_bytes(
        (GOOD_HEAD + f'[[steps]]\ntext = "a"\nduration = {value}\n').encode(), "d.toml")
    assert problems == []
    assert ex is not None and ex.steps[0].duration == seconds
