"""`painpath plan preview PACK` and `painpath show plan.toml`: a plan as a calendar.

The hand-made `riverside` pack is previewed as a therapist would before
handing it over; small packs made here cover the calendar's edge cases:
week lists and ranges, day words, free days, long days, a start in the middle
of a week or across a new year, and practices from another pack.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from pack_helpers import cli

RIVERSIDE = Path(__file__).parent / "fixtures" / "packs" / "riverside"


def preview(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str
            ) -> tuple[int, list[str], str]:
    code, out, err = cli(capsys, tmp_path / "data", "plan", "preview", *args)
    return code, out.splitlines(), err


def make_pack(root: Path, plan: str, practices: dict[str, str] | None = None) -> Path:
    """A pack of practices with the given lengths, and `plan`'s [[assign]] lines."""
    (root / "exercises").mkdir(parents=True)
    (root / "pack.toml").write_text('format = 1\nid = "edge"\ntitle = "Edges"\n'
                                    'version = "2.0.0"\n')
    for ident, duration in (practices or {"short": "10m", "long": "1h"}).items():
        (root / "exercises" / f"{ident}.toml").write_text(
            f'format = 1\nid = "{ident}"\ntitle = "{ident.title()}"\nkind = "other"\n\n'
            f'[[steps]]\ntext = "Rest."\nduration = "{duration}"\n')
    (root / "plan.toml").write_text(plan)
    return root


def plan_text(weeks: int, *assigns: str) -> str:
    return (f'format = 1\nid = "p"\ntitle = "Plan"\nweeks = {weeks}\n'
            + "".join(f"\n[[assign]]\n{a}\n" for a in assigns))


def headings(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("Week")]


def day_line(lines: list[str], heading: str, label: str) -> str:
    """The line of one day under one week heading, its spaces squeezed."""
    start = lines.index(next(line for line in lines if line.startswith(heading)))
    line = next(line for line in lines[start + 1:] if line.strip().startswith(label))
    return " ".join(line.split())


