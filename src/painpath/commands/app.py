"""The full-screen app: `painpath` with no command, and `run` without `--plain`.

Textual is imported inside these functions only, so `painpath list` and the
other text commands never pay for it.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from typing import TYPE_CHECKING

from painpath.context import Context
from painpath.errors import NotSavedError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    from painpath.format.models import Exercise
    from painpath.sessionlog import SessionLog
    from painpath.tui.outcome import SessionOutcome


NOT_A_TERMINAL = ("painpath's app needs a terminal to show itself in, and here its output "
                  "goes to a file or another program.")
NOT_A_TERMINAL_HINT = ("To practise in lines of text (a screen reader can read them too): "
                       "painpath run ID --plain. The IDs are listed by: painpath list. "
                       "Everything else painpath can do is listed by: painpath --help.")


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stdout, or a closed one: no terminal
        return False


def require_terminal() -> None:
    """The full-screen app only on a terminal; in a pipe it would write escape codes."""
    if not stdout_is_terminal():
        raise UsageError(NOT_A_TERMINAL, hint=NOT_A_TERMINAL_HINT)


def cmd_app(args: argparse.Namespace, ctx: Context) -> int:
    """Open the app at home (on a terminal; otherwise say how else to use painpath)."""
    require_terminal()
    return run_tui(ctx, sound=getattr(args, "sound_flag", None),
                   voice=getattr(args, "voice_flag", None))


def run_tui(ctx: Context, exercise: str | Exercise | None = None, speed: float = 1.0, *,
            record: bool = True, sound: bool | None = None, voice: bool | None = None) -> int:
    """Run the app; with `exercise` (an id, a file or an exercise), open at its page.

    Every session is recorded in the person's log as it happens (`SessionLog`),
    unless `record` is False (a preview at another speed). An unknown exercise
    raises its PainpathError before the screen changes. `sound`/`voice` are the
    --sound/--voice flags (None: as in settings).
    """
    from painpath.render import write_text
    from painpath.sessionlog import SessionLog
    from painpath.tui.app import create_app

    log = SessionLog(ctx.paths, record=record, background=True)  # saves off the UI thread
    app = create_app(ctx, exercise=exercise, speed=speed, record=record,
                     session_listeners=log.listeners, on_session_end=end_hook(log),
                     sound=sound, voice=voice)
    try:
        app.run()
    finally:
        log.close_all()
    for unsaved in app.unsaved:  # closed before the app could offer them: say it here
        write_text(unsaved.message + "\n", sys.stderr)
    return int(app.return_code or 0)


def end_hook(log: SessionLog) -> Callable[[SessionOutcome], None]:
    """The app's `on_session_end`: each practice's note into the log, and the rest done.

    A practice the log cannot take is kept in a file by `SessionLog`; the
    `NotSavedError` raised here lets the app offer to save it again.
    """
    from painpath.sessionlog import rescue_message

    def end(outcome: SessionOutcome) -> None:
        rescued = log.finish(outcome.exercise.qualified_id, outcome.note)
        if rescued is not None:
            raise NotSavedError(rescue_message(rescued), path=rescued,
                                save_again=partial(log.save_again, rescued))

    return end


def cmd_review(args: argparse.Namespace, ctx: Context) -> int:
    """Open clients' JSON exports read-only: History and Progress, one file at a time.

    The reviewer's own log is never opened, so nothing of theirs is read or
    created. A file that is not there is said at once, before the screen changes.
    """
    from pathlib import Path

    from painpath.errors import NotFoundError
    from painpath.tui.app import create_app

    files = [Path(name) for name in args.files]
    for file in files:
        if not file.is_file():
            what = "a folder, not an export file" if file.is_dir() else "not there"
            raise NotFoundError(f"{file} is {what}.",
                                hint="Review opens JSON exports made with "
                                     "`painpath export --format json`.")
    require_terminal()
    app = create_app(ctx, review=files)
    app.run()
    return int(app.return_code or 0)
