"""Settings: bell, reduced motion, theme, breath seconds, sound. Applied and saved at once.

The sound choices are plain lists (no sliders): each reads as a line with a
screen reader, and a key press moves through them.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Label, Select, Static

from painpath.settings import (
    BELL_PRESETS,
    BREATH_CUES,
    RATE_RANGE,
    VOICE_ENGINES,
    Settings,
)
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.toggle import Toggle

SWITCHES = (
    ("bell", "Sound a bell at each step", "A bell as each step begins, and for silent "
     "sitting at set intervals: a real bell with sound on, else the terminal's."),
    ("reduced_motion", "Reduce motion", "The breath pacer names each phase instead of "
     "moving a bar; nothing on screen animates."),
    ("show_breath_seconds", "Show seconds while breathing", "Count down each in-breath and "
     "out-breath. Turn off to follow the words alone."),
)

SOUND_SWITCHES = (
    ("sound", "Sound", "Real bells, breath cues and a therapist's recordings, on this "
     "computer's speakers (when there are none, the terminal bell)."),
    ("voice", "Voice", "Each step is spoken, and so are the rating questions, so you can "
     "practise with your eyes closed. Off in plain mode unless you ask (--voice)."),
)
BELL_NAMES = {"soft": "Soft bowl", "low": "Low bowl", "double": "Double strike",
              "wood": "Wooden knock"}
BREATH_NAMES = {"tone": "A rising and falling tone", "words": "The words in, hold, out",
                "off": "None"}
ENGINE_NAMES = {"auto": "The first voice found", "piper": "Natural voice (painpath[voice])",
                "espeak-ng": "espeak-ng (Linux)", "say": "macOS voices",
                "windows": "Windows voices"}
VOLUME_NAMES = (("volume_master", "Volume: all sound"), ("volume_voice", "Volume: voice"),
                ("volume_bells", "Volume: bells"), ("volume_recordings", "Volume: recordings"),
                ("volume_breath", "Volume: breath cues"))


def _steps(current: int, low: int, high: int, step: int) -> list[int]:
    """Choices from low to high, with the current value among them."""
    return sorted({*range(low, high + 1, step), current})


class SettingsScreen(WayOutFirst, Screen[None]):
    """Each change is applied to the app and written to the settings file at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("g", "app.ground", "Ground me now"),
    ]

    def __init__(self, settings: Settings, themes: list[str]) -> None:
        super().__init__()
        self.initial = settings
        self.themes = themes

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="settings"):
            yield Static("Settings", classes="screen-title")
            for key, label, help_text in SWITCHES:
                yield Toggle(label, getattr(self.initial, key), id=f"setting-{key}")
                yield Static(help_text, classes="setting-help", markup=False)
            with Horizontal(classes="setting"):
                yield Select([(name, name) for name in self.themes], value=self.initial.theme,
                             allow_blank=False, id="setting-theme", compact=True)
                yield Label("Colours", classes="setting-label", markup=False)
            yield Static("Light and high-contrast themes are in the list. Changes are "
                         "saved as you make them.", classes="setting-help", markup=False)
            yield from self._sound()
        yield Footer()

    def _sound(self) -> ComposeResult:
        now = self.initial
        yield Static("Sound", classes="screen-title")
        for key, label, help_text in SOUND_SWITCHES:
            yield Toggle(label, getattr(now, key), id=f"setting-{key}")
            yield Static(help_text, classes="setting-help", markup=False)
        yield from self._choice("bell_preset", "Bell", [(BELL_NAMES[b], b) for b in BELL_PRESETS])
        yield from self._choice("breath_cue", "Breath cues",
                                [(BREATH_NAMES[c], c) for c in BREATH_CUES])
        engines = [(ENGINE_NAMES[e], e) for e in VOICE_ENGINES]
        yield from self._choice("voice_engine", "Which voice", engines)
        rates = [(f"{r} words a minute" + (" (calm)" if r == 120 else ""), r)
                 for r in _steps(now.speaking_rate, 90, 200, 10)]
        yield from self._choice("speaking_rate", "Speaking pace", rates)
        for key, label in VOLUME_NAMES:
            levels = [(f"{v} %", v) for v in _steps(getattr(now, key), 0, 100, 10)]
            yield from self._choice(key, label, levels)
        yield Static(f"Pace runs from {RATE_RANGE[0]} to {RATE_RANGE[1]} in the settings "
                     "file; a voice by name (voice_name) is set there too. Volume changes "
                     "are heard at once, the rest from the next practice.",
                     classes="setting-help", markup=False)

    def _choice(self, key: str, label: str,
                options: list[tuple[str, object]]) -> ComposeResult:
        with Horizontal(classes="setting"):
            yield Select(options, value=getattr(self.initial, key), allow_blank=False,
                         id=f"setting-{key}", compact=True, classes="setting-choice")
            yield Label(label, classes="setting-label", markup=False)

    def on_mount(self) -> None:
        self.query_one(Checkbox).focus()

    def _apply(self, **change: object) -> None:
        current: Settings = self.app.settings  # type: ignore[attr-defined]
        self.app.apply_settings(current.with_(**change))  # type: ignore[attr-defined]

    @on(Checkbox.Changed)
    def switched(self, event: Checkbox.Changed) -> None:
        key = (event.checkbox.id or "").removeprefix("setting-")
        self._apply(**{key: event.value})

    @on(Select.Changed)
    def chosen(self, event: Select.Changed) -> None:
        key = (event.select.id or "").removeprefix("setting-")
        current: Settings = self.app.settings  # type: ignore[attr-defined]
        if event.value is Select.BLANK or getattr(current, key, None) == event.value:
            return
        self._apply(**{key: event.value})