def test_the_riverside_plan_week_by_week(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    code, lines, err = preview(capsys, tmp_path, str(RIVERSIDE))
    assert (code, err) == (0, "")
    assert lines[:4] == [
        "Four weeks between sessions",
        'The plan "four-weeks" from the pack "Riverside: between our sessions" (riverside, '
        "version 1.0.0), by R. Okafor.",
        "4 weeks. Week 1 begins on the day your client starts the plan; the days follow the "
        "calendar.",
        "Message with each day's practice: Practise when you can. Missing a day is fine; come "
        "back the next."]
    assert headings(lines) == ["Week 1", "Week 2", "Weeks 3-4, the same each week"]
    assert day_line(lines, "Week 1", "Monday") == (
        "Monday 23 min Arriving (2 min); Twenty-minute body scan (20 min); Evening notes (1 min)")
    assert day_line(lines, "Week 2", "Tuesday") == (
        "Tuesday 9 min Arriving (2 min); A slower out-breath, twice (3 min each); Evening notes "
        "(1 min)")
    assert day_line(lines, "Weeks 3-4", "Saturday") == (
        "Saturday 5 min Arriving (2 min); Five things (2 min); Evening notes (1 min)")
    assert "  In all: 1 h 3 min in 28 sessions each week." in lines
    assert lines[-3:-1] == [
        "The busiest day: 29 min (Monday, Wednesday and Friday in week 2).",
        "Over 4 weeks: 5 h 18 min of practice in 100 sessions, 0 free days of 28."]


def test_a_zip_previews_the_same_as_its_folder(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    built = tmp_path / "riverside.zip"
    with zipfile.ZipFile(built, "w") as zf:
        for path in sorted(RIVERSIDE.rglob("*.toml")):
            zf.write(path, path.relative_to(RIVERSIDE).as_posix())
    assert preview(capsys, tmp_path, str(built)) == preview(capsys, tmp_path, str(RIVERSIDE))


def test_json_holds_every_day_with_its_seconds(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    code, lines, _ = preview(capsys, tmp_path, str(RIVERSIDE), "--json")
    (plan,) = json.loads("\n".join(lines))
    assert code == 0
    assert (plan["plan"], plan["weeks"], plan["busiest_day_seconds"], plan["sessions"],
            plan["free_days"], plan["days_over_90_minutes"]) == ("four-weeks", 4, 29 * 60, 100,
                                                                  0, 0)
    assert [w["week"] for w in plan["calendar"]] == [1, 2, 3, 4]
    tuesday = plan["calendar"][1]["days"][1]
    assert (tuesday["weekday"], tuesday["date"], tuesday["seconds"], tuesday["sessions"]) == (
        "Tuesday", None, 9 * 60, 4)
    assert tuesday["items"][1] == {"exercise": "riverside/slow-exhale",
                                   "title": "A slower out-breath", "times": 2,
                                   "seconds_each": 180, "seconds": 360}


def test_week_lists_and_ranges_group_only_weeks_that_are_the_same(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", plan_text(
        8, 'exercise = "short"\nweeks = "1,3"', 'exercise = "short"\nweeks = "5-7"\n'
        'days = "weekends"'))
    code, lines, _ = preview(capsys, tmp_path, str(root))
    assert code == 0
    assert headings(lines) == ["Week 1", "Week 2", "Week 3", "Week 4",
                               "Weeks 5-7, the same each week", "Week 8"]
    assert day_line(lines, "Week 2", "Monday") == "Monday – nothing set: a free day"
    assert day_line(lines, "Weeks 5-7", "Friday") == "Friday – nothing set: a free day"
    assert day_line(lines, "Weeks 5-7", "Sunday") == "Sunday 10 min Short (10 min)"
    assert "Over 8 weeks: 3 h 20 min of practice in 20 sessions, 36 free days of 56." in lines


def test_day_words_and_lines_for_one_practice_add_up(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", plan_text(
        1, 'exercise = "short"\ndays = "Weekdays"', 'exercise = "short"\ndays = ["Mon", "sat"]\n'
        "times = 2"))
    code, lines, _ = preview(capsys, tmp_path, str(root))
    assert code == 0
    assert [day_line(lines, "Week 1", day) for day in ("Monday", "Tuesday", "Saturday",
                                                       "Sunday")] == [
        "Monday 30 min Short, 3 times (10 min each)", "Tuesday 10 min Short (10 min)",
        "Saturday 20 min Short, twice (10 min each)", "Sunday – nothing set: a free day"]


def test_a_day_over_90_minutes_is_marked(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", plan_text(
        2, 'exercise = "long"\nweeks = "2"\ndays = ["wed"]', 'exercise = "short"\nweeks = "2"\n'
        'days = ["wed"]\ntimes = 4'))
    code, lines, _ = preview(capsys, tmp_path, str(root))
    assert code == 0
    assert day_line(lines, "Week 2", "Wednesday") == (
        "Wednesday 1 h 40 min Long (1 h); Short, 4 times (10 min each) (more than 90 minutes)")
    assert "1 day asks for more than 90 minutes." in lines
    assert "The busiest day: 1 h 40 min (Wednesday in week 2)." in lines
    code, out, _ = preview(capsys, tmp_path, str(root), "--json")
    (plan,) = json.loads("\n".join(out))
    assert plan["days_over_90_minutes"] == 1
    assert plan["calendar"][1]["days"][2]["over_90_minutes"] is True


