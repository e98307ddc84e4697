"""`check-in`, `log` and `forget`: the private log (`stats` is in
`painpath.commands.stats`, `export` and `import` in `painpath.commands.exchange`).

Everything here is a thin layer over `painpath.store` and `painpath.stats`, which
the app's screens use too. Text from the log is shown through `rich.text.Text`,
never parsed as markup. Reading commands do not create a log that is not there.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from painpath.context import Context
from painpath.errors import PainpathError, UsageError
from painpath.format.models import BUILTIN_SCALES
from painpath.format.values import ID_RULE
from painpath.paths import Paths
from painpath.plain_words import span as plain_span
from painpath.render import console, stdout_for_data
from painpath.scale_names import scale_words
from painpath.stats import scale_order
from painpath.store.db import Store
from painpath.store.errors import StoreCorruptError
from painpath.store.records import PEG_SCALES, Entry
from painpath.store.scales import known_scales, range_problem, scale_for
from painpath.store.times import day_range
from painpath.text import clean, clean_line
from painpath.text import plural as _plural  # `commands.exchange` and `stats` too
from painpath.text import valid_text as storable
from painpath.timefmt import length

if TYPE_CHECKING:
    from painpath.library import Library



def _console() -> Console:
    return console(soft_wrap=False)


def _open_for_reading(ctx: Context) -> Store:
    """The person's log, or an empty one in memory if they have none yet (nothing created)."""
    if not ctx.paths.database.exists():
        return Store.open_memory()
    return Store.for_paths(ctx.paths)


def _entries(ctx: Context, args: argparse.Namespace) -> list[Entry]:
    since, until = day_range(args.since, args.until)
    with _open_for_reading(ctx) as store:
        entries = store.entries(since, until)
    _say_left_out(store.left_out.counts)
    return entries


def _say_left_out(counts: Mapping[str, int]) -> None:
    """A plain note on standard error when reading left unbelievable values out."""
    from painpath.store.sanity import left_out_note

    note = left_out_note(dict(counts))
    if note:
        console(stderr=True).print(Text(note))


# --- check-in --------------------------------------------------------------------

def _scale_arg(raw: str) -> tuple[str, int]:
    scale_id, sep, number = raw.partition("=")
    scale_id, number = scale_id.strip(), number.strip()
    if not sep or not scale_id or not number:
        raise UsageError(f"`--scale {raw}` should look like ID=N.",
                         hint="For example: painpath check-in --scale sleep=7")
    if not ID_RULE.match(scale_id):
        raise UsageError(f"`{scale_id}` is not a scale id: ids use a-z, 0-9 and -.",
                         hint="For example: --scale sleep=7")
    try:
        value = int(number)
    except ValueError:
        raise UsageError(f"`{number}` is not a whole number (in --scale {raw}).",
                         hint="Ratings are whole numbers, for example --scale sleep=7") from None
    return scale_id, value


def _library_or_none(ctx: Context) -> Library | None:
    """The library for pack scales and titles; without it, ids and 0–100 scales."""
    return ctx.library_if_loadable()


def check_in_ratings(args: argparse.Namespace, ctx: Context) -> list[tuple[str, int]]:
    """The ratings given on the command line, each checked against its scale."""
    given: list[tuple[str, int]] = [(name, getattr(args, name)) for name in
                                    ("pain", "tension", "distress")
                                    if getattr(args, name, None) is not None]
    given += [_scale_arg(raw) for raw in getattr(args, "scale", []) or []]
    seen: set[str] = set()
    for scale_id, _ in given:
        if scale_id in seen:
            raise UsageError(f"{scale_id} was given twice; a check-in has one number per scale.")
        seen.add(scale_id)
    needs_library = any(scale_id not in BUILTIN_SCALES for scale_id, _ in given)
    known = known_scales(_library_or_none(ctx) if needs_library else None)
    for scale_id, value in given:
        if scale_id not in known:
            # A typo would otherwise start a scale of its own, alone in the log.
            raise UsageError(
                f"painpath does not know a scale called “{scale_id}”, so nothing was saved.",
                hint="The scales you can use: " + ", ".join(sorted(known)) + ". A pack's own "
                "scales are there while the pack is installed.")
        problem = range_problem(scale_for(scale_id, known), value)
        if problem:
            raise UsageError(problem)
    return given


