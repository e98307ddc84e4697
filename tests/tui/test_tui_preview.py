"""`painpath run FILE [--speed N] [--log]` in the app, through the real CLI wiring.

`PainpathApp.run` is replaced by a Pilot driver that puts a FakeClock in the
app, so `cmd_run` → `run_tui` → `SessionLog` → `create_app` run as in use but no
test waits on the wall clock. What reached the log is read back with `log --json`.
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import SIZE

from painpath.cli import main
from painpath.engine import FakeClock
from painpath.tui.app import PainpathApp

DRAFT = """format = 1
id = "two-minutes"
title = "Two minutes"
kind = "grounding"

[ratings]
before = []
after = []

[[steps]]
title = "First"
text = "Feel your feet."
duration = "60s"

[[steps]]
title = "Second"
text = "Feel your hands."
duration = "60s"
"""

Scenario = Callable[[Pilot, FakeClock], Awaitable[None]]


class _Terminal(io.StringIO):
    """Standard output that says it is a terminal, so `run` opens the app."""

    def isatty(self) -> bool:
        return True


def _advance(pilot: Pilot, clock: FakeClock, seconds: float) -> Awaitable[None]:
    """Move time on and let the player catch up, as its timer would."""
    clock.advance(seconds)
    pilot.app.screen.tick()  # type: ignore[attr-defined]
    return pilot.pause()


def _title(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#player-step-title").render())


async def _practise_to_the_end(pilot: Pilot, clock: FakeClock) -> None:
    speed = pilot.app.speed  # type: ignore[attr-defined]
    await pilot.press("enter")  # Start (the draft asks no ratings)
    await pilot.pause()
    await _advance(pilot, clock, 120 / speed)
    await pilot.press("escape")  # no note
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "SummaryScreen"


def _run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scenario: Scenario,
             *args: str) -> list[PainpathApp]:
    draft = tmp_path / "two-minutes.toml"
    draft.write_text(DRAFT, encoding="utf-8")
    ran: list[PainpathApp] = []
    failed: list[BaseException] = []  # main() would turn a failed assert into exit code 70

    def drive(app: PainpathApp) -> None:
        clock = FakeClock(1000.0)
        app.clock = clock
        ran.append(app)

        async def go() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                await scenario(pilot, clock)

        try:
            asyncio.run(go())
        except Exception as err:
            failed.append(err)
            raise

    with monkeypatch.context() as patch:
        patch.setattr(PainpathApp, "run", drive)
        patch.setattr(sys, "stdout", _Terminal())
        code = main(["--data-dir", str(tmp_path / "data"), "run", str(draft), *args])
    if failed:
        raise failed[0]
    assert code == 0
    return ran


def _logged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "data"), "log", "--json"]) == 0
    entries: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return entries


@pytest.mark.parametrize(("args", "recorded"), [
    (("--speed", "10"), False),
    (("--speed", "0.5"), False),
    (("--speed", "10", "--log"), True),
    ((), True),
], ids=["speed-10", "speed-0.5", "speed-10-with-log", "speed-1"])
def test_a_preview_in_the_app_is_logged_only_with_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        args: tuple[str, ...], recorded: bool) -> None:
    [app] = _run_cli(tmp_path, monkeypatch, _practise_to_the_end, *args)
    assert app.start_exercise is not None and app.start_exercise.id == "two-minutes"
    entries = _logged(tmp_path, capsys)
    if recorded:
        assert len(entries) == 1, entries
        [entry] = entries
        assert entry["exercise"] == "local/two-minutes" and entry["status"] == "completed"
    else:
        assert entries == []


def test_speed_in_the_app_runs_each_step_that_many_times_faster(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario(pilot: Pilot, clock: FakeClock) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert _title(pilot) == "First"
        await _advance(pilot, clock, 5.75)  # 57.5 s of a 60 s step (exact in binary)
        assert _title(pilot) == "First"
        await _advance(pilot, clock, 0.25)  # 6 s of clock time: the step is over
        assert _title(pilot) == "Second"
        await _advance(pilot, clock, 6)
        assert type(pilot.app.screen).__name__ == "NoteScreen"  # both steps are over

    [app] = _run_cli(tmp_path, monkeypatch, scenario, "--speed", "10")
    assert app.speed == 10


def test_a_practice_the_log_cannot_take_when_painpath_closes_is_said_on_the_way_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from painpath.errors import StoreError
    from painpath.store.db import Store

    def full(self: Store, entry: object, *, live: bool = False) -> None:
        raise StoreError("The disk is full, so your log could not be written.")

    async def close_mid_practice(pilot: Pilot, clock: FakeClock) -> None:
        await pilot.press("enter")  # Start
        await pilot.pause()
        await _advance(pilot, clock, 30)
        monkeypatch.setattr(Store, "save_entry", full)
        await pilot.app.action_quit()  # closed with the practice still open: no dialog
        await pilot.pause()

    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    _run_cli(tmp_path, monkeypatch, close_mid_practice)
    [rescue] = tmp_path.glob("painpath-unsaved-session-*.json")
    err = capsys.readouterr().err
    assert f"kept safe in {rescue}" in " ".join(err.split())


@pytest.mark.parametrize(("args", "said"), [
    (("--speed", "10"), "Two minutes · step 1 of 2 · Preview · not saved"),
    (("--speed", "10", "--log"), "Two minutes · step 1 of 2 · Preview · kept in your log"),
    ((), "Two minutes · step 1 of 2"),
], ids=["preview", "preview-with-log", "speed-1"])
def test_the_player_says_a_preview_is_not_saved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
        said: str) -> None:
    seen: list[str] = []

    async def scenario(pilot: Pilot, clock: FakeClock) -> None:
        await pilot.press("enter")
        await pilot.pause()
        seen.append(str(pilot.app.screen.query_one("#player-heading").render()))

    _run_cli(tmp_path, monkeypatch, scenario, *args)
    assert seen == [said]
