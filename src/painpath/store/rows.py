"""An entry as the log's tables hold it: the rows `Store` writes, in one place.

An entry is one row of `entries`, a row per rating and per written answer, and
a row of `changes` per scale rated both before and after (sessions only), all
keyed by the entry's integer `n`, which the log gives when the entry is written
(so the rows here leave it out: they are written as `(n, *row)`). The entry's
exercise, day and UTC start are copied onto its pairs here, with the rows they
copy, so the copies cannot fall out of step.

`painpath.store.import_quick` makes the same rows straight from an export's JSON
(`read_export_rows`) so a long import builds no `Entry` at all; the tests hold
the two ways together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from painpath.store.records import Answer, Entry, Rating
from painpath.store.sanity import rating_value
from painpath.store.schema import DAILY_ADDS
from painpath.store.times import parse_iso, read_after, stored_after, to_iso, utc_seconds
from painpath.text import valid_text as storable

Row = tuple[Any, ...]
# An entry's rows: its own, its ratings', its answers' and its before -> after pairs'.
EntryRows = tuple[Row, list[Row], list[Row], list[Row]]

# An entries row as written: its key `n` is given by the log (a save) or the import.
ENTRY_COLUMNS = ("id, type, exercise, started, started_utc, ended, status, planned_s, "
                 "practiced_s, furthest_step, peg, note, content_hash, pack_version, updated, "
                 "owner_pid")
ENTRY_SQL = f"INSERT INTO entries (n, {ENTRY_COLUMNS}) VALUES ({', '.join('?' * 17)})"
# Ratings, answers and pairs are written with their entry's `n` first: (n, *row).
RATING_SQL = ("INSERT INTO ratings (entry, id, seq, scale, value, phase, region, step, at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
ANSWER_SQL = "INSERT INTO answers (entry, id, seq, step, text, at) VALUES (?, ?, ?, ?, ?, ?)"
CHANGES_SQL = ("INSERT INTO changes (entry, exercise, scale, before, after, started_utc, day) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)")
UTC_COLUMN = 4  # started_utc in an entries row: rows are written oldest first
# Adds `daily_rows` to the daily sums, as `schema.DAILY_SQL` adds its own.
DAILY_ROWS_SQL = ("INSERT INTO daily (day, phase, scale, n, total) VALUES (?, ?, ?, ?, ?) "
                  + DAILY_ADDS)
# In an import's rows (`placed`), one column on: started and peg in an entries row,
# scale, value and phase in a ratings row.
_STARTED, _PEG = 4, 11
_SCALE, _VALUE, _PHASE = 3, 4, 5


def opt_iso(moment: datetime | None) -> str | None:
    return to_iso(moment) if moment is not None else None


def as_imported(entry: Entry) -> Entry:
    """An entry as an import stores it: a session still in progress is interrupted
    (no process here runs it), ended when it was last written."""
    if entry.status != "in-progress":
        return entry
    return entry.evolve(status="interrupted", ended=entry.ended or entry.updated)


def entry_rows(entry: Entry, owner_pid: int | None = None,
               iso: Callable[[datetime | None], str | None] = opt_iso) -> EntryRows:
    """The rows of one entry. `iso` writes a time (a caching one for many entries)."""
    started = iso(entry.started)
    assert started is not None
    utc, day = utc_seconds(entry.started), started[:10]
    ended = iso(entry.ended)
    updated = iso(entry.updated) if entry.updated is not None else None
    exercise = storable(entry.exercise)
    row = (entry.id, entry.type, exercise, started, utc, ended, entry.status,
           entry.planned_s, entry.practiced_s, entry.furthest_step, int(entry.peg),
           storable(entry.note), storable(entry.content_hash) or None,
           storable(entry.pack_version) or None, stored_updated(updated, ended, started),
           owner_pid)
    ratings = [(r.id, seq, storable(r.scale), int(r.value), r.phase, storable(r.region), r.step,
                stored_after(r.at, entry.started))
               for seq, r in enumerate(entry.ratings)]
    answers = [(a.id, seq, int(a.step), storable(a.text), stored_after(a.at, entry.started))
               for seq, a in enumerate(entry.answers)]
    exercise = exercise if exercise is not None else ""
    pairs = [(exercise, storable(scale), before, after, utc, day)
             for scale, (before, after) in entry.before_after().items()] \
        if entry.type == "session" else []
    return row, ratings, answers, pairs


def stored_updated(updated: str | None, ended: str | None, started: str) -> str | None:
    """`updated` as kept: None when it is the end (or, without one, the start),
    which reading gives back (an entry last changed when it ended, the usual case)."""
    return None if updated is None or updated == (ended or started) else updated


def many_entry_rows(entries: Sequence[Entry]) -> list[EntryRows]:
    """Rows for many entries, as imported (`as_imported`).

    Entries read from one file share their time objects (a session's start is
    also its first ratings' time): each is written out once.
    """
    iso_of: dict[int, str] = {}

    def iso(moment: datetime | None) -> str | None:
        if moment is None:
            return None
        text = iso_of.get(id(moment))
        if text is None:
            text = iso_of[id(moment)] = to_iso(moment)
        return text

    return [entry_rows(as_imported(entry), None, iso) for entry in entries]


def _time(text: str | None) -> datetime | None:
    return parse_iso(text) if text else None


def entry_from_rows(entry: EntryRows) -> Entry:
    """The entry these rows hold (the inverse of `entry_rows`): for merging."""
    (eid, etype, exercise, started, _, ended, status, planned_s, practiced_s, furthest_step,
     peg, note, content_hash, pack_version, updated, _) = entry[0]
    start = parse_iso(started)
    return Entry(
        id=eid, type=etype, exercise=exercise, content_hash=content_hash,
        pack_version=pack_version, started=start, ended=_time(ended),
        status=status, planned_s=planned_s, practiced_s=practiced_s,
        furthest_step=furthest_step, note=note, peg=bool(peg),
        updated=_time(updated or ended or started),
        ratings=tuple(Rating(scale=scale, value=value, phase=phase, region=region, step=step,
                             at=read_after(at, start), id=rid)
                      for rid, _, scale, value, phase, region, step, at in entry[1]),
        answers=tuple(Answer(step=step, text=text, at=read_after(at, start), id=aid)
                      for aid, _, step, text, at in entry[2]))


def placed(entry: EntryRows, place: int) -> EntryRows:
    """An entry's rows as an import takes them: each begins with the entry's place
    in its file, which the import makes the entry's key (`importing`). The quick
    ways in (`import_quick`) make them so; this is for the others."""
    row, ratings, answers, pairs = entry
    return ((place, *row), [(place, *r) for r in ratings], [(place, *a) for a in answers],
            [(place, *p) for p in pairs])


def unplaced(entry: EntryRows) -> EntryRows:
    """`entry_rows` of `placed` rows: for merging one with the log's copy."""
    row, ratings, answers, pairs = entry
    return row[1:], [r[1:] for r in ratings], [a[1:] for a in answers], [p[1:] for p in pairs]


def daily_rows(entries: Iterable[EntryRows]) -> list[Row]:
    """(day, phase, scale, count, total) of these entries' ratings (`placed` rows): what
    `schema.DAILY_SQL` adds for them (PEG check-ins and values out of their scale's
    range left out), summed in Python as an import makes its batches. In SQL the
    same sums cost a sort of every rating under the write lock (0.4 s of an import
    of 100,000 sessions, against 0.1 s here, while the log is free)."""
    sums: dict[tuple[Any, Any, Any], list[int]] = {}
    good: dict[tuple[Any, Any], bool] = {}
    for row, ratings, _, _ in entries:
        if row[_PEG]:
            continue
        day = row[_STARTED][:10]
        for rating in ratings:
            scale, value, phase = rating[_SCALE], rating[_VALUE], rating[_PHASE]
            ok = good.get((scale, value))
            if ok is None:
                ok = good[scale, value] = (type(scale) is str and type(value) is int
                                           and rating_value(scale, value) is not None)
            if ok:
                cell = sums.get((day, phase, scale))
                if cell is None:
                    sums[day, phase, scale] = [1, value]
                else:
                    cell[0] += 1
                    cell[1] += value
    return [(*key, n, total) for key, (n, total) in sums.items()]
