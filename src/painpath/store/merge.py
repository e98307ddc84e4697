"""Two copies of one entry made into one: the rule an import follows for an id it finds.

A practice can reach the log twice: the recorder writes a session step by step,
and when the log could not take its end, a rescue file holds the whole session;
an export may also come back after the entry was changed. Importing must then
complete the entry, never keep the poorer copy and never drop what either holds.

The rule, the same whichever copy is in the log and whichever is imported:

1. The *fuller* copy leads: the further its status went (in progress <
   interrupted < stopped < completed), then the later it was `updated`, then
   the more ratings and written answers it holds, then one with an end time and
   a note. When all of that is equal, the copies are ordered by their JSON text,
   so the choice never depends on which came first.
2. The leading copy's fields are kept; a field it lacks (None) is taken from the
   other copy.
3. Ratings and written answers are the union of both, by id: the leading copy's
   first (its values win for an id both hold), then the other's that it lacks.

So merging is symmetric (`merge(a, b) == merge(b, a)`) and merging a copy again
changes nothing: two exports of the same sessions imported in either order give
the same log.
"""

from __future__ import annotations

from painpath.store.export_json import dumps, entry_to_dict
from painpath.store.records import Answer, Entry, Rating
from painpath.store.times import utc_key

STATUS_ORDER = ("in-progress", "interrupted", "stopped", "completed")
_RANK = {status: n for n, status in enumerate(STATUS_ORDER)}
_FILLED = ("exercise", "content_hash", "pack_version", "ended", "planned_s", "practiced_s",
           "furthest_step", "note", "updated")


def fullness(entry: Entry) -> tuple[object, ...]:
    """How far along and how complete a copy is (rule 1); larger leads."""
    updated = entry.updated or entry.ended or entry.started
    return (_RANK.get(entry.status, -1), utc_key(updated),
            len(entry.ratings) + len(entry.answers), entry.ended is not None,
            entry.note is not None, dumps(entry_to_dict(entry)))


def merge(a: Entry, b: Entry) -> Entry:
    """One entry holding everything of two copies with the same id (see the rules)."""
    if a.id != b.id:
        raise ValueError("only two copies of the same entry can be merged")
    lead, other = (a, b) if fullness(a) >= fullness(b) else (b, a)
    if lead == other:
        return lead
    changes: dict[str, object] = {
        name: getattr(other, name) for name in _FILLED
        if getattr(lead, name) is None and getattr(other, name) is not None}
    ratings: tuple[Rating, ...] = _union(lead.ratings, other.ratings)
    answers: tuple[Answer, ...] = _union(lead.answers, other.answers)
    if ratings != lead.ratings:
        changes["ratings"] = ratings
    if answers != lead.answers:
        changes["answers"] = answers
    if other.peg and not lead.peg:
        changes["peg"] = True
    return lead.evolve(**changes) if changes else lead


def _union(first: tuple[Rating, ...] | tuple[Answer, ...],
           second: tuple[Rating, ...] | tuple[Answer, ...]) -> tuple:  # type: ignore[type-arg]
    ids = {item.id for item in first}
    extra = tuple(item for item in second if item.id not in ids)
    return tuple(first) + extra if extra else tuple(first)
