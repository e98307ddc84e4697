"""Plans: calendar maths with injected dates, the active plan file, today, the CLI."""

from __future__ import annotations

import json
import re
import shutil
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pack_helpers import FIXTURE, PACK_ID, cli, flat

from painpath import packs, plans
from painpath.errors import NotFoundError, UsageError
from painpath.format.loader import load_path
from painpath.format.models import Assign, Plan
from painpath.library import Library
from painpath.paths import Paths

SETTLE, FEET = f"{PACK_ID}/settle", f"{PACK_ID}/feet"
MON = date(2026, 11, 23)  # a Monday
WED = date(2026, 11, 25)  # a Wednesday
ALL_DAYS = frozenset(range(7))


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(data_dir=tmp_path / "data", config_dir=tmp_path / "data")


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps panels at the terminal width; a wide one keeps messages on one line."""
    monkeypatch.setenv("COLUMNS", "400")


def make_plan(*assign: Assign, weeks: int = 3) -> Plan:
    return Plan(id="p", title="A plan", weeks=weeks, assign=assign, pack="p")


def line(exercise: str = "p/a", weeks: set[int] | None = None, days: set[int] | None = None,
         times: int = 1) -> Assign:
    return Assign(exercise, frozenset(weeks or {1, 2, 3}),
                  frozenset(ALL_DAYS if days is None else days), times)


def fixture_library(root: Path = FIXTURE) -> Library:
    lib = Library()
    lib.add(load_path(root))
    return lib


def fixture_plan() -> Plan:
    return fixture_library().packs[PACK_ID].plans[0]


# --- plan_day: the calendar -------------------------------------------------------

def test_week_one_begins_on_the_start_day() -> None:
    day = plans.plan_day(make_plan(line()), WED, WED)
    assert (day.week, day.weekday, day.items) == (1, 2, [("p/a", 1)])
    assert not day.finished and not day.before_start


def test_day_six_is_week_one_and_day_seven_is_week_two() -> None:
    plan = make_plan(line("p/a", weeks={1}), line("p/b", weeks={2}))
    sixth = plans.plan_day(plan, WED, WED + timedelta(days=6))
    seventh = plans.plan_day(plan, WED, WED + timedelta(days=7))
    assert (sixth.week, sixth.items) == (1, [("p/a", 1)])
    assert (seventh.week, seventh.items) == (2, [("p/b", 1)])


def test_days_follow_the_calendar_weekday_not_the_plan_day() -> None:
    plan = make_plan(line(days={0}))  # Mondays only
    # Started on a Wednesday: the first Monday is day 5 of week 1.
    assert plans.plan_day(plan, WED, WED).items == []
    monday = plans.plan_day(plan, WED, date(2026, 11, 30))
    assert (monday.week, monday.weekday, monday.items) == (1, 0, [("p/a", 1)])


def test_weekdays_and_weekends() -> None:
    plan = make_plan(line("p/work", days=set(range(5))), line("p/rest", days={5, 6}))
    saturday = plans.plan_day(plan, MON, MON + timedelta(days=5))
    sunday = plans.plan_day(plan, MON, MON + timedelta(days=6))
    friday = plans.plan_day(plan, MON, MON + timedelta(days=4))
    assert saturday.items == [("p/rest", 1)] and sunday.items == [("p/rest", 1)]
    assert friday.items == [("p/work", 1)]


def test_a_list_of_days() -> None:
    plan = make_plan(line(days={0, 2, 4}))
    got = [bool(plans.plan_day(plan, MON, MON + timedelta(days=n)).items) for n in range(7)]
    assert got == [True, False, True, False, True, False, False]


def test_several_times_a_day() -> None:
    assert plans.plan_day(make_plan(line(times=3)), MON, MON).items == [("p/a", 3)]


def test_two_assign_lines_for_one_exercise_add_their_times() -> None:
    plan = make_plan(line("p/a", times=1), line("p/b", times=1), line("p/a", days={0}, times=2))
    assert plans.plan_day(plan, MON, MON).items == [("p/a", 3), ("p/b", 1)]
    assert plans.plan_day(plan, MON, MON + timedelta(days=1)).items == [("p/a", 1), ("p/b", 1)]
    assert plans.plan_day(plan, MON, MON).planned == 4


def test_before_the_start() -> None:
    day = plans.plan_day(make_plan(line()), WED, WED - timedelta(days=1))
    assert day.before_start and day.items == [] and day.week == 0 and not day.finished


def test_after_the_last_week_the_plan_is_finished() -> None:
    plan = make_plan(line(weeks={1, 2}), weeks=2)
    last = plans.plan_day(plan, WED, WED + timedelta(days=13))
    after = plans.plan_day(plan, WED, WED + timedelta(days=14))
    assert (last.week, last.finished, last.items) == (2, False, [("p/a", 1)])
    assert (after.week, after.finished, after.items) == (3, True, [])
    assert plans.plan_day(plan, WED, WED + timedelta(days=400)).finished


def test_weeks_select_lines() -> None:
    plan = make_plan(line(weeks={2}))
    assert plans.plan_day(plan, MON, MON).items == []
    assert plans.plan_day(plan, MON, MON + timedelta(days=7)).items == [("p/a", 1)]
    assert plans.plan_day(plan, MON, MON + timedelta(days=14)).items == []


def test_the_fixture_plan_adds_weekend_times_in_week_three() -> None:
    plan = fixture_plan()
    saturday_week3 = MON + timedelta(days=14 + 5)
    assert plans.plan_day(plan, MON, saturday_week3).items == [(SETTLE, 3)]
    wednesday_week2 = MON + timedelta(days=7 + 2)
    assert plans.plan_day(plan, MON, wednesday_week2).items == [(SETTLE, 1), (FEET, 2)]


def test_week_days_lists_seven_days_from_the_start_weekday() -> None:
    days = plans.week_days(make_plan(line(days={0})), WED, 2)
    assert [d for d, _ in days] == [WED + timedelta(days=7 + n) for n in range(7)]
    assert [p.items for d, p in days if d.weekday() == 0] == [[("p/a", 1)]]


# --- week_summary -----------------------------------------------------------------

def test_week_summary_counts_planned_done_and_extra() -> None:
    plan = fixture_plan()
    done = {MON: {SETTLE: 2}, MON + timedelta(days=1): {FEET: 1},
            MON + timedelta(days=9): {FEET: 2, SETTLE: 1}}
    summary = plans.week_summary(plan, MON, done)
    assert summary == [plans.WeekAdherence(1, 7, 1, 2), plans.WeekAdherence(2, 13, 3, 0),
                       plans.WeekAdherence(3, 11, 0, 0)]


def test_week_summary_takes_a_callable_and_stops_at_until() -> None:
    plan = fixture_plan()
    asked: list[date] = []

    def counts(day: date) -> dict[str, int]:
        asked.append(day)
        return {SETTLE: 1}

    summary = plans.week_summary(plan, MON, counts, until=MON + timedelta(days=8))
    assert [w.week for w in summary] == [1, 2]
    assert summary[0] == plans.WeekAdherence(1, 7, 7, 0)
    assert asked == [MON + timedelta(days=n) for n in range(14)]


# --- the active plan file ---------------------------------------------------------

def test_active_plan_round_trips_privately(paths: Paths) -> None:
    active = plans.ActivePlan(PACK_ID, "three-weeks", WED, "1.0.0")
    plans.write_active(paths, active)
    assert plans.read_active(paths) == active
    assert stat.S_IMODE(paths.plan_file.stat().st_mode) == 0o600
    assert json.loads(paths.plan_file.read_text()) == {
        "format": 1, "pack": PACK_ID, "plan": "three-weeks", "start": "2026-11-25",
        "pack_version": "1.0.0"}
    assert sorted(p.name for p in paths.data_dir.iterdir()) == ["plan.json"]


def test_no_plan_file_means_no_plan(paths: Paths) -> None:
    assert plans.read_active(paths) is None
    assert plans.clear_active(paths) is False


def test_a_damaged_plan_file_is_explained(paths: Paths) -> None:
    paths.ensure_data_dir()
    paths.plan_file.write_text('{"pack": "x"')
    with pytest.raises(plans.PlanFileError) as caught:
        plans.read_active(paths)
    assert "is damaged, so painpath cannot tell which plan you follow" in caught.value.message
    assert "`painpath plan stop` clears it" in (caught.value.hint or "")
    assert plans.clear_active(paths) is True


def test_start_writes_the_plan_with_the_pack_version(paths: Paths) -> None:
    active = plans.start(paths, fixture_library(), PACK_ID, WED)
    assert active == plans.ActivePlan(PACK_ID, "three-weeks", WED, "1.0.0")
    assert plans.read_active(paths) == active


# --- resolving PACK[/PLAN] --------------------------------------------------------

def two_plan_library(tmp_path: Path) -> Library:
    root = tmp_path / "two"
    shutil.copytree(FIXTURE, root)
    (root / "plans").mkdir()
    (root / "plans" / "short.toml").write_text(
        'format = 1\nid = "short"\ntitle = "Short"\nweeks = 1\n\n'
        '[[assign]]\nexercise = "feet"\n')
    return fixture_library(root)


def test_resolve_plan_with_one_plan_needs_no_name() -> None:
    pack, plan = plans.resolve_plan(fixture_library(), PACK_ID)
    assert (pack.id, plan.id) == (PACK_ID, "three-weeks")


def test_resolve_plan_with_several_plans_asks_which(tmp_path: Path) -> None:
    lib = two_plan_library(tmp_path)
    with pytest.raises(UsageError) as caught:
        plans.resolve_plan(lib, PACK_ID)
    assert "has more than one plan: steady-ground/three-weeks, steady-ground/short" \
        in caught.value.message
    assert plans.resolve_plan(lib, f"{PACK_ID}/short")[1].id == "short"


def test_resolve_plan_unknown_names() -> None:
    lib = fixture_library()
    with pytest.raises(NotFoundError) as caught:
        plans.resolve_plan(lib, "steady")
    assert caught.value.message == 'There is no pack called "steady".'
    assert 'Did you mean "steady-ground"?' in (caught.value.hint or "")
    with pytest.raises(NotFoundError, match='has no plan called "eight"'):
        plans.resolve_plan(lib, f"{PACK_ID}/eight")


def test_resolve_plan_of_a_pack_without_plans(tmp_path: Path) -> None:
    root = tmp_path / "noplan"
    shutil.copytree(FIXTURE, root)
    (root / "plan.toml").unlink()
    with pytest.raises(NotFoundError, match="has no plan to follow"):
        plans.resolve_plan(fixture_library(root), PACK_ID)


# --- today --------------------------------------------------------------------------

def test_today_without_a_plan() -> None:
    result = plans.today_for(None, fixture_library(), MON, lambda d: {})
    assert result.items == [] and result.notes == []


def test_today_lists_items_with_that_days_done_counts() -> None:
    asked: list[date] = []

    def counts(day: date) -> dict[str, int]:
        asked.append(day)
        return {FEET: 1, "painpath/body-scan": 4}

    active = plans.ActivePlan(PACK_ID, "three-weeks", MON, "1.0.0")
    day = MON + timedelta(days=9)  # Wednesday of week 2
    result = plans.today_for(active, fixture_library(), day, counts)
    assert asked == [day]
    assert [i.to_json() for i in result.items] == [
        {"exercise": SETTLE, "times": 1, "done": 0}, {"exercise": FEET, "times": 2, "done": 1}]
    assert result.items[1].title == "Feet on the ground"
    assert result.notes == []


def test_today_when_the_pack_was_removed() -> None:
    active = plans.ActivePlan("gone-pack", "three-weeks", MON, "1.0.0")
    result = plans.today_for(active, fixture_library(), MON, lambda d: {})
    assert result.items == [] and result.plan is None
    assert 'The pack "gone-pack" that your plan comes from is no longer installed' \
        in result.notes[0]


def test_today_when_the_plan_left_the_pack() -> None:
    active = plans.ActivePlan(PACK_ID, "old-plan", MON, "1.0.0")
    result = plans.today_for(active, fixture_library(), MON, lambda d: {})
    assert 'no longer holds the plan "old-plan"' in result.notes[0]


def test_today_with_a_missing_exercise_still_shows_the_rest(tmp_path: Path) -> None:
    root = tmp_path / "cross"
    shutil.copytree(FIXTURE, root)
    with (root / "plan.toml").open("a") as fh:
        fh.write('\n[[assign]]\nexercise = "elsewhere/breathe"\n')
    active = plans.ActivePlan(PACK_ID, "three-weeks", MON, "1.0.0")
    result = plans.today_for(active, fixture_library(root), MON, lambda d: {})
    assert [i.id for i in result.items] == [SETTLE, "elsewhere/breathe"]
    assert result.items[0].exercise is not None and result.items[1].exercise is None
    assert result.notes == ['"elsewhere/breathe" is in your plan but is not installed now, so '
                            "it cannot be opened; the rest of today's practice is below."]


def test_today_notes_an_updated_pack() -> None:
    active = plans.ActivePlan(PACK_ID, "three-weeks", MON, "0.9.0")
    result = plans.today_for(active, fixture_library(), MON, lambda d: {})
    assert "updated from version 0.9.0 to 1.0.0" in result.notes[0]
    assert result.items


def test_today_after_the_end_is_finished_without_items() -> None:
    active = plans.ActivePlan(PACK_ID, "three-weeks", MON, "1.0.0")
    result = plans.today_for(active, fixture_library(), MON + timedelta(days=21),
                             lambda d: {SETTLE: 1})
    assert result.day is not None and result.day.finished and result.items == []


# --- the log ------------------------------------------------------------------------

def test_completed_on_counts_completed_sessions_of_that_day(tmp_path: Path) -> None:
    from painpath.store import Entry, Store

    store = Store.open(tmp_path / "log.db")
    try:
        def at(day: date, hour: int) -> datetime:
            return datetime(day.year, day.month, day.day, hour, 0).astimezone()

        for started, status, exercise in [
            (at(MON, 9), "completed", SETTLE), (at(MON, 21), "completed", SETTLE),
            (at(MON, 10), "stopped", FEET), (at(MON, 11), "completed", FEET),
            (at(MON + timedelta(days=1), 0), "completed", SETTLE),
            (at(MON - timedelta(days=1), 23), "completed", FEET)]:
            store.save_entry(Entry(type="session", started=started, status=status,
                                   exercise=exercise))
        store.add_check_in({"pain": 3}, at=at(MON, 12))
        assert plans.completed_on(store, MON) == {SETTLE: 2, FEET: 1}
        assert plans.completed_between(store, MON - timedelta(days=1), MON + timedelta(1)) == {
            MON - timedelta(days=1): {FEET: 1}, MON: {SETTLE: 2, FEET: 1},
            MON + timedelta(days=1): {SETTLE: 1}}
    finally:
        store.close()


# --- the CLI ------------------------------------------------------------------------


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The CLI's today; tests change `on_day[0]`."""
    day = [MON]
    monkeypatch.setattr("painpath.commands.plans.current_day", lambda: day[0])
    return day


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    packs.install(Paths(data, data), FIXTURE)
    return data


