"""The log as files: JSON exports that import back exactly, and tidy CSV.

The JSON form of an entry is what `painpath log --json` prints and what an export
holds (`{"format": 1, "exported": TIME, "entries": [...]}`). Every field of an
`Entry` is in it, so export → import into an empty log reproduces the log. An
import is checked whole before anything is written: one bad field refuses the
file with the reason, naming where it is.

CSV has one row per rating (entries without ratings get one row with empty rating
cells) so it opens straight into a spreadsheet; text cells that a spreadsheet
would run as a formula are prefixed with `'`.

Exports of a whole log stream: `write_export` and `write_csv` take the rows the
store streams (`Store.export_records`, `Store.csv_lines`) and write them as they
come, byte for byte what `dumps(export_document(...))` and `to_csv` give for the
same entries, without building an `Entry` or a dict per row.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from painpath import __version__
from painpath.atomic import write_atomic
from painpath.errors import InvalidFileError, NotFoundError, PainpathError
from painpath.format.values import ID_RULE
from painpath.store.bulk import paused_gc
from painpath.store.records import ENTRY_TYPES, PHASES, STATUSES, Answer, Entry, Rating
from painpath.store.rows import EntryRows, Row, as_imported, entry_rows, opt_iso
from painpath.store.times import now_local, parse_iso, to_iso, utc_key

if TYPE_CHECKING:
    from painpath.store.queries import EntryRecord

EXPORT_FORMAT = 1
MAX_IMPORT_BYTES = 200 * 1024 * 1024
_MAX_TEXT = 1_000_000
_MAX_VALUE = 100  # scales run within 0-100 (FORMAT.md)
_MAX_STEP = 100_000
_MAX_WHOLE_SECONDS = 2**53  # larger whole numbers take the long way (float() may overflow)

CSV_COLUMNS = ("entry_id", "type", "exercise", "started", "ended", "status", "planned_s",
               "practiced_s", "peg", "scale", "phase", "region", "step", "value", "note")


# --- entries as JSON -----------------------------------------------------------

def rating_to_dict(r: Rating) -> dict[str, Any]:
    return {"id": r.id, "scale": r.scale, "value": r.value, "phase": r.phase,
            "region": r.region, "step": r.step, "at": opt_iso(r.at)}


def answer_to_dict(a: Answer) -> dict[str, Any]:
    return {"id": a.id, "step": a.step, "text": a.text, "at": opt_iso(a.at)}


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """One entry as `log --json` prints it (and as an export holds it)."""
    return {
        "id": entry.id,
        "type": entry.type,
        "exercise": entry.exercise,
        "started": to_iso(entry.started),
        "ended": opt_iso(entry.ended),
        "status": entry.status,
        "planned_s": entry.planned_s,
        "practiced_s": entry.practiced_s,
        "furthest_step": entry.furthest_step,
        "ratings": [rating_to_dict(r) for r in entry.ratings],
        "entries": [answer_to_dict(a) for a in entry.answers],
        "note": entry.note,
        "peg": entry.peg,
        "content_hash": entry.content_hash,
        "pack_version": entry.pack_version,
        "updated": opt_iso(entry.updated),
    }


def export_document(entries: Iterable[Entry], exported: datetime | None = None) -> dict[str, Any]:
    """The whole export: format number, when it was made, and the entries."""
    return {"format": EXPORT_FORMAT, "exported": to_iso(exported or now_local()),
            "generator": f"painpath {__version__}",
            "entries": [entry_to_dict(e) for e in entries]}


# JSON escapes C0 controls itself; these others could still drive a terminal (C1, such
# as the 8-bit CSI) or reorder text on screen (bidi overrides) when JSON is printed.
_UNSAFE_IN_TERMINAL = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _terminal_safe(text: str) -> str:
    return _UNSAFE_IN_TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(data: Any) -> str:
    """JSON as painpath writes it: readable UTF-8, no NaN, nothing a terminal would run."""
    return _terminal_safe(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)) + "\n"


# --- streaming JSON: the same text, one entry at a time ---------------------------------

def _scalar(value: Any) -> str:
    """One JSON value as `json.dumps` writes it (ensure_ascii=False, allow_nan=False)."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value or value in (math.inf, -math.inf):
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _fields(pairs: list[tuple[str, str]], pad: str) -> str:
    """A JSON object at indentation `pad`, from already encoded values."""
    inner = pad + "  "
    body = ",\n".join(f'{inner}"{key}": {value}' for key, value in pairs)
    return f"{{\n{body}\n{pad}}}"


