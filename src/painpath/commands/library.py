"""`list`, `show` and `validate`: reading the library without the TUI."""

from __future__ import annotations

import argparse
from pathlib import Path

from painpath.context import Context
from painpath.format.loader import Loaded, load_path
from painpath.format.models import KINDS, Exercise
from painpath.library import bundled_clashes
from painpath.render import console, write_json


def exercise_json(ex: Exercise) -> dict[str, object]:
    return {"id": ex.qualified_id, "pack": ex.pack, "exercise": ex.id, "title": ex.title,
            "kind": ex.kind, "seconds": ex.total_seconds, "summary": ex.summary,
            "steps": len(ex.steps), "content_note": bool(ex.content_note)}


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    if args.kind and args.kind not in KINDS:
        from painpath.errors import UsageError

        raise UsageError(f'"{args.kind}" is not a kind of exercise.',
                         hint=f"The kinds are: {', '.join(KINDS)}.")
    exercises = ctx.library.by_kind(args.kind)
    if args.json:
        write_json([exercise_json(e) for e in exercises])
        return 0
    from painpath.render.library import exercise_table, problems_note

    out = console(soft_wrap=False)
    out.print(exercise_table(exercises))
    if ctx.library.problems:
        out.print(problems_note(ctx.library.problems))
    return 0


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    from painpath.render.library import exercise_page
    from painpath.safety import exercise_crisis

    target = Path(args.target)
    if target.suffix.lower() == ".toml" and target.is_file():
        from painpath.format.loader import is_plan_file

        if is_plan_file(target):
            from painpath.commands.plan_preview import show_plan_file

            return show_plan_file(target, ctx)
    ex = ctx.library.resolve(args.target)
    console(soft_wrap=False).print(exercise_page(ex, exercise_crisis(ctx.library, ex)))
    return 0


def cmd_validate(args: argparse.Namespace, ctx: Context) -> int:
    result = Loaded()
    for raw in args.paths:
        loaded = load_path(Path(raw))
        if loaded.exercises:
            from painpath.sound.checks import length_warnings

            loaded.problems.extend(length_warnings(loaded, Path(raw)))
        result.extend(loaded)
    result.problems.extend(bundled_clashes(result.packs))
    if args.json:
        write_json({"ok": not result.errors, "errors": len(result.errors),
                    "warnings": len(result.warnings), "derived": len(result.derived),
                    "exercises": [e.qualified_id for e in result.exercises],
                    "problems": [p.to_json() for p in result.problems]})
    else:
        from painpath.render.library import print_problems

        print_problems(result)
    return 1 if result.errors else 0
