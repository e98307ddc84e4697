"""Progress over a chosen range: the chart, each practice's before → after, days, body, plan.

Numbers to look at, never a score: the per-practice table shows how many
sessions a change rests on and how much it varied, the calendar marks days
with practice and nothing else, and a plan's weeks say what was planned and
what was done. The range (7, 30, 90 days or all) is chosen with 1–4 or the
buttons; the log is read on a worker thread with a calm "Loading…" meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static, TabbedContent, TabPane

from painpath import plans
from painpath.errors import PainpathError
from painpath.format.models import Plan, Scale
from painpath.stats import ExerciseStats, ScaleChange
from painpath.store.scales import known_scales, scale_for
from painpath.text import clean_line
from painpath.timefmt import length
from painpath.tui.entry_words import scale_words
from painpath.tui.lifecycle import call_back
from painpath.tui.logbook import Logbook
from painpath.tui.loghost import LogProblem, SwitchLogView, host, tell
from painpath.tui.progress_data import (
    RANGES,
    PlanWeeks,
    ProgressData,
    load_progress,
    range_days,
)
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.body_map import BodyMap
from painpath.tui.widgets.calendar import PracticeCalendar
from painpath.tui.widgets.review_banner import ReviewBanner
from painpath.tui.widgets.trend import chart_words
from painpath.tui.widgets.trend_chart import TrendChart

DEFAULT_RANGE = "30"
TABLE_LEGEND = (
    "Before → after: average ratings over the sessions that have both. Change: after "
    "minus before (a minus means lower after practice). Spread: how much it varied, "
    "± standard deviation and smallest to largest change (sessions).")


def signed(value: float, digits: int = 1) -> str:
    """`−1.8`, `+0.5`, `0.0`, with a true minus sign for easy reading."""
    if round(value, digits) == 0:
        return f"{0:.{digits}f}"
    return f"{value:+.{digits}f}".replace("-", "−")


def change_cells(change: ScaleChange) -> tuple[str, str, str, str]:
    """(`pain`, `6.1 → 4.3`, `−1.8`, `± 1.1, −4 to 0`) for one scale of one practice.

    The spread rests on the sessions with both numbers; with one there is none.
    """
    spread = change.change
    rest = (f"± {spread.sd:.1f}, {signed(spread.min, 0)} to {signed(spread.max, 0)}"
            if spread.sd is not None else "one session")
    if spread.sd is not None:
        rest += f" ({spread.n})"
    return (scale_words(change.scale), f"{change.before:.1f} → {change.after:.1f}",
            signed(spread.mean), rest)


def practice_heading(ex: ExerciseStats, titles: Mapping[str, str]) -> str:
    """`Box breathing: 6 sessions (5 completed), 1 h 12 min`."""
    name = clean_line(titles.get(ex.exercise, ex.exercise))
    sessions = f"{ex.sessions} session{'s' if ex.sessions != 1 else ''}"
    done = f" ({ex.completed} completed)" if ex.completed != ex.sessions else ""
    return f"{name}: {sessions}{done}, {length(ex.minutes * 60)}"


def practice_rows(ex: ExerciseStats) -> list[tuple[str, str, str, str]]:
    """One row per scale rated before and after: scale, before → after, change, spread."""
    return [change_cells(change) for change in ex.changes]


_WIDTHS = (("Scale", 10), ("Before → after", 15), ("Change", 7), ("Spread", 22))


def _rows_table(*, header: bool) -> Table:
    table = Table(box=None, show_header=header, header_style="bold", show_edge=False,
                  pad_edge=False, padding=(0, 1, 0, 0))
    for label, width in _WIDTHS:
        table.add_column(label, width=width, no_wrap=True,
                         justify="right" if label == "Change" else "left")
    return table


def practice_table(exercises: tuple[ExerciseStats, ...], titles: Mapping[str, str]) -> Group:
    """Each practice's name and sessions, then its scales in aligned columns."""
    parts: list[RenderableType] = [Padding(_rows_table(header=True), (0, 0, 0, 2))]
    for ex in exercises:
        parts.append(Text(practice_heading(ex, titles), style="bold"))
        rows = practice_rows(ex)
        if not rows:
            parts.append(Text("  No sessions with ratings both before and after."))
            continue
        table = _rows_table(header=False)
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        parts.append(Padding(table, (0, 0, 0, 2)))
    return Group(*parts)


