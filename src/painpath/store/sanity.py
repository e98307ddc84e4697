"""What a reader may believe of a row in the log: the one place stored rows become records.

painpath writes only believable rows, and an import refuses files that are not
(`import_bounds`). A log written by an older painpath, or changed by hand with
sqlite3, can still hold anything its columns allow: a length of practice of
1e308 seconds or infinity, a pain rating of 100, an end before the start, a
start that is not a time ("banana", year 9999), a rating that is not a whole
number. Every reader goes through here (`Store` builds its entries with
`entry_record`; the JSON export and the SQL sums use the same bounds), so no
screen, report or export ever raises on such a row or prints 1e308 minutes:

- a length (`planned_s`, `practiced_s`) is kept only if it is a number of
  seconds from 0 to a week (`MAX_SECONDS`), else it is unknown (None);
- a rating is kept only if it is a whole number within its scale's bounds
  (those an import checks) and its phase is one painpath writes;
- an end before the start, or a time that cannot be read, is unknown;
- an entry whose start cannot be read (or lies outside the years 1900-2999)
  cannot be placed in time: it is left out;
- names (exercise id, scale, region, hash, version) are cleaned with
  `painpath.text.for_terminal`, so an export of the log is one an import takes.

What is left out is counted in a `Tally`, so a command can say so plainly. The
log itself is never changed by reading it.
"""

from __future__ import annotations

import re
import threading
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any, NamedTuple

from painpath.format.values import ID_RULE
from painpath.store.import_bounds import MAX_SECONDS, RANGES
from painpath.store.records import ENTRY_TYPES, PHASES, STATUSES, Answer, Entry, Rating
from painpath.store.times import parse_iso, to_iso
from painpath.text import for_terminal

FIRST_YEAR, LAST_YEAR = 1900, 2999
# The longest text an export may hold (as an import checks it), and steps.
MAX_TEXT, MAX_STEP = 1_000_000, 100_000
NAME_LIMIT, LONG_NAME_LIMIT = 64, 200  # a scale, region or version; an exercise or hash
UNNAMED = "?"  # an export's exercise for a session stored without one (as stats files it)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_IDS = uuid.UUID("b4a3e1c2-5d6f-4e7a-8b9c-0d1e2f3a4b5c")  # names ids that are not UUIDs

# SQL conditions with the same bounds, for the sums SQLite makes (`queries`).
# NaN is stored as NULL by SQLite; text and blobs compare above every number.
SECONDS_OK = f"BETWEEN 0 AND {MAX_SECONDS!r}"


def seconds_sql(column: str) -> str:
    """`column` where it is a believable number of seconds, else NULL."""
    return f"(CASE WHEN {column} {SECONDS_OK} THEN {column} END)"


def seconds_bad_sql(column: str) -> str:
    """1 where `column` holds a length that is not believable (NULL is fine: unknown)."""
    return f"({column} IS NOT NULL AND NOT ({column} {SECONDS_OK}))"


def value_ok_sql(alias: str) -> str:
    """True where the rating `alias.value` is a whole number within its scale's bounds."""
    narrow = [(scale, low, high) for scale, (low, high) in RANGES.items()]
    cases = " ".join(f"WHEN '{scale}' THEN {alias}.value BETWEEN {low} AND {high}"
                     for scale, low, high in narrow)
    return (f"(typeof({alias}.value) = 'integer' AND typeof({alias}.scale) = 'text' AND "
            f"CASE {alias}.scale {cases} ELSE {alias}.value BETWEEN 0 AND 100 END)")


