"""The quickest way in for an export painpath wrote: read straight into typed records.

msgspec reads the file's JSON directly into the records below (no table per
entry and per rating, each field's JSON type checked in C as it is read) in
about 40% of the time `json` takes to make tables of it. Every field is
optional here, so a field that is missing reads as None, exactly as a table's
`get` gives it; the records' fields are in the order `import_quick` takes them,
so `fields_rows` checks and makes their rows as it does for tables.

Anything in doubt (a value of another JSON type than painpath writes, a number
past 64 bits, bad JSON, an entry `fields_rows` doubts) gives None: the whole
file then goes the way of any file (`import_file`), whose checks alone word a
refusal. Nothing here refuses a file.
"""

from __future__ import annotations

from typing import Any, Optional

import msgspec

from painpath.store.import_quick import _Memo, fields_rows
from painpath.store.rows import EntryRows

# Optional[...] rather than `X | None`: msgspec reads the annotations at run time,
# on Python 3.10 too.


class _Rating(msgspec.Struct, kw_only=True):
    # In `import_quick._RATING_KEYS` order.
    scale: Optional[str] = None
    value: Optional[int] = None
    phase: Optional[str] = None
    region: Optional[str] = None
    step: Optional[int] = None
    id: Optional[str] = None
    at: Optional[str] = None


class _Answer(msgspec.Struct, kw_only=True):
    step: Optional[int] = None
    text: Optional[str] = None
    at: Optional[str] = None
    id: Optional[str] = None


class _Entry(msgspec.Struct, kw_only=True):
    # In `import_quick._ENTRY_KEYS` order.
    type: Optional[str] = None
    exercise: Optional[str] = None
    status: Optional[str] = None
    content_hash: Optional[str] = None
    pack_version: Optional[str] = None
    id: Optional[str] = None
    peg: Optional[bool] = None
    note: Optional[str] = None
    furthest_step: Optional[int] = None
    planned_s: Optional[float] = None  # a whole number is read as a float, as rows keep it
    practiced_s: Optional[float] = None
    started: Optional[str] = None
    ended: Optional[str] = None
    updated: Optional[str] = None
    ratings: Optional[list[_Rating]] = None
    entries: Optional[list[_Answer]] = None


class _Export(msgspec.Struct):
    format: Any = None
    entries: Optional[list[_Entry]] = None


_decoder = msgspec.json.Decoder(_Export)
_fields = msgspec.structs.astuple
_table = msgspec.structs.asdict
_BOM = "\ufeff".encode()


def typed_rows(data: str | bytes, export_format: int) -> list[EntryRows] | None:
    """Every entry of an export of `export_format` as the rows an import writes
    (`rows.placed` at its place in the file), or None when anything in the file is in doubt (see the module notes)."""
    try:
        export = _decoder.decode(data.removeprefix(_BOM) if isinstance(data, bytes) else data)
    except (msgspec.MsgspecError, RecursionError):
        return None
    if type(export.format) is not int or export.format != export_format \
            or export.entries is None:
        return None
    memo = _Memo()
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