def plan_text(plan: PlanWeeks, today: date) -> str:
    """Each plan week so far: planned and done, in words (information, not a score)."""
    lines = [f"{clean_line(plan.title)}, started {plan.start.day} "
             f"{plan.start.strftime('%B %Y')}.", ""]
    if not plan.weeks:
        lines.append("The plan has not started yet.")
    for week in plan.weeks:
        first = plan.start + timedelta(days=7 * (week.week - 1))
        last = first + timedelta(days=6)
        now = " (this week, so far)" if first <= today <= last else ""
        extra = f"; {week.extra} other practice{'s' if week.extra != 1 else ''}" \
            if week.extra else ""
        lines.append(f"Week {week.week}, {first.day} {first.strftime('%b')} to {last.day} "
                     f"{last.strftime('%b')}{now}: {week.planned} planned, "
                     f"{week.done} done{extra}.")
    lines += ["", "Any practice counts, planned or not. Missing a day is fine."]
    return "\n".join(lines)


def day_words(day: date) -> str:
    """`1 Dec 2026`."""
    return f"{day.day} {day:%b %Y}"


def summary_line(data: ProgressData, words: str) -> str:
    if data.empty:
        return f"{words}: nothing recorded in these days."
    sessions = f"{data.sessions} session{'s' if data.sessions != 1 else ''}"
    time = f" ({length(data.minutes * 60)})" if data.sessions else ""
    checks = f"{data.check_ins} check-in{'s' if data.check_ins != 1 else ''}"
    said = f"{words}: {sessions}{time}, {checks}."
    if data.left_out:  # as History says it
        from painpath.tui.screens.history import LEFT_OUT

        said = f"{said} {LEFT_OUT}"
    return said


