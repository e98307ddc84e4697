"""What no export may bring into the log, however well-formed its JSON.

A file from someone else can hold values that parse but that no painpath wrote and
that would break the readers of the log later (sums that overflow, a FHIR value
of 100 on a 0-10 scale, a terminal escape in a name shown on screen). Each is
refused with the reason, and the whole file with it (nothing is added):

- a lone UTF-16 surrogate in any text (SQLite cannot keep it);
- control characters, terminal escapes or bidi overrides in a name (exercise id,
  body region, content hash, pack version): a name is never more than text;
- more than a week of seconds planned or practised in one entry;
- a PEG value (pain, enjoyment, activity) outside 0-10;
- an end before the start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from painpath.format.models import BUILTIN_SCALES
from painpath.store.records import PEG_SCALES, Entry

MAX_SECONDS = 7 * 24 * 3600.0
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_A_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The PEG items are fixed 0-10 instruments (FHIR codes them so); other scales may be a
# pack's own, of any range within 0-100.
RANGES = {sid: (BUILTIN_SCALES[sid].min, BUILTIN_SCALES[sid].max) for sid in PEG_SCALES}


def broken_text(text: str | None) -> bool:
    return text is not None and not text.isascii() and _SURROGATE.search(text) is not None


def bad_name(text: str | None) -> bool:
    return text is not None and _NOT_A_NAME.search(text) is not None


def value_problem(scale: str, value: int) -> str | None:
    low, high = RANGES.get(scale, (0, 100))
    if low <= value <= high:
        return None
    return f"a {scale} rating of {value}, but {scale} is rated from {low} to {high}"


def times_problem(started: datetime, ended: datetime | None) -> str | None:
    if ended is not None and ended < started:
        return "`ended` is before `started`"
    return None


def fields_problem(exercise: str | None, content_hash: str | None, pack_version: str | None,
                   note: str | None, planned_s: float | None, practiced_s: float | None,
                   ratings: Iterable[tuple[str, int, str | None]],
                   texts: Iterable[str]) -> str | None:
    """The first reason an entry with these fields is refused, or None."""
    for key, name in (("exercise", exercise), ("content_hash", content_hash),
                      ("pack_version", pack_version)):
        if bad_name(name):
            return f"`{key}` holds control characters, so it is not a name painpath writes"
    if broken_text(note):
        return "`note` holds a broken character (half of a UTF-16 pair)"
    for key, seconds in (("planned_s", planned_s), ("practiced_s", practiced_s)):
        if seconds is not None and seconds > MAX_SECONDS:
            return f"`{key}` is more than a week ({seconds:.6g} seconds)"
    for scale, value, region in ratings:
        problem = value_problem(scale, value)
        if problem is not None:
            return problem
        if bad_name(region):
            return "a rating's `region` holds control characters, so it is not a body region"
    for text in texts:
        if broken_text(text):
            return "a written answer holds a broken character (half of a UTF-16 pair)"
    return None


def entry_problem(entry: Entry) -> str | None:
    """The first reason this entry may not come into the log, or None."""
    return times_problem(entry.started, entry.ended) or fields_problem(
        entry.exercise, entry.content_hash, entry.pack_version, entry.note, entry.planned_s,
        entry.practiced_s, ((r.scale, r.value, r.region) for r in entry.ratings),
        (a.text for a in entry.answers))
