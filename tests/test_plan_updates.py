"""Plans survive updates: a client's history is never the price of a new pack version.

The client installs `riverside` 1.0.0 and starts its four-week plan on a
Monday; two weeks later the therapist sends 1.1.0. The plan keeps its start
date, starting it again takes a yes, and a practice whose id changed keeps
its sessions when the pack names the rename (`replaces`).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pack_helpers import cli, flat

from painpath import packs, plans, stats
from painpath.format.loader import load_path
from painpath.library import Library
from painpath.paths import Paths
from painpath.store import Entry, Store
from painpath.store.records import Rating

RIVERSIDE = Path(__file__).parent / "fixtures" / "packs" / "riverside"
MON = date(2026, 11, 23)  # the day the plan starts
LATER = MON + timedelta(days=15)  # Tuesday of week 3


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    day = [MON]
    monkeypatch.setattr("painpath.commands.plans.current_day", lambda: day[0])
    return day


def version(tmp_path: Path, number: str, *, rename: bool = False,
            replaces: bool = False) -> Path:
    """A copy of riverside at `number`; `rename` gives slow-exhale a new id."""
    root = tmp_path / f"riverside-{number}"
    shutil.copytree(RIVERSIDE, root)
    meta = root / "pack.toml"
    meta.write_text(meta.read_text().replace('version = "1.0.0"', f'version = "{number}"'))
    if rename:
        old = root / "exercises" / "slow-exhale.toml"
        text = old.read_text().replace('id = "slow-exhale"', 'id = "longer-out-breath"')
        if replaces:
            text = text.replace('kind = "breathing"',
                                'kind = "breathing"\nreplaces = ["slow-exhale"]')
        old.unlink()
        (root / "exercises" / "longer-out-breath.toml").write_text(text)
        plan = root / "plan.toml"
        plan.write_text(plan.read_text().replace('"slow-exhale"', '"longer-out-breath"'))
    return root


def started(capsys: pytest.CaptureFixture[str], tmp_path: Path, on_day: list[date]) -> Path:
    """Data with riverside 1.0.0 installed and its plan started on MON; today is LATER."""
    data = tmp_path / "data"
    assert cli(capsys, data, "pack", "install", str(version(tmp_path, "1.0.0")))[0] == 0
    assert cli(capsys, data, "plan", "start", "riverside")[0] == 0
    on_day[0] = LATER
    return data


def start_date(data: Path) -> str:
    return json.loads((data / "plan.json").read_text())["start"]


def test_an_update_keeps_the_plan_on_its_start_date_and_says_so(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, on_day: list[date]) -> None:
    data = started(capsys, tmp_path, on_day)
    code, out, _ = cli(capsys, data, "pack", "install", str(version(tmp_path, "1.1.0")))
    assert code == 0
    assert ('You follow its plan "Four weeks between sessions" since Monday 23 November 2026. '
            "It keeps running from that day, now with this version; there is nothing to "
            "restart.") in flat(out)
    assert "plan start" not in out
    assert start_date(data) == "2026-11-23"
    code, out, _ = cli(capsys, data, "plan", "show")
    assert code == 0 and "Week 3 of 4 (you started on Monday 23 November 2026)" in out


def test_a_first_install_still_says_how_to_start_the_plan(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = cli(capsys, tmp_path / "data", "pack", "install",
                       str(version(tmp_path, "1.0.0")))
    assert code == 0
    assert 'It holds a plan, "Four weeks between sessions".' in out
    assert "`painpath plan start riverside` starts following it." in out


def test_starting_the_plan_already_followed_without_a_terminal_changes_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, on_day: list[date]) -> None:
    data = started(capsys, tmp_path, on_day)
    code, out, err = cli(capsys, data, "plan", "start", "riverside")
    assert code == 1 and out == ""
    assert ('You already follow "Four weeks between sessions", since Monday 23 November 2026 '
            "(week 3 of 4). It keeps running from that day; nothing was changed.") in flat(err)
    assert "painpath plan start riverside --restart" in flat(err)
    assert start_date(data) == "2026-11-23"


def test_restart_starts_it_over_from_today(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path, on_day: list[date]) -> None:
    data = started(capsys, tmp_path, on_day)
    code, out, _ = cli(capsys, data, "plan", "start", "riverside", "--restart")
    assert code == 0
    assert "You were already following this plan; it now starts again from today." in out
    assert start_date(data) == LATER.isoformat()


class _Terminal:
    """A standard input that is a terminal, for the question `plan start` asks."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("answer, start", [("no", "2026-11-23"), ("", "2026-11-23"),
                                           ("yes", LATER.isoformat())])
def test_at_a_terminal_it_asks_before_starting_over(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, on_day: list[date],
        monkeypatch: pytest.MonkeyPatch, answer: str, start: str) -> None:
    data = started(capsys, tmp_path, on_day)
    asked: list[str] = []
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    code, out, _ = cli(capsys, data, "plan", "start", "riverside")
    assert code == 0
    assert asked == ["Start it again from today? Type yes to restart: "]
    assert "the weeks so far will no longer count as this plan's" in flat(out)
    assert start_date(data) == start
    if answer != "yes":
        assert "Nothing was changed: the plan keeps running from Monday 23 November 2026." \
            in flat(out)