class ProgressScreen(WayOutFirst, Screen[None]):
    """See the module notes; `h` switches to History, Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("g", "app.ground", "Ground me now"),
        Binding("1", "range('7')", "7 days"),
        Binding("2", "range('30')", "30 days"),
        Binding("3", "range('90')", "90 days"),
        Binding("4", "range('all')", "All"),
        Binding("s", "next_scale", "Next scale"),
        Binding("h", "history", "History"),
    ]

    def __init__(self, logbook: Logbook) -> None:
        super().__init__()
        self.logbook = logbook
        self.range = DEFAULT_RANGE
        self.scale = "pain"
        self.data: ProgressData | None = None
        self.end: date | None = None  # the day the range ends: today, or an export's last
        self.export_scales: Mapping[str, Scale] = {}  # the scales an export defines
        self.generation = 0
        self.shown = -1  # the generation last shown: while behind, "Loading…" is up

    def compose(self) -> ComposeResult:
        if self.logbook.reviewing:
            yield ReviewBanner(self.logbook)
        with Horizontal(id="progress-top"):
            yield Static("Progress", classes="screen-title", id="progress-title")
            for key, words, _ in RANGES:
                yield Button(words, id=f"range-{key}", compact=True, classes="range")
        yield Static("Loading…", id="progress-status", markup=False)
        with TabbedContent(id="progress-tabs"):
            with TabPane("Pain and tension", id="tab-chart"):
                yield TrendChart(id="progress-chart")
                yield Static("", id="progress-chart-words", markup=False)
            with TabPane("Practices", id="tab-practices"), VerticalScroll():
                yield Static(TABLE_LEGEND, id="progress-legend", classes="dim",
                             markup=False)
                yield Static(id="progress-table")
            with TabPane("Days", id="tab-days"), VerticalScroll():
                yield PracticeCalendar(id="progress-calendar")
            with TabPane("Body", id="tab-body"), VerticalScroll():
                yield BodyMap(id="progress-body")
            if not self.logbook.reviewing:
                with TabPane("Plan", id="tab-plan"), VerticalScroll():
                    yield Static("", id="progress-plan", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TabbedContent).query_one("Tabs").focus()
        if not self.logbook.reviewing:
            host(self).log_changed_signal.subscribe(self, lambda _: self.load(), immediate=True)
        self.load()

    # ------------------------------------------------------------ loading
    def action_range(self, key: str) -> None:
        if key != self.range:
            self.range = key
            self.load()

    @on(Button.Pressed, ".range")
    def range_pressed(self, event: Button.Pressed) -> None:
        self.action_range((event.button.id or "").removeprefix("range-"))

    def load(self) -> None:
        self.generation += 1
        for key, words, _ in RANGES:
            button = self.query_one(f"#range-{key}", Button)
            # The mark (not only the colour) says which range is shown; the space
            # keeps every button the same width whichever is chosen.
            button.label = f"• {words}" if key == self.range else f"  {words}"
            button.set_class(key == self.range, "-chosen")
        self.query_one("#progress-status", Static).update("Loading…")
        self._load(self.generation, self.range, host(self).today())

    def _active_plan(self) -> tuple[tuple[Plan, date] | None, str]:
        """The active plan and its start, or None with a sentence saying why not."""
        if self.logbook.reviewing or self.logbook.paths is None:
            return None, ""
        try:
            active = plans.read_active(self.logbook.paths)
        except PainpathError as err:
            return None, err.message
        if active is None:
            return None, "No plan is active. A therapist's pack may hold one to follow."
        _, plan, notes = plans.find_active_plan(active, host(self).library)
        if plan is None:
            return None, " ".join(notes)
        return (plan, active.start), ""

    @work(thread=True, group="progress")
    def _load(self, generation: int, key: str, today: date) -> None:
        days = range_days(key)
        # The library is read here, off the UI thread, for the plan, titles and scales.
        _ = host(self).library
        plan, why = self._active_plan()
        try:
            # A review's windows end at the export's own last entry, not the reviewer's
            # today, and its scales are drawn on the ranges the export defines.
            end = self.logbook.end_day(today)
            scales = self.logbook.info().scales
            data = load_progress(self.logbook.store(), end, days, plan=plan,
                                 renamed=host(self).library.renamed())
        except PainpathError as err:
            call_back(self, self._failed, generation, err)
            return
        call_back(self, self._show, generation, data, why, end, scales)

    @property
    def fetching(self) -> bool:
        """Whether a range is being read (not Textual's `loading` overlay)."""
        return self.shown != self.generation

    def _failed(self, generation: int, err: PainpathError) -> None:
        if generation != self.generation:
            return
        self.shown = generation
        self.query_one("#progress-status", Static).update(
            "Your log could not be read just now, so there is nothing to show.")
        tell(self, LogProblem(err, self.logbook))

    def _show(self, generation: int, data: ProgressData, plan_why: str, end: date,
              scales: Mapping[str, Scale]) -> None:
        if generation != self.generation:
            return
        self.shown = generation
        self.data, self.end, self.export_scales = data, end, scales
        words = next(w for k, w, _ in RANGES if k == self.range)
        words = "All of the log" if self.range == "all" else f"Last {words}"
        if self.logbook.reviewing:
            words += f" up to {day_words(end)} (the export's last entry)"
        self.query_one("#progress-status", Static).update(summary_line(data, words))
        scales = data.scales_with_data()
        if scales and self.scale not in scales:
            self.scale = scales[0]
        self._show_chart()
        titles = host(self).library.titles(ex.exercise for ex in data.exercises)
        table = self.query_one("#progress-table", Static)
        legend = self.query_one("#progress-legend", Static)
        if data.exercises:
            table.update(practice_table(data.exercises, titles))
            legend.update(TABLE_LEGEND)
        else:
            table.update("")
            legend.update("No practice recorded in these days.")
        table.display = bool(data.exercises)
        self.query_one(PracticeCalendar).show(data.practice_days, data.first, data.last, end)
        self.query_one(BodyMap).show(data.regions)
        if not self.logbook.reviewing:
            plan_words = plan_text(data.plan, host(self).today()) if data.plan else plan_why
            self.query_one("#progress-plan", Static).update(plan_words)

    def _show_chart(self) -> None:
        if self.data is None:
            return
        scale = scale_for(self.scale, {**known_scales(host(self).library),
                                       **self.export_scales})
        self.query_one(TrendChart).show(self.data, self.scale, scale.min, scale.max)
        text = chart_words(self.data, self.scale, scale.min, scale.max)
        following = self._following_scale()
        if following is not None:
            text += f" Press s to show {scale_words(following)}."
        self.query_one("#progress-chart-words", Static).update(text)

    def _following_scale(self) -> str | None:
        """The scale `s` shows next, or None when only one has ratings."""
        scales = self.data.scales_with_data() if self.data is not None else []
        if len(scales) < 2 and self.scale in scales:
            return None
        if not scales:
            return None
        index = scales.index(self.scale) if self.scale in scales else -1
        return scales[(index + 1) % len(scales)]

    def action_next_scale(self) -> None:
        following = self._following_scale()
        if following is not None:
            self.scale = following
            self._show_chart()

    def action_history(self) -> None:
        tell(self, SwitchLogView("history", self.logbook))
