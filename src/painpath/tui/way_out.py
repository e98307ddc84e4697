"""The way out first: Stop, Ground me now and the way back lead every footer.

Textual's footer shows keys in the order the focus chain finds them (the
focused widget's keys, then the screen's, then the app's) and cuts the row at
the terminal's width. In a narrow terminal that cut the very keys a person in
distress looks for. `WayOutFirst` reorders what a screen reports as its active
keys so the ways out come first and are never the ones cut; the other keys keep
their order after them (and the player lists them all under `?`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

# Lower comes first. Actions are compared without "app." and without arguments.
_RANK = {"stop": 0, "ground": 1, "quit": 2, "keys": 3, "open_safety_plan": 3}
_BACK_KEY = "escape"  # every screen's way back (Back, Skip all, Leave, Done...)


def way_out_rank(key: str, action: str) -> int:
    """Where a key goes in the footer: the ways out first, everything else after."""
    name = action.split("(", 1)[0].removeprefix("app.")
    if name in _RANK:
        return _RANK[name]
    return 3 if key == _BACK_KEY else 4


def ordered(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The same keys, ways out first (a stable sort: the rest keep their order)."""
    items = sorted(bindings.items(),
                   key=lambda item: way_out_rank(item[0], item[1].binding.action))
    return dict(items)


class WayOutFirst:
    """Mixed into a screen (before `Screen`): its footer starts with its ways out."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return ordered(super().active_bindings)  # type: ignore[misc]
