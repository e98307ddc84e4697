"""The breath pacer: a bar that grows on the in-breath and shrinks on the out-breath.

The phase is always named in words ("Breathe in"), so the pacer never relies
on movement or colour alone. With reduced motion the bar does not animate:
only the words (and, if wanted, the seconds) change, once per phase.
"""

from __future__ import annotations

import math

from textual.content import Content
from textual.widgets import Static

from painpath.engine import BreathState
from painpath.text import BREATH_WORDS

PHASE_WORDS = BREATH_WORDS
_EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 48


def bar(fill: float, width: int = BAR_WIDTH) -> str:
    """A bar `fill` (0..1) of `width` cells, in eighths of a cell for smooth growth."""
    eighths = round(max(0.0, min(1.0, fill)) * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part and full < width else "")
    return text.ljust(width)


def describe(state: BreathState, *, show_seconds: bool, animate: bool) -> Content:
    """The pacer's lines: phase words (and seconds), the bar, and which breath this is."""
    words = Content.styled(PHASE_WORDS[state.phase], "bold")
    if show_seconds:
        left = max(1, math.ceil(state.phase_seconds - state.phase_elapsed - 1e-9))
        words = Content.assemble(words, Content.styled(f"   {left}", "dim"))
    cycles = f"Breath {state.cycle} of {state.cycles}" if state.cycle <= state.cycles else (
        f"Breath {state.cycle}")
    lines = [words]
    if animate:
        lines.append(Content.styled(bar(state.fill), "$accent"))
    lines.append(Content.styled(cycles, "dim"))
    return Content("\n").join(lines)


class BreathPacer(Static):
    """Shows one `BreathState`; the player decides how often to update it."""

    def show(self, state: BreathState | None, *, show_seconds: bool, animate: bool) -> None:
        self.update(Content("") if state is None
                    else describe(state, show_seconds=show_seconds, animate=animate))