def log_sessions(data: Path, exercise: str, *days: date) -> None:
    store = Store.for_paths(Paths(data, data))
    try:
        for day in days:
            store.save_entry(Entry(type="session", status="completed", exercise=exercise,
                                   started=datetime(day.year, day.month, day.day,
                                                    9).astimezone()))
    finally:
        store.close()


def week_two(data: Path) -> plans.WeekAdherence:
    library = Library.load(Paths(data, data))
    plan = library.packs["riverside"].plans[0]
    store = Store.for_paths(Paths(data, data))
    try:
        done = plans.completed_between(store, MON, LATER)
    finally:
        store.close()
    return plans.week_summary(plan, MON, done, until=LATER)[1]


# Week 2 is Mon 30 Nov - Sun 6 Dec; the slower out-breath is planned twice each weekday.
WEEK_TWO = [MON + timedelta(days=7), MON + timedelta(days=8)]


def test_a_renamed_practice_without_replaces_moves_to_other_practice_and_install_says_so(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, on_day: list[date]) -> None:
    data = started(capsys, tmp_path, on_day)
    log_sessions(data, "riverside/slow-exhale", *WEEK_TWO)
    assert (week_two(data).done, week_two(data).extra) == (2, 0)
    code, out, _ = cli(capsys, data, "pack", "install",
                       str(version(tmp_path, "1.1.0", rename=True)))
    assert code == 0
    assert ('"A slower out-breath" (riverside/slow-exhale) is not in this version. Your log '
            "keeps every session you practised with it; in a plan they now count as other "
            "practice. (If it was renamed, the pack's author can say so with replaces = "
            '["slow-exhale"] in the new practice, and they will count for it.)') in flat(out)
    assert (week_two(data).done, week_two(data).extra) == (0, 2)


def test_replaces_keeps_a_renamed_practices_sessions_in_the_plan(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, on_day: list[date]) -> None:
    data = started(capsys, tmp_path, on_day)
    log_sessions(data, "riverside/slow-exhale", *WEEK_TWO, LATER)
    code, out, _ = cli(capsys, data, "pack", "install",
                       str(version(tmp_path, "1.1.0", rename=True, replaces=True)))
    assert code == 0
    assert ('"A slower out-breath" (riverside/slow-exhale) has a new id, '
            "riverside/longer-out-breath: the sessions you practised with it count for it, "
            "as before.") in flat(out)
    assert "is not in this version" not in out
    assert (week_two(data).done, week_two(data).extra) == (2, 0)
    # Today too: the session this morning, under the old id, counts as done.
    code, out, _ = cli(capsys, data, "today", "--json")
    assert {"exercise": "riverside/longer-out-breath", "times": 2, "done": 1} in json.loads(out)


def set_replaces(path: Path, value: str) -> None:
    path.write_text(re.sub(r"replaces = \[[^\]]*\]", f"replaces = [{value}]",
                           path.read_text()))


def test_replaces_is_checked(tmp_path: Path) -> None:
    root = version(tmp_path, "1.1.0", rename=True, replaces=True)
    ex = root / "exercises" / "longer-out-breath.toml"
    assert load_path(root).problems == []
    # An earlier id that is still a practice of the pack cannot be replaced.
    set_replaces(ex, '"arriving"')
    (problem,) = load_path(root).errors
    assert (problem.key, problem.message) == ("replaces", (
        '"arriving" is still a practice in this pack (arriving.toml), so this one cannot '
        "replace it; remove it from `replaces`, or that practice from the pack"))
    # Two practices cannot both replace one earlier id.
    set_replaces(ex, '"old"')
    other = root / "exercises" / "five-things.toml"
    other.write_text(other.read_text().replace('kind = "grounding"',
                                               'kind = "grounding"\nreplaces = ["old"]'))
    (problem,) = load_path(root).errors
    assert problem.message.startswith('"old" is replaced by "')
    set_replaces(other, '"older"')
    # Written like a qualified name, or the practice's own id: said plainly.
    for value, words in (('"riverside/slow-exhale"', "name the earlier id without its pack"),
                         ('"longer-out-breath"', "is this practice's own id"),
                         ('"slow-exhale", 3', "expected an earlier id in quotes")):
        set_replaces(ex, value)
        (problem,) = load_path(root).errors
        assert (problem.key, words in problem.message) == ("replaces", True), problem.message


def test_a_plan_line_naming_the_earlier_id_names_the_practice_that_replaces_it(
        tmp_path: Path) -> None:
    root = version(tmp_path, "1.1.0", rename=True, replaces=True)
    plan = root / "plan.toml"
    plan.write_text(plan.read_text().replace('"longer-out-breath"', '"slow-exhale"'))
    (problem,) = load_path(root).errors
    assert (problem.key, problem.message) == ("assign[3].exercise", (
        'there is no exercise "slow-exhale" in this pack any more: "longer-out-breath" '
        'replaces it; name "longer-out-breath" here'))


