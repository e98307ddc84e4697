"""Pain and tension over time: the home's two-week line, and what the chart shares.

The Progress chart (`trend_chart.TrendChart`, textual-plotext, kept apart so the
home never imports plotext) draws one scale at a time with up to three lines:
before practice, after practice, and check-ins, each with its own marker
letter as well as its colour, and a sentence in words below it for anyone who
cannot see the chart. The home's trend is one line of marks on the absolute
0–10 scale (never stretched to look dramatic) and two averages in words.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from painpath.store import Store
from painpath.tui.entry_words import scale_words
from painpath.tui.loghost import host
from painpath.tui.progress_data import (
    SERIES_PHASES,
    DayMean,
    ProgressData,
    RecentTrend,
    WeekAverage,
    load_recent_trend,
)
from painpath.tui.widgets.log_panel import LogPanel

PHASE_LABELS = {"before": "before practice", "after": "after practice",
                "check-in": "check-ins"}
# Letters, so the lines differ without colour; plotext draws them as the points.
PHASE_MARKERS = {"before": "b", "after": "a", "check-in": "c"}
PHASE_COLOURS = {"before": "orange", "after": "cyan", "check-in": "magenta"}
WEEKLY_AFTER_DAYS = 120  # longer ranges are drawn as weekly averages
SPARK = "▁▂▃▄▅▆▇█"


def bucket(series: tuple[DayMean, ...], first: date, weekly: bool) -> list[tuple[int, float]]:
    """(x, mean) points: days since `first`, or weekly means placed at each week's start."""
    if not weekly:
        return [((p.day - first).days, p.mean) for p in series]
    weeks: dict[int, tuple[float, int]] = {}
    for p in series:
        week = (p.day - first).days // 7
        total, n = weeks.get(week, (0.0, 0))
        weeks[week] = (total + p.mean * p.n, n + p.n)
    return [(week * 7, total / n) for week, (total, n) in sorted(weeks.items())]


def axis_ticks(span: int) -> list[int]:
    """About five day positions, first and last included, never two labels crowding."""
    last = span - 1
    step = max(1, last // 4)
    ticks = [t for t in range(0, last, step) if last - t >= step / 2]
    return [*ticks, last] if last > 0 else [0]


def day_label(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def chart_words(data: ProgressData, scale: str, low: int = 0, high: int = 10) -> str:
    """The chart's content as sentences: each line's average and how many days it rests on."""
    parts = []
    for phase in SERIES_PHASES:
        points = data.series.get((scale, phase), ())
        if not points:
            continue
        values = [p.mean for p in points]
        avg = sum(values) / len(values)
        days = len(points)
        # The days' own averages, as exact as the average they make (rounded to whole
        # numbers, one day's 5.7 read "from 6 to 6" beside "average 5.7").
        spread = f" (from {min(values):.1f} to {max(values):.1f})" if days > 1 else ""
        parts.append(f"{PHASE_LABELS[phase]}: average {avg:.1f} "
                     f"{'over' if days > 1 else 'on'} {days} day{'s' if days != 1 else ''}"
                     f"{spread}")
    if not parts:
        return f"No {scale_words(scale)} ratings in these days."
    joined = "; ".join(parts)
    return (f"{scale_words(scale).capitalize()}, {low} to {high}. "
            f"{joined[:1].upper()}{joined[1:]}.")


def spark(values: list[float | None], top: float = 10.0) -> str:
    """One mark per value on the absolute scale 0..top; `·` where nothing was rated."""
    marks = []
    for value in values:
        if value is None:
            marks.append("·")
        else:
            index = round(max(0.0, min(value, top)) / top * (len(SPARK) - 1))
            marks.append(SPARK[index])
    return "".join(marks)


def _week_words(label: str, spread: WeekAverage | None) -> str:
    if spread is None:
        return f"{label}: no ratings."
    n = spread.n
    return f"{label}: average {spread.mean:.1f} ({n} rating{'s' if n != 1 else ''})."


def trend_text(trend: RecentTrend) -> Content:
    """The marks for each day (with what they mean), then this week beside the week before."""
    name = scale_words(trend.scale).capitalize()
    values = [v for _, v in trend.days]
    first, last = trend.days[0][0], trend.days[-1][0]
    heading = Content.styled(f"{name}, {day_label(first)} to {day_label(last)}", "bold")
    marks = Content.assemble((spark(values), "$accent"),
                             ("  one mark a day, 0 to 10; · no rating", "dim"))
    words = " ".join([_week_words("Last 7 days", trend.this_week),
                      _week_words("The 7 days before", trend.week_before)])
    return Content("\n").join([heading, marks, Content(words)])


class HomeTrend(LogPanel):
    """The home's recent pain trend; hidden until there is a rating to show."""

    def compose(self) -> ComposeResult:
        yield Static(id="home-trend-text")

    def on_mount(self) -> None:
        self.display = False

    def read(self, store: Store) -> RecentTrend:
        return load_recent_trend(store, host(self).today())

    def present(self, trend: RecentTrend | None) -> None:
        if trend is None or (trend.this_week is None and trend.week_before is None):
            self.show_panel(False)
            return
        self.show_panel(True)
        self.query_one("#home-trend-text", Static).update(trend_text(trend))

