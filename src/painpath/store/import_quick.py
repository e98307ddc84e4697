"""The quick path of an import: a well-formed entry checked in one pass.

An export made by painpath passes every check. The functions here apply the same
checks as `painpath.store.import_checks` with fewer calls and return None (or
`_DOUBT`) at the first doubt, so the entry is then checked again, in order, by
the careful functions: those alone say what is wrong. `_quick_rows` goes
straight from a file's entry (a JSON table) to the rows an import writes, without
an `Entry`; `fields_rows` does it for the typed records of `import_typed` too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from painpath.format.values import ID_RULE
from painpath.store.import_bounds import MAX_SECONDS, bad_name, broken_text, value_problem
from painpath.store.records import ENTRY_TYPES, PHASES, STATUSES, Answer, Entry, Rating
from painpath.store.rows import EntryRows, Row, stored_updated
from painpath.store.times import parse_iso, to_iso, utc_seconds

_MAX_TEXT = 1_000_000
_MAX_VALUE = 100  # scales run within 0-100 (FORMAT.md)
_MAX_STEP = 100_000
_MAX_WHOLE_SECONDS = 2**53  # larger whole numbers take the long way (float() may overflow)

# An export repeats its times (a session's start is its first ratings' time): parse each once.
_parse_time = lru_cache(maxsize=4096)(parse_iso)
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


_QUICK_PHASES = frozenset(PHASES)
_scale_match = ID_RULE.match
_uuid_match = _CANONICAL_UUID.fullmatch
_QUICK_TYPES = frozenset(ENTRY_TYPES)
_QUICK_STATUSES = frozenset(STATUSES)
_DOUBT = object()


def _quick_time(text: Any) -> Any:
    """A checked time, None for none, or `_DOUBT`."""
    if text is None:
        return None
    if type(text) is not str or len(text) > 64:
        return _DOUBT
    try:
        moment = _parse_time(text)
    except ValueError:
        return _DOUBT
    return moment if 1900 <= moment.year <= 9998 else _DOUBT


def _quick_count(value: Any, high: int) -> bool:
    """None, or a whole number (not a bool) from 0 to `high`."""
    return value is None or (type(value) is int and 0 <= value <= high)


def _quick_text(value: Any, limit: int) -> bool:
    return value is None or (type(value) is str and len(value) <= limit)


def _quick_seconds(value: Any) -> bool:
    return value is None or (type(value) is float and math.isfinite(value) and value >= 0) \
        or (type(value) is int and 0 <= value <= _MAX_WHOLE_SECONDS)


def _quick_id(value: Any) -> bool:
    return type(value) is str and _CANONICAL_UUID.fullmatch(value) is not None


def _rating_fields(raw: Any) -> tuple[Any, ...] | None:
    """(scale, value, phase, region, step, id, at as given) if all but `at` are as
    painpath writes them, else None. Written out in one function: it runs once per
    rating, 400,000 times for a long log."""
    if type(raw) is not dict:
        return None
    get = raw.get
    scale, value, phase, rid = get("scale"), get("value"), get("phase"), get("id")
    region, step = get("region"), get("step")
    if (type(scale) is not str or len(scale) > 64 or _scale_match(scale) is None
            or type(value) is not int or not 0 <= value <= _MAX_VALUE
            or type(phase) is not str or phase not in _QUICK_PHASES
            or type(rid) is not str or _uuid_match(rid) is None
            or (region is not None and (type(region) is not str or len(region) > 64))
            or (step is not None and (type(step) is not int or not 0 <= step <= _MAX_STEP))):
        return None
    return scale, value, phase, region, step, rid, get("at")


def _quick_rating(raw: Any) -> Rating | None:
    fields = _rating_fields(raw)
    if fields is None:
        return None
    scale, value, phase, region, step, rid, at = fields
    if at is not None:
        at = _quick_time(at)
        if at is _DOUBT:
            return None
    return Rating(scale=scale, value=value, phase=phase, region=region, step=step, at=at,
                  id=rid)


def _quick_answer(raw: Any) -> Answer | None:
    if type(raw) is not dict:
        return None
    step, text, aid = raw.get("step"), raw.get("text"), raw.get("id")
    if not (type(step) is int and 0 <= step <= _MAX_STEP and type(text) is str
            and len(text) <= _MAX_TEXT and _quick_id(aid)):
        return None
    at = _quick_time(raw.get("at"))
    if at is _DOUBT:
        return None
    return Answer(step=step, text=text, at=at, id=aid)


def _quick_list(raw: Any, item: Any) -> tuple[Any, ...] | None:
    if raw is None:
        return ()
    if type(raw) is not list:
        return None
    items = tuple(item(r) for r in raw)
    return None if None in items else items


def _quick_fields(data: dict[str, Any]) -> bool:
    """True when an entry's own fields (not its ratings, answers or times) are
    exactly as painpath writes them; the fast import paths share this check."""
    get = data.get
    etype, exercise, peg, status = get("type"), get("exercise"), get("peg"), get("status")
    return bool(_quick_id(get("id")) and type(etype) is str and etype in _QUICK_TYPES
                and _quick_text(exercise, 200)
                and (bool(exercise) if etype == "session" else exercise is None)
                and (peg is None or type(peg) is bool)
                and type(status) is str and status in _QUICK_STATUSES
                and _quick_seconds(get("planned_s")) and _quick_seconds(get("practiced_s"))
                and _quick_count(get("furthest_step"), _MAX_STEP)
                and _quick_text(get("note"), _MAX_TEXT)
                and _quick_text(get("content_hash"), 200)
                and _quick_text(get("pack_version"), 64))


def _quick_entry(data: dict[str, Any]) -> Entry | None:
    """The entry, if every field is as painpath writes it; None at the first doubt."""
    get = data.get
    eid, etype, exercise, peg = get("id"), get("type"), get("exercise"), get("peg")
    status, note = get("status"), get("note")
    planned_s, practiced_s = get("planned_s"), get("practiced_s")
    content_hash, pack_version = get("content_hash"), get("pack_version")
    if not _quick_fields(data):
        return None
    ratings = _quick_list(get("ratings"), _quick_rating)
    answers = _quick_list(get("entries"), _quick_answer)
    started, ended, updated = (_quick_time(get("started")), _quick_time(get("ended")),
                               _quick_time(get("updated")))
    if ratings is None or answers is None or started is None \
            or _DOUBT in (started, ended, updated):
        return None
    return Entry(
        id=eid, type=etype, exercise=exercise, started=started, ended=ended, status=status,
        planned_s=None if planned_s is None else float(planned_s),
        practiced_s=None if practiced_s is None else float(practiced_s),
        furthest_step=get("furthest_step"), note=note, content_hash=content_hash or None,
        pack_version=pack_version or None, peg=bool(peg), updated=updated,
        ratings=ratings, answers=answers)


# --- straight to rows: a long import without an Entry per entry --------------------------

# A time exactly as `times.to_iso` writes it (to the second, offset as +HH:MM; never
# -00:00, which Python reads back as +00:00).
_CANONICAL_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?!-00:00)[+-]\d\d:\d\d")


class _Times:
    """Each distinct time of a file, checked and written as the log keeps it, once."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[str, tuple[str, datetime] | None] = {}

    def get(self, text: Any) -> tuple[str, datetime] | object | None:
        """(stored text, the time), None for no time, or `_DOUBT`."""
        if text is None:
            return None
        if type(text) is not str:
            return _DOUBT
        found = self.seen.get(text, _DOUBT)
        if found is _DOUBT:
            found = self._check(text)
            self.seen[text] = found
        return _DOUBT if found is None else found

    @staticmethod
    def _check(text: str) -> tuple[str, datetime] | None:
        if _CANONICAL_TIME.fullmatch(text):  # as the log writes it: kept as it is
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                return None
            return (text, moment) if 1900 <= moment.year <= 9998 else None
        moment = _quick_time(text)
        return None if moment is _DOUBT else (to_iso(moment), moment)


