"""Plain mode's input: lines from a terminal, a pipe, a file, or nothing at all.

From a terminal, a background thread reads lines so a step's limit can run
out while the person is silent (the caller waits on a queue with the time
until the next event). From a pipe or file, lines are read directly, in
order, which keeps scripted runs deterministic. A closed standard input
(`painpath run X --plain <&-`, where Python's `sys.stdin` is None) or one that
cannot be read reads as input that has ended: questions are skipped, timed
steps still run.
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
from typing import Protocol, TextIO

logger = logging.getLogger(__name__)


class Signal(enum.Enum):
    TIMEOUT = "timeout"
    EOF = "eof"


class Lines(Protocol):
    def wait(self, timeout: float | None) -> str | Signal: ...

    def discard_pending(self) -> None: ...


def _readline(stdin: TextIO | None) -> str:
    """One line, or "" when there is nothing to read (closed, missing or unreadable)."""
    if stdin is None:
        return ""
    try:
        return stdin.readline()
    except (OSError, ValueError) as err:  # closed or unreadable: same as the end
        logger.debug("plain-mode input ended: %s", err)
        return ""


class DirectLines:
    """Reads the next line when asked: right for pipes and files (and tests)."""

    def __init__(self, stdin: TextIO | None) -> None:
        self._stdin = stdin

    def wait(self, timeout: float | None) -> str | Signal:
        line = _readline(self._stdin)
        if line == "":
            self._stdin = None  # ended stays ended
            return Signal.EOF
        return line.rstrip("\r\n")

    def discard_pending(self) -> None:
        """Scripted input answers questions in order; nothing is stale."""


class ThreadedLines:
    """Reads lines on a daemon thread so waiting for one can time out.

    The thread stays blocked on the terminal after the run ends; it is a
    daemon, so it never keeps the program alive.
    """

    def __init__(self, stdin: TextIO) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._eof = False
        threading.Thread(target=self._pump, args=(stdin,), daemon=True,
                         name="painpath-plain-input").start()

    def _pump(self, stdin: TextIO) -> None:
        try:
            for line in iter(lambda: _readline(stdin), ""):
                self._queue.put(line.rstrip("\r\n"))
        finally:
            self._queue.put(None)

    def wait(self, timeout: float | None) -> str | Signal:
        if self._eof:
            return Signal.EOF
        try:
            item = self._queue.get(timeout=timeout)
        except queue.Empty:
            return Signal.TIMEOUT
        if item is None:
            self._eof = True
            return Signal.EOF
        return item

    def discard_pending(self) -> None:
        while not self._eof:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is None:
                self._eof = True


def isatty(stream: object) -> bool:
    """Whether a stream is a terminal; a closed or missing one is not."""
    check = getattr(stream, "isatty", None)
    try:
        return bool(check and check())
    except (OSError, ValueError):
        return False


def open_lines(stdin: TextIO | None, threaded: bool | None) -> Lines:
    """The right reader for `stdin` (threaded by default only for a terminal)."""
    if threaded is None:
        threaded = isatty(stdin)
    if threaded and stdin is not None:
        return ThreadedLines(stdin)
    return DirectLines(stdin)
