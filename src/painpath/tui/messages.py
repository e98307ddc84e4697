"""Messages screens send up to the app, which owns the flow between screens.

Screens never push each other: they say what the person chose, and the app
decides where that leads (so "ground me now" and the practice flow live in
one place).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # annotations only: the engine stays off the first frame
    from painpath.format.models import Exercise
    from painpath.tui.practice import Practice


@dataclass
class ExerciseChosen(Message):
    """The person picked an exercise in the library: show its page."""

    exercise: Exercise


@dataclass
class StartRequested(Message):
    """Start this exercise (before-ratings first, then the player)."""

    exercise: Exercise


@dataclass
class GroundRequested(Message):
    """Leave whatever is happening for the bundled grounding practice, at once."""


@dataclass
class SessionOver(Message):
    """A player's session finished or was stopped: the app leads on from here."""

    practice: Practice


@dataclass
class CrisisLine(Message):
    """The active plan's pack crisis line (cleaned, or ""), for home to show beside its own."""

    line: str
