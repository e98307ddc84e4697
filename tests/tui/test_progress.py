"""Progress: the per-practice table, the calendar, the body map, ranges, the chart, the plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from log_helpers import (
    MINE,
    NOW,
    SIZE,
    LogHarness,
    at,
    check_in,
    press,
    session,
    text_of,
    write_pack,
)
from textual.pilot import Pilot
from textual.widgets import Button, Static, TabbedContent

from painpath.stats import Spread
from painpath.tui.screens.progress import ProgressScreen
from painpath.tui.widgets.body_map import BACK, BodyMap, figure_lines, shade
from painpath.tui.widgets.calendar import PracticeCalendar

Snap = Callable[..., bool]


def _words(text: str) -> list[str]:
    """Each line with its runs of spaces made single (tables align with spaces)."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _filled(tmp_path: Path) -> LogHarness:
    h = LogHarness(tmp_path, *MINE)
    h.fill(
        session(at(1), "mine/scan", before={"pain": 6, "tension": 5},
                after={"pain": 4, "tension": 3},
                during=[("shoulders", 7), ("left-knee", 2), ("lower-back", 6)]),
        session(at(6), "mine/scan", before={"pain": 8, "tension": 7},
                after={"pain": 5, "tension": 6}, during=[("shoulders", 9), ("knees", 5)]),
        session(at(9), "mine/breath", status="stopped", practiced_s=300,
                before={"pain": 6}, after={"pain": 6}),
        session(at(40), "mine/feet", before={"pain": 9}, after={"pain": 2}),
        check_in(at(2, 20), pain=5, distress=3),
        check_in(at(3, 20), peg=True, pain=6, enjoyment=5, activity=4))
    return h


async def _open(pilot: Pilot, tab: str | None = None) -> ProgressScreen:
    await press(pilot, "p")
    screen = pilot.app.screen
    assert isinstance(screen, ProgressScreen)
    if tab is not None:
        screen.query_one(TabbedContent).active = tab
        await press(pilot)
    return screen


