"""Helpers for the tests of the log screens: a fixed clock, entries, a driver.

Every app here is built with `create_app` (as the CLI does), a context with its
own data folder under tmp_path, and a fixed "now" (Monday 23 November 2026,
18:00 at +01:00), so dates on screen never depend on the day the tests run.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from rich.console import Console
from textual.app import App
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.worker import WorkerCancelled
from tui_helpers import make_ctx

from painpath import plans
from painpath.cli import main
from painpath.context import Context
from painpath.format.models import Exercise, Step
from painpath.settings import Settings
from painpath.store import Answer, Entry, Rating, Store
from painpath.tui.app import PainpathApp, create_app
from painpath.tui.widgets.log_panel import LogPanel

SIZE = (80, 24)
CET = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 23, 18, 0, tzinfo=CET)
STILL = Settings(reduced_motion=True)


def at(days_ago: int, hour: int = 9, minute: int = 0) -> datetime:
    """A time `days_ago` days before NOW's day, on the same +01:00 clock."""
    day = NOW - timedelta(days=days_ago)
    return day.replace(hour=hour, minute=minute)


def session(started: datetime, exercise: str = "painpath/body-scan", *,
            before: dict[str, int] | None = None, after: dict[str, int] | None = None,
            during: Sequence[tuple[str, int]] = (), status: str = "completed",
            practiced_s: float = 600.0, note: str | None = None,
            answers: Sequence[tuple[int, str]] = ()) -> Entry:
    """A session with ratings before/after and tension `during` per region."""
    ratings = [Rating(scale=s, value=v, phase="before", at=started)
               for s, v in (before or {}).items()]
    ratings += [Rating(scale="tension", value=v, phase="during", region=region, step=i,
                       at=started) for i, (region, v) in enumerate(during)]
    ratings += [Rating(scale=s, value=v, phase="after", at=started + timedelta(minutes=10))
                for s, v in (after or {}).items()]
    return Entry(type="session", exercise=exercise, started=started,
                 ended=started + timedelta(minutes=10), status=status, planned_s=600.0,
                 practiced_s=practiced_s, furthest_step=3, note=note, ratings=tuple(ratings),
                 answers=tuple(Answer(step=s, text=t, at=started) for s, t in answers),
                 updated=started + timedelta(minutes=10))


def check_in(started: datetime, *, peg: bool = False, note: str | None = None,
             **values: int) -> Entry:
    return Entry(type="check-in", started=started, ended=started, status="completed",
                 peg=peg, note=note, updated=started,
                 ratings=tuple(Rating(scale=s, value=v, phase="check-in", at=started)
                               for s, v in values.items()))


def own_exercise(ident: str, title: str, kind: str = "other") -> Exercise:
    """An exercise in a pack of the tests' own, so snapshots never follow bundled edits."""
    return Exercise(id=ident, title=title, kind=kind, pack="mine",
                    steps=(Step(text="Rest here.", title="Resting", duration=60),))


MINE = (own_exercise("scan", "Body scan", "body-scan"),
        own_exercise("breath", "Box breathing", "breathing"),
        own_exercise("feet", "Feet on the floor", "grounding"))


PACK_TOML = """format = 1
id = "steady"
title = "Steady: practices between sessions"
version = "1.0.0"
"""
SCAN_TOML = """format = 1
id = "scan"
title = "Short body scan"
kind = "body-scan"

[[steps]]
title = "Feet"
text = "Let your attention rest on your feet."
duration = "1m"
region = "feet"
rate = "tension"
"""
BREATH_TOML = """format = 1
id = "breath"
title = "Longer out-breath"
kind = "breathing"

[[steps]]
text = "Breathe out a little longer than you breathe in."
duration = "2m"
"""
PLAN_TOML = """format = 1
id = "two-weeks"
title = "Two weeks between sessions"
weeks = 2
message = "Practise when you can. Missing a day is fine."

[[assign]]
exercise = "scan"
days = "daily"

[[assign]]
exercise = "breath"
weeks = "2"
days = ["mon", "wed", "fri"]
times = 2
"""


