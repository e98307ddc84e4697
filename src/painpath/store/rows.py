"""An entry as the log's tables hold it: the rows `Store` writes, in one place.

An entry is one row of `entries`, a row per rating and per written answer, and
a row of `session_changes` per scale rated both before and after (sessions
only). The entry's own day and UTC start are copied onto its ratings and pairs
here, with the rows they copy, so the copies cannot fall out of step.

`painpath.store.import_quick` makes the same rows straight from an export's JSON
(`read_export_rows`) so a long import builds no `Entry` at all; the tests hold
the two ways together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from painpath.store.records import Answer, Entry, Rating
from painpath.store.times import parse_iso, to_iso, utc_key
from painpath.text import valid_text as storable

Row = tuple[Any, ...]
# An entry's rows: its own, its ratings', its answers' and its before -> after pairs'.
EntryRows = tuple[Row, list[Row], list[Row], list[Row]]

ENTRY_COLUMNS = ("id, type, exercise, content_hash, pack_version, started, started_utc, ended, "
                 "status, planned_s, practiced_s, furthest_step, note, peg, owner_pid, updated, "
                 "day")
ENTRY_SQL = f"INSERT INTO entries ({ENTRY_COLUMNS}) VALUES ({', '.join('?' * 17)})"
RATING_SQL = ("INSERT INTO ratings (id, entry_id, seq, scale, value, phase, region, step, at, "
              "day, started_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
ANSWER_SQL = "INSERT INTO answers (id, entry_id, seq, step, text, at) VALUES (?, ?, ?, ?, ?, ?)"
CHANGES_SQL = ("INSERT INTO session_changes (entry_id, scale, exercise, started_utc, day, "
               "before, after) VALUES (?, ?, ?, ?, ?, ?, ?)")
UTC_COLUMN = 6  # started_utc in an entries row: rows are written oldest first


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
    utc, day = utc_key(entry.started), started[:10]
    updated = entry.updated or entry.ended
    exercise = storable(entry.exercise)
    row = (entry.id, entry.type, exercise, storable(entry.content_hash) or None,
           storable(entry.pack_version) or None, started, utc, iso(entry.ended), entry.status,
           entry.planned_s, entry.practiced_s, entry.furthest_step, storable(entry.note),
           int(entry.peg), owner_pid, iso(updated) if updated is not None else started, day)
    ratings = [(r.id, entry.id, seq, storable(r.scale), int(r.value), r.phase,
                storable(r.region), r.step, iso(r.at), day, utc)
               for seq, r in enumerate(entry.ratings)]
    answers = [(a.id, entry.id, seq, int(a.step), storable(a.text), iso(a.at))
               for seq, a in enumerate(entry.answers)]
    exercise = exercise if exercise is not None else ""
    pairs = [(entry.id, storable(scale), exercise, utc, day, before, after)
             for scale, (before, after) in entry.before_after().items()] \
        if entry.type == "session" else []
    return row, ratings, answers, pairs


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
    (eid, etype, exercise, content_hash, pack_version, started, _, ended, status, planned_s,
     practiced_s, furthest_step, note, peg, _, updated, _) = entry[0]
    return Entry(
        id=eid, type=etype, exercise=exercise, content_hash=content_hash,
        pack_version=pack_version, started=parse_iso(started), ended=_time(ended),
        status=status, planned_s=planned_s, practiced_s=practiced_s,
        furthest_step=furthest_step, note=note, peg=bool(peg), updated=_time(updated),
        ratings=tuple(Rating(scale=scale, value=value, phase=phase, region=region, step=step,
                             at=_time(at), id=rid)
                      for rid, _, _, scale, value, phase, region, step, at, _, _ in entry[1]),
        answers=tuple(Answer(step=step, text=text, at=_time(at), id=aid)
                      for aid, _, _, step, text, at in entry[2]))
