"""Review mode at 80×24 as a therapist first sees it: `painpath review FILE` (update with
`--snapshot-update`).

The client's export is written by painpath itself (`export --format json`); the
exercises are the tests' own (pack `mine`) and "now" is fixed, so the picture
never follows the bundled library or the day the tests run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from log_helpers import MINE, SIZE, LogHarness, at, check_in, export_log, press, session
from textual.pilot import Pilot

Snap = Callable[..., bool]


def test_review_of_one_export_snapshot(snap_compare: Snap, tmp_path: Path) -> None:
    alice = export_log(
        tmp_path, "alice.json",
        session(at(6), "mine/scan", before={"pain": 7, "tension": 6},
                after={"pain": 5, "tension": 3}, note="Shoulders softer"),
        check_in(at(4, 21), pain=5, distress=3),
        session(at(2, 8, 30), "mine/breath", status="stopped", practiced_s=95,
                before={"pain": 6}, after={"pain": 5}),
        check_in(at(1, 20), peg=True, pain=6, enjoyment=5, activity=4),
        session(at(0, 8), "mine/feet", before={"distress": 6}, after={"distress": 3}))
    h = LogHarness(tmp_path / "reviewer", *MINE, review=[alice])

    async def settled(pilot: Pilot) -> None:
        await press(pilot)  # the export's rows are read on a worker: wait for them

    assert snap_compare(h.app, terminal_size=SIZE, run_before=settled)
    assert not h.ctx.paths.data_dir.exists()  # the reviewer's own log was never made
