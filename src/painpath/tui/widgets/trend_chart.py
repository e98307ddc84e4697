"""The Progress screen's chart, apart from the home's trend so home never loads plotext.

textual-plotext (with plotext) takes tens of milliseconds to import; only the
Progress screen draws a chart, and it is imported when first opened.
"""

from __future__ import annotations

from datetime import timedelta

from textual_plotext import PlotextPlot

from painpath.tui.entry_words import scale_words
from painpath.tui.progress_data import SERIES_PHASES, ProgressData
from painpath.tui.widgets.trend import (
    PHASE_COLOURS,
    PHASE_LABELS,
    PHASE_MARKERS,
    WEEKLY_AFTER_DAYS,
    axis_ticks,
    bucket,
    day_label,
)


class TrendChart(PlotextPlot):
    """One scale's daily (or weekly) values before and after practice, and check-ins."""

    DEFAULT_CSS = """
    TrendChart {
        height: 1fr;
        min-height: 8;
    }
    """

    def show(self, data: ProgressData, scale: str, low: int = 0, high: int = 10) -> None:
        """Draw `scale`, on its own range (`low`..`high`: 0–10 for the built-ins)."""
        plt = self.plt
        plt.clear_figure()
        span = (data.last - data.first).days + 1
        weekly = span > WEEKLY_AFTER_DAYS
        for phase in SERIES_PHASES:
            points = bucket(data.series.get((scale, phase), ()), data.first, weekly)
            if points:
                xs, ys = zip(*points, strict=True)
                # A thin line for the shape, and each day's value as its letter.
                plt.plot(list(xs), list(ys), marker="braille", color=PHASE_COLOURS[phase])
                plt.scatter(list(xs), list(ys), label=PHASE_LABELS[phase],
                            marker=PHASE_MARKERS[phase], color=PHASE_COLOURS[phase])
        plt.ylim(low, high)
        plt.yticks(y_ticks(low, high))
        pad = max(0.5, span / 100)  # room for the first and last day's letters
        plt.xlim(-pad, max(span - 1, 1) + pad)
        ticks = axis_ticks(span)
        plt.xticks(ticks, [day_label(data.first + timedelta(days=t)) for t in ticks])
        plt.title(f"{scale_words(scale).capitalize()} ({low}–{high})"
                  + (", weekly averages" if weekly else ", daily averages"))
        self.refresh()


def y_ticks(low: int, high: int) -> list[int]:
    """About six whole-number marks from `low` to `high`, both ends included."""
    step = max(1, round((high - low) / 5))
    ticks = list(range(low, high, step))
    return [*ticks, high]
