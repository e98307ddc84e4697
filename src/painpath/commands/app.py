"""The full-screen app: `painpath` with no command, and `run` without `--plain`.

Textual is imported inside these functions only, so `painpath list` and the
other text commands never pay for it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from painpath.context import Context
from painpath.errors import PainpathError

if TYPE_CHECKING:
    from painpath.engine import Listener
    from painpath.format.models import Exercise
    from painpath.tui.outcome import SessionOutcome


def cmd_app(args: argparse.Namespace, ctx: Context) -> int:
    """Open the app at home."""
    return run_tui(ctx)


def run_tui(ctx: Context, exercise_id: str | None = None, speed: float = 1.0, *,
            session_listeners: Callable[[Exercise], Iterable[Listener]] | None = None,
            on_session_end: Callable[[SessionOutcome], None] | None = None) -> int:
    """Run the app; with `exercise_id`, open straight at that exercise's page.

    The hooks are where the log is attached (see `painpath.tui.app.create_app`).
    An unknown exercise raises its PainpathError before the screen changes.
    """
    from painpath.tui.app import create_app

    app = create_app(ctx, exercise=exercise_id, speed=speed,
                     session_listeners=session_listeners, on_session_end=on_session_end)
    app.run()
    return int(app.return_code or 0)


def cmd_review(args: argparse.Namespace, ctx: Context) -> int:
    raise PainpathError("Review mode is not available yet.")
