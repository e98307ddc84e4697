"""The report's chart of pain and distress, as SVG written by hand.

No chart library: the report must stand alone and print anywhere. Few lines:
the weekly mean of pain and of distress (ratings before practice and at
check-ins), each a line through its weeks that breaks where a week has no
ratings, with a small square on each week; and each session's ratings before
and after practice as points. Told apart without colour: pain is a solid line
with circles, distress a dashed line with diamonds; before practice is hollow,
after practice filled. Every point carries a `<title>` with its date and value,
and the chart an `aria-label` summing it up, for screen readers. Text in it is
escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from html import escape
from typing import Any

from painpath.format.models import Scale
from painpath.reports.plan_weeks import PlanReport
from painpath.reports.summary import (
    MONTHS,
    Chart,
    DateRange,
    SessionMark,
    WeeklyLine,
    chart_for,
    day_text,
    load_entries,
    mean_text,
    time_text,
)
from painpath.scale_names import scale_words

WIDTH, PLOT_TOP, PLOT_BOTTOM, LEFT, RIGHT = 720, 20, 230, 48, 24
LEGEND_TOP, LEGEND_ROW, LEGEND_COLUMN = 276, 22, 224
MAX_LABELS = 8

STYLE: dict[str, tuple[str, str]] = {  # scale: (colour, dash pattern)
    "pain": ("#1f4e79", ""),
    "distress": ("#9c4a00", "7 4"),
}
SHAPES = {"pain": "circle", "distress": "diamond"}
PHASE_WORDS = {"before": "before practice", "after": "after practice"}
NUDGE = 4.0  # before and after of one day sit this far left and right of the day


def _xf(offset: float, chart: Chart) -> float:
    """x of a point `offset` days after the chart's first day."""
    span = (chart.last - chart.first).days
    if span == 0:
        return (LEFT + WIDTH - RIGHT) / 2
    return LEFT + offset / span * (WIDTH - LEFT - RIGHT)


def _x(day: date, chart: Chart) -> float:
    return _xf((day - chart.first).days, chart)


def _y(value: float) -> float:
    value = min(10.0, max(0.0, value))
    return PLOT_BOTTOM - value / 10 * (PLOT_BOTTOM - PLOT_TOP)


def _f(n: float) -> str:
    return f"{n:.1f}".rstrip("0").rstrip(".")


def _marker(shape: str, filled: bool, x: float, y: float, colour: str, title: str = "",
            *, session: bool = False) -> str:
    """A point; a session's is smaller and lighter, so the weekly lines stand out."""
    inner = f"<title>{escape(title)}</title>" if title else ""
    cls = ("point filled" if filled else "point") + (" session" if session else "")
    fill = colour if filled else "#fff"
    size, width = (3.5, 1.2) if session else (4.5, 2)
    opacity = ' opacity="0.7"' if session else ""
    if shape == "circle":
        return (f'<circle class="{cls}" cx="{_f(x)}" cy="{_f(y)}" r="{size}" fill="{fill}" '
                f'stroke="{colour}" stroke-width="{width}"{opacity}>{inner}</circle>')
    if shape == "square":
        return (f'<rect class="{cls}" x="{_f(x - 4)}" y="{_f(y - 4)}" width="8" '
                f'height="8" fill="{fill}" stroke="{colour}" stroke-width="1">{inner}</rect>')
    d = size + 1
    points = f"{_f(x)},{_f(y - d)} {_f(x + d)},{_f(y)} {_f(x)},{_f(y + d)} {_f(x - d)},{_f(y)}"
    return (f'<polygon class="{cls}" points="{points}" fill="{fill}" stroke="{colour}" '
            f'stroke-width="{width}"{opacity}>{inner}</polygon>')


