"""Errors as a person reads them: a calm panel on stderr, never a traceback."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from painpath.errors import PainpathError
from painpath.render import console


def stderr_console() -> Console:
    """Messages may quote a file or an argument, so they are cleaned like all output."""
    return console(stderr=True, soft_wrap=False)


def _print_lines(title: str, *paragraphs: str) -> None:
    """Not a terminal (a pipe, a log, a screen reader's capture): plain lines, no box.

    A panel's box characters read aloud as symbols, and its fixed width
    splits words in a pipe.
    """
    console = stderr_console()
    text = Text(f"{title}: {paragraphs[0]}")
    for more in paragraphs[1:]:
        text.append("\n" + more)
    console.print(text, soft_wrap=True)


def print_error(err: PainpathError) -> None:
    if not stderr_console().is_terminal:
        _print_lines(err.title, err.message, *([err.hint] if err.hint else []))
        return
    body = Text(err.message)
    if err.hint:
        body.append("\n\n" + err.hint, style="dim")
    stderr_console().print(Panel(body, title=Text(err.title), title_align="left",
                                 border_style="yellow", expand=False))


def print_bug(err: BaseException) -> None:
    words = ("Something went wrong inside painpath. This is a fault in painpath, not in "
             "anything you did. Your log is kept safe.",
             f"Details: {type(err).__name__}: {err}",
             "Run the same command with --debug to see the full report.")
    if not stderr_console().is_terminal:
        _print_lines("Sorry", *words)
        return
    body = Text("\n\n".join(words))
    stderr_console().print(Panel(body, title="Sorry", title_align="left",
                                 border_style="red", expand=False))