class _Memo:
    """What a file repeats, checked once: its times, each kind of entry (type,
    exercise, status, pack) and each kind of rating (scale, value, phase, region,
    step). An export of 100,000 sessions has a few hundred of each; the checks
    that remain per rating are its id and its time.

    It also gathers the ids of the entries, ratings and answers made into rows
    (`ids`, and `made`, how many there were): when the two counts agree, no id is
    used twice and the file's own check of that (`import_file`) is not needed."""

    __slots__ = ("heads", "ids", "made", "ratings", "times")

    def __init__(self) -> None:
        self.times = _Times()
        self.heads: dict[tuple[Any, ...], bool] = {}
        self.ratings: dict[tuple[Any, ...], bool] = {}
        self.ids: set[str] = set()
        self.made = 0

    def unique_ids(self) -> bool:
        """Whether every id of the rows made is its own (see the class notes). An
        entry in doubt may have left some of its ids here: then this says False."""
        return len(self.ids) == self.made


def _head_ok(etype: Any, exercise: Any, status: Any, content_hash: Any,
             pack_version: Any) -> bool:
    """An entry's kind as painpath writes it (`_quick_fields` and `fields_problem`)."""
    return bool(type(etype) is str and etype in _QUICK_TYPES and _quick_text(exercise, 200)
                and (bool(exercise) if etype == "session" else exercise is None)
                and type(status) is str and status in _QUICK_STATUSES
                and _quick_text(content_hash, 200) and _quick_text(pack_version, 64)
                and not bad_name(exercise) and not bad_name(content_hash)
                and not bad_name(pack_version))


