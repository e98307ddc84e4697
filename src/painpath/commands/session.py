"""`painpath run`: one exercise, in the app or as plain lines of text.

Plain mode is chosen with `--plain`, or automatically when standard output is
not a terminal (a screen reader's pipe, a log file). Runs at a speed other
than 1 are previews and are not logged unless `--log` is given.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from painpath.care import PlainCare
from painpath.context import Context
from painpath.errors import UsageError
from painpath.format.models import Exercise
from painpath.safety import exercise_crisis
from painpath.sessionlog import SessionLog, rescue_message


def cmd_run(args: argparse.Namespace, ctx: Context) -> int:
    if not 0.1 <= args.speed <= 1000:
        raise UsageError(f"--speed {args.speed:g} is outside what painpath can run.",
                         hint="Use a number from 0.1 to 1000, like --speed 10 for a preview.")
    exercise = ctx.library.resolve(args.target)
    record = args.speed == 1 or args.log
    sound, voice = getattr(args, "sound_flag", None), getattr(args, "voice_flag", None)
    if args.plain or not sys.stdout.isatty():
        return run_plain_practice(exercise, args.speed, SessionLog(ctx.paths, record=record),
                          exercise_crisis(ctx.library, exercise), sound=sound, voice=voice,
                          ctx=ctx)
    from painpath.commands.app import run_tui

    return run_tui(ctx, exercise, args.speed, record=record, sound=sound, voice=voice)


def plain_care(ctx: Context, log: SessionLog) -> PlainCare:
    """The gentle offer's parts for a plain run: grounding, logged too, and the plan."""
    from painpath.commands.safety import plan_lines

    try:
        grounding: Exercise | None = ctx.library.ground()
    except KeyError:  # painpath's own practices are missing: the offer names the command
        grounding = None

    def show_plan(say: Callable[[str], None]) -> None:
        for line in plan_lines(ctx):
            say(line)

    return PlainCare(grounding, show_plan, listeners=log.listeners,
                     finished=lambda exercise, note: _finish(log, exercise, note))


def _finish(log: SessionLog, exercise: Exercise, note: str | None) -> None:
    from painpath.render import write_text

    rescued = log.finish(exercise.qualified_id, note)
    if rescued is not None:
        write_text(rescue_message(rescued) + "\n", sys.stderr)


def run_plain_practice(exercise: Exercise, speed: float, log: SessionLog, crisis: str = "", *,
                       sound: bool | None = None, voice: bool | None = None,
                       ctx: Context | None = None,
                       given: dict[str, int | None] | None = None) -> int:
    """One practice in plain mode, recorded by `log`; with `ctx`, the gentle offer too.

    `given`: before-ratings already answered (the check-in that led to grounding).
    """
    from painpath.plain import run_plain
    from painpath.render import write_text
    from painpath.settings import load as load_settings
    from painpath.sound.hook import plain_sound

    settings = load_settings(log.paths.settings_file).settings
    # Plain mode's voice is off unless asked for: a screen reader is already speaking.
    live = plain_sound(settings, log.paths.cache_dir, sound=sound, voice=bool(voice),
                       speed=speed)
    try:
        # sys.stdin is None when standard input is closed (`<&-`): read as no input.
        result = run_plain(exercise, stdin=sys.stdin, stdout=sys.stdout, speed=speed,
                           listeners=log.listeners(exercise),
                           bell=settings.bell and live.terminal_bell, crisis=crisis,
                           on_session=live.attach,
                           speak=live.speak if live.sound.voice_wanted else None,
                           saved=log.record,
                           care=plain_care(ctx, log) if ctx is not None else None,
                           given=given)
        rescued = log.finish(exercise.qualified_id, result.note)
    finally:
        log.close_all()
        live.close()
    if rescued is not None:
        write_text(rescue_message(rescued) + "\n", sys.stderr)
        return 4
    return 0