class Tally:
    """How many values reading left out, by kind ("length", "rating", "time", "entry")."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def add(self, kind: str, n: int = 1) -> None:
        if n:
            with self._lock:
                self.counts[kind] = self.counts.get(kind, 0) + n

    def total(self) -> int:
        return sum(self.counts.values())

    def note(self) -> str | None:
        """One plain sentence saying what was left out, or None when nothing was."""
        return left_out_note(self.counts)


_KINDS = {
    "entry": ("an entry whose start is not a time painpath can read",
              "entries whose start is not a time painpath can read"),
    "length": ("a length of practice that cannot be right (over a week, or not a number)",
               "lengths of practice that cannot be right (over a week, or not a number)"),
    "rating": ("a rating outside its scale", "ratings outside their scales"),
    "time": ("a time that cannot be right", "times that cannot be right"),
}


def left_out_note(counts: dict[str, int]) -> str | None:
    """"Left out: 2 ratings outside their scales. ..." or None when nothing was."""
    parts = [_KINDS[kind][0] if n == 1 else f"{n} {_KINDS[kind][1]}"
             for kind, n in counts.items() if n > 0 and kind in _KINDS]
    if not parts:
        return None
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return (f"Left out: {listed}. An older painpath or a hand edit wrote this into your "
            "log, which keeps it unchanged.")


# --- single values -------------------------------------------------------------------

def seconds(value: Any) -> float | None:
    """A believable number of seconds (0 to a week), else None."""
    if type(value) not in (float, int):
        return None
    return float(value) if 0 <= value <= MAX_SECONDS else None


def name(value: Any, limit: int = NAME_LIMIT) -> str | None:
    """A name (exercise id, scale, region) as one line of at most `limit` characters with
    nothing a terminal would run (what an import takes as a name)."""
    if value is None:
        return None
    found = text(value)
    assert found is not None
    return for_terminal(found).replace("\n", " ").replace("\t", " ")[:limit]


def text(value: Any) -> str | None:
    """A note or answer: the person's own words (cleaned where shown), at most MAX_TEXT."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    elif not isinstance(value, str):
        value = str(value)
    return value if len(value) <= MAX_TEXT else value[:MAX_TEXT - 1] + "…"


def whole(value: Any, low: int = 0, high: int = MAX_STEP) -> int | None:
    """A whole number from `low` to `high` (a step), else None."""
    if type(value) is float and value.is_integer():
        value = int(value)
    return value if type(value) is int and low <= value <= high else None


def export_id(value: str) -> str:
    """An id as an export must hold it (a UUID): one a hand edit left is named by a UUID
    made from it, the same every time."""
    return value if _UUID.fullmatch(value) else str(uuid.uuid5(_IDS, value))


def moment(value: Any) -> datetime | None:
    """A stored time that can be read and placed (years 1900-2999), else None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        found = parse_iso(value)
        found.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None
    return found if FIRST_YEAR <= found.year <= LAST_YEAR else None


def day(value: Any) -> date | None:
    """A stored calendar day (`YYYY-MM-DD`), or None where a row holds no readable day."""
    found = moment(f"{value}T00:00:00+00:00") if isinstance(value, str) else None
    return None if found is None else found.date()


def rating_value(scale: str, value: Any) -> int | None:
    """A rating's value if it is a whole number within the scale's bounds, else None."""
    if type(value) is float and value.is_integer():
        value = int(value)
    if type(value) is not int:
        return None
    low, high = RANGES.get(scale, (0, 100))
    return value if low <= value <= high else None


# --- whole entries -------------------------------------------------------------------

class Record(NamedTuple):
    """One entry as stored, made believable: the fields of an export, in its order."""

    id: str
    type: str
    exercise: str | None
    started: datetime
    ended: datetime | None
    status: str
    planned_s: float | None
    practiced_s: float | None
    furthest_step: int | None
    note: str | None
    peg: bool
    content_hash: str | None
    pack_version: str | None
    updated: datetime | None
    ratings: tuple[Rating, ...]
    answers: tuple[Answer, ...]

    def entry(self) -> Entry:
        return Entry(
            id=self.id, type=self.type, exercise=self.exercise, started=self.started,
            ended=self.ended, status=self.status, planned_s=self.planned_s,
            practiced_s=self.practiced_s, furthest_step=self.furthest_step, note=self.note,
            peg=self.peg, content_hash=self.content_hash, pack_version=self.pack_version,
            updated=self.updated, ratings=self.ratings, answers=self.answers)


def _time(value: Any, tally: Tally | None) -> datetime | None:
    found = moment(value)
    if found is None and value is not None and tally is not None:
        tally.add("time")
    return found


def after(value: Any, start: datetime) -> datetime | None:
    """A rating's or answer's time as the log keeps it (`times.stored_after`: whole
    seconds after the entry's start, or a time's text), if it can be read."""
    if type(value) is not int:
        return moment(value)
    if not value:
        return start
    try:  # any time an import accepts (years 1900-2999) reads back; a huge count does not
        return moment(to_iso(start + timedelta(seconds=value)))
    except (OverflowError, ValueError):
        return None


def rating(row: tuple[Any, ...], tally: Tally | None = None,
           start: datetime | None = None) -> Rating | None:
    """A rating from (id, scale, value, phase, region, step, at), or None if unbelievable.
    `at` is read beside the entry's `start` when given (as the log keeps it)."""
    rid, scale, value, phase, region, step, at = row
    scale = name(scale)
    good = rating_value(scale, value) if scale and ID_RULE.match(scale) else None
    if good is None or phase not in PHASES:
        if tally is not None:
            tally.add("rating")
        return None
    return Rating(scale=scale, value=good, phase=phase, region=name(region),
                  step=whole(step), at=moment(at) if start is None else after(at, start),
                  id=str(rid))