def _array(items: list[str], pad: str) -> str:
    if not items:
        return "[]"
    inner = pad + "  "
    return "[\n" + ",\n".join(inner + item for item in items) + f"\n{pad}]"


def _record_json(record: EntryRecord, pad: str) -> str:
    """One stored entry as `entry_to_dict` + `dumps` write it, at indentation `pad`."""
    (eid, etype, exercise, started, ended, status, planned_s, practiced_s, furthest_step,
     note, peg, content_hash, pack_version, updated) = record.entry
    inner = pad + "    "
    ratings = [_fields([("id", _scalar(rid)), ("scale", _scalar(scale)),
                        ("value", _scalar(value)), ("phase", _scalar(phase)),
                        ("region", _scalar(region)), ("step", _scalar(step)),
                        ("at", _scalar(at))], inner)
               for rid, scale, value, phase, region, step, at in record.ratings]
    answers = [_fields([("id", _scalar(aid)), ("step", _scalar(step)), ("text", _scalar(text)),
                        ("at", _scalar(at))], inner)
               for aid, step, text, at in record.answers]
    return _fields([
        ("id", _scalar(eid)), ("type", _scalar(etype)), ("exercise", _scalar(exercise)),
        ("started", _scalar(started)), ("ended", _scalar(ended)), ("status", _scalar(status)),
        ("planned_s", _scalar(planned_s)), ("practiced_s", _scalar(practiced_s)),
        ("furthest_step", _scalar(furthest_step)), ("ratings", _array(ratings, pad + "  ")),
        ("entries", _array(answers, pad + "  ")), ("note", _scalar(note)),
        ("peg", "true" if peg else "false"), ("content_hash", _scalar(content_hash)),
        ("pack_version", _scalar(pack_version)), ("updated", _scalar(updated))], pad)


def _write_array(out: IO[str], records: Iterable[EntryRecord], pad: str) -> int:
    """Write records as a JSON array whose closing bracket sits at `pad`; returns how many."""
    inner = pad + "  "
    count = 0
    for record in records:
        out.write(("[\n" if count == 0 else ",\n") + inner)
        out.write(_terminal_safe(_record_json(record, inner)))
        count += 1
    out.write(f"\n{pad}]" if count else "[]")
    return count


def write_export(out: IO[str], records: Iterable[EntryRecord],
                 exported: datetime | None = None) -> int:
    """Stream a whole export (the text of `dumps(export_document(...))`); returns entries."""
    head = dumps(export_document((), exported))
    before, after = head.split('"entries": []', 1)
    out.write(before + '"entries": ')
    count = _write_array(out, records, "  ")
    out.write(after)
    return count


def write_entries_json(out: IO[str], records: Iterable[EntryRecord]) -> int:
    """Stream the JSON list `log --json` prints (`dumps([entry_to_dict(e), ...])`)."""
    count = _write_array(out, records, "")
    out.write("\n")
    return count


# --- reading an export, checked whole ------------------------------------------

class _Bad(Exception):
    """One reason a file is refused; `where` says where in the file."""

    def __init__(self, where: str, what: str):
        super().__init__(f"{where}: {what}" if where else what)


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) \
        else ("a table" if isinstance(value, dict) else "a list")
    return text if len(text) <= 40 else text[:37] + "…"


def _field(data: dict[str, Any], key: str, where: str, *, required: bool = False) -> Any:
    value = data.get(key)
    if value is None and required:
        raise _Bad(where, f"`{key}` is missing")
    return value


def _text(data: dict[str, Any], key: str, where: str, *, required: bool = False,
          limit: int = _MAX_TEXT) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise _Bad(where, f"`{key}` is missing")
        return None
    if not isinstance(value, str):
        raise _Bad(where, f"`{key}` should be text, not {_describe(value)}")
    if len(value) > limit:
        raise _Bad(where, f"`{key}` is longer than {limit:,} characters")
    return value


def _int(data: dict[str, Any], key: str, where: str, *, required: bool = False,
         low: int = 0, high: int = _MAX_STEP) -> int | None:
    value = _field(data, key, where, required=required)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(where, f"`{key}` should be a whole number, not {_describe(value)}")
    if not low <= value <= high:
        raise _Bad(where, f"`{key}` should be from {low} to {high}, not {value}")
    return value


