"""The log as tidy CSV: one row per rating, for a spreadsheet.

Entries without ratings get one row with empty rating cells; text cells that a
spreadsheet would run as a formula are prefixed with `'`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO, Any

from painpath.store.records import Entry
from painpath.store.rows import opt_iso
from painpath.store.times import to_iso

CSV_COLUMNS = ("entry_id", "type", "exercise", "started", "ended", "status", "planned_s",
               "practiced_s", "peg", "scale", "phase", "region", "step", "value", "note")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """Text a spreadsheet shows as text: a leading `'` stops = + - @ running as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return csv_safe(value)
    return value


def write_csv(out: IO[str], lines: Iterable[str]) -> None:
    """Stream CSV: the header, then lines already written as CSV (`Store.csv_lines`)."""
    csv.writer(out).writerow(CSV_COLUMNS)
    out.writelines(lines)


def to_csv(entries: Iterable[Entry]) -> str:
    """One row per rating, with the entry's details repeated on each row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        head = [e.id, e.type, e.exercise, to_iso(e.started), opt_iso(e.ended), e.status,
                e.planned_s, e.practiced_s, e.peg]
        rows = [[r.scale, r.phase, r.region, r.step, r.value] for r in e.ratings] \
            or [[None] * 5]
        for rating in rows:
            writer.writerow([_cell(v) for v in (*head, *rating, e.note)])
    return out.getvalue()