def _short_day(day: date, with_year: bool) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def _x_labels(chart: Chart) -> list[date]:
    span = (chart.last - chart.first).days
    step = max(1, -(-(span + 1) // MAX_LABELS))
    return [chart.first + timedelta(days=n) for n in range(0, span + 1, step)]


def _line(line: WeeklyLine, chart: Chart) -> list[str]:
    """One scale's weekly means: a polyline per run of consecutive weeks, a square per week."""
    colour, dash = STYLE.get(line.scale, ("#333", "2 3"))
    label = f"{scale_words(line.scale)}, weekly mean"
    out = [f'<g class="series weekly {escape(line.scale)}" aria-label="{escape(label)}">']
    for run in line.runs():
        xy = [(_xf((w.first - chart.first).days + (w.last - w.first).days / 2, chart),
               _y(w.mean), w) for w in run]
        if len(xy) > 1:
            path = " ".join(f"{_f(x)},{_f(y)}" for x, y, _ in xy)
            out.append(f'<polyline class="line" points="{path}" fill="none" '
                       f'stroke="{colour}" stroke-width="3"'
                       + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        for x, y, w in xy:
            title = (f"Week of {day_text(w.week)}: {scale_words(line.scale)}, weekly mean "
                     f"{mean_text(w.mean)} ({w.n} {'rating' if w.n == 1 else 'ratings'})")
            out.append(_marker("square", True, x, y, colour, title))
    out.append("</g>")
    return out


def _marks(marks: tuple[SessionMark, ...], chart: Chart) -> list[str]:
    out = ['<g class="series sessions" aria-label="sessions, before and after practice">']
    for m in sorted(marks, key=lambda m: (m.at.date(), m.scale, m.phase != "before")):
        colour, _ = STYLE.get(m.scale, ("#333", ""))
        x = _x(m.at.date(), chart) + (-NUDGE if m.phase == "before" else NUDGE)
        if m.daily:
            sessions = "1 session" if m.n == 1 else f"{m.n} sessions"
            title = (f"{day_text(m.at.date())}: {scale_words(m.scale)}, {PHASE_WORDS[m.phase]}: "
                     f"{mean_text(m.value)} (mean of {sessions})")
        else:
            title = (f"{time_text(m.at)}: {scale_words(m.scale)}, {PHASE_WORDS[m.phase]}: "
                     f"{m.value:g}")
        out.append(_marker(SHAPES.get(m.scale, "circle"), m.phase == "after", x, _y(m.value),
                           colour, title, session=True))
    out.append("</g>")
    return out


def _legend_items(chart: Chart) -> list[tuple[str, str, str, bool]]:
    """(label, scale, shape, filled) for what the chart shows, lines first."""
    items = [(f"{scale_words(line.scale)}, weekly mean", line.scale, "line", True)
             for line in chart.lines]
    shown = {(m.scale, m.phase) for m in chart.marks}
    daily = " (daily mean)" if any(m.daily for m in chart.marks) else ""
    for scale in STYLE:
        for phase in ("before", "after"):
            if (scale, phase) in shown:
                items.append((f"{scale_words(scale)}, {PHASE_WORDS[phase]}{daily}", scale,
                              SHAPES[scale], phase == "after"))
    return items


def _legend(chart: Chart) -> list[str]:
    out = ['<g class="legend">']
    for i, (label, scale, shape, filled) in enumerate(_legend_items(chart)):
        colour, dash = STYLE.get(scale, ("#333", "2 3"))
        x = LEFT + (i % 3) * LEGEND_COLUMN
        y = LEGEND_TOP + (i // 3) * LEGEND_ROW
        if shape == "line":
            out.append(f'<line x1="{x}" y1="{y}" x2="{x + 34}" y2="{y}" stroke="{colour}" '
                       f'stroke-width="2.5"' + (f' stroke-dasharray="{dash}"' if dash else "")
                       + "/>")
            out.append(_marker("square", True, x + 17, y, colour))
        else:
            out.append(_marker(shape, filled, x + 17, y, colour, session=True))
        out.append(f'<text x="{x + 42}" y="{y + 4}">{escape(label)}</text>')
    out.append("</g>")
    return out


def describe(chart: Chart) -> str:
    """The chart in one sentence, for its aria-label."""
    parts = [f"weekly mean {scale_words(line.scale)} over {len(line.weeks)} "
             f"{'week' if len(line.weeks) == 1 else 'weeks'}" for line in chart.lines]
    sessions = len({m.at for m in chart.marks})
    if chart.marks:
        parts.append(f"before and after practice in {sessions} "
                     f"{'session' if sessions == 1 else 'sessions'}")
    return (f"Chart of pain and distress, 0 to 10, from {day_text(chart.first)} to "
            f"{day_text(chart.last)}: {'; '.join(parts)}.")


def chart_svg(chart: Chart, *, standalone: bool = False) -> str:
    """The chart as an `<svg>` element (inline in HTML, or a file of its own)."""
    rows = -(-len(_legend_items(chart)) // 3)
    height = LEGEND_TOP + rows * LEGEND_ROW
    # The namespace is needed only for a separate .svg file; inline in HTML it is
    # implied, and the report then holds no address of any kind.
    ns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    label = describe(chart)
    out = [f'<svg{ns} class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" aria-label="{escape(label)}" '
           'font-family="sans-serif" font-size="12">',
           "<title>Pain and distress: weekly means and sessions</title>",
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
    for line in chart.lines:
        out += _line(line, chart)
    out += _marks(chart.marks, chart)
    out += _legend(chart)
    out.append("</svg>")
    return "\n".join(out)


EMPTY_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 480 40" '
             'width="480" height="40" aria-label="No pain or distress ratings yet">'
             "<title>Pain and distress</title>"
             '<text x="8" y="24" font-family="sans-serif" font-size="13">'
             "No pain or distress ratings in these dates yet.</text></svg>")


def render(entries: list[dict[str, Any]], *, since: date | None, until: date | None,
           with_notes: bool = False, plan: PlanReport | None = None,
           scales: Mapping[str, Scale] | None = None) -> str:
    """The chart alone, as an SVG file (notes, plan and scales play no part in it)."""
    loaded = load_entries(entries)
    chart = chart_for(loaded, DateRange.of(loaded, since, until))
    return (chart_svg(chart, standalone=True) if chart else EMPTY_SVG) + "\n"
