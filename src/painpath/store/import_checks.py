"""The careful path of an import: one exported entry checked field by field.

Each check names where it failed (`entry 3, rating 2: ...`) so a refused file says
what is wrong in plain words. Well-formed entries take the quick path
(`painpath.store.import_quick`) and come here only in doubt.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from painpath.format.values import ID_RULE
from painpath.store.import_quick import (
    _CANONICAL_UUID,
    _MAX_STEP,
    _MAX_TEXT,
    _MAX_VALUE,
    _parse_time,
    _quick_entry,
)
from painpath.store.records import ENTRY_TYPES, PHASES, STATUSES, Answer, Entry, Rating


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
    entry = Entry(
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
    return entry