def answer(row: tuple[Any, ...], start: datetime | None = None) -> Answer | None:
    """A written answer from (id, step, text, at); None without a step or text."""
    aid, step, words, at = row
    step, words = whole(step), text(words)
    if step is None or words is None:
        return None
    return Answer(step=step, text=words, at=moment(at) if start is None else after(at, start),
                  id=str(aid))


def entry_record(row: tuple[Any, ...], ratings: Any = (), answers: Any = (),
                 tally: Tally | None = None, stale: frozenset[str] = frozenset()
                 ) -> Record | None:
    """An entry from its stored row (`export_queries.ENTRY_FIELDS` order), ratings and answers.

    None when its start cannot be read: it cannot be placed in time. `stale`
    ids are sessions found interrupted on opening.
    """
    (eid, etype, exercise, started, ended, status, planned_s, practiced_s, furthest_step,
     note, peg, content_hash, pack_version, updated) = row
    start = moment(started)
    if start is None or etype not in ENTRY_TYPES:
        if tally is not None:
            tally.add("entry")
        return None
    planned, practiced = seconds(planned_s), seconds(practiced_s)
    if tally is not None:
        tally.add("length", (planned_s is not None and planned is None)
                  + (practiced_s is not None and practiced is None))
    end = _time(ended, tally)
    if end is not None and end < start:
        end = None
        if tally is not None:
            tally.add("time")
    eid = str(eid)
    return Record(
        id=eid, type=etype, exercise=name(exercise, LONG_NAME_LIMIT) if etype == "session"
        else None, started=start, ended=end,
        status="interrupted" if eid in stale or status not in STATUSES else status,
        planned_s=planned, practiced_s=practiced, furthest_step=whole(furthest_step),
        note=text(note), peg=peg == 1, content_hash=name(content_hash, LONG_NAME_LIMIT),
        pack_version=name(pack_version), updated=moment(updated),
        ratings=tuple(r for r in (rating(x, tally, start) for x in ratings) if r is not None),
        answers=tuple(a for a in (answer(x, start) for x in answers) if a is not None))


def export_row(record: Any, tally: Tally | None = None) -> Any:
    """A stored entry (`export_queries.EntryRecord`) as an export writes it, made believable;
    None when it cannot be placed in time. Times are written back as the log keeps them.

    A record as painpath writes it (nearly every one) is given back as it is, after
    checks cheaper than building it (`_as_written`): the same result, at half the cost.
    """
    return record if _as_written(record) else made_believable(record, tally)


