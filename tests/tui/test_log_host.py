"""A log screen runs against any app that keeps the `LogHost` protocol.

The screens know the app only through `loghost`: they read its clock and
library and post messages. Here History runs in a bare app that is not
painpath's, and what it asks of the app arrives as messages.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

from log_helpers import NOW, at, export_log, session, settle, table_rows
from textual import on
from textual.app import App
from textual.signal import Signal
from tui_helpers import make_ctx

from painpath.context import Context
from painpath.library import Library
from painpath.tui.logbook import Logbook
from painpath.tui.loghost import LogHost, LogProblem, SwitchLogView
from painpath.tui.screens.history import HistoryScreen


class BareHost(App[None]):
    """Just the protocol, and a record of the messages the screens send."""

    def __init__(self, ctx: Context, logbook: Logbook) -> None:
        super().__init__()
        self.ctx = ctx
        self.logbook = logbook
        self.log_changed_signal: Signal[object] = Signal(self, "log-changed")
        self.peg_declined = False
        self.told: list[object] = []

    @property
    def library(self) -> Library:
        return self.ctx.library

    def now(self) -> datetime:
        return NOW

    def today(self) -> date:
        return NOW.date()

    def on_mount(self) -> None:
        self.push_screen(HistoryScreen(self.logbook))

    @on(LogProblem)
    @on(SwitchLogView)
    def record(self, message: object) -> None:
        self.told.append(message)


def run(app: BareHost, scenario) -> None:  # type: ignore[no-untyped-def]
    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await scenario(pilot)
    asyncio.run(main())


def test_the_bare_host_keeps_the_protocol(tmp_path: Path) -> None:
    host: LogHost = BareHost(make_ctx(tmp_path), Logbook(export=tmp_path / "x.json"))
    assert host.today() == NOW.date()


def test_history_lists_an_export_in_an_app_that_is_not_painpaths(tmp_path: Path) -> None:
    export = export_log(tmp_path, "client.json", session(at(1), before={"pain": 6}))
    app = BareHost(make_ctx(tmp_path), Logbook(export=export))

    async def scenario(pilot) -> None:  # type: ignore[no-untyped-def]
        rows = table_rows(pilot)
        assert len(rows) == 1 and "Body scan" in rows[0][1]
        await pilot.press("p")
        await pilot.pause()
        assert len(app.told) == 1
        wanted = app.told[0]
        assert isinstance(wanted, SwitchLogView)
        assert wanted.view == "progress" and wanted.logbook is app.logbook

    run(app, scenario)


def test_a_log_that_cannot_be_read_is_told_to_the_app_as_a_message(tmp_path: Path) -> None:
    missing = tmp_path / "gone.json"
    app = BareHost(make_ctx(tmp_path), Logbook(export=missing))

    async def scenario(pilot) -> None:  # type: ignore[no-untyped-def]
        problems = [m for m in app.told if isinstance(m, LogProblem)]
        assert len(problems) == 1
        assert problems[0].logbook is app.logbook
        assert "gone.json" in problems[0].error.message
        assert isinstance(pilot.app.screen, HistoryScreen)

    run(app, scenario)