def _rating_ok(scale: Any, value: Any, phase: Any, region: Any, step: Any) -> bool:
    """A rating's kind as painpath writes it (`_rating_fields` and `fields_problem`)."""
    return bool(type(scale) is str and len(scale) <= 64 and _scale_match(scale) is not None
                and type(value) is int and 0 <= value <= _MAX_VALUE
                and value_problem(scale, value) is None
                and type(phase) is str and phase in _QUICK_PHASES
                and (region is None or (type(region) is str and len(region) <= 64
                                        and not bad_name(region)))
                and (step is None or (type(step) is int and 0 <= step <= _MAX_STEP)))


# Every field of an entry and of a rating, in the order `_quick_rows` takes them:
# an export made by painpath writes them all, so one C call reads them. A file
# without some (a hand-made one) is read field by field.
_ENTRY_KEYS = ("type", "exercise", "status", "content_hash", "pack_version", "id", "peg", "note",
               "furthest_step", "planned_s", "practiced_s", "started", "ended", "updated",
               "ratings", "entries")
_RATING_KEYS = ("scale", "value", "phase", "region", "step", "id", "at")
_entry_fields, _rating_fields_of = itemgetter(*_ENTRY_KEYS), itemgetter(*_RATING_KEYS)
_NUMBERS = (float, int)


def _quick_rows(data: dict[str, Any], memo: _Memo, place: int) -> EntryRows | None:
    """What `rows.placed(rows.entry_rows(rows.as_imported(entry)), place)` gives for
    this entry, made without the entry; None at the first doubt (the same checks as `_quick_entry`
    and `import_bounds.entry_problem`, each kind of value checked once per file)."""
    try:
        try:
            fields = _entry_fields(data)
        except KeyError:
            fields = tuple(map(data.get, _ENTRY_KEYS))
        return fields_rows(fields, memo, _rating_fields_of, _same, place)
    except TypeError:  # a list or a table where a name, a number or a time belongs
        return None


def _same(raw: Any) -> Any:
    return raw


