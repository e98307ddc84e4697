"""The quickest way in for an export painpath wrote: read straight into typed records.

msgspec reads the file's JSON directly into the records below (no table per
entry and per rating, each field's JSON type checked in C as it is read) in
about 40% of the time `json` takes to make tables of it. Every field is
optional here, so a field that is missing reads as None, exactly as a table's
`get` gives it; the records' fields are in the order `import_quick` takes them,
so `fields_rows` checks and makes their rows as it does for tables. A field
painpath does not write is refused here (the file goes the way of any file):
msgspec would skip it unread, and with it a byte that is not UTF-8 or a number
`json` refuses, which the other ways refuse the file for.

Anything in doubt (a value of another JSON type than painpath writes, a number
past 64 bits, bad JSON, an entry `fields_rows` doubts) gives None: the whole
file then goes the way of any file (`import_file`), whose checks alone word a
refusal. Nothing here refuses a file.
"""

from __future__ import annotations

from typing import Any

import msgspec

from painpath.store.import_quick import _Memo, fields_rows
from painpath.store.rows import EntryRows


class _Rating(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    # In `import_quick._RATING_KEYS` order.
    scale: str | None = None
    value: int | None = None
    phase: str | None = None
    region: str | None = None
    step: int | None = None
    id: str | None = None
    at: str | None = None


class _Answer(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    step: int | None = None
    text: str | None = None
    at: str | None = None
    id: str | None = None


class _Entry(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    # In `import_quick._ENTRY_KEYS` order.
    type: str | None = None
    exercise: str | None = None
    status: str | None = None
    content_hash: str | None = None
    pack_version: str | None = None
    id: str | None = None
    peg: bool | None = None
    note: str | None = None
    furthest_step: int | None = None
    planned_s: float | None = None  # a whole number is read as a float, as rows keep it
    practiced_s: float | None = None
    started: str | None = None
    ended: str | None = None
    updated: str | None = None
    ratings: list[_Rating] | None = None
    entries: list[_Answer] | None = None


class _Export(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    # Every key of `export_json.export_document`; all but the entries read whole (as
    # `json` would), for what reads them (`export_info`, `safety_plan`) elsewhere.
    format: Any = None
    exported: Any = None
    generator: Any = None
    client: Any = None
    safety_plan: Any = None
    entries: list[_Entry] | None = None
    scales: Any = None


_decoder = msgspec.json.Decoder(_Export)
# What msgspec raises for a file it will not read: its own errors, nesting past its
# depth, and text (not bytes) holding half of a UTF-16 pair, which it cannot encode.
QUICK_REFUSALS = (msgspec.MsgspecError, RecursionError, UnicodeEncodeError)
_fields = msgspec.structs.astuple
_table = msgspec.structs.asdict
_BOM = "\ufeff".encode()


def without_bom(data: str | bytes) -> str | bytes:
    """A file's bytes without the UTF-8 byte order mark some editors add (msgspec
    reads it as bad JSON; `utf-8-sig` drops it), or text as it is."""
    return data.removeprefix(_BOM) if isinstance(data, bytes) else data


def typed_rows(data: str | bytes, export_format: int, memo: _Memo) -> list[EntryRows] | None:
    """Every entry of an export of `export_format` as the rows an import writes
    (`rows.placed` at its place in the file), or None when anything in the file
    is in doubt (see the module notes). `memo` is a new one, for this file."""
    try:
        export = _decoder.decode(without_bom(data))
    except QUICK_REFUSALS:
        return None
    if type(export.format) is not int or export.format != export_format \
            or export.entries is None:
        return None
    entries: list[Any] = export.entries
    made: list[EntryRows] = []
    for i, entry in enumerate(entries):
        entries[i] = None  # each record let go once made: never all of both at once
        try:
            rows = fields_rows(_fields(entry), memo, _fields, _table, i)
        except TypeError:
            return None
        if rows is None:
            return None
        made.append(rows)
    return made
