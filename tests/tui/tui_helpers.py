"""Shared helpers for the app's tests: a private context, exercises, a driver.

Every app is built with `create_app` (as the CLI does) and a FakeClock, so
no test waits on the wall clock: time moves only when a test advances it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from painpath.context import Context
from painpath.engine import FakeClock
from painpath.format.loader import Loaded
from painpath.format.models import Breath, Exercise, Step
from painpath.library import Library
from painpath.paths import Paths
from painpath.settings import Settings
from painpath.tui.app import PainpathApp, create_app
from painpath.tui.outcome import SessionOutcome

SIZE = (80, 24)


def exercise(*steps: Step, id: str = "test", title: str = "Test practice", kind: str = "other",
             before: tuple[str, ...] = ("pain",), after: tuple[str, ...] = ("pain",),
             **kw: object) -> Exercise:
    return Exercise(id=id, title=title, kind=kind, pack="painpath",
                    steps=steps or (Step(text="Rest here.", title="Resting", duration=60),),
                    ratings_before=before, ratings_after=after, **kw)  # type: ignore[arg-type]


TIMED = Step(text="Let your attention rest on your hands.", title="Hands", duration=90)
BREATH = Step(text="Breathe with the bar.", title="Breathing",
              breath=Breath(inhale=4, hold=2, exhale=6, rest=0), cycles=3)
COUNT = Step(text="Name five things you can see. Press space for each.", title="Seeing",
             count=5, duration=120)
ENTRY = Step(text="What thought came with the pain?", title="A thought", entry=True)
RATED = Step(text="Notice your shoulders.", title="Shoulders", duration=30,
             region="shoulders", rate="tension")


def make_ctx(tmp_path: Path, *extra: Exercise, libraries: tuple[Path, ...] = ()) -> Context:
    """A context with its own data folder, the bundled library and `extra` exercises."""
    paths = Paths(data_dir=tmp_path / "data", config_dir=tmp_path / "config",
                  libraries=libraries)
    ctx = Context(paths)
    library = Library.load(paths)
    library.add(Loaded(exercises=list(extra)))
    ctx.library = library  # type: ignore[misc]  # replaces the lazy load
    return ctx


class Harness:
    """An app plus what the tests look at: its clock and the outcomes it handed over."""

    def __init__(self, tmp_path: Path, *extra: Exercise, settings: Settings | None = None,
                 exercise_id: str | None = None, libraries: tuple[Path, ...] = (),
                 speed: float = 1.0) -> None:
        self.clock = FakeClock(1000.0)
        self.outcomes: list[SessionOutcome] = []
        self.events: list[object] = []
        self.ctx = make_ctx(tmp_path, *extra, libraries=libraries)
        self.app: PainpathApp = create_app(
            self.ctx, exercise=exercise_id, speed=speed, clock=self.clock, settings=settings,
            session_listeners=lambda ex: [self.events.append],
            on_session_end=self.outcomes.append)

    def run(self, scenario: Callable[[Pilot], Awaitable[None]],
            size: tuple[int, int] = SIZE) -> None:
        async def main() -> None:
            async with self.app.run_test(size=size) as pilot:
                await pilot.pause()
                await scenario(pilot)
        asyncio.run(main())

    async def advance(self, pilot: Pilot, seconds: float) -> None:
        """Move time on and let the player catch up, as its timer would."""
        self.clock.advance(seconds)
        tick = getattr(self.app.screen, "tick", None)
        if tick is not None:
            tick()
        await pilot.pause()

    def screen_name(self) -> str:
        return type(self.app.screen).__name__

    def text(self, selector: str) -> str:
        """The plain text a Static shows (what a person reads)."""
        widget = self.app.screen.query_one(selector)
        return str(widget.render())  # type: ignore[attr-defined]
