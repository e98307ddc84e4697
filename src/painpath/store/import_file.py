"""Reading an export file, checked whole before anything is written.

One bad field refuses the file with the reason, naming where it is; nothing is
added. `read_export_rows` gives the rows `Store.import_rows` writes, for
`painpath import`; `read_export` gives entries, for `review` and previews.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from painpath.errors import InvalidFileError, NotFoundError, PainpathError
from painpath.reading import FileTooLarge, read_bounded
from painpath.store.bulk import paused_gc
from painpath.store.export_info import ExportInfo, read_info
from painpath.store.export_json import EXPORT_FORMAT
from painpath.store.import_bounds import entry_problem
from painpath.store.import_checks import _Bad, _describe, entry_from_dict
from painpath.store.import_quick import _Memo, _quick_rows
from painpath.store.import_typed import QUICK_REFUSALS, typed_rows, without_bom
from painpath.store.records import Entry
from painpath.store.rows import EntryRows, as_imported, entry_rows, placed

MAX_IMPORT_BYTES = 200 * 1024 * 1024


def _bounded(raw: Any, where: str) -> Entry:
    """One entry of a file, checked and within what the log takes (`import_bounds`)."""
    entry = entry_from_dict(raw, where)
    problem = entry_problem(entry)
    if problem is not None:
        raise _Bad(where, problem)
    return entry


def parse_export(text: str, source: str = "the file",
                 top: Callable[[dict[str, Any]], None] | None = None) -> list[Entry]:
    """Every entry of an export, or InvalidFileError naming the first problem.

    `top`, when given, is handed the file's top-level table once it is known to
    be an export (for `export_info.read_info`).
    """
    with paused_gc():
        return _parse_export(
            text, source, lambda raw, i: _bounded(raw, f"entry {i + 1}"),
            lambda e: [e.id, *(r.id for r in e.ratings), *(a.id for a in e.answers)], top)


def parse_export_rows(text: str | bytes, source: str = "the file", *,
                      typed: bool = True) -> list[EntryRows]:
    """`parse_export`, each entry straight as the rows an import writes (`Store.import_rows`:
    `rows.placed` at the entry's place in the file).

    The same checks and the same refusals. A file painpath wrote is read straight
    into typed records (`import_typed`; `typed=False` skips that, for tests); any
    other is read as JSON tables, and an entry in any doubt goes the long way
    (`entry_from_dict`, then `rows.entry_rows`), so only that path words a refusal.
    """
    with paused_gc():
        memo = _Memo()
        made = typed_rows(text, EXPORT_FORMAT, memo) if typed else None
        if made is not None:
            if not memo.unique_ids():
                try:
                    _refuse_twins(made, _row_ids)
                except _Bad as bad:
                    raise _refused(bad, source) from None
            return made
        memo = _Memo()
        careful = False

        def make(raw: Any, i: int) -> EntryRows:
            nonlocal careful
            quick = _quick_rows(raw, memo, i) if type(raw) is dict else None
            if quick is not None:
                return quick
            careful = True
            return placed(entry_rows(as_imported(_bounded(raw, f"entry {i + 1}"))), i)

        # The file's check of ids used twice, when the quick way's count cannot vouch.
        return _parse_export(text, source, make, _row_ids,
                             twins=lambda: careful or not memo.unique_ids())


def _row_ids(e: EntryRows) -> list[str]:
    return [e[0][1], *(r[1] for r in e[1]), *(a[1] for a in e[2])]


_T = TypeVar("_T")


def _loads(text: str | bytes, source: str) -> Any:
    """The file's JSON. msgspec reads a well-formed export in about 60% of the time
    `json` takes; anything it will not read (bad JSON, a lone surrogate, a number
    past 64 bits, nesting past its depth, text holding half of a UTF-16 pair) is
    read again by `json`, whose answer (or refusal, worded below) is the one a
    person sees."""
    try:
        return msgspec.json.decode(without_bom(text))
    except QUICK_REFUSALS:
        pass
    return json.loads(_decoded(text, source) if isinstance(text, bytes) else text,
                      parse_constant=_no_constant)


def _parse_export(text: str | bytes, source: str, make: Callable[[Any, int], _T],
                  ids: Callable[[_T], list[str]],
                  top: Callable[[dict[str, Any]], None] | None = None,
                  twins: Callable[[], bool] = lambda: True) -> list[_T]:
    try:
        data = _loads(text, source)
    except RecursionError:
        raise InvalidFileError(
            f"{source} is not a painpath export: its lists or tables are nested far "
            "deeper than an export's. Nothing was added.",
            hint="Use a file made by `painpath export --format json`.") from None
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
        # Each entry's table is let go once made: the whole file's tables are then
        # never held beside all of what is made of them (an import's peak memory).
        made: list[_T] = []
        for i, raw in enumerate(raw_entries):
            raw_entries[i] = None
            made.append(make(raw, i))
        if twins():
            _refuse_twins(made, ids)
        if top is not None:
            top(data)
    except _Bad as bad:
        raise _refused(bad, source) from None
    return made


def _refuse_twins(made: list[_T], ids: Callable[[_T], list[str]]) -> None:
    """`_Bad` naming the first id used twice in the file (entries, ratings, answers)."""
    every = [rid for item in made for rid in ids(item)]
    if len(set(every)) == len(every):
        return
    seen: dict[str, int] = {}
    for i, item in enumerate(made):
        for rid in ids(item):
            if rid in seen:
                raise _Bad(f"entry {i + 1}", f"the id {rid} is used twice in the file "
                                             f"(also in entry {seen[rid] + 1})")
            seen[rid] = i


def _refused(bad: _Bad, source: str) -> InvalidFileError:
    return InvalidFileError(f"{source} was not imported: {bad}. Nothing was added.",
                            hint="Use a file made by `painpath export --format json`, "
                                 "unchanged.")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def read_export(path: Path) -> list[Entry]:
    """Read and check a JSON export file (at most 200 MiB)."""
    return parse_export(_export_text(path), str(path))


def read_export_with_info(path: Path) -> tuple[list[Entry], ExportInfo]:
    """`read_export`, and whose export it is and its scale definitions (for review)."""
    found: list[ExportInfo] = []
    entries = parse_export(_export_text(path), str(path),
                           lambda data: found.append(read_info(data)))
    return entries, found[0] if found else ExportInfo()


def read_export_rows(path: Path) -> list[EntryRows]:
    """`read_export`, as the rows `Store.import_rows` writes: for `painpath import`."""
    return parse_export_rows(export_bytes(path), str(path))


def export_text(path: Path) -> str:
    """An export file's text, at most 200 MiB; a pipe is read too (once: keep the text)."""
    return _export_text(path)


def _export_text(path: Path) -> str:
    return _decoded(export_bytes(path), str(path))


def export_bytes(path: Path) -> bytes:
    """An export file as it is, at most 200 MiB (`export_text` before decoding: an
    import hands the bytes to `parse_export_rows`, which decodes as it reads)."""
    try:  # a pipe (`painpath import <(...)`) is read too, never past the cap
        raw = read_bounded(path, MAX_IMPORT_BYTES, streams=True)
    except FileTooLarge as err:
        raise InvalidFileError(f"{path} is too large to be a painpath export "
                               f"({'more than ' if err.size == err.limit + 1 else ''}"
                               f"{err.size:,} bytes).") from None
    except FileNotFoundError:
        raise NotFoundError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise InvalidFileError(f"{path} is a folder, not an export file.") from None
    except OSError as err:
        raise PainpathError(f"{path} could not be read: {err.strerror}.") from None
    return raw


def _decoded(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidFileError(f"{source} is not a painpath export: it is not UTF-8 text.") \
            from None