def made_believable(record: Any, tally: Tally | None = None) -> Any:
    """`export_row` the long way: every field through `entry_record`."""
    found = entry_record(record.entry, record.ratings, record.answers, tally)
    if found is None:
        return None
    iso = _iso
    exercise = found.exercise or (UNNAMED if found.type == "session" else None)
    return type(record)(
        (export_id(found.id), found.type, exercise, iso(found.started), iso(found.ended),
         found.status, found.planned_s, found.practiced_s, found.furthest_step, found.note,
         found.peg, found.content_hash, found.pack_version, iso(found.updated)),
        [(export_id(r.id), r.scale, r.value, r.phase, r.region, r.step, iso(r.at))
         for r in found.ratings],
        [(export_id(a.id), a.step, a.text, iso(a.at)) for a in found.answers])


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# --- the quick check: a record exactly as painpath writes it ---------------------------

_NOT_PLAIN = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_fromiso = datetime.fromisoformat
_ANY_SCALE = (0, 100)


def _plain_name(value: Any, limit: int = NAME_LIMIT) -> bool:
    return value is None or (type(value) is str and len(value) <= limit
                             and _NOT_PLAIN.search(value) is None)


def _time_text(value: Any) -> datetime | None:
    """The time, if `value` is one as `to_iso` writes it within FIRST_YEAR..LAST_YEAR."""
    if type(value) is not str or len(value) != 25 or value[19] not in "+-" \
            or not "1900" <= value[:4] <= "2999":
        return None
    try:
        return _fromiso(value)
    except ValueError:
        return None


def _seconds_ok(value: Any) -> bool:
    return value is None or (type(value) in (float, int) and 0 <= value <= MAX_SECONDS)


def _step_ok(value: Any) -> bool:
    return value is None or (type(value) is int and 0 <= value <= MAX_STEP)


def _as_written(record: Any) -> bool:
    """Whether every field of this stored record is one `entry_record` keeps unchanged."""
    (eid, etype, exercise, started, ended, status, planned_s, practiced_s, furthest_step,
     note, peg, content_hash, pack_version, updated) = record.entry
    start = _time_text(started)
    if start is None or type(eid) is not str or not _UUID.fullmatch(eid) \
            or status not in STATUSES or peg not in (0, 1):
        return False
    if not (exercise and _plain_name(exercise, LONG_NAME_LIMIT) if etype == "session"
            else etype == "check-in" and exercise is None):
        return False
    if ended is not None and ((end := _time_text(ended)) is None or end < start):
        return False
    if not (_seconds_ok(planned_s) and _seconds_ok(practiced_s) and _step_ok(furthest_step)
            and (note is None or (type(note) is str and len(note) <= MAX_TEXT))
            and _plain_name(content_hash, LONG_NAME_LIMIT) and _plain_name(pack_version)
            and (updated is None or _time_text(updated) is not None)):
        return False
    seen_at = started  # a rating's time is most often its entry's own, or the last one's
    for rid, scale, value, phase, region, step, at in record.ratings:
        low, high = RANGES.get(scale, _ANY_SCALE)
        if type(value) is not int or not low <= value <= high or phase not in PHASES \
                or type(scale) is not str or not ID_RULE.match(scale) \
                or type(rid) is not str or not _UUID.fullmatch(rid) \
                or (region is not None and not _plain_name(region)) \
                or (step is not None and not _step_ok(step)):
            return False
        if at is not None and at != seen_at:
            if _time_text(at) is None:
                return False
            seen_at = at
    for aid, step, words, at in record.answers:
        if type(aid) is not str or not _UUID.fullmatch(aid) or type(step) is not int \
                or not 0 <= step <= MAX_STEP or type(words) is not str \
                or len(words) > MAX_TEXT or (at is not None and _time_text(at) is None):
            return False
    return True