def test_a_start_date_lays_weeks_out_from_that_day_across_the_new_year(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", plan_text(2, 'exercise = "short"\ndays = ["mon"]'))
    code, lines, _ = preview(capsys, tmp_path, str(root), "--start", "2026-12-30")
    assert code == 0
    assert lines[2] == ("2 weeks. Week 1 begins on Wednesday 30 December 2026; the days "
                        "follow the calendar.")
    assert headings(lines) == ["Week 1 (Wed 30 Dec 2026 to Tue 05 Jan 2027)",
                               "Week 2 (Wed 06 Jan 2027 to Tue 12 Jan 2027)"]
    week1 = lines[lines.index(headings(lines)[0]) + 1:][:7]
    assert [line.split()[0] for line in week1] == ["Wed", "Thu", "Fri", "Sat", "Sun", "Mon",
                                                   "Tue"]
    assert day_line(lines, "Week 1", "Mon") == "Mon 04 Jan 10 min Short (10 min)"
    code, out, _ = preview(capsys, tmp_path, str(root), "--start", "2026-12-30", "--json")
    assert json.loads("\n".join(out))[0]["calendar"][0]["days"][5]["date"] == "2027-01-04"


def test_another_packs_practice_has_no_known_length(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", plan_text(
        1, 'exercise = "short"\ndays = ["mon"]', 'exercise = "elsewhere/calm"\ndays = ["mon"]'))
    code, lines, _ = preview(capsys, tmp_path, str(root))
    assert code == 0
    assert day_line(lines, "Week 1", "Monday") == (
        "Monday 10 min+ Short (10 min); elsewhere/calm (length not known here)")
    assert lines[-1].endswith("A + means a practice from another pack, whose length is not "
                              "known here.")
    # A bundled practice is known on any computer.
    root = make_pack(tmp_path / "q", plan_text(1, 'exercise = "painpath/feet-on-floor"'))
    _, lines, _ = preview(capsys, tmp_path, str(root))
    assert "+" not in day_line(lines, "Week 1", "Monday")


def test_a_pack_with_two_plans_previews_both_or_the_one_named(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = make_pack(tmp_path / "p", plan_text(1, 'exercise = "short"'))
    (root / "plans").mkdir()
    (root / "plans" / "later.toml").write_text(plan_text(3, 'exercise = "long"').replace(
        'id = "p"', 'id = "later"').replace('"Plan"', '"Later"'))
    _, lines, _ = preview(capsys, tmp_path, str(root))
    assert [line for line in lines if line in ("Plan", "Later")] == ["Plan", "Later"]
    _, lines, _ = preview(capsys, tmp_path, str(root), "--plan", "later")
    assert lines[0] == "Later" and "Plan" not in lines
    code, _, err = preview(capsys, tmp_path, str(root), "--plan", "sooner")
    assert code != 0
    assert 'The pack "edge" has no plan called "sooner".' in " ".join(err.split())


def test_a_pack_with_an_error_is_not_previewed(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    root = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, root)
    (root / "plan.toml").write_text((root / "plan.toml").read_text().replace(
        '"five-things"', '"five-thigns"'))
    code, lines, err = preview(capsys, tmp_path, str(root))
    assert code != 0
    assert lines[0].startswith('error   ') and lines[0].endswith(
        'there is no exercise "five-thigns" in this pack; did you mean "five-things"?')
    assert "so its plan cannot be shown yet" in " ".join(err.split())


def test_show_a_plan_file_shows_its_calendar(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    code, out, err = cli(capsys, tmp_path / "data", "show", str(RIVERSIDE / "plan.toml"))
    assert (code, err) == (0, "")
    assert out == "\n".join(preview(capsys, tmp_path, str(RIVERSIDE))[1]) + "\n"
    assert "kind" not in out and "steps" not in out


def test_show_a_broken_plan_file_lists_its_problems(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    root = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, root)
    (root / "plan.toml").write_text((root / "plan.toml").read_text().replace(
        "times = 2", 'times = "2"'))
    code, out, err = cli(capsys, tmp_path / "data", "show", str(root / "plan.toml"))
    assert code != 0
    assert out.splitlines()[0] == (f'error   {root}/plan.toml:20: assign[3].times: remove the '
                                   'quotes: write 2 without them, not "2"')
    assert "`kind` is missing" not in out + err
