"""Days practised, as month grids: a mark on each day with practice, nothing else.

No streaks, no counts of days missed, no red: a day without practice looks
like any ordinary day. A marked day shows `•` after its number (and is drawn
in bold accent), so the mark never depends on colour alone.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date

from textual.content import Content
from textual.widgets import Static

CELL = 4  # " 23•" fits each day
GAP = "    "
MAX_MONTHS = 12
WEEKDAYS = "Mo  Tu  We  Th  Fr  Sa  Su"


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """(year, month) from the month of `first` to that of `last`, at most the last 12."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months[-MAX_MONTHS:]


def month_lines(year: int, month: int, days: Mapping[date, int], first: date,
                last: date, today: date) -> list[Content]:
    """A month's title, weekday names and weeks, each line `7 * CELL` wide."""
    width = 7 * CELL
    title = f"{calendar.month_name[month]} {year}"
    lines = [Content.styled(title.ljust(width), "bold"),
             Content.styled(" " + WEEKDAYS.ljust(width - 1), "dim")]
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append(Content(" " * CELL))
                continue
            practised = days.get(day, 0) > 0
            number = f"{day.day:>3}"
            mark = "•" if practised else " "
            style = "bold $accent" if practised else ("dim" if not first <= day <= last else "")
            if day == today:
                style = (style + " underline").strip()
            cells.append(Content.styled(number + mark, style) if style
                         else Content(number + mark))
        lines.append(Content("").join(cells))
    while len(lines) < 8:  # every month the same height, so months side by side line up
        lines.append(Content(" " * width))
    return lines


def calendar_text(days: Mapping[date, int], first: date, last: date, today: date,
                  columns: int = 2) -> Content:
    """The months of first..last, `columns` side by side, then a legend in words."""
    months = months_between(first, last)
    blocks = [month_lines(y, m, days, first, last, today) for y, m in months]
    rows: list[Content] = []
    for start in range(0, len(blocks), columns):
        group = blocks[start:start + columns]
        for i in range(len(group[0])):
            rows.append(Content(GAP).join([block[i] for block in group]))
    practised = sum(1 for day, n in days.items() if n > 0 and first <= day <= last)
    legend = (f"• marks a day with practice. Days with practice in this range: {practised}."
              if practised else "No practice recorded in these days.")
    if len(months_between(first, last)) < len(_all_months(first, last)):
        legend += f" Showing the last {MAX_MONTHS} months."
    rows.append(Content(""))
    rows.append(Content(legend))
    return Content("\n").join(rows)


def _all_months(first: date, last: date) -> range:
    return range((last.year - first.year) * 12 + last.month - first.month + 1)


class PracticeCalendar(Static):
    """Month grids of the chosen range with the days practised marked."""

    def show(self, days: Mapping[date, int], first: date, last: date, today: date) -> None:
        self.update(calendar_text(days, first, last, today))
