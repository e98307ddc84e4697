"""Entries as JSON: what `painpath log --json` prints and what an export holds.

An export is `{"format": 1, "exported": TIME, "generator": ..., "entries": [...]}`,
with `"client": NAME` after the generator when the person gave one and
`"scales": [...]` after the entries: the definitions of the scales the entries
use (`export_info`).
Every field of an `Entry` is in it, so export → import into an empty log
reproduces the log. Exports of a whole log stream: `write_export` and
`write_entries_json` take the rows the store streams (`Store.export_records`) and
write them as they come, byte for byte what `dumps(export_document(...))` gives
for the same entries, without building an `Entry` or a dict per row.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from json.encoder import encode_basestring
from typing import IO, TYPE_CHECKING, Any

from painpath import __version__
from painpath.format.models import Scale
from painpath.store import sanity
from painpath.store.export_info import definitions
from painpath.store.records import Answer, Entry, Rating
from painpath.store.rows import opt_iso
from painpath.store.times import now_local, to_iso
from painpath.text import json_for_terminal

if TYPE_CHECKING:
    from painpath.store.export_queries import EntryRecord
    from painpath.store.sanity import Tally

EXPORT_FORMAT = 1


def rating_to_dict(r: Rating) -> dict[str, Any]:
    return {"id": sanity.export_id(r.id), "scale": r.scale, "value": r.value, "phase": r.phase,
            "region": r.region, "step": r.step, "at": opt_iso(r.at)}


def answer_to_dict(a: Answer) -> dict[str, Any]:
    return {"id": sanity.export_id(a.id), "step": a.step, "text": a.text, "at": opt_iso(a.at)}


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """One entry as `log --json` prints it (and as an export holds it)."""
    return {
        "id": sanity.export_id(entry.id),
        "type": entry.type,
        "exercise": entry.exercise or (sanity.UNNAMED if entry.type == "session" else None),
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


def export_document(entries: Iterable[Entry], exported: datetime | None = None, *,
                    client: str = "", scales: Mapping[str, Scale] | None = None,
                    safety_plan: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole export: format number, when it was made, whose, the entries, their scales.

    `scales` are the definitions painpath knows; those the entries use are written.
    `safety_plan` (the person's own, `painpath.safety_plan`) goes before the
    entries when there is one, so an export is the backup of all they wrote.
    """
    entries = list(entries)
    doc: dict[str, Any] = {"format": EXPORT_FORMAT, "exported": to_iso(exported or now_local()),
                           "generator": f"painpath {__version__}"}
    if client:
        doc["client"] = client
    if safety_plan is not None:
        doc["safety_plan"] = safety_plan
    doc["entries"] = [entry_to_dict(e) for e in entries]
    used = _in_order(r.scale for e in entries for r in e.ratings)
    defined = definitions(used, scales or {})
    if defined:
        doc["scales"] = defined
    return doc


def _in_order(scale_ids: Iterable[str]) -> list[str]:
    """Scale ids once each, built-in scales first (as everywhere in painpath)."""
    from painpath.stats import scale_order

    return sorted(set(scale_ids), key=scale_order)


# JSON escapes C0 controls itself; C1 (such as the 8-bit CSI), bidi overrides and lone
# surrogates are written as \u escapes too, so printed JSON never drives a terminal.
_terminal_safe = json_for_terminal


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


def _write_array(out: IO[str], records: Iterable[EntryRecord], pad: str,
                 scales_seen: set[str] | None = None, tally: Tally | None = None) -> int:
    """Write records as a JSON array whose closing bracket sits at `pad`; returns how many.

    Each record is made believable first (`sanity.export_row`: what no import would
    take is left out and counted in `tally`). The scale ids the records rate are
    added to `scales_seen` when it is given.
    """
    inner = pad + "  "
    count = 0
    for stored in records:
        record = sanity.export_row(stored, tally)
        if record is None:
            continue
        if scales_seen is not None:
            scales_seen.update(rating[1] for rating in record.ratings)
        out.write(("[\n" if count == 0 else ",\n") + inner)
        out.write(_terminal_safe(_record_json(record, inner)))
        count += 1
    out.write(f"\n{pad}]" if count else "[]")
    return count


def write_export(out: IO[str], records: Iterable[EntryRecord],
                 exported: datetime | None = None, *, client: str = "",
                 scales: Mapping[str, Scale] | None = None,
                 safety_plan: dict[str, Any] | None = None, tally: Tally | None = None) -> int:
    """Stream a whole export (the text of `dumps(export_document(...))`); returns entries."""
    head = dumps(export_document((), exported, client=client, safety_plan=safety_plan))
    before, after = head.split('"entries": []', 1)
    out.write(before + '"entries": ')
    seen: set[str] = set()
    count = _write_array(out, records, "  ", seen, tally)
    defined = definitions(_in_order(seen), scales or {})
    if defined:
        # The text `dumps` gives this key inside the export's table, at its indent.
        table = dumps({"scales": defined})
        out.write(",\n" + _terminal_safe(table[2:table.rindex("\n}")]))
    out.write(after)
    return count


def write_entries_json(out: IO[str], records: Iterable[EntryRecord],
                       tally: Tally | None = None) -> int:
    """Stream the JSON list `log --json` prints (`dumps([entry_to_dict(e), ...])`)."""
    count = _write_array(out, records, "", tally=tally)
    out.write("\n")
    return count