def _seconds(data: dict[str, Any], key: str, where: str) -> float | None:
    value = _field(data, key, where)
    if value is None:
        return None
    try:  # float() of a whole number beyond any float overflows
        seconds = None if isinstance(value, bool) or not isinstance(value, (int, float)) \
            else float(value)
    except OverflowError:
        seconds = None
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        raise _Bad(where, f"`{key}` should be a number of seconds, not {_describe(value)}")
    return seconds


# An export repeats its times (a session's start is its first ratings' time): parse each once.
_parse_time = lru_cache(maxsize=4096)(parse_iso)
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _time(data: dict[str, Any], key: str, where: str, *, required: bool = False) -> datetime | None:
    text = _text(data, key, where, required=required, limit=64)
    if text is None:
        return None
    try:
        moment = _parse_time(text)
    except ValueError:
        raise _Bad(where, f"`{key}` should be a time like 2026-11-23T21:34:18+01:00 "
                          f"(with its UTC offset), not {_describe(text)}") from None
    if not 1900 <= moment.year <= 9998:
        raise _Bad(where, f"`{key}` is not a plausible time: {text}")
    return moment


def _uuid(data: dict[str, Any], where: str, *, required: bool) -> str | None:
    text = _text(data, "id", where, required=required, limit=64)
    if text is None:
        return None
    if _CANONICAL_UUID.fullmatch(text):
        return text  # already as str(uuid.UUID(text)) would write it
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise _Bad(where, f"`id` should be a UUID, not {_describe(text)}") from None


def _choice(data: dict[str, Any], key: str, where: str, allowed: Sequence[str]) -> str:
    value = _text(data, key, where, required=True, limit=64)
    if value not in allowed:
        raise _Bad(where, f"`{key}` should be one of {', '.join(allowed)}, "
                          f"not {_describe(value)}")
    return str(value)


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(where, f"should be a table of fields, not {_describe(value)}")
    return value


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = _field(data, key, where)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Bad(where, f"`{key}` should be a list, not {_describe(value)}")
    return value


def _rating(raw: Any, where: str) -> Rating:
    data = _table(raw, where)
    scale = _text(data, "scale", where, required=True, limit=64)
    if not ID_RULE.match(scale or ""):
        raise _Bad(where, f"`scale` should be a scale id like pain, not {_describe(scale)}")
    value = _int(data, "value", where, required=True, high=_MAX_VALUE)
    rid = _uuid(data, where, required=False)
    assert scale is not None and value is not None
    return Rating(scale=scale, value=value, phase=_choice(data, "phase", where, PHASES),
                  region=_text(data, "region", where, limit=64),
                  step=_int(data, "step", where), at=_time(data, "at", where),
                  **({"id": rid} if rid else {}))


def _answer(raw: Any, where: str) -> Answer:
    data = _table(raw, where)
    step = _int(data, "step", where, required=True)
    text = _text(data, "text", where, required=True)
    aid = _uuid(data, where, required=False)
    assert step is not None and text is not None
    return Answer(step=step, text=text, at=_time(data, "at", where),
                  **({"id": aid} if aid else {}))


# --- the quick path: a well-formed entry checked in one pass ------------------------------
#
# An export made by painpath passes every check. The functions below apply the same
# checks with fewer calls and return None at the first doubt, so the entry is then
# checked again, in order, by the functions above: those alone say what is wrong.

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