def test_the_table_shows_each_practice_before_after_change_and_spread(tmp_path: Path) -> None:
    h = _filled(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        screen = await _open(pilot, "tab-practices")
        lines = _words(text_of(screen.query_one("#progress-table", Static)))
        assert lines == [
            "Scale Before → after Change Spread",
            "Body scan: 2 sessions, 20 min",
            "pain 7.0 → 4.5 −2.5 ± 0.7, −3 to −2 (2)",
            "tension 6.0 → 4.5 −1.5 ± 0.7, −2 to −1 (2)",
            "Box breathing: 1 session (0 completed), 5 min",
            "pain 6.0 → 6.0 0.0 one session",
        ]
        assert text_of(screen.query_one("#progress-status", Static)) == \
            "Last 30 days: 3 sessions (25 min), 2 check-ins."

    h.run(scenario)


def test_ranges_change_what_is_counted(tmp_path: Path) -> None:
    h = _filled(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        screen = await _open(pilot)
        status = screen.query_one("#progress-status", Static)
        await press(pilot, "1")
        assert text_of(status) == "Last 7 days: 2 sessions (20 min), 2 check-ins."
        labels = [str(b.label) for b in screen.query(".range").results(Button)]
        assert labels == ["• 7 days", "  30 days", "  90 days", "  All"]
        await press(pilot, "4")
        assert text_of(status) == "All of the log: 4 sessions (35 min), 2 check-ins."
        screen.query_one(TabbedContent).active = "tab-practices"
        await press(pilot)
        table = text_of(screen.query_one("#progress-table", Static))
        assert "Feet on the floor: 1 session, 10 min" in _words(table)
        await press(pilot, "3")
        assert text_of(status).startswith("Last 90 days: 4 sessions")

    h.run(scenario)


def test_the_calendar_marks_the_days_practised_and_nothing_else(tmp_path: Path) -> None:
    h = _filled(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        screen = await _open(pilot, "tab-days")
        text = text_of(screen.query_one(PracticeCalendar))
        assert "November 2026" in text and "October 2026" in text
        for day in (22, 17, 14):  # sessions 1, 6 and 9 days before the 23rd
            assert f"{day}•" in text
        for day in (21, 23, 20):  # a check-in is not practice; nothing marks a missed day
            assert f"{day}•" not in text
        assert "streak" not in text.lower()
        assert "Days with practice in this range: 3." in text

    h.run(scenario)


def test_the_body_map_shades_each_region_by_its_average_tension(tmp_path: Path) -> None:
    h = _filled(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        screen = await _open(pilot, "tab-body")
        body = screen.query_one(BodyMap)
        listed = _words(text_of(body.query_one("#body-regions", Static)))
        assert listed == ["Rated regions:", "shoulders 8.0 (2 ratings)",
                          "lower back 6.0 (1 rating)", "knees 5.0 (1 rating)",
                          "left knee 2.0 (1 rating)"]
        figure = text_of(body.query_one("#body-figure", Static)).splitlines()
        assert figure[0] == "Front"
        assert figure[5].split() == ["8.0", "–", "8.0"]  # both shoulders; chest unrated
        # Facing the reader: the person's left knee is on the right.
        assert figure[10].split() == ["5.0", "2.0"]
        # The back is drawn too: lower back and the backs of shoulders, seen from
        # behind (the person's left knee on the left).
        back = text_of(body.query_one("#body-back", Static)).splitlines()
        assert back[0] == "Back"
        assert back[4].split() == ["8.0", "–", "8.0"]  # shoulders; upper back unrated
        assert back[6].split() == ["6.0"]  # the lower back
        assert back[9].split() == ["2.0", "5.0"]
        assert body.regions["shoulders"].mean == 8.0

    h.run(scenario)


def test_shading_grows_with_tension_and_every_value_is_printed() -> None:
    assert shade(None) != shade(0.0)
    alphas = [int(shade(v).rsplit(" ", 1)[1].rstrip("%")) for v in (0.0, 2.0, 8.0, 10.0)]
    assert alphas == sorted(alphas) and len(set(alphas)) == 4
    lines = figure_lines({"head": Spread.of([10.0]), "right-foot": Spread.of([0.0])})
    assert lines[0].plain.split() == ["10"]
    assert lines[11].plain.split() == ["0.0", "–"]
    assert {len(line.plain) for line in lines} == {36}
    back = figure_lines({"lower-back": Spread.of([7.0]), "left-hip": Spread.of([3.0]),
                         "upper-back": Spread.of([4.0])}, BACK)
    assert back[3].plain.split() == ["–", "4.0", "–"]
    assert back[5].plain.split() == ["7.0"]
    assert back[6].plain.split() == ["–", "3.0", "–", "–"]  # the left hip, seen from behind
    assert {len(line.plain) for line in back} == {36}


def test_the_chart_tells_its_numbers_in_words_and_switches_scale(tmp_path: Path) -> None:
    h = _filled(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        screen = await _open(pilot)
        words = screen.query_one("#progress-chart-words", Static)
        assert text_of(words) == (
            "Pain, 0 to 10. Before practice: average 6.7 over 3 days (from 6.0 to 8.0); "
            "after practice: average 5.0 over 3 days (from 4.0 to 6.0); check-ins: average "
            "5.0 on 1 day. Press s to show tension.")
        await press(pilot, "s")
        assert text_of(words).startswith("Tension, 0 to 10. Before practice: average 6.0 "
                                         "over 2 days")
        assert text_of(words).endswith("Press s to show distress.")

    h.run(scenario)


def test_an_empty_range_says_so_calmly(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        screen = await _open(pilot, "tab-practices")
        assert text_of(screen.query_one("#progress-status", Static)) == \
            "Last 30 days: nothing recorded in these days."
        assert text_of(screen.query_one("#progress-legend", Static)) == \
            "No practice recorded in these days."

    h.run(scenario)
    assert not h.database.exists()


def test_the_plan_tab_shows_planned_and_done_as_information(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "steady")
    h = LogHarness(tmp_path, libraries=(pack,))
    start = NOW.date() - timedelta(days=8)  # Sunday 15 November: week 2 holds the 23rd
    h.start_plan(start)
    h.fill(session(at(8), "steady/scan"), session(at(7), "steady/scan"),
           session(at(7, 18), "steady/scan"),  # a second one that day: an extra
           session(at(6), "steady/breath"),  # not planned in week 1
           session(at(5), "steady/scan", status="stopped"),  # stopped: not done
           session(at(0), "steady/breath"))

    async def scenario(pilot: Pilot) -> None:
        screen = await _open(pilot, "tab-plan")
        lines = text_of(screen.query_one("#progress-plan", Static)).splitlines()
        assert lines[0] == "Two weeks between sessions, started 15 November 2026."
        assert lines[2] == "Week 1, 15 Nov to 21 Nov: 7 planned, 2 done; 2 other practices."
        assert lines[3] == ("Week 2, 22 Nov to 28 Nov (this week, so far): 13 planned, "
                            "1 done.")
        assert lines[-1] == "Any practice counts, planned or not. Missing a day is fine."

    h.run(scenario)


def test_progress_with_the_body_map_snapshot(snap_compare: Snap, tmp_path: Path) -> None:
    h = _filled(tmp_path)
    h.fill(session(at(4), "mine/scan", during=[
        ("head", 3), ("face", 2), ("jaw", 6), ("neck", 7), ("chest", 4), ("arms", 3),
        ("abdomen", 2), ("hands", 1), ("hips", 5), ("pelvis", 4), ("legs", 3), ("feet", 1),
        ("upper-back", 6), ("whole-body", 4)]))

    async def open_body(pilot: Pilot) -> None:
        await _open(pilot, "tab-body")

    assert snap_compare(h.app, terminal_size=SIZE, run_before=open_body)


def test_progress_chart_snapshot(snap_compare: Snap, tmp_path: Path) -> None:
    h = _filled(tmp_path)

    async def open_chart(pilot: Pilot) -> None:
        await _open(pilot)

    assert snap_compare(h.app, terminal_size=SIZE, run_before=open_chart)


def test_a_packs_own_scale_is_charted_on_its_own_range(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "steady")
    (pack / "pack.toml").write_text(
        (pack / "pack.toml").read_text(encoding="utf-8")
        + '\n[[scales]]\nid = "sleep"\nquestion = "How well did you sleep?"\nmin = 1\n'
          'max = 5\nlow = "badly"\nhigh = "very well"\n', encoding="utf-8")
    h = LogHarness(tmp_path, libraries=(pack,))
    h.fill(check_in(at(2, 20), pain=5, sleep=2), check_in(at(1, 20), sleep=4))

    async def scenario(pilot: Pilot) -> None:
        screen = await _open(pilot)
        words = screen.query_one("#progress-chart-words", Static)
        assert text_of(words).endswith("Press s to show sleep.")
        await press(pilot, "s")
        assert text_of(words) == ("Sleep, 1 to 5. Check-ins: average 3.0 over 2 days "
                                  "(from 2.0 to 4.0). Press s to show pain.")

    h.run(scenario)


def test_chart_marks_fit_each_scale() -> None:
    from painpath.tui.widgets.trend_chart import y_ticks

    assert y_ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert y_ticks(1, 5) == [1, 2, 3, 4, 5]
    assert y_ticks(0, 100) == [0, 20, 40, 60, 80, 100]


def test_a_renamed_practice_is_one_row_as_in_stats(tmp_path: Path) -> None:
    from dataclasses import replace

    from painpath.format.loader import Loaded
    from painpath.format.models import Pack

    longer = replace(MINE[1], id="longer-breath", title="Longer breathing",
                     replaces=("breath",))  # mine/breath was renamed
    h = LogHarness(tmp_path)
    h.ctx.library.add(Loaded(packs=[Pack(id="mine", title="Mine", version="2.0.0",
                                         exercises=(longer,))], exercises=[longer]))
    h.fill(session(at(1), "mine/breath", before={"pain": 6}, after={"pain": 4}),
           session(at(2), "mine/longer-breath", before={"pain": 5}, after={"pain": 5}))

    async def scenario(pilot: Pilot) -> None:
        screen = await _open(pilot, "tab-practices")
        lines = _words(text_of(screen.query_one("#progress-table", Static)))
        assert lines[1:] == ["Longer breathing: 2 sessions, 20 min",
                             "pain 5.5 → 4.5 −1.0 ± 1.4, −2 to 0 (2)"]

    h.run(scenario)


def test_the_chart_words_never_round_a_day_apart_from_its_average() -> None:
    """One day's before-ratings of 5, 6 and 6 read "average 5.7 ... (from 6 to 6)"."""
    from datetime import date

    from painpath.store.queries import DayMean
    from painpath.tui.progress_data import ProgressData
    from painpath.tui.widgets.trend import chart_words

    day = date(2026, 11, 20)
    data = ProgressData(first=day, last=day + timedelta(days=1), series={
        ("pain", "before"): (DayMean(day, 17 / 3, 3),),
        ("pain", "after"): (DayMean(day, 3.5, 2), DayMean(day + timedelta(days=1), 4.25, 4))})
    assert chart_words(data, "pain") == (
        "Pain, 0 to 10. Before practice: average 5.7 on 1 day; after practice: average 3.9 "
        "over 2 days (from 3.5 to 4.2).")
