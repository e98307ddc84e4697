"""A small line chart of pain and tension by day, as SVG written by hand.

No chart library: the report must stand alone and print anywhere. Series are
told apart without colour: each scale has its own line pattern (pain solid,
tension dashed) and each moment its own marker (before practice: hollow circle,
after practice: filled square, check-in: hollow diamond). Every point carries a
`<title>` with its date and value, and the chart an `aria-label` summing it up,
for screen readers. Text in it is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from html import escape
from typing import Any

from painpath.format.models import Scale
from painpath.reports.summary import (
    MONTHS,
    Chart,
    DateRange,
    PlanReport,
    Series,
    chart_for,
    day_text,
    load_entries,
    value_text,
)

WIDTH, PLOT_TOP, PLOT_BOTTOM, LEFT, RIGHT = 720, 20, 230, 48, 24
LEGEND_TOP, LEGEND_ROW, LEGEND_COLUMN = 276, 22, 224
MAX_LABELS = 8

STYLE: dict[str, tuple[str, str]] = {  # scale: (colour, dash pattern)
    "pain": ("#1f4e79", ""),
    "tension": ("#9c4a00", "7 4"),
}
MARKERS = {"before": "circle", "after": "square", "check-in": "diamond"}


def _x(day: date, chart: Chart) -> float:
    span = (chart.last - chart.first).days
    if span == 0:
        return (LEFT + WIDTH - RIGHT) / 2
    return LEFT + (day - chart.first).days / span * (WIDTH - LEFT - RIGHT)


def _y(value: float) -> float:
    value = min(10.0, max(0.0, value))
    return PLOT_BOTTOM - value / 10 * (PLOT_BOTTOM - PLOT_TOP)


def _f(n: float) -> str:
    return f"{n:.1f}".rstrip("0").rstrip(".")


def _marker(kind: str, x: float, y: float, colour: str, title: str = "") -> str:
    inner = f"<title>{escape(title)}</title>" if title else ""
    if kind == "circle":
        return (f'<circle class="point" cx="{_f(x)}" cy="{_f(y)}" r="4.5" fill="#fff" '
                f'stroke="{colour}" stroke-width="2">{inner}</circle>')
    if kind == "square":
        return (f'<rect class="point filled" x="{_f(x - 4)}" y="{_f(y - 4)}" width="8" '
                f'height="8" fill="{colour}" stroke="{colour}" stroke-width="1">{inner}</rect>')
    points = f"{_f(x)},{_f(y - 5.5)} {_f(x + 5.5)},{_f(y)} {_f(x)},{_f(y + 5.5)} " \
             f"{_f(x - 5.5)},{_f(y)}"
    return (f'<polygon class="point" points="{points}" fill="#fff" stroke="{colour}" '
            f'stroke-width="2">{inner}</polygon>')


def _short_day(day: date, with_year: bool) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def _x_labels(chart: Chart) -> list[date]:
    span = (chart.last - chart.first).days
    step = max(1, -(-(span + 1) // MAX_LABELS))
    days = [chart.first + timedelta(days=n) for n in range(0, span + 1, step)]
    return days


def _series(s: Series, chart: Chart) -> list[str]:
    colour, dash = STYLE.get(s.scale, ("#333", "2 3"))
    points = [(_x(p.day, chart), _y(p.mean), p) for p in s.points]
    out = [f'<g class="series {escape(s.scale)} {escape(s.phase)}" '
           f'aria-label="{escape(s.label)}">']
    if len(points) > 1:
        path = " ".join(f"{_f(x)},{_f(y)}" for x, y, _ in points)
        out.append(f'<polyline class="line" points="{path}" fill="none" stroke="{colour}" '
                   f'stroke-width="2"' + (f' stroke-dasharray="{dash}"' if dash else "")
                   + "/>")
    for x, y, p in points:
        n = f" (mean of {p.n})" if p.n > 1 else ""
        title = f"{day_text(p.day)}: {s.label}: {value_text(round(p.mean, 1))}{n}"
        out.append(_marker(MARKERS[s.phase], x, y, colour, title))
    out.append("</g>")
    return out


def _legend(chart: Chart) -> list[str]:
    out = ['<g class="legend">']
    for i, s in enumerate(chart.series):
        colour, dash = STYLE.get(s.scale, ("#333", "2 3"))
        x = LEFT + (i % 3) * LEGEND_COLUMN
        y = LEGEND_TOP + (i // 3) * LEGEND_ROW
        out.append(f'<line x1="{x}" y1="{y}" x2="{x + 34}" y2="{y}" stroke="{colour}" '
                   f'stroke-width="2"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        out.append(_marker(MARKERS[s.phase], x + 17, y, colour))
        out.append(f'<text x="{x + 42}" y="{y + 4}">{escape(s.label)}</text>')
    out.append("</g>")
    return out


def describe(chart: Chart) -> str:
    """The chart in one sentence, for its aria-label."""
    names = "; ".join(f"{s.label} on {len(s.points)} "
                      f"{'day' if len(s.points) == 1 else 'days'}" for s in chart.series)
    return (f"Line chart of daily pain and tension ratings, 0 to 10, from "
            f"{day_text(chart.first)} to {day_text(chart.last)}: {names}.")


def chart_svg(chart: Chart, *, standalone: bool = False) -> str:
    """The chart as an `<svg>` element (inline in HTML, or a file of its own)."""
    rows = -(-len(chart.series) // 3)
    height = LEGEND_TOP + rows * LEGEND_ROW
    # The namespace is needed only for a separate .svg file; inline in HTML it is
    # implied, and the report then holds no address of any kind.
    ns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    label = describe(chart)
    out = [f'<svg{ns} class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" aria-label="{escape(label)}" '
           'font-family="sans-serif" font-size="12">',
           "<title>Pain and tension by day</title>",
           f"<desc>{escape(label)}</desc>",
           '<g class="axes">']
    for v in range(0, 11, 2):
        y = _f(_y(v))
        out.append(f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" '
                   'stroke="#ccc" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 8}" y="{_f(_y(v) + 4)}" text-anchor="end">{v}</text>')
    out.append(f'<line x1="{LEFT}" y1="{PLOT_BOTTOM}" x2="{WIDTH - RIGHT}" '
               f'y2="{PLOT_BOTTOM}" stroke="#000" stroke-width="1"/>')
    out.append(f'<line x1="{LEFT}" y1="{PLOT_TOP}" x2="{LEFT}" y2="{PLOT_BOTTOM}" '
               'stroke="#000" stroke-width="1"/>')
    with_year = chart.first.year != chart.last.year
    for i, day in enumerate(_x_labels(chart)):
        x = _f(_x(day, chart))
        out.append(f'<line x1="{x}" y1="{PLOT_BOTTOM}" x2="{x}" y2="{PLOT_BOTTOM + 5}" '
                   'stroke="#000" stroke-width="1"/>')
        out.append(f'<text class="day" x="{x}" y="{PLOT_BOTTOM + 20}" text-anchor="middle">'
                   f"{escape(_short_day(day, with_year or i == 0))}</text>")
    out.append(f'<text x="14" y="{_f((PLOT_TOP + PLOT_BOTTOM) / 2)}" text-anchor="middle" '
               f'transform="rotate(-90 14 {_f((PLOT_TOP + PLOT_BOTTOM) / 2)})">'
               "rating (0-10)</text>")
    out.append("</g>")
    for s in chart.series:
        out += _series(s, chart)
    out += _legend(chart)
    out.append("</svg>")
    return "\n".join(out)


EMPTY_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 480 40" '
             'width="480" height="40" aria-label="No pain or tension ratings yet">'
             "<title>Pain and tension by day</title>"
             '<text x="8" y="24" font-family="sans-serif" font-size="13">'
             "No pain or tension ratings in these dates yet.</text></svg>")


def render(entries: list[dict[str, Any]], *, since: date | None, until: date | None,
           with_notes: bool = False, plan: PlanReport | None = None,
           scales: Mapping[str, Scale] | None = None) -> str:
    """The chart alone, as an SVG file (notes, plan and scales play no part in it)."""
    loaded = load_entries(entries)
    chart = chart_for(loaded, DateRange.of(loaded, since, until))
    return (chart_svg(chart, standalone=True) if chart else EMPTY_SVG) + "\n"
