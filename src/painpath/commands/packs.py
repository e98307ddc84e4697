"""`pack install|list|remove|new|build`: the words around `painpath.packs`.

All decisions live in `painpath.packs`; this module only prints. Text from a
pack (titles, authors) is someone else's, so it is printed as plain text,
never as markup.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.text import Text

from painpath import packs
from painpath.context import Context
from painpath.format.loader import load_pack
from painpath.format.models import Pack
from painpath.format.problems import Problem
from painpath.format.sources import FolderSource
from painpath.paths import bundled_pack_dir
from painpath.render import console, write_json
from painpath.text import plural

PACK_HELP = """\
painpath pack ACTION

  install PATH      install a pack folder or .zip someone gave you
  list              list the packs you have
  remove ID         remove an installed pack (your log keeps everything)
  new DIR           start writing a new pack, from a small example
  build DIR -o FILE.zip
                    check a pack and zip it, to give to someone

`painpath pack ACTION --help` says more about each one."""


def cmd_pack_help(args: argparse.Namespace, ctx: Context) -> int:
    console().print(PACK_HELP)
    return 0


def _print_refused(err: packs.PackInvalid) -> None:
    from painpath.render.library import print_problems

    print_problems(err.loaded)


def _print_warnings(warnings: list[Problem]) -> None:
    """Warnings do not stop an install or build, but the author should see them."""
    out = console()
    for problem in warnings:
        out.print(Text.assemble(("warning", "bold yellow"), "  ", problem.render()))


def _plan_names(pack: Pack) -> str:
    return ", ".join(p.id for p in pack.plans) or "none"


def cmd_install(args: argparse.Namespace, ctx: Context) -> int:
    try:
        result = packs.install(ctx.paths, Path(args.path), force=args.force)
    except packs.PackInvalid as err:
        _print_refused(err)
        raise
    pack, out = result.pack, console()
    _print_warnings(list(result.warnings))
    n = len(pack.exercises)
    what = f"{n} practice{'s' if n != 1 else ''}"
    if result.action == "installed":
        head = f'Installed "{pack.title}" ({pack.id}, version {pack.version}): {what}.'
    elif result.action == "updated":
        head = (f'Updated "{pack.title}" ({pack.id}) from version {result.previous} to '
                f"{pack.version}: {what}.")
    elif result.action == "reinstalled":
        head = f'Reinstalled "{pack.title}" ({pack.id}, version {pack.version}): {what}.'
    else:
        head = (f'Went back from version {result.previous} to {pack.version} of '
                f'"{pack.title}" ({pack.id}), as asked: {what}.')
    out.print(Text(head))
    if result.previous is not None:
        out.print("Your log still shows every session you practised with the earlier version.")
    out.print("`painpath list` shows its practices next to the others.")
    _print_update_notes(ctx, result)
    return 0


def _print_update_notes(ctx: Context, result: packs.InstallResult) -> None:
    """The plan the person follows keeps running; renamed and dropped practices are named."""
    from painpath.pack_update import compare
    from painpath.plans import PlanFileError, read_active

    try:
        active = read_active(ctx.paths)
    except PlanFileError:
        active = None
    pack, out = result.pack, console()
    notes = compare(result.previous_pack, pack, active)
    for old, new in notes.renamed:
        now = (f"has a new id, {new.qualified_id}" if old.title == new.title
               else f'is now "{new.title}" ({new.qualified_id})')
        out.print(Text(f'"{old.title}" ({old.qualified_id}) {now}: the sessions you '
                       "practised with it count for it, as before."))
    for old in notes.dropped:
        out.print(Text(f'"{old.title}" ({old.qualified_id}) is not in this version. Your log '
                       "keeps every session you practised with it; in a plan they now count "
                       "as other practice. (If it was renamed, the pack's author can say so "
                       f'with replaces = ["{old.id}"] in the new practice, and they will '
                       "count for it.)"))
    if notes.active is not None and notes.plan is not None:
        out.print(Text(f'You follow its plan "{notes.plan.title}" since '
                       f"{notes.active.start:%A %d %B %Y}. It keeps running from that day, "
                       "now with this version; there is nothing to restart."))
        return
    if not pack.plans:
        return
    first = pack.plans[0]
    target = pack.id if len(pack.plans) == 1 else f"{pack.id}/{first.id}"
    if notes.active is not None:
        out.print(Text(f'The plan you were following, "{notes.active.plan}", is not in this '
                       f"version. `painpath plan start {target}` starts its plan when you "
                       "are ready."))
        return
    out.print(Text(f'It holds a plan, "{first.title}".' if len(pack.plans) == 1
                   else f"It holds {len(pack.plans)} plans: {_plan_names(pack)}."))
    out.print(f"`painpath plan start {target}` starts following it.")


def _bundled() -> Pack | None:
    loaded = load_pack(FolderSource(bundled_pack_dir()))
    return loaded.packs[0] if loaded.packs else None


def pack_json(pack: Pack, *, bundled: bool, folder: Path | None) -> dict[str, object]:
    return {"id": pack.id, "title": pack.title, "version": pack.version,
            "author": pack.author, "contact": pack.contact,
            "exercises": len(pack.exercises), "plans": [p.id for p in pack.plans],
            "bundled": bundled, "folder": str(folder) if folder else None}


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    found, broken = packs.scan(ctx.paths)
    bundled = _bundled()
    rows: list[tuple[Pack, bool, Path | None]] = []
    if bundled is not None:
        rows.append((bundled, True, None))
    rows += [(item.pack, False, item.folder) for item in found]
    if args.json:
        write_json([pack_json(p, bundled=b, folder=f) for p, b, f in rows])
        return 0
    # A sentence a pack, not a table: a table's narrow columns split the ids people
    # type (`plan start ID`, `pack remove ID`) at 80 columns and when piped.
    out = console()
    out.print(Text("Packs:"))
    for pack, is_bundled, _ in rows:
        who = "comes with painpath" if is_bundled else \
            (f"by {pack.author}" if pack.author else "")
        about = ", ".join(part for part in (f"version {pack.version}" if pack.version else "",
                                            who) if part)
        plans = ", ".join(p.id for p in pack.plans)
        out.print(Text(f"- {pack.id}: {pack.title}" + (f" ({about})" if about else "")
                       + f". {plural(len(pack.exercises), 'practice')}"
                       + (f"; {'plan' if len(pack.plans) == 1 else 'plans'}: {plans}."
                          if plans else "; no plans.")))
    if not found:
        out.print("No other packs are installed yet. A pack someone gives you is installed "
                  "with `painpath pack install FILE.zip`.")
    for folder in broken:
        out.print(Text(f"The folder {folder} is not a pack painpath can read; "
                       f"`painpath validate {folder}` says why."))
    return 0


def cmd_remove(args: argparse.Namespace, ctx: Context) -> int:
    result = packs.remove(ctx.paths, args.pack_id)
    pack, out = result.removed.pack, console()
    version = f", version {pack.version}" if pack.version else ""
    out.print(Text(f'Removed the pack "{pack.title}" ({pack.id}{version}). Your log keeps '
                   "every session you practised with it."))
    if result.stopped_plan is not None:
        console(stderr=True).print(Text(
            f'You were following the plan "{result.stopped_plan.plan}" from this pack, so '
            "it has been stopped. `painpath plan start` starts another when you like."))
    return 0


def cmd_new(args: argparse.Namespace, ctx: Context) -> int:
    folder = Path(args.directory)
    written = packs.scaffold(folder)
    out = console()
    out.print(Text(f"Wrote a new pack in {folder}:"))
    for path in written:
        out.print(Text(f"  {path.relative_to(folder).as_posix()}"))
    out.print(Text(
        "Open these files in any text editor; the lines starting with # explain each part.\n"
        f"Check your work with:  painpath validate {folder}\n"
        f"Try a practice with:   painpath run {folder / 'exercises' / 'arriving.toml'}\n"
        f"Zip it to share with:  painpath pack build {folder} -o "
        f"{packs.pack_id_for(folder.resolve())}.zip"))
    return 0


def cmd_build(args: argparse.Namespace, ctx: Context) -> int:
    output = Path(args.output)
    voiced = None
    if args.voice:
        from painpath.commands.sound import VoiceBuild

        voiced = VoiceBuild(ctx, args.voice, Path(args.directory))
    try:
        pack, loaded, count = packs.build(Path(args.directory), output, own=ctx.paths,
                                          extra=voiced)
    except packs.PackInvalid as err:
        _print_refused(err)
        raise
    _print_warnings(list(loaded.warnings))
    if voiced is not None:
        for note in voiced.notes:
            console().print(Text.assemble(("note", "bold"), "  ", note))
    console().print(Text(
        f'Wrote {output}: "{pack.title}" ({pack.id}, version {pack.version}), {count} '
        f"file{'s' if count != 1 else ''}"
        f"{'' if voiced is None else voiced.summary}.\n"
        f"Give this file to your client; they install it with:  painpath pack install "
        f"{output.name}"))
    return 0
