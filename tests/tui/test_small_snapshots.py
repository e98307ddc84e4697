"""SVG snapshots at 60×20, the smallest terminal painpath promises to work in.

Home with every button and the safety line on screen; the player with Stop
and Ground me now leading its footer (update with `--snapshot-update`).
"""

from __future__ import annotations

from collections.abc import Callable

from test_tui_snapshots import SNAP, STILL, Snap, player_at
from tui_helpers import Harness

SMALL = (60, 20)


def test_home_at_60x20(snap_compare: Snap, harness_factory: Callable[..., Harness]) -> None:
    assert snap_compare(harness_factory().app, terminal_size=SMALL)


def test_player_count_step_at_60x20(snap_compare: Snap,
                                    harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(SNAP, exercise_id="snap")
    assert snap_compare(h.app, terminal_size=SMALL, run_before=player_at(h, 2, 10))


def test_player_entry_step_at_60x20(snap_compare: Snap,
                                    harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(SNAP, exercise_id="snap", settings=STILL)
    assert snap_compare(h.app, terminal_size=SMALL, run_before=player_at(h, 3, 5))