def cmd_check_in(args: argparse.Namespace, ctx: Context) -> int:
    given = check_in_ratings(args, ctx)
    note = clean(storable(args.note) or "").strip() if args.note else None
    if not given and not note:
        raise UsageError("A check-in needs at least one rating or a note.",
                         hint="For example: painpath check-in --pain 4 --tension 3")
    peg = all(s in dict(given) for s in PEG_SCALES)
    with Store.for_paths(ctx.paths) as store:
        entry = store.add_check_in(given, note=note, peg=peg)
    said = ", ".join(f"{scale_words(s)} {v}" for s, v in given)
    line = Text("Saved your check-in")
    line.append(f": {said}" if said else "")
    line.append(" and your note." if note and said else (": your note." if note else "."))
    if entry.peg_score is not None:
        line.append(f" PEG score {entry.peg_score:.1f} (the mean of pain, interference "
                    "with enjoyment of life and interference with general activity).")
    _console().print(line)
    from painpath.commands.care_offer import offer_after_check_in

    return offer_after_check_in(ctx, given, args)  # after saving: the gentle offer, if called for


# --- log -------------------------------------------------------------------------

def _titles(ctx: Context, ids: Iterable[str | None]) -> dict[str, str]:
    """Titles for the exercises named, where installed (the log keeps only ids)."""
    library = _library_or_none(ctx)
    return library.titles(ids) if library is not None else {}


def _what(entry: Entry, titles: Mapping[str, str]) -> str:
    if entry.type == "session":
        ident = entry.exercise or ""
        return titles.get(ident) or clean_line(ident) or "A practice"  # (none in the log)
    return "PEG check-in" if entry.peg else "check-in"


def _ratings_cell(entry: Entry) -> str:
    if entry.type == "check-in":
        return ", ".join(f"{scale_words(r.scale)} {r.value}" for r in entry.ratings)
    parts = []
    for scale in sorted({*entry.scales("before"), *entry.scales("after")}, key=scale_order):
        before, after = entry.rating("before", scale), entry.rating("after", scale)
        shown = [("not given" if v is None else str(v)) for v in (before, after)]
        parts.append(f"{scale_words(scale)} {shown[0]}, then {shown[1]}")
    during = sum(r.phase == "during" for r in entry.ratings)
    if during:
        parts.append(f"{during} during")
    return ", ".join(parts)


def _note_cell(entry: Entry) -> str:
    note = clean_line(entry.note or "")
    if entry.answers:
        extra = _plural(len(entry.answers), "written answer")
        note = f"{note} ({extra})" if note else extra
    return note


def log_table(entries: list[Entry], titles: Mapping[str, str] | None = None) -> Table:
    """The log as a table, newest first; every cell is plain text.

    A session shows its exercise's title where `titles` has it, else its id.
    """
    titles = titles or {}
    table = Table(title=Text(f"Your log: {_plural(len(entries), 'entry', 'entries')}"),
                  title_justify="left", show_lines=False)
    table.add_column(Text("When"), no_wrap=True)
    for name in ("What", "Status", "Time", "Ratings", "Note"):
        table.add_column(Text(name), overflow="fold")
    for e in entries:
        table.add_row(
            Text(e.started.strftime("%Y-%m-%d %H:%M")), Text(_what(e, titles)),
            Text(e.status.replace("-", " ") if e.type == "session" else ""),
            Text(length(e.practiced_s) if e.practiced_s is not None else ""),
            Text(_ratings_cell(e)), Text(_note_cell(e)))
    return table


