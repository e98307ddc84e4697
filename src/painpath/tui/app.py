"""The painpath app, and `create_app`, the one way the CLI and the tests build it.

The flow between screens lives in `flow.py`; this module wires settings,
themes and start-up. Hooks let the caller attach the log without this package
knowing about it: `session_listeners(exercise)` gives listeners for each
session, and `on_session_end(outcome)` receives each `SessionOutcome` once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from painpath import settings as settings_file
from painpath.settings import DEFAULT_THEME, Settings
from painpath.sound.hook import Sound
from painpath.tui.flow import EndHook, ListenersHook, PracticeFlow
from painpath.tui.logviews import LogViews
from painpath.tui.screens.home import HomeScreen
from painpath.tui.themes import EXTRA_THEMES

NO_DEVICE_LINE = "No sound device here: the terminal bell rings instead."

if TYPE_CHECKING:
    from painpath.context import Context
    from painpath.engine import Clock
    from painpath.format.models import Exercise
    from painpath.library import Library


class PainpathApp(LogViews, PracticeFlow):
    CSS_PATH: ClassVar[list[str | Path]] = ["painpath.tcss", "log.tcss"]  # type: ignore[misc]
    TITLE = "painpath"
    ENABLE_COMMAND_PALETTE = False
    # ctrl+q quits from anywhere except where a screen gives it a gentler
    # meaning (the player: stop). Not a priority binding, so screens come first.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False),
        # Ground me now from anywhere, a text box too (there `g` is a letter).
        Binding("ctrl+g", "ground", "Ground me now", show=False),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(self, ctx: Context, *, exercise: Exercise | None = None, speed: float = 1.0,
                 record: bool = True, clock: Clock | None = None, settings: Settings | None = None,
                 settings_path: Path | None = None, session_listeners: ListenersHook | None = None,
                 on_session_end: EndHook | None = None,
                 now: Callable[[], datetime] | None = None, review: Sequence[Path] = (),
                 sound: Sound | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.start_exercise = exercise
        self.speed = speed
        self.record = record  # False: a preview nothing is saved from (the player says so)
        self.clock = clock
        self.session_listeners = session_listeners
        self.on_session_end = on_session_end
        self.settings_path = settings_path
        self.settings_notes: tuple[str, ...] = ()
        if settings is None and settings_path is not None:
            loaded = settings_file.load(settings_path)
            settings, self.settings_notes = loaded.settings, loaded.notes
        self.bells_rung = 0
        self.sound_notice: str | None = None  # one line in the player (no sound device)
        self.init_flow()
        self.init_log(now=now, review=review)
        for theme in EXTRA_THEMES:
            self.register_theme(theme)
        # Theme and motion are set before the first frame, so home is drawn once, in
        # the person's theme, not drawn in the default one and restyled.
        unavailable = self._use(settings or Settings())
        if unavailable:
            self.settings_notes += (unavailable,)
        # Sound loads nothing until the first practice starts (home's first frame stays fast).
        self.sound = sound if sound is not None else Sound(self.settings, ctx.paths.cache_dir)
        self.sound.note = self.sound_note

    @property
    def library(self) -> Library:
        """Loaded on first use (the library, or home's panels just after the first frame)."""
        return self.ctx.library

    def get_default_screen(self) -> Screen:
        """The first screen on the stack: home, or review mode's screen.

        Made the base itself rather than pushed over Textual's blank default
        screen, so the first frame does not wait for a screen nobody sees.
        """
        if self.reviewing:
            from painpath.tui.screens.review import ReviewScreen

            return ReviewScreen(self.reviews)
        return HomeScreen()

    def on_mount(self) -> None:
        from painpath import notices

        notices.migration = self._say_migration  # not the CLI's words on standard error
        if self.reviewing:
            return
        if self.start_exercise is not None:
            from painpath.tui.screens.exercise import ExerciseScreen

            self.push_screen(ExerciseScreen(self.start_exercise))
        for note in self.settings_notes:
            self.notify(note, title="Settings", severity="warning", markup=False, timeout=10)

    def _say_migration(self, path: Path | None) -> None:
        """An older log is being moved to the new layout (a worker opens it): say so."""
        from painpath import notices

        def say() -> None:
            self.notify(notices.MIGRATION_WORDS, title="Your log", markup=False, timeout=15)

        if not self.is_running:  # an app that has closed (the hook outlives it) says nothing
            return
        if threading.get_ident() == self._thread_id:
            say()
        else:
            self.call_from_thread(say)

    def theme_names(self) -> list[str]:
        return sorted(self.available_themes)

    def _use(self, new: Settings) -> str | None:
        """Apply theme and motion; a theme not available falls back, with a note why."""
        note = None
        if new.theme not in self.available_themes:
            note = f"The theme “{new.theme}” is not available; using {DEFAULT_THEME}."
            new = new.with_(theme=DEFAULT_THEME)
        self.settings = new
        self.theme = new.theme
        self.animation_level = "none" if new.reduced_motion else "full"
        return note

    def apply_settings(self, new: Settings, *, save: bool = True) -> None:
        """Use new settings now (theme, motion) and keep them for next time."""
        unavailable = self._use(new)
        if unavailable:
            self.notify(unavailable, title="Settings", severity="warning", markup=False)
        new = self.settings
        self.sound.update(new)
        if save and self.settings_path is not None:
            try:
                settings_file.save(new, self.settings_path)
            except OSError as err:
                self.notify(f"Your settings could not be saved ({err.strerror or err}). "
                            "They apply until you close painpath.", title="Settings",
                            severity="warning", markup=False)

    def sound_note(self, message: str) -> None:
        """A calm word about sound (no device, no voice), from any thread.

        No device is said in one line in the player, for the practice it came
        with (a toast covered half the practice at 60 columns); other notes are
        short toasts.
        """
        def show() -> None:
            from painpath.sound.backends import NO_DEVICE_NOTE  # loaded by now: no first-frame cost
            from painpath.tui.widgets.practice_progress import SoundNote

            if message == NO_DEVICE_NOTE:
                self.sound_notice = NO_DEVICE_LINE
                for line in self.screen.query(SoundNote):  # the player, if it is there
                    line.catch_up()
            else:
                self.notify(message, markup=False, timeout=8)

        if threading.get_ident() == self._thread_id:
            show()
        else:
            self.call_from_thread(show)

    def on_unmount(self) -> None:
        self.sound.close()

    def bell(self) -> None:
        self.bells_rung += 1
        super().bell()

    async def action_quit(self) -> None:
        """Quit from anywhere; a practice still open is stopped and kept, not lost
        (its save, on a worker thread, is waited for before the app closes)."""
        self.closing = True
        self.deliver_all()
        await self.session_ends_saved()
        self.exit()


def create_app(ctx: Context, *, exercise: str | Exercise | None = None, speed: float = 1.0,
               record: bool = True, clock: Clock | None = None, settings: Settings | None = None,
               session_listeners: ListenersHook | None = None,
               on_session_end: EndHook | None = None,
               save_settings: bool = True, now: Callable[[], datetime] | None = None,
               review: Sequence[str | Path] = (), sound: bool | None = None,
               voice: bool | None = None, sound_system: Sound | None = None) -> PainpathApp:
    """Build the app. Settings come from `ctx.paths.settings_file` unless given.

    `exercise` (an id, a file, or an exercise already resolved) opens that
    exercise's page over home, for `painpath run`. `clock` and `speed` go to
    every session (tests inject a FakeClock); `record=False` marks the run as a
    preview nothing is saved from, which the player says in its heading. With `save_settings=False`,
    changes apply but are not written.
    An unknown exercise raises its PainpathError here, before any screen opens.
    `now` is the clock of the log screens (tests fix "today"). `review` (JSON
    exports) opens review mode instead of home: read-only History and Progress on
    each file, the person's own log never opened. `sound`/`voice` are the
    --sound/--voice flags (None: as in settings); `sound_system` replaces the
    device (tests give one playing into memory).
    """
    start = ctx.library.resolve(exercise) if isinstance(exercise, str) else exercise
    app = PainpathApp(ctx, exercise=start, speed=speed, record=record, clock=clock,
                      settings=settings,
                       settings_path=ctx.paths.settings_file if save_settings else None,
                       session_listeners=session_listeners, on_session_end=on_session_end,
                       now=now, review=tuple(Path(p) for p in review), sound=sound_system)
    app.sound.sound_flag, app.sound.voice_flag = sound, voice
    return app
