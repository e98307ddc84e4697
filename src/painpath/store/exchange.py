"""The log as files: JSON exports that import back exactly, and tidy CSV.

This module gathers the public names of the modules that do the work, so callers
have one place to import from:

- `painpath.store.export_json`: entries as JSON, whole or streamed;
- `painpath.store.import_file`: reading an export file, checked whole;
- `painpath.store.import_checks`: the careful, field-by-field check of one entry;
- `painpath.store.import_quick`: the one-pass check of a well-formed entry;
- `painpath.store.import_typed`: a painpath export read straight into typed records;
- `painpath.store.export_csv`: CSV, one row per rating;
- `painpath.store.private_files`: owner-only files written whole or not at all.
"""

from __future__ import annotations

from painpath.store.export_csv import CSV_COLUMNS, csv_safe, to_csv, write_csv
from painpath.store.export_json import (
    EXPORT_FORMAT,
    answer_to_dict,
    dumps,
    entry_to_dict,
    export_document,
    rating_to_dict,
    write_entries_json,
    write_export,
)
from painpath.store.import_checks import entry_from_dict
from painpath.store.import_file import (
    MAX_IMPORT_BYTES,
    parse_export,
    parse_export_rows,
    read_export,
    read_export_rows,
)
from painpath.store.private_files import open_private, write_private

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMAT",
    "MAX_IMPORT_BYTES",
    "answer_to_dict",
    "csv_safe",
    "dumps",
    "entry_from_dict",
    "entry_to_dict",
    "export_document",
    "open_private",
    "parse_export",
    "parse_export_rows",
    "rating_to_dict",
    "read_export",
    "read_export_rows",
    "to_csv",
    "write_csv",
    "write_entries_json",
    "write_export",
    "write_private",
]
