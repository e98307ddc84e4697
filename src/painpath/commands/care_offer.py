"""The gentle offer after `painpath check-in` (painpath.care), once the check-in is saved.

Saving always comes first: nothing here can lose a check-in. When the ratings
call for the offer and a person is there to answer (standard input and output
are a terminal), it is asked as numbered choices: ground now runs the
grounding practice in plain mode, "see my safety plan" prints it (or how to
write one), and "carry on" or an empty line ends. Without a terminal the
offer is printed with the commands that do the same, and the check-in ends
as usual (exit 0).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from painpath import care
from painpath.context import Context
from painpath.format.models import BUILTIN_SCALES
from painpath.plain_input import DirectLines, Signal, isatty
from painpath.render import write_text
from painpath.store.scales import known_scales


def _say(line: str) -> None:
    write_text(line + "\n", sys.stdout)
    sys.stdout.flush()


def offer_after_check_in(ctx: Context, given: Sequence[tuple[str, int]],
                         args: argparse.Namespace | None = None) -> int:
    """Make the offer if the saved ratings call for it; the exit code to end with.

    `args` carries the --sound/--voice flags to the grounding practice.
    """
    needs_library = any(scale_id not in BUILTIN_SCALES for scale_id, _ in given)
    known = known_scales(ctx.library_if_loadable() if needs_library else None)
    why = care.Sitting().offer(dict(given), known.get)
    if why is None:
        return 0
    interactive = isatty(sys.stdin) and isatty(sys.stdout)
    lines = DirectLines(sys.stdin) if interactive else None  # no thread left on the terminal
    grounded: list[int] = []

    def read() -> str | None:
        got = lines.wait(None) if lines is not None else Signal.EOF
        return None if isinstance(got, Signal) else got

    def ground() -> None:
        grounded.append(_ground(ctx, {s: v for s, v in given if s == "distress"}, args))

    def show_plan() -> None:
        from painpath.commands.safety import plan_lines

        for line in plan_lines(ctx):
            _say(line)

    care.offer_as_lines(why, _say, read if interactive else None, ground=ground,
                        show_plan=show_plan)
    return grounded[0] if grounded else 0


def _ground(ctx: Context, given: dict[str, int], args: argparse.Namespace | None) -> int:
    """The grounding practice in plain mode, kept in the log like any practice."""
    from painpath.commands.session import run_plain_practice
    from painpath.sessionlog import SessionLog

    try:
        exercise = ctx.library.ground()
    except KeyError:
        _say(f"painpath could not find its grounding practice. {care.GROUND_COMMAND} "
             "starts it when it is there.")
        return 0
    _say("")
    return run_plain_practice(exercise, 1.0, SessionLog(ctx.paths), given=dict(given),
                              sound=getattr(args, "sound_flag", None),
                              voice=getattr(args, "voice_flag", None))