def write_pack(folder: Path) -> Path:
    """A small pack with a plan (`steady/two-weeks`), written for the tests."""
    (folder / "exercises").mkdir(parents=True)
    (folder / "pack.toml").write_text(PACK_TOML, encoding="utf-8")
    (folder / "plan.toml").write_text(PLAN_TOML, encoding="utf-8")
    (folder / "exercises" / "scan.toml").write_text(SCAN_TOML, encoding="utf-8")
    (folder / "exercises" / "breath.toml").write_text(BREATH_TOML, encoding="utf-8")
    return folder


class LogHarness:
    """An app on its own data folder, and the person's log filled through the store API."""

    def __init__(self, tmp_path: Path, *extra: Exercise, now: datetime = NOW,
                 review: Sequence[Path] = (), libraries: tuple[Path, ...] = ()) -> None:
        self.ctx: Context = make_ctx(tmp_path, *extra, libraries=libraries)
        self.now = now
        self.review = tuple(review)
        self._app: PainpathApp | None = None

    @property
    def database(self) -> Path:
        return self.ctx.paths.database

    @property
    def app(self) -> PainpathApp:
        if self._app is None:
            self._app = create_app(self.ctx, settings=STILL, save_settings=False,
                                   now=lambda: self.now, review=self.review)
        return self._app

    def start_plan(self, start: date) -> None:
        """Follow `steady/two-weeks` from `start` (the pack must be in `libraries`)."""
        plans.start(self.ctx.paths, self.ctx.library, "steady/two-weeks", start)

    def fill(self, *entries: Entry) -> None:
        with Store.for_paths(self.ctx.paths) as store:
            for entry in entries:
                store.save_entry(entry)

    def stored(self) -> Store:
        return Store.open(self.database)

    def run(self, scenario: Callable[[Pilot], Awaitable[None]]) -> None:
        async def main() -> None:
            async with self.app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await scenario(pilot)
        asyncio.run(main())


def busy(app: App[None]) -> bool:
    """Whether the app is still reading the log: workers, or screens and panels waiting."""
    if list(app.workers):
        return True
    for screen in app.screen_stack:
        if getattr(screen, "fetching", False):
            return True
        if any(not panel.loaded for panel in screen.query(LogPanel)):
            return True
    return False


async def settle(pilot: Pilot) -> None:
    """Let the log's reads (on worker threads) finish and the screen catch up.

    Waits on what the app says it is doing, not on the clock: up to a few hundred
    turns of the event loop, and it says so if the app never settles.
    """
    await pilot.pause()
    for _ in range(300):
        if not busy(pilot.app):
            await pilot.pause()
            if not busy(pilot.app):
                return
        # A read replaced by a newer one (exclusive workers) is cancelled: keep waiting.
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    raise AssertionError("the app kept reading the log and never settled")


async def press(pilot: Pilot, *keys: str) -> None:
    """Press each key in turn, letting the app settle after each (and once with none)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    if not keys:
        await settle(pilot)


def text_of(widget: Static) -> str:
    """What a Static shows, as plain text (rich renderables rendered 76 columns wide)."""
    content = widget.content
    if isinstance(content, Content):
        return content.plain
    if isinstance(content, str):
        return content
    console = Console(width=76, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def export_log(folder: Path, name: str, *entries: Entry) -> Path:
    """A client's log, filled through the store and exported to `name` with the CLI."""
    client = LogHarness(folder / f"client-{name}")
    client.fill(*entries)
    target = folder / name
    assert main(["--data-dir", str(client.ctx.paths.data_dir), "export", "--format", "json",
                 "-o", str(target)]) == 0
    return target


def table_rows(pilot: Pilot) -> list[list[str]]:
    """The cells of the screen's table, as text."""
    table = pilot.app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
