"""One slip, one clear message: a hand-made pack broken one mistake at a time.

`riverside` is written as a therapist would write it: six practices, two scales
of its own (`suds` 0-100 and `sleep`) used all over, and a four-week plan.
Each test makes one slip and reads `painpath validate` as the therapist reads
it: the lines printed, the counts, the exit code.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from pack_helpers import cli, flat

RIVERSIDE = Path(__file__).parents[1] / "fixtures" / "packs" / "riverside"
NO_SCALES = "0 exercises loaded; 1 error, 0 warnings in 1 file, and 21 problems that only " \
    "follow from it."


def slip(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the pack with `old` replaced by `new` (once) in `file`."""
    root = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, root)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return root


def validate(capsys: pytest.CaptureFixture[str], tmp_path: Path, *paths: Path
             ) -> tuple[int, list[str]]:
    """Exit code and printed lines, with the pack's folder written as P."""
    code, out, err = cli(capsys, tmp_path / "data", "validate", *map(str, paths))
    assert err == ""
    return code, out.replace(str(tmp_path / "riverside"), "P").splitlines()


def report(capsys: pytest.CaptureFixture[str], tmp_path: Path, path: Path) -> dict:
    _, out, _ = cli(capsys, tmp_path / "data", "validate", "--json", str(path))
    return json.loads(out.replace(str(tmp_path / "riverside"), "P"))