def rated(exercise: str, day: int, before: int, after: int) -> Entry:
    at = datetime(2026, 12, day, 9).astimezone()
    return Entry(type="session", status="completed", exercise=exercise, started=at,
                 practiced_s=180.0,
                 ratings=(Rating(scale="suds", value=before, phase="before", at=at),
                          Rating(scale="suds", value=after, phase="after", at=at)))


def test_stats_join_a_renamed_practices_rows_as_if_logged_under_one_id() -> None:
    old, new = "riverside/slow-exhale", "riverside/longer-out-breath"
    entries = [rated(old, 1, 60, 40), rated(old, 2, 50, 45), rated(new, 3, 70, 30),
               rated("riverside/arriving", 4, 20, 20)]
    joined = stats.follow_renames(stats.compute(entries), {old: new})
    as_one = stats.compute([replace(e, exercise=new if e.exercise == old else e.exercise)
                            for e in entries])
    assert [e.exercise for e in joined.exercises] == [new, "riverside/arriving"]
    (ours,), (expected,) = joined.exercises[:1], as_one.exercises[:1]
    assert (ours.sessions, ours.completed, ours.minutes) == (3, 3, 9.0)
    assert ours.changes[0].change.n == expected.changes[0].change.n == 3
    for field in ("mean", "sd", "min", "max"):
        assert getattr(ours.changes[0].change, field) == pytest.approx(
            getattr(expected.changes[0].change, field))
    assert (ours.changes[0].before, ours.changes[0].after) == pytest.approx(
        (expected.changes[0].before, expected.changes[0].after))


def test_painpath_stats_shows_a_renamed_practice_as_one(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, on_day: list[date]) -> None:
    data = started(capsys, tmp_path, on_day)
    log_sessions(data, "riverside/slow-exhale", *WEEK_TWO)
    cli(capsys, data, "pack", "install",
        str(version(tmp_path, "1.1.0", rename=True, replaces=True)))
    log_sessions(data, "riverside/longer-out-breath", LATER)
    code, out, _ = cli(capsys, data, "stats", "--json")
    assert code == 0
    assert [(e["exercise"], e["sessions"]) for e in json.loads(out)["exercises"]] == [
        ("riverside/longer-out-breath", 3)]


def test_an_earlier_id_still_opens_the_practice_that_replaces_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    packs.install(Paths(data, data), version(tmp_path, "1.1.0", rename=True, replaces=True))
    library = Library.load(Paths(data, data))
    for typed in ("riverside/slow-exhale", "slow-exhale"):
        assert library.get(typed).qualified_id == "riverside/longer-out-breath"


def test_compare_names_renamed_and_dropped_practices_and_the_plan_kept() -> None:
    from painpath.format.models import Exercise, Pack, Plan, Step
    from painpath.pack_update import compare

    def ex(ident: str, title: str, replaces: tuple[str, ...] = ()) -> Exercise:
        return Exercise(ident, title, "other", (Step("Rest.", duration=60),), pack="p",
                        replaces=replaces)

    plan = Plan("home", "Home", 2, ())
    old = Pack("p", "P", "1.0.0", exercises=(ex("a", "A"), ex("b", "B"), ex("c", "C")))
    new = Pack("p", "P", "1.1.0", exercises=(ex("a", "A"), ex("bee", "Bee", ("b",))),
               plans=(plan,))
    active = plans.ActivePlan("p", "home", MON, "1.0.0")
    notes = compare(old, new, active)
    assert [(o.id, n.id) for o, n in notes.renamed] == [("b", "bee")]
    assert [o.id for o in notes.dropped] == ["c"]
    assert (notes.plan, notes.active) == (plan, active)
    assert compare(old, new, plans.ActivePlan("p", "gone", MON)).plan is None
    assert compare(None, new, None) == compare(None, new, plans.ActivePlan("q", "x", MON))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_reports_per_practice_table_shows_a_renamed_practice_as_one_as_stats_does(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, on_day: list[date],
        fmt: str) -> None:
    data = started(capsys, tmp_path, on_day)
    log_sessions(data, "riverside/slow-exhale", *WEEK_TWO)
    cli(capsys, data, "pack", "install",
        str(version(tmp_path, "1.1.0", rename=True, replaces=True)))
    log_sessions(data, "riverside/longer-out-breath", LATER)
    code, out, _ = cli(capsys, data, "export", "--format", fmt)
    assert code == 0
    table = out[out.index("Practice by exercise"):]
    table = table[:table.index("</table>" if fmt == "html" else "\n\n", 30)]
    assert "slow-exhale" not in table  # one row, under the practice that replaces it
    cells = re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", table) if fmt == "html" else \
        [c.strip() for c in table.split("|")]
    assert cells[cells.index("A slower out-breath") + 1] == "3"
