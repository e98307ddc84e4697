"""The streams behind exports, as SQL: every entry with its ratings and answers, in order.

`painpath export` (JSON and CSV) and `log --json` read the log here, through
`Store.export_records` and `Store.csv_lines`, which add the store's lock and its
error messages. Entries are walked newest first by the time index; each one's
ratings and answers are found by their entry's key, in the order given, so no
query runs per entry and nothing is sorted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from painpath.store import sanity
from painpath.store.queries import _VALUE_OK, Range

# entries row as `entry_records` gives it (the order `exchange` writes the JSON in)
ENTRY_FIELDS = ("id", "type", "exercise", "started", "ended", "status", "planned_s",
                "practiced_s", "furthest_step", "note", "peg", "content_hash",
                "pack_version", "updated")


# Columns read other than as `e.NAME`: `updated` is kept only when it is not the end.
_ENTRY_SQL = {"updated": "coalesce(e.updated, e.ended, e.started)"}


class EntryRecord(NamedTuple):
    """One entry as stored: its row (`ENTRY_FIELDS`), its ratings and its answers."""

    entry: tuple[Any, ...]
    ratings: list[tuple[Any, ...]]
    answers: list[tuple[Any, ...]]


def _span_where(since: datetime | None, until: datetime | None) -> tuple[str, list[Any]]:
    return Range(since, until).where("e")


def _status(stale: frozenset[str]) -> tuple[str, list[Any]]:
    """The status column, showing sessions found interrupted on opening as such."""
    if not stale:
        return "e.status", []
    return (f"CASE WHEN e.id IN ({', '.join('?' * len(stale))}) THEN 'interrupted' "
            "ELSE e.status END"), sorted(stale)


_NEWEST_FIRST = "ORDER BY e.started_utc DESC, e.id DESC"


def _time_after(column: str) -> str:
    """SQL giving back the text of a time `times.stored_after` kept beside `e.started`:
    whole seconds after the start, on the start's clock and offset (or the text kept)."""
    return (f"CASE WHEN typeof({column}) != 'integer' THEN {column} "
            f"WHEN {column} = 0 THEN e.started "
            f"ELSE strftime('%Y-%m-%dT%H:%M:%S', substr(e.started, 1, 19), "
            f"{column} || ' seconds') || substr(e.started, 20) END")


def entry_records(conn: sqlite3.Connection, since: datetime | None, until: datetime | None,
                  stale: frozenset[str]) -> Iterator[EntryRecord]:
    """Entries newest first with their ratings and answers, from three ordered reads.

    The three cursors walk the entries in the same order, so each entry's
    ratings and answers are the rows that follow in theirs: no query per entry.
    Ratings and answers are found by their entry's key, in the order given.
    """
    where, params = _span_where(since, until)
    status, status_params = _status(stale)
    columns = ", ".join(_ENTRY_SQL.get(f, f"e.{f}") if f != "status" else status
                        for f in ENTRY_FIELDS)
    entries = conn.execute(f"SELECT {columns} FROM entries AS e WHERE {where} {_NEWEST_FIRST}",
                           [*status_params, *params])
    ratings = conn.execute(
        f"SELECT e.id, r.id, r.scale, r.value, r.phase, r.region, r.step, {_time_after('r.at')} "
        f"FROM entries AS e CROSS JOIN ratings AS r ON r.entry = e.n WHERE {where} "
        f"{_NEWEST_FIRST}, r.seq", params)
    answers = conn.execute(
        f"SELECT e.id, a.id, a.step, a.text, {_time_after('a.at')} "
        f"FROM entries AS e CROSS JOIN answers AS a ON a.entry = e.n WHERE {where} "
        f"{_NEWEST_FIRST}, a.seq", params)
    try:
        next_rating = ratings.fetchone()
        next_answer = answers.fetchone()
        for row in entries:
            entry_id = row[0]
            mine: list[tuple[Any, ...]] = []
            while next_rating is not None and next_rating[0] == entry_id:
                mine.append(next_rating[1:])
                next_rating = ratings.fetchone()
            written: list[tuple[Any, ...]] = []
            while next_answer is not None and next_answer[0] == entry_id:
                written.append(next_answer[1:])
                next_answer = answers.fetchone()
            yield EntryRecord(row, mine, written)
    finally:
        for cursor in (entries, ratings, answers):
            cursor.close()