def fields_rows(fields: tuple[Any, ...], memo: _Memo, rating_fields: Callable[[Any], Any],
                answer_table: Callable[[Any], Any], place: int) -> EntryRows | None:
    """`_quick_rows` of an entry's fields (in `_ENTRY_KEYS` order) as read from a
    JSON table or straight into a typed record (`import_typed`). `rating_fields`
    gives a rating's fields in `_RATING_KEYS` order (KeyError for one missing),
    `answer_table` a written answer as a table.

    Written out: it runs once per entry and its loop once per rating (400,000
    times for a long log), so it calls as little as it can. A value of the wrong
    type raises TypeError (a regex, a dict key, `<=`)."""
    head = fields[:5]  # (type, exercise, status, content_hash, pack_version)
    ok = memo.heads.get(head)
    if ok is None:
        ok = memo.heads[head] = _head_ok(*head)
    (etype, exercise, status, content_hash, pack_version, eid, peg, note, furthest,
     planned_s, practiced_s, started_raw, ended_raw, updated_raw, raw_ratings,
     raw_answers) = fields
    if not (ok and _uuid_match(eid) is not None and (peg is None or type(peg) is bool)
            and (planned_s is None
                 or (type(planned_s) in _NUMBERS and 0 <= planned_s <= MAX_SECONDS))
            and (practiced_s is None
                 or (type(practiced_s) in _NUMBERS and 0 <= practiced_s <= MAX_SECONDS))
            and (furthest is None or (type(furthest) is int and 0 <= furthest <= _MAX_STEP))
            and (note is None or (type(note) is str and len(note) <= _MAX_TEXT
                                  and not broken_text(note)))
            and (raw_ratings is None or type(raw_ratings) is list)
            and (raw_answers is None or type(raw_answers) is list)):
        return None
    times = memo.times
    started, ended, updated = times.get(started_raw), times.get(ended_raw), times.get(updated_raw)
    if started is None or started is _DOUBT or ended is _DOUBT or updated is _DOUBT:
        return None
    assert isinstance(started, tuple)
    started_text, start = started
    if ended is not None and ended[1] < start:  # type: ignore[index]
        return None  # the careful path says why
    utc, day = utc_seconds(start), started_text[:10]
    ended_text = ended[0] if ended is not None else None  # type: ignore[index]
    updated_text = updated[0] if updated is not None else None  # type: ignore[index]
    if status == "in-progress":  # as `rows.as_imported`
        status, ended_text = "interrupted", ended_text or updated_text
    offset = start.utcoffset()
    kinds = memo.ratings
    seen = memo.ids.add
    ended_stored = _after(ended, start, offset)
    ratings: list[Row] = []
    before: dict[str, int] = {}
    after: dict[str, int] = {}
    for seq, raw in enumerate(raw_ratings or ()):
        try:
            rating = rating_fields(raw)
        except KeyError:
            rating = tuple(map(raw.get, _RATING_KEYS))
        scale, value, phase, region, step, rid, at_text = rating
        kind = rating[:5]  # (scale, value, phase, region, step): 1 and 1.0 and True are
        ok = kinds.get(kind)  # one key, so the types of value and step are checked below
        if ok is None:
            ok = kinds[kind] = _rating_ok(*kind)
        if not ok or type(value) is not int or (step is not None and type(step) is not int) \
                or _uuid_match(rid) is None:
            return None
        # A rating given as the session began or ended (the usual ones) costs nothing.
        if at_text == started_raw:
            stored: Any = 0
        elif at_text == ended_raw:
            stored = ended_stored
        else:
            at = times.get(at_text)
            if at is _DOUBT:
                return None
            stored = _after(at, start, offset)
        ratings.append((place, rid, seq, scale, value, phase, region, step, stored))
        seen(rid)
        if phase == "before":
            before[scale] = value
        elif phase == "after":
            after[scale] = value
    answers: list[Row] = []
    for seq, raw in enumerate(raw_answers or ()):
        raw = answer_table(raw)
        answer = _quick_answer(raw)
        if answer is None or broken_text(answer.text):
            return None
        at = times.get(raw.get("at"))
        seen(answer.id)
        answers.append((place, answer.id, seq, answer.step, answer.text,
                        _after(at, start, offset)))
    pairs = [(place, exercise, scale, value, after[scale], utc, day)
             for scale, value in before.items() if scale in after] \
        if etype == "session" else []
    row = (place, eid, etype, exercise, started_text, utc, ended_text, status,
           None if planned_s is None else float(planned_s),
           None if practiced_s is None else float(practiced_s), furthest, int(bool(peg)), note,
           content_hash or None, pack_version or None,
           stored_updated(updated_text or ended_text, ended_text, started_text), None)
    seen(eid)
    memo.made += 1 + len(ratings) + len(answers)
    return row, ratings, answers, pairs


def _after(at: Any, start: datetime, offset: Any) -> int | str | None:
    """`times.stored_after` for a checked time (`_Times.get`), without re-checking it."""
    if not isinstance(at, tuple):
        return None
    moment = at[1]
    if moment.utcoffset() != offset:
        return str(at[0])
    delta = moment - start
    return delta.days * 86_400 + delta.seconds