def log_lines(entries: list[Entry], titles: Mapping[str, str] | None = None) -> list[str]:
    """The log as sentences, one entry a line, for a pipe or a screen reader.

    A table drawn with box characters reads aloud as symbols, and a pipe's 80
    columns split its words; these lines say the same things in words.
    """
    titles = titles or {}
    lines = [f"Your log: {_plural(len(entries), 'entry', 'entries')}, newest first."]
    for e in entries:
        said: list[str] = []  # our own words, each a sentence starting with a capital
        if e.type == "session":
            status = e.status.replace("-", " ")
            took = f", {plain_span(round(e.practiced_s))}" if e.practiced_s is not None else ""
            said.append(f"{status}{took}")
        ratings, note = _ratings_cell(e), _note_cell(e)
        said.append(ratings or "no ratings")
        if note:
            said.append(f"note: {note}")
        parts = [e.started.strftime("%Y-%m-%d %H:%M"), _what(e, titles),
                 *(p[:1].upper() + p[1:] for p in said)]
        lines.append(". ".join(parts) + ".")
    return lines


def cmd_log(args: argparse.Namespace, ctx: Context) -> int:
    if getattr(args, "set_aside", False):
        return _set_aside(ctx)
    if args.json:
        from painpath.store.export_json import write_entries_json

        since, until = day_range(args.since, args.until)
        with _open_for_reading(ctx) as store, \
                closing(store.export_records(since, until)) as records:
            write_entries_json(stdout_for_data(), records, store.left_out)
        _say_left_out(store.left_out.counts)
        return 0
    entries = _entries(ctx, args)
    console = _console()
    if not entries:
        ranged = " for those dates" if args.since or args.until else ""
        console.print(Text(f"Nothing in your log{ranged} yet. Sessions you practise and "
                           "check-ins (painpath check-in --pain N) will show here."))
        return 0
    titles = _titles(ctx, {e.exercise for e in entries})
    if not console.is_terminal:
        for line in log_lines(entries, titles):
            console.print(Text(line), soft_wrap=True)
        return 0
    console.print(log_table(entries, titles))
    return 0


def _set_aside(ctx: Context) -> int:
    """Keep a damaged log under another name, only when it really is damaged."""
    db = ctx.paths.database
    console = _console()
    if not db.exists():
        console.print(Text("There is no log file yet, so there is nothing to set aside."))
        return 0
    try:
        with Store.for_paths(ctx.paths) as store:
            store.check()
    except StoreCorruptError:
        moved = Store.set_aside(db)
        Store.for_paths(ctx.paths).close()
        console.print(Text(f"Your damaged log is kept, unchanged, as {moved}. "
                           "A new, empty log has been started."))
        return 0
    console.print(Text("Your log is not damaged, so nothing was set aside."))
    return 0


# --- forget ----------------------------------------------------------------------

def forget_targets(paths: Paths) -> list[Path]:
    """Everything painpath made for this person that exists now (`Paths.forget_targets`)."""
    return paths.forget_targets()


def _delete(targets: Iterable[Path]) -> None:
    for p in targets:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink(missing_ok=True)


def cmd_forget(args: argparse.Namespace, ctx: Context) -> int:
    console = _console()
    targets = forget_targets(ctx.paths)
    if not targets:
        console.print(Text("painpath keeps nothing here, so there was nothing to delete."))
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(
                "painpath deletes your data only when you confirm it, and there is no one "
                "to ask here (the input is not a terminal). Nothing was deleted.",
                hint="To delete everything from a script: painpath forget --all --yes")
        console.print(Text("This deletes, for good, everything painpath keeps for you:"))
        for p in targets:
            console.print(Text(f"  {p}"))
        console.print(Text("Your log cannot be recovered afterwards. To keep a copy first: "
                           "painpath export --format json -o my-log.json"))
        try:
            answer = input("Type DELETE to delete everything: ")
        except EOFError:
            answer = ""
        if answer.strip() != "DELETE":
            if answer.strip().upper() == "DELETE":  # the word, not in capitals
                console.print(Text("Nothing was deleted: it takes DELETE in capital letters, "
                                   "so that it never happens by accident. To delete "
                                   "everything, run painpath forget --all again and type "
                                   "DELETE."))
            else:
                console.print(Text("Nothing was deleted."))
            return 1
    try:
        _delete(targets)
    except OSError as err:
        raise PainpathError(f"Not everything could be deleted: {err}.",
                            hint="Check the folder's permissions and run this again.") from None
    for folder in (ctx.paths.data_dir, ctx.paths.config_dir):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    console.print(Text("Done: everything painpath kept for you has been deleted:"))
    for p in targets:
        console.print(Text(f"  {p}"))
    return 0