def _quick_rows(data: dict[str, Any], times: _Times) -> EntryRows | None:
    """What `rows.entry_rows(rows.as_imported(entry))` gives for this entry, made
    without the entry; None at the first doubt (the same checks as `_quick_entry`)."""
    get = data.get
    eid, etype, exercise, peg = get("id"), get("type"), get("exercise"), get("peg")
    status, note, furthest = get("status"), get("note"), get("furthest_step")
    planned_s, practiced_s = get("planned_s"), get("practiced_s")
    content_hash, pack_version = get("content_hash"), get("pack_version")
    raw_ratings, raw_answers = get("ratings"), get("entries")
    if not (_quick_fields(data)
            and (raw_ratings is None or type(raw_ratings) is list)
            and (raw_answers is None or type(raw_answers) is list)):
        return None
    started, ended, updated = (times.get(get("started")), times.get(get("ended")),
                               times.get(get("updated")))
    if started is None or _DOUBT in (started, ended, updated):
        return None
    assert isinstance(started, tuple)
    started_text, utc = started[0], utc_key(started[1])
    day = started_text[:10]
    ended_text = ended[0] if isinstance(ended, tuple) else None
    updated_text = updated[0] if isinstance(updated, tuple) else None
    if status == "in-progress":  # as `rows.as_imported`
        status, ended_text = "interrupted", ended_text or updated_text
    ratings: list[Row] = []
    before: dict[str, int] = {}
    after: dict[str, int] = {}
    for seq, raw in enumerate(raw_ratings or ()):
        fields = _rating_fields(raw)
        if fields is None:
            return None
        scale, value, phase, region, step, rid, at = fields
        at = times.get(at)
        if at is _DOUBT:
            return None
        ratings.append((rid, eid, seq, scale, value, phase, region, step,
                        at[0] if isinstance(at, tuple) else None, day, utc))
        if phase == "before":
            before[scale] = value
        elif phase == "after":
            after[scale] = value
    answers: list[Row] = []
    for seq, raw in enumerate(raw_answers or ()):
        answer = _quick_answer(raw)
        if answer is None:
            return None
        at = times.get(raw.get("at"))
        answers.append((answer.id, eid, seq, answer.step, answer.text,
                        at[0] if isinstance(at, tuple) else None))
    pairs = [(eid, scale, exercise, utc, day, value, after[scale])
             for scale, value in before.items() if scale in after] \
        if etype == "session" else []
    row = (eid, etype, exercise, content_hash or None, pack_version or None, started_text, utc,
           ended_text, status, None if planned_s is None else float(planned_s),
           None if practiced_s is None else float(practiced_s), furthest, note, int(bool(peg)),
           None, updated_text or ended_text or started_text, day)
    return row, ratings, answers, pairs


def entry_from_dict(raw: Any, where: str = "") -> Entry:
    """Check one exported entry and build it; `_Bad` (via parse_export) says why not."""
    if type(raw) is dict:
        quick = _quick_entry(raw)
        if quick is not None:
            return quick
    data = _table(raw, where)
    eid = _uuid(data, where, required=True)
    etype = _choice(data, "type", where, ENTRY_TYPES)
    exercise = _text(data, "exercise", where, limit=200)
    if etype == "session" and not exercise:
        raise _Bad(where, "a session needs its `exercise`")
    if etype == "check-in" and exercise is not None:
        raise _Bad(where, "a check-in has no `exercise`")
    peg = _field(data, "peg", where)
    if peg is not None and not isinstance(peg, bool):
        raise _Bad(where, f"`peg` should be true or false, not {_describe(peg)}")
    ratings = tuple(_rating(r, f"{where}, rating {i + 1}")
                    for i, r in enumerate(_list(data, "ratings", where)))
    answers = tuple(_answer(a, f"{where}, written answer {i + 1}")
                    for i, a in enumerate(_list(data, "entries", where)))
    started = _time(data, "started", where, required=True)
    assert eid is not None and started is not None
    return Entry(
        id=eid, type=etype, exercise=exercise, started=started,
        ended=_time(data, "ended", where), status=_choice(data, "status", where, STATUSES),
        planned_s=_seconds(data, "planned_s", where),
        practiced_s=_seconds(data, "practiced_s", where),
        furthest_step=_int(data, "furthest_step", where),
        note=_text(data, "note", where),
        content_hash=_text(data, "content_hash", where, limit=200) or None,
        pack_version=_text(data, "pack_version", where, limit=64) or None,
        peg=bool(peg), updated=_time(data, "updated", where),
        ratings=ratings, answers=answers)


def parse_export(text: str, source: str = "the file") -> list[Entry]:
    """Every entry of an export, or InvalidFileError naming the first problem."""
    with paused_gc():
        return _parse_export(
            text, source, lambda raw, where: entry_from_dict(raw, where),
            lambda e: [e.id, *(r.id for r in e.ratings), *(a.id for a in e.answers)])


