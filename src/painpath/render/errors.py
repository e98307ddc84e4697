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


def print_error(err: PainpathError) -> None:
    body = Text(err.message)
    if err.hint:
        body.append("\n\n" + err.hint, style="dim")
    stderr_console().print(Panel(body, title=Text(err.title), title_align="left",
                                 border_style="yellow", expand=False))


def print_bug(err: BaseException) -> None:
    body = Text(
        "Something went wrong inside painpath. This is a fault in painpath, not in "
        "anything you did. Your log is kept safe.\n\n"
        f"Details: {type(err).__name__}: {err}\n\n"
        "Run the same command with --debug to see the full report.",
    )
    stderr_console().print(Panel(body, title="Sorry", title_align="left",
                                 border_style="red", expand=False))
