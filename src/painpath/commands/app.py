"""The full-screen app: `painpath` with no command, and `run` without `--plain`.

Textual is imported inside these functions only, so `painpath list` and the
other text commands never pay for it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from painpath.context import Context
from painpath.errors import PainpathError

if TYPE_CHECKING:
    from painpath.tui.outcome import SessionOutcome


def cmd_app(args: argparse.Namespace, ctx: Context) -> int:
    """Open the app at home."""
    return run_tui(ctx)


def run_tui(ctx: Context, exercise_id: str | None = None, speed: float = 1.0, *,
            record: bool = True) -> int:
    """Run the app; with `exercise_id` (an id or a file), open at that exercise's page.

    Every session is recorded in the person's log as it happens (`SessionLog`),
    unless `record` is False (a preview at another speed). An unknown exercise
    raises its PainpathError before the screen changes.
    """
    from painpath.sessionlog import SessionLog, rescue_message
    from painpath.tui.app import create_app

    log = SessionLog(ctx.paths, record=record)

    def end(outcome: SessionOutcome) -> None:
        rescued = log.finish(outcome.exercise.qualified_id, outcome.note)
        if rescued is not None:
            raise PainpathError(rescue_message(rescued))

    app = create_app(ctx, exercise=exercise_id, speed=speed,
                     session_listeners=log.listeners, on_session_end=end)
    try:
        app.run()
    finally:
        log.close_all()
    return int(app.return_code or 0)


def cmd_review(args: argparse.Namespace, ctx: Context) -> int:
    raise PainpathError("Review mode is not available yet.")