def parse_export_rows(text: str, source: str = "the file") -> list[EntryRows]:
    """`parse_export`, each entry straight as the rows an import writes (`Store.import_rows`).

    The same checks and the same refusals; an entry in any doubt goes the long way
    (`entry_from_dict`, then `rows.entry_rows`), so only that path words a refusal.
    """
    times = _Times()

    def make(raw: Any, where: str) -> EntryRows:
        quick = _quick_rows(raw, times) if type(raw) is dict else None
        if quick is not None:
            return quick
        return entry_rows(as_imported(entry_from_dict(raw, where)))

    with paused_gc():
        return _parse_export(
            text, source, make,
            lambda e: [e[0][0], *(r[0] for r in e[1]), *(a[0] for a in e[2])])


_T = TypeVar("_T")


def _parse_export(text: str, source: str, make: Callable[[Any, str], _T],
                  ids: Callable[[_T], list[str]]) -> list[_T]:
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (json.JSONDecodeError, ValueError) as err:
        raise InvalidFileError(
            f"{source} is not a painpath export: it is not valid JSON ({err}). "
            "Nothing was added.",
            hint="Use a file made by `painpath export --format json`.") from None
    try:
        if not isinstance(data, dict):
            raise _Bad("", "it should hold a table with `format` and `entries`")
        if "format" not in data:
            raise _Bad("", "`format` is missing, so it is not a painpath export")
        if data["format"] != EXPORT_FORMAT or isinstance(data["format"], bool):
            raise _Bad("", f"it is export format {_describe(data['format'])}; this painpath "
                           f"reads format {EXPORT_FORMAT}")
        raw_entries = data.get("entries")
        if not isinstance(raw_entries, list):
            raise _Bad("", "`entries` should be a list")
        made = [make(raw, f"entry {i + 1}") for i, raw in enumerate(raw_entries)]
        every = [rid for item in made for rid in ids(item)]
        seen: dict[str, int] = {}
        for i, item in enumerate(made if len(set(every)) != len(every) else ()):
            for rid in ids(item):
                if rid in seen:
                    raise _Bad(f"entry {i + 1}", f"the id {rid} is used twice in the file "
                                                 f"(also in entry {seen[rid] + 1})")
                seen[rid] = i
    except _Bad as bad:
        raise InvalidFileError(f"{source} was not imported: {bad}. Nothing was added.",
                               hint="Use a file made by `painpath export --format json`, "
                                    "unchanged.") from None
    return made


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def read_export(path: Path) -> list[Entry]:
    """Read and check a JSON export file (at most 200 MiB)."""
    return parse_export(_export_text(path), str(path))


def read_export_rows(path: Path) -> list[EntryRows]:
    """`read_export`, as the rows `Store.import_rows` writes: for `painpath import`."""
    return parse_export_rows(_export_text(path), str(path))


def _export_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise InvalidFileError(f"{path} is too large to be a painpath export "
                                   f"({size:,} bytes).")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise InvalidFileError(f"{path} is a folder, not an export file.") from None
    except OSError as err:
        raise PainpathError(f"{path} could not be read: {err.strerror}.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidFileError(f"{path} is not a painpath export: it is not UTF-8 text.") \
            from None


# --- CSV -----------------------------------------------------------------------

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


# --- writing files privately ---------------------------------------------------

@contextmanager
def open_private(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file to write, readable by its owner alone, that appears whole or not at all.

    It is written next to `path` under a temporary name and renamed over `path`
    only when the block ends without an error; otherwise it is removed and
    `path` is as it was. Lines are written as given (no newline translation).
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:  # mkstemp creates the file with mode 0600
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except FileNotFoundError:
        raise NotFoundError(f"The folder {directory} does not exist.") from None
    except OSError as err:
        raise PainpathError(f"{target} could not be written: {err.strerror}.") from None
    try:
        with open(fd, "w", encoding=encoding, newline="", buffering=1 << 20) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise PainpathError(f"{target} could not be written: {err.strerror}. "
                            "Nothing was changed.") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_private(path: str | os.PathLike[str], data: str | bytes, *,
                  encoding: str = "utf-8") -> Path:
    """Write a file atomically (temp file + rename), readable by its owner alone."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise NotFoundError(f"The folder {directory} does not exist.")
    try:
        return write_atomic(target, data, encoding=encoding)
    except OSError as err:
        raise PainpathError(f"{target} could not be written: {err.strerror}. "
                            "Nothing was changed.") from None
