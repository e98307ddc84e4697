"""Which of the player's keys work at this moment, and what `?` says of them.

Kept apart from the player screen because it is a decision on the practice's
state alone (no widgets): the footer, the keys themselves and the `?` list all
follow it, so a key is never shown where it would do nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.binding import ActiveBinding, Binding

    from painpath.engine import Session

MOVING = ("running", "paused")  # a step under way, its clock going or held


def key_works(action: str, parameters: tuple[object, ...], session: Session, *,
              typing: bool, grounding: bool) -> bool:
    """Whether the player's `action` works now (Textual's `check_action`). `typing`:
    the person is writing a step's answer; `grounding`: this practice is the
    grounding one (no "ground me now" from within it)."""
    state = session.state
    if state in ("finished", "stopped", "ready"):
        return False
    kind = session.step.kind
    if action in ("ground", "stop"):
        if action == "ground" and grounding:
            return False
        if parameters == ("typing",):
            return typing
        return not typing if parameters == ("key",) else True
    if action == "safety_plan":
        return grounding and not typing
    if typing or (state == "awaiting_rating" and action not in ("next", "previous", "keys")):
        return False
    if action == "mark":
        return kind == "count" and state in MOVING
    if action in ("pause", "resume"):
        wanted = "running" if action == "pause" else "paused"
        on_k = parameters == ("k",)
        return state == wanted and on_k == (kind == "count")
    if action == "add_minute":
        return state in MOVING and session.step_limit is not None
    return True


def keys_sentence(active: Iterable[ActiveBinding], display: Callable[[Binding], str]) -> str:
    """Every key shown now, in words, the ways out first (the footer may cut the rest)."""
    words = [f"{display(a.binding)} {a.binding.description}" for a in active
             if a.binding.show and a.binding.action != "keys"]
    return "Keys here: " + ", ".join(words) + "."
