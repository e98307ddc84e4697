"""What the log screens may ask of the app, and the messages they send it.

The log screens (History, Progress, an entry's page, check-ins, the home's
panels) read a few things from the app that runs them: the person's clock,
the library, the signal that the log changed. They say so through `LogHost`,
a small protocol, not by importing the app's own class, and they tell the app
what happened by posting messages (`LogChanged`, `LogProblem`, `SwitchLogView`), which the app
handles with `@on`. So no screen imports the app's mixin (`logviews`), and the
mixin may import every screen: no import circle, and each screen can be read,
and run in a test, against any app that keeps this protocol.

Messages are posted to the app itself, not bubbled from the screen: a screen
that posts one and is dismissed at once (a note saved, an entry deleted)
would otherwise take its message with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, Protocol, cast

from textual.dom import DOMNode
from textual.message import Message

if TYPE_CHECKING:
    from textual.signal import Signal

    from painpath.context import Context
    from painpath.errors import PainpathError
    from painpath.library import Library
    from painpath.tui.logbook import Logbook


class LogHost(Protocol):
    """The app as the log screens see it (`PainpathApp` keeps it through `LogViews`)."""

    ctx: Context
    logbook: Logbook
    log_changed_signal: Signal[object]
    peg_declined: bool

    @property
    def library(self) -> Library: ...

    def now(self) -> datetime:
        """This moment, aware of its offset (tests fix it)."""
        ...

    def today(self) -> date: ...


def host(node: DOMNode) -> LogHost:
    """The running app, seen through the protocol the log screens rely on."""
    return cast("LogHost", node.app)


@dataclass
class LogChanged(Message):
    """The log changed: whatever shows it (the home's panels, History) reads it again.

    `origin` is the screen that made the change, so a list that has already
    shown it (History after a deletion on an entry's page) can skip a re-read.
    """

    origin: object = None


@dataclass
class LogProblem(Message):
    """The log could not be used: the app shows its calm dialog (asking first to set it aside).

    `logbook` is the log that failed (the person's own, or an export under
    review); `background` problems (home panels reading) are shown once per run.
    """

    error: PainpathError
    logbook: Logbook | None = None
    background: bool = field(default=False, kw_only=True)


@dataclass
class SwitchLogView(Message):
    """Put History or Progress of `logbook` in place of the screen that asks.

    History and Progress each lead to the other; the app opens the screen, so
    neither imports the other.
    """

    view: Literal["history", "progress"]
    logbook: Logbook


def tell(node: DOMNode, message: Message) -> None:
    """Post a log message to the app; safe from a worker thread too."""
    node.app.post_message(message)
