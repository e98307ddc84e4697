"""`export` and `import`: the person's log written to a file, and a file brought back.

JSON and CSV stream from the log as it is read; reports (md, html, fhir) are
rendered from the entries. Shares the log commands' helpers (`painpath.commands.log`).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

from painpath.commands.log import (
    _console,
    _entries,
    _library_or_none,
    _open_for_reading,
    _plural,
    _say_left_out,
)
from painpath.context import Context
from painpath.errors import PainpathError, UsageError
from painpath.render import stdout_for_data
from painpath.store.db import Store
from painpath.store.scales import known_scales
from painpath.store.times import day_range, parse_day
from painpath.text import clean_line

if TYPE_CHECKING:
    from painpath.store.importing import Imported

NAME_LIMIT = 200  # a name on a report: enough for any real one, bounded for a hostile one
_REPORTS = {"md": "painpath.reports.markdown", "html": "painpath.reports.html",
            "fhir": "painpath.reports.fhir"}


def _report_renderer(fmt: str) -> Callable[..., str]:
    """`render` of a report module, imported only when asked for."""
    name = _REPORTS[fmt]
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name not in (name, "painpath.reports"):
            raise
        raise PainpathError(f"Export as {fmt} is not available yet in this painpath.",
                            hint="Use --format json or --format csv for now.") from None
    render: Callable[..., str] = module.render
    return render


def _export_stream(args: argparse.Namespace, ctx: Context, fmt: str) -> int:
    """JSON or CSV, streamed from the log as it is read (no entry held in memory)."""
    from painpath.atomic import open_output_text
    from painpath.safety_plan import plan_for_export
    from painpath.store.export_csv import write_csv
    from painpath.store.export_json import write_export

    since, until = day_range(args.since, args.until)
    plan = plan_for_export(ctx.paths) if fmt == "json" else None  # read before writing
    client = _name_arg(getattr(args, "client", None), "--client")
    # The definitions of the scales the entries use go with a JSON export, so a
    # reviewer without the client's packs still sees each scale's own range.
    scales = known_scales(_library_or_none(ctx)) if fmt == "json" else {}
    with _open_for_reading(ctx) as store:
        def write(out: Any) -> int:
            # closing(): a failed write ends the log's read at once, not when collected.
            if fmt == "json":  # the entries written (one that cannot be read is left out)
                with closing(store.export_records(since, until)) as records:
                    return write_export(out, records, client=client, scales=scales,
                                        safety_plan=plan, tally=store.left_out)
            with closing(store.csv_lines(since, until, with_notes=with_notes)) as lines:
                write_csv(out, lines, with_notes=with_notes)
            return count

        with_notes = bool(args.with_notes)
        count = store.count(since, until) if args.output and fmt == "csv" else 0
        if not args.output:
            write(stdout_for_data())
            _say_left_out(store.left_out.counts)
            return 0
        # A BOM lets spreadsheet programs recognise the CSV file as UTF-8.
        with open_output_text(args.output, own=ctx.paths,
                              encoding="utf-8-sig" if fmt == "csv" else "utf-8") as out:
            count = write(out)
    _say_left_out(store.left_out.counts)
    _wrote(count, Path(args.output), _export_contents(fmt, with_notes))
    return 0


def _export_contents(fmt: str, with_notes: bool) -> str:
    """What an export holds, said when it is written: notes are private by default."""
    if fmt == "json":
        return ("It holds everything, your notes and written answers too: "
                "it is your complete backup, so keep it somewhere private.")
    if with_notes:
        return "Your notes are included, as you asked."
    return "Notes are left out; add --with-notes to include them."


def _name_arg(raw: str | None, option: str) -> str:
    """A name given on the command line, as one clean line (empty when not given)."""
    if raw is None:
        return ""
    name = clean_line(raw).strip()
    if not name:
        raise UsageError(f"{option} needs a name, for example {option} \"A. Client\".")
    if len(name) > NAME_LIMIT:
        raise UsageError(f"The name after {option} is {len(name)} characters long; "
                         f"{NAME_LIMIT} at most, please.")
    return name


def _wrote(count: int, path: Path, contents: str = "") -> None:
    """Where the export went; a file painpath made is readable by its owner alone."""
    private = " (readable by you alone)" if path.is_file() else ""
    said = f"Wrote {_plural(count, 'entry', 'entries')} to {path}{private}."
    _console().print(Text(f"{said} {contents}" if contents else said))


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    fmt = args.format
    if fmt in ("json", "csv"):
        return _export_stream(args, ctx, fmt)
    from painpath.atomic import write_output
    from painpath.reports import report_inputs
    from painpath.store.export_json import entry_to_dict

    entries = _entries(ctx, args)
    render = _report_renderer(fmt)

    since = parse_day(args.since, "--since") if args.since else None
    until = parse_day(args.until, "--until") if args.until else None
    dicts = [entry_to_dict(e) for e in entries]
    # The active plan's weeks and pack scales' questions, when there are any.
    extra = report_inputs(ctx, fmt, dicts, since=since, until=until)
    for name in ("client", "clinician") if fmt in ("md", "html") else ("client",):
        given = _name_arg(getattr(args, name, None), f"--{name}")
        if given:
            extra[name] = given
    text = render(dicts, since=since, until=until, with_notes=bool(args.with_notes), **extra)
    if not args.output:
        stdout_for_data().write(text)
        return 0
    _wrote(len(entries), write_output(args.output, text, own=ctx.paths))
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from painpath.safety_plan import export_head
    from painpath.store.import_file import export_bytes, parse_export_rows

    # Read once (it may be a pipe), checked whole before the log is opened, straight into
    # rows (no Entry each).
    raw = export_bytes(Path(args.file))
    entries = parse_export_rows(raw, str(args.file))
    with Store.for_paths(ctx.paths) as store:
        done = store.import_rows(entries)
    _console().print(Text(import_summary(done)))
    from painpath.safety_plan import restore_from_export

    said = restore_from_export(ctx.paths, Path(args.file), export_head(raw))
    if said:
        _console().print(Text(said))
    return 0


def import_summary(done: Imported) -> str:
    """What an import did, as a person reads it."""
    there = "was" if done.unchanged == 1 else "were"
    completed = (f", completed {_plural(done.completed, 'entry', 'entries')}"
                 if done.completed else "")
    return (f"Added {_plural(done.added, 'entry', 'entries')} to your log{completed}; "
            f"{done.unchanged} {there} already there.")
