"""Quitting at any moment of start-up never raises (issue 9: no traceback, ever).

Home mounts its log panels just after the first frame, and each panel reads the
log on a worker thread. A person who presses q (or ctrl+q) at once used to hit
`MountError: Can't mount widget(s) before Vertical(id='home-today') is mounted`
about half the time. Here the quit is made to land at each moment in turn:
before the panels, as each one mounts, while each reads the log, and as each
shows what it read. Deterministic: the quit is called from those moments, not
timed against the wall clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from tui_helpers import Harness

from painpath.tui.screens import home
from painpath.tui.widgets import checkin_panel, today, trend

PANELS = [("today", today, "TodayPanel"), ("checkin", checkin_panel, "CheckInPanel"),
          ("trend", trend, "HomeTrend")]


def quitting_panel(module: Any, name: str, moment: str) -> type:
    """A subclass of the panel that quits the app at `moment` of its start."""
    base = getattr(module, name)

    class Quitting(base):  # type: ignore[misc, valid-type]
        def on_mount(self) -> None:  # runs before the base class's on_mount
            if moment == "mounted":
                self.app.exit()

        def read(self, store: Any) -> Any:
            if moment == "reading":  # on the worker thread, mid-read
                self.app.call_from_thread(self.app.exit)
            return super().read(store)

        def present(self, result: Any) -> Any:
            if moment == "presenting":
                self.app.exit()
            return super().present(result)

    Quitting.__name__ = name
    return Quitting


MOMENTS = [("before-panels", None, "")] + [
    (f"{label}-{moment}", (module, name), moment)
    for label, module, name in PANELS
    for moment in ("mounted", "reading", "presenting")]


def run_quitting(harness: Harness) -> None:
    async def main() -> None:
        async with harness.app.run_test(size=(80, 24)) as pilot:
            for _ in range(20):  # let every deferred step run (or be dropped)
                await pilot.pause()
    asyncio.run(main())  # run_test re-raises anything the app raised


@pytest.mark.parametrize("label,panel,moment", MOMENTS, ids=[m[0] for m in MOMENTS])
def test_quit_at_each_moment_of_start_up(label: str, panel: tuple[Any, str] | None,
                                         moment: str, monkeypatch: pytest.MonkeyPatch,
                                         harness_factory: Callable[..., Harness]) -> None:
    if panel is None:
        original = home.HomeScreen._mount_panels

        async def quit_first(self: home.HomeScreen) -> None:
            self.app.exit()
            await original(self)

        monkeypatch.setattr(home.HomeScreen, "_mount_panels", quit_first)
    else:
        module, name = panel
        monkeypatch.setattr(module, name, quitting_panel(module, name, moment))
    harness = harness_factory()
    run_quitting(harness)
    assert harness.app._exit


def test_q_and_ctrl_q_at_once_quit_cleanly(harness_factory: Callable[..., Harness]) -> None:
    for key in ("q", "ctrl+q"):
        harness = harness_factory()

        async def main(h: Harness = harness, k: str = key) -> None:
            async with h.app.run_test(size=(80, 24)) as pilot:
                await pilot.press(k)
                for _ in range(5):
                    await pilot.pause()
        asyncio.run(main())
        assert harness.app.return_code == 0
