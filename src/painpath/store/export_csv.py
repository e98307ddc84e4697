"""The log as tidy CSV: one row per rating, for a spreadsheet.

Entries without ratings get one row with empty rating cells; text cells that a
spreadsheet would run as a formula are prefixed with `'`. Notes are private:
the `note` column is there only when asked for (`--with-notes`), as in the
reports; the JSON export is the complete backup.
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


def csv_columns(with_notes: bool = True) -> tuple[str, ...]:
    return CSV_COLUMNS if with_notes else CSV_COLUMNS[:-1]


def write_csv(out: IO[str], lines: Iterable[str], *, with_notes: bool = True) -> None:
    """Stream CSV: the header, then lines already written as CSV (`Store.csv_lines`,
    asked for with the same `with_notes`)."""
    csv.writer(out).writerow(csv_columns(with_notes))
    out.writelines(lines)


def to_csv(entries: Iterable[Entry], *, with_notes: bool = True) -> str:
    """One row per rating, with the entry's details repeated on each row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_columns(with_notes))
    for e in entries:
        head = [e.id, e.type, e.exercise, to_iso(e.started), opt_iso(e.ended), e.status,
                e.planned_s, e.practiced_s, e.peg]
        rows = [[r.scale, r.phase, r.region, r.step, r.value] for r in e.ratings] \
            or [[None] * 5]
        for rating in rows:
            note = (e.note,) if with_notes else ()
            writer.writerow([_cell(v) for v in (*head, *rating, *note)])
    return out.getvalue()
