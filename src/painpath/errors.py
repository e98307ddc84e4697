"""One base exception whose message is written for the person using painpath.

The CLI catches `PainpathError` and prints `message` as a readable panel on
stderr with `exit_code`; anything else is a bug, shown as a short apology
(or a traceback with `--debug`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


class PainpathError(Exception):
    """An error a person can act on: its message is plain words, no jargon."""

    exit_code: int = 1
    title: str = "painpath could not do that"

    def __init__(self, message: str, *, hint: str | None = None, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(PainpathError):
    """The command was typed in a way painpath does not understand."""

    exit_code = 2
    title = "That command needs a small change"


class NotFoundError(PainpathError):
    """An exercise, pack, plan or file that was asked for is not there."""

    exit_code = 3
    title = "Not found"


class StoreError(PainpathError):
    """The private log could not be read or written (disk full, locked, damaged)."""

    exit_code = 4
    title = "Your log could not be used"


class NotSavedError(StoreError):
    """A practice the log could not take, kept safe in `path` in the meantime.

    `save_again()` tries the log once more (and removes the file when it works),
    so the app can offer "save it again" as well as the file it already made.
    """

    title = "This practice is not in your log yet"

    def __init__(self, message: str, *, path: Path, save_again: Callable[[], None]) -> None:
        super().__init__(message)
        self.path = path
        self.save_again = save_again


class InvalidFileError(PainpathError):
    """A file (export, pack) was refused as a whole, with the reason."""

    exit_code = 1
    title = "That file was not accepted"
