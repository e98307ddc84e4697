"""Rich rendering for the CLI's non-TUI commands (no textual here).

Every command prints through `console()`, `write_text` or `write_json`, so
every line the CLI prints passes `painpath.text.for_terminal` (JSON instead
gets the lossless `json_for_terminal`): text from packs, exports, the log and
the command line is only ever shown as text, never run by the terminal.
Rich's own styling is kept, since it is added after the text is cleaned.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from painpath.text import for_terminal, json_for_terminal


class TerminalConsole(Console):
    """A Console whose every segment of text passes `for_terminal` as it is rendered.

    Cleaning segments (not the finished output) keeps the colours Rich adds,
    and catches text however it was put in: a `Text`, a table cell, a panel
    title or a plain string. Rich's own control segments are left alone.
    """

    def render(self, renderable: RenderableType,
               options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control:
                yield segment
            else:
                text = segment.text
                cleaned = for_terminal(text)
                yield segment if cleaned == text else Segment(cleaned, segment.style)


def console(*, stderr: bool = False, soft_wrap: bool = True) -> Console:
    """Plain output: no markup, no highlighting, lines never cut (unless `soft_wrap`
    is False, for tables and panels that fit the width), every text cleaned."""
    return TerminalConsole(highlight=False, markup=False, emoji=False, soft_wrap=soft_wrap,
                           stderr=stderr)


def write_text(text: str, stream: TextIO | None = None) -> None:
    """Text printed as it is, cleaned by `for_terminal` (a line of a report, a message)."""
    (stream or sys.stdout).write(for_terminal(text))


def write_json(data: Any, stream: TextIO | None = None) -> None:
    """JSON for standard output: readable UTF-8, the unsafe characters as \\u escapes."""
    out = stream or sys.stdout
    out.write(json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


class _CleanedStream:
    """A text stream that passes everything written through `for_terminal`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(for_terminal(text))

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._stream.flush()


def stdout_for_data() -> TextIO:
    """Standard output for an export printed instead of written with -o.

    To a terminal, the export is cleaned by `for_terminal` (a note holding an
    escape sequence must not drive the person's terminal). To a pipe or a
    file (`> my-log.csv`), it is the same bytes `-o` would write: the person's
    own text, byte-exact. The same choice `ls` makes for file names.
    """
    out = sys.stdout
    try:
        to_terminal = out.isatty()
    except (OSError, ValueError):  # a closed stream is no terminal
        to_terminal = False
    return _CleanedStream(out) if to_terminal else out  # type: ignore[return-value]