def _csv_text(column: str) -> str:
    """A text column as one CSV cell, as `csv.writer` writes `export_csv.csv_safe(text)`.

    `'` goes before = + - @ tab or CR (a spreadsheet would run those as a
    formula); a cell holding a comma, a quote or a line break is quoted, its
    quotes doubled; NULL is an empty cell.
    """
    safe = (f"CASE WHEN substr({column}, 1, 1) IN ('=', '+', '-', '@', char(9), char(13)) "
            f"THEN '''' || {column} ELSE {column} END")
    # The usual cell (an id, a scale, a word) starts with a letter or digit and holds
    # nothing to quote: two GLOBs let it through, sparing the checks below. GLOB stops
    # at a NUL character, so a cell holding one takes the long way.
    return (f"CASE WHEN {column} GLOB '[0-9A-Za-z]*' AND NOT {column} GLOB '*[,\"\r\n]*' "
            f"AND NOT instr({column}, char(0)) "
            f"THEN {column} WHEN {column} IS NULL THEN '' "
            f"WHEN instr({column}, ',') OR instr({column}, '\"') "
            f"OR instr({column}, char(10)) OR instr({column}, char(13)) "
            f"THEN '\"' || replace({safe}, '\"', '\"\"') || '\"' ELSE {safe} END")


def _csv_plain(column: str) -> str:
    """A cell that needs no quoting (a fixed word, a time, a whole number, or NULL)."""
    return f"coalesce({column}, '')"


def _seconds(value: float | None) -> str:
    value = sanity.seconds(value)  # unbelievable (an old or hand-edited row): empty
    return "" if value is None else repr(value)  # as csv.writer writes a float


def csv_lines(conn: sqlite3.Connection, since: datetime | None, until: datetime | None,
              stale: frozenset[str], with_notes: bool = True) -> Iterator[str]:
    """The CSV export after its header (`export_csv.CSV_COLUMNS`), newest first.

    One line per rating (one per entry without ratings). SQLite writes the
    cells: an entry's own once per entry, each rating's once per rating, in two
    reads in the same order (the ratings through their entry's key); here they
    are only put together, and the two
    numbers of seconds written as Python writes a float. Yields the lines of
    one entry at a time. Without `with_notes` the note column is left out
    (`export_csv.csv_columns`): notes are private unless asked for.
    """
    where, params = _span_where(since, until)
    status, status_params = _status(stale)
    head = " || ',' || ".join([
        _csv_text("e.id"), _csv_plain("e.type"), _csv_text("e.exercise"),
        _csv_plain("e.started"), _csv_plain("e.ended"), _csv_plain(status)])
    entries = conn.execute(
        f"SELECT e.id, {head}, e.planned_s, e.practiced_s, "
        f"CASE WHEN e.peg THEN 'yes' ELSE 'no' END, {_csv_text('e.note')} "
        f"FROM entries AS e WHERE {where} {_NEWEST_FIRST}", [*status_params, *params])
    rating = " || ',' || ".join([
        _csv_text("r.scale"), _csv_plain("r.phase"), _csv_text("r.region"),
        _csv_plain("r.step"), _csv_plain(f"CASE WHEN {_VALUE_OK} THEN r.value END")])
    ratings = conn.execute(
        f"SELECT e.id, {rating} FROM entries AS e CROSS JOIN ratings AS r ON r.entry = e.n "
        f"WHERE {where} {_NEWEST_FIRST}, r.seq", params)
    try:
        pending = next(ratings, None)
        for entry_id, cells, planned_s, practiced_s, peg, note in entries:
            start = f"{cells},{_seconds(planned_s)},{_seconds(practiced_s)},{peg},"
            end = f",{note}\r\n" if with_notes else "\r\n"
            if pending is None or pending[0] != entry_id:
                yield f"{start},,,,{end}"  # no ratings: five empty rating cells
                continue
            lines = []
            while pending is not None and pending[0] == entry_id:
                lines.append(start + pending[1] + end)
                pending = next(ratings, None)
            yield "".join(lines)
    finally:
        entries.close()
        ratings.close()