def test_the_pack_as_written_is_all_good(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    code, lines = validate(capsys, tmp_path, RIVERSIDE)
    assert (code, lines) == (0, ["6 exercises loaded; 0 errors, 0 warnings. All good."])


def test_curly_quotes_in_crisis_are_one_error_and_what_follows_is_counted(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = slip(tmp_path, "pack.toml", 'crisis = "Riverside crisis line: 0123 456 789"',
                "crisis = \u201cRiverside crisis line: 0123 456 789\u201d")
    code, lines = validate(capsys, tmp_path, root)
    assert code == 1
    assert lines == [
        "error   P/pack.toml:11: this file could not be read: this line uses curly quotes "
        "(\u201c \u201d), and TOML needs straight quotes (\"); your editor may have changed "
        "them",
        "        … and 21 problems that come from it; fixing it should clear them too",
        NO_SCALES]
    # --json keeps every one, each saying which mistake it follows from.
    data = report(capsys, tmp_path, root)
    assert (data["errors"], data["derived"]) == (1, 21)
    followers = [p for p in data["problems"] if p["comes_from"]]
    assert {p["comes_from"] for p in followers} == {"P/pack.toml"}
    assert followers[0]["message"] == (
        '"suds" is not a built-in scale, and the pack\'s own scales could not be read because '
        "pack.toml has an error")
    assert followers[-1]["message"] == (
        '"evening-notes" is in exercises/evening-notes.toml, which has an error, so this plan '
        "cannot use it until that file is fixed")


def test_a_misspelt_version_is_one_error_not_a_warning_and_a_flood(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = slip(tmp_path, "pack.toml", 'version = "1.0.0"', 'verison = "1.0.0"')
    code, lines = validate(capsys, tmp_path, root)
    assert (code, lines) == (1, [
        "error   P/pack.toml:7: verison: `verison` looks like `version` misspelt, and `version` "
        "is needed here; correct the spelling to `version`",
        "0 exercises loaded; 1 error, 0 warnings in 1 file."])


def test_a_scale_out_of_range_is_one_error(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    root = slip(tmp_path, "pack.toml", "max = 100\n", "max = 1000\n")
    code, lines = validate(capsys, tmp_path, root)
    assert (code, lines) == (1, [
        "error   P/pack.toml:17: scales[1].max: must be from 0 to 100; found 1000",
        "0 exercises loaded; 1 error, 0 warnings in 1 file."])


def test_a_content_note_below_ratings_is_an_error_that_says_where_to_move_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    note = 'content_note = "Eyes open or closed, as you prefer. You can stop at any time."\n'
    root = slip(tmp_path, "exercises/arriving.toml", note, "")
    path = root / "exercises" / "arriving.toml"
    path.write_text(path.read_text().replace('after = ["suds"]\n', f'after = ["suds"]\n{note}'))
    code, lines = validate(capsys, tmp_path, root)
    assert (code, lines) == (1, [
        "error   P/exercises/arriving.toml:10: ratings.content_note: `content_note` is inside "
        "`[ratings]`: move it above the `[ratings]` line",
        "        … and 1 problem that comes from it; fixing it should clear it too",
        "5 exercises loaded; 1 error, 0 warnings in 1 file, and 1 problem that only follows "
        "from it."])
    # So the practice is never handed over without its content note.
    code, out, _ = cli(capsys, tmp_path / "data", "pack", "build", str(root), "-o",
                       str(tmp_path / "riverside.zip"))
    assert code != 0 and not (tmp_path / "riverside.zip").exists()
    assert "`content_note` is inside `[ratings]`" in out


def test_a_key_below_the_last_step_names_the_step(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    root = slip(tmp_path, "exercises/five-things.toml", 'duration = "2m"\n',
                'duration = "2m"\ntags = ["seated"]\n')
    code, lines = validate(capsys, tmp_path, root)
    assert code == 1
    assert lines[0] == ("error   P/exercises/five-things.toml:16: steps[1].tags: `tags` is "
                        "inside the `[[steps]]` of step 1: move it above the `[ratings]` line")


def test_single_brackets_for_steps_say_to_use_double_brackets(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = slip(tmp_path, "exercises/arriving.toml", "[[steps]]\ntitle = \"Looking",
                "[steps]\ntitle = \"Looking")
    path = root / "exercises" / "arriving.toml"
    path.write_text(path.read_text().replace("[[steps]]", "[steps]"))
    code, lines = validate(capsys, tmp_path, root)
    assert code == 1
    assert lines[0] == (
        "error   P/exercises/arriving.toml:17: this file could not be read: each step is "
        "written under [[steps]], with two square brackets on each side; [steps] with one "
        "bracket is read as a single table, so a second one clashes. Use double brackets: "
        "[[steps]]")
    assert "heading is given twice" not in "\n".join(lines)


def test_a_plan_line_naming_a_broken_practice_says_its_file_has_an_error(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = slip(tmp_path, "exercises/body-scan-20.toml", 'duration = "4m"\nregion = "legs"',
                'duration = "four minutes"\nregion = "legs"')
    code, lines = validate(capsys, tmp_path, root)
    assert (code, lines) == (1, [
        'error   P/exercises/body-scan-20.toml:27: steps[3].duration: "four minutes" is not a '
        'duration; write it like "90s", "10m" or "1m30s"',
        "        … and 1 problem that comes from it; fixing it should clear it too",
        "5 exercises loaded; 1 error, 0 warnings in 1 file, and 1 problem that only follows "
        "from it."])
    (line,) = [p for p in report(capsys, tmp_path, root)["problems"] if p["comes_from"]]
    assert line == {
        "file": "P/plan.toml", "line": 12, "key": "assign[2].exercise", "severity": "error",
        "message": '"body-scan-20" is in exercises/body-scan-20.toml, which has an error, so '
                   "this plan cannot use it until that file is fixed",
        "comes_from": "P/exercises/body-scan-20.toml"}


def test_validate_a_plan_file_checks_it_against_its_pack(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, lines = validate(capsys, tmp_path, RIVERSIDE / "plan.toml")
    assert (code, lines) == (0, ["1 plan loaded; 0 errors, 0 warnings. All good."])
    root = slip(tmp_path, "plan.toml", 'exercise = "safe-place"', 'exercise = "safe-plaec"')
    code, lines = validate(capsys, tmp_path, root / "plan.toml")
    assert (code, lines) == (1, [
        'error   P/plan.toml:28: assign[5].exercise: there is no exercise "safe-plaec" in this '
        'pack; did you mean "safe-place"?',
        "0 exercises loaded; 1 error, 0 warnings in 1 file."])


def test_validate_a_plan_file_shows_the_mistake_its_problem_follows_from(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = slip(tmp_path, "exercises/slow-exhale.toml", "cycles = 18", "cycles = 18.5")
    code, lines = validate(capsys, tmp_path, root / "plan.toml")
    assert (code, lines) == (1, [
        "error   P/exercises/slow-exhale.toml:15: steps[1].cycles: expected a whole number "
        "from 1 to 500; found the number 18.5",
        "        … and 1 problem that comes from it; fixing it should clear it too",
        "0 exercises loaded; 1 error, 0 warnings in 1 file, and 1 problem that only follows "
        "from it."])


def test_a_linked_practice_is_said_to_be_left_out(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    root = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, root)
    kept = tmp_path / "safe-place.toml"
    (root / "exercises" / "safe-place.toml").rename(kept)
    try:
        (root / "exercises" / "safe-place.toml").symlink_to(kept)
    except OSError:
        pytest.skip("this system cannot make links")
    code, lines = validate(capsys, tmp_path, root)
    assert (code, lines) == (1, [
        "warning P/exercises/safe-place.toml: this is a link (a shortcut to a file or folder "
        "elsewhere), so it is left out of the pack: a pack holds only its own files, so that "
        "it is the same on every computer. Copy the file itself into the pack folder instead",
        'error   P/plan.toml:28: assign[5].exercise: there is no exercise "safe-place" in this '
        "pack: exercises/safe-place.toml is a link, and links are left out of a pack; copy "
        "the file itself into the pack",
        "5 exercises loaded; 1 error, 1 warning in 2 files."])


def test_an_id_shared_with_a_bundled_practice_is_a_warning_when_building(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = slip(tmp_path, "exercises/safe-place.toml", 'id = "safe-place"',
                'id = "pendulation"')
    plan = root / "plan.toml"
    plan.write_text(plan.read_text().replace('"safe-place"', '"pendulation"'))
    words = ('warning P/exercises/safe-place.toml:2: id: "pendulation" is also the id of a '
             "practice that comes with painpath, so for your client the short name "
             '"pendulation" would be ambiguous: they would need to type '
             '"riverside/pendulation". Another id avoids this')
    code, lines = validate(capsys, tmp_path, root)
    assert (code, lines) == (0, [words, "6 exercises loaded; 0 errors, 1 warning in 1 file."])
    code, out, _ = cli(capsys, tmp_path / "data", "pack", "build", str(root), "-o",
                       str(tmp_path / "riverside.zip"))
    assert code == 0 and zipfile.is_zipfile(tmp_path / "riverside.zip")
    assert out.replace(str(root), "P").splitlines()[0] == words.replace("warning", "warning ")


def test_a_scale_in_capitals_gets_did_you_mean(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    root = slip(tmp_path, "exercises/slow-exhale.toml", 'before = ["suds"]',
                'before = ["SUDS"]')
    code, lines = validate(capsys, tmp_path, root)
    assert code == 1
    assert lines[0] == ('error   P/exercises/slow-exhale.toml:8: ratings.before: "SUDS" is not '
                        'a known rating scale; did you mean "suds"?')


def test_an_unclosed_triple_quote_gets_the_line_it_opens_on(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = slip(tmp_path, "exercises/evening-notes.toml",
                'summary = "A word or two about the day."',
                'summary = "A word or two about the day."\ndescription = """\nAt the end of '
                "the day.\n")
    code, lines = validate(capsys, tmp_path, root)
    assert code == 1
    assert lines[0] == (
        'error   P/exercises/evening-notes.toml:6: this file could not be read: the text in '
        'triple quotes (""") that starts on this line is never closed; add the closing """ '
        "where the text ends")


def test_a_number_in_quotes_says_to_remove_the_quotes(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    root = slip(tmp_path, "plan.toml", "times = 2", 'times = "2"')
    code, lines = validate(capsys, tmp_path, root)
    assert (code, lines) == (1, [
        'error   P/plan.toml:20: assign[3].times: remove the quotes: write 2 without them, '
        'not "2"',
        "6 exercises loaded; 1 error, 0 warnings in 1 file."])


def test_a_day_over_90_minutes_gets_a_warning_with_its_total(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = slip(tmp_path, "plan.toml", 'weeks = "1-2"\ndays = ["mon", "wed", "fri"]',
                'weeks = "1-2"\ndays = ["mon", "wed", "fri"]\ntimes = 5')
    code, lines = validate(capsys, tmp_path, root)
    # Monday, Wednesday, Friday: arriving 2 min, body scan 5 x 20 min, notes 1 min
    # (estimated), and in week 2 the slower out-breath twice (2 x 3 min).
    assert (code, lines) == (0, [
        "warning P/plan.toml:7: assign: the practice set for a day adds up to more than 90 "
        "minutes on 6 days: 1 h 49 min on Monday, Wednesday and Friday in week 2; 1 h 43 min "
        "on Monday, Wednesday and Friday in week 1. That is a lot for one day; you may want "
        "to spread it out",
        "6 exercises loaded; 0 errors, 1 warning in 1 file."])


def test_a_draft_in_a_pack_with_an_unreadable_pack_toml_says_why_it_cannot_open(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = slip(tmp_path, "pack.toml", 'crisis = "Riverside crisis line: 0123 456 789"',
                "crisis = \u201cRiverside crisis line: 0123 456 789\u201d")
    code, _, err = cli(capsys, tmp_path / "data", "show",
                         str(root / "exercises" / "slow-exhale.toml"))
    assert code != 0
    assert ('"suds" is not a built-in scale, and the pack\'s own scales could not be read '
            "because pack.toml has an error") in flat(err)