def test_cli_start_show_today_stop(capsys: pytest.CaptureFixture[str], data: Path,
                                   on_day: list[date]) -> None:
    code, out, _ = cli(capsys, data, "plan", "start", PACK_ID)
    assert code == 0
    assert 'Started "Three weeks between sessions" from "Steady Ground: practices for pain ' \
        'and stress". Week 1 of 3 begins today.' in out
    assert "Practise when you can. Missing a day is fine." in out

    on_day[0] = MON + timedelta(days=9)
    code, out, _ = cli(capsys, data, "plan", "show")
    assert code == 0
    assert "Three weeks between sessions" in out and "Week 2 of 3" in out
    assert "Practise when you can." in out
    assert re.search(r"Wed 02 Dec \(today\)\s+Settle \(once\); Feet on the ground \(twice\)",
                     out)
    assert re.search(r"Thu 03 Dec\s+Settle \(once\)\n", out)
    for word in ("score", "streak", "%"):
        assert word not in out.lower()

    code, out, _ = cli(capsys, data, "today", "--json")
    assert code == 0
    assert json.loads(out) == [{"exercise": SETTLE, "times": 1, "done": 0},
                               {"exercise": FEET, "times": 2, "done": 0}]

    code, out, _ = cli(capsys, data, "today")
    assert code == 0
    assert 'week 2 of 3 of "Three weeks between sessions"' in out
    assert "Feet on the ground: suggested twice; not yet today" in out
    assert "painpath run steady-ground/feet" in out

    code, out, _ = cli(capsys, data, "plan", "stop")
    assert code == 0 and "You have stopped following" in out
    assert not (data / "plan.json").exists()
    code, out, _ = cli(capsys, data, "today", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_cli_today_counts_sessions_from_the_log(capsys: pytest.CaptureFixture[str],
                                                data: Path, on_day: list[date]) -> None:
    from painpath.store import Entry, Store

    cli(capsys, data, "plan", "start", PACK_ID)
    store = Store.for_paths(Paths(data, data))
    try:
        for hour in (8, 19):
            store.save_entry(Entry(type="session", status="completed", exercise=SETTLE,
                                   started=datetime(2026, 11, 23, hour).astimezone()))
    finally:
        store.close()
    code, out, _ = cli(capsys, data, "today", "--json")
    assert (code, json.loads(out)) == (0, [{"exercise": SETTLE, "times": 1, "done": 2}])
    code, out, _ = cli(capsys, data, "today")
    assert code == 0 and "Settle: suggested once; done today: 2" in out


def test_cli_plan_show_json(capsys: pytest.CaptureFixture[str], data: Path,
                            on_day: list[date]) -> None:
    cli(capsys, data, "plan", "start", PACK_ID)
    code, out, _ = cli(capsys, data, "plan", "show", "--json")
    assert code == 0
    shown = json.loads(out)
    assert (shown["pack"], shown["plan"], shown["week"], shown["weeks"]) == \
        (PACK_ID, "three-weeks", 1, 3)
    assert shown["start"] == "2026-11-23" and len(shown["days"]) == 7
    assert shown["days"][0] == {"date": "2026-11-23", "weekday": "Monday", "today": True,
                                "items": [{"exercise": SETTLE, "times": 1, "title": "Settle"}]}


def test_cli_without_a_plan(capsys: pytest.CaptureFixture[str], data: Path,
                            on_day: list[date]) -> None:
    for args in (("today",), ("plan", "show")):
        code, out, _ = cli(capsys, data, *args)
        assert code == 0 and "No plan is running." in out
    code, out, _ = cli(capsys, data, "plan", "show", "--json")
    assert (code, out.strip()) == (0, "null")
    code, out, _ = cli(capsys, data, "plan", "stop")
    assert code == 0 and "nothing to stop" in out


def test_cli_today_after_the_plan_ends_is_kind(capsys: pytest.CaptureFixture[str],
                                               data: Path, on_day: list[date]) -> None:
    cli(capsys, data, "plan", "start", PACK_ID)
    on_day[0] = MON + timedelta(days=21)
    code, out, _ = cli(capsys, data, "today")
    assert code == 0
    assert 'The 3 weeks of "Three weeks between sessions" are over. You are welcome to keep ' \
        "practising freely" in flat(out)
    code, out, _ = cli(capsys, data, "plan", "show")
    assert "are over" in out


def test_cli_today_when_the_pack_is_gone(capsys: pytest.CaptureFixture[str], data: Path,
                                         on_day: list[date]) -> None:
    cli(capsys, data, "plan", "start", PACK_ID)
    shutil.rmtree(data / "packs" / PACK_ID)  # removed by hand, not with `pack remove`
    code, out, _ = cli(capsys, data, "today")
    assert code == 0
    assert 'The pack "steady-ground" that your plan comes from is no longer installed' \
        in flat(out)
    code, out, err = cli(capsys, data, "today", "--json")
    assert (code, json.loads(out)) == (0, [])
    assert "no longer installed" in flat(err)


def test_cli_start_unknown_and_ambiguous(capsys: pytest.CaptureFixture[str], data: Path,
                                         on_day: list[date]) -> None:
    code, _, err = cli(capsys, data, "plan", "start", "steady-grond")
    assert code == 3 and 'Did you mean "steady-ground"?' in flat(err)
    code, _, err = cli(capsys, data, "plan", "start", f"{PACK_ID}/nope")
    assert code == 3 and 'has no plan called "nope"' in flat(err)


def test_cli_start_replaces_the_running_plan(capsys: pytest.CaptureFixture[str], data: Path,
                                             on_day: list[date]) -> None:
    cli(capsys, data, "plan", "start", "painpath/eight-weeks")
    code, out, _ = cli(capsys, data, "plan", "start", PACK_ID)
    assert code == 0 and 'This replaces the plan "eight-weeks" from "painpath".' in out


def test_cli_damaged_plan_file(capsys: pytest.CaptureFixture[str], data: Path,
                               on_day: list[date]) -> None:
    (data / "plan.json").write_text("garbage")
    code, _, err = cli(capsys, data, "today")
    assert code == 1 and "is damaged" in flat(err)
    code, out, _ = cli(capsys, data, "plan", "stop")
    assert code == 0 and "You have stopped following your plan." in out
    assert not (data / "plan.json").exists()
