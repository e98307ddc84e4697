"""Settings: bell, reduced motion, theme, breath seconds. Applied and saved at once."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Label, Select, Static

from painpath.settings import Settings
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.toggle import Toggle

SWITCHES = (
    ("bell", "Sound a bell at each step", "A terminal bell as each step begins, and for "
     "silent sitting at set intervals."),
    ("reduced_motion", "Reduce motion", "The breath pacer names each phase instead of "
     "moving a bar; nothing on screen animates."),
    ("show_breath_seconds", "Show seconds while breathing", "Count down each in-breath and "
     "out-breath. Turn off to follow the words alone."),
)


class SettingsScreen(WayOutFirst, Screen[None]):
    """Each change is applied to the app and written to the settings file at once."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Checkbox).focus()

    def _apply(self, **change: object) -> None:
        current: Settings = self.app.settings  # type: ignore[attr-defined]
        self.app.apply_settings(current.with_(**change))  # type: ignore[attr-defined]

    @on(Checkbox.Changed)
    def switched(self, event: Checkbox.Changed) -> None:
        key = (event.checkbox.id or "").removeprefix("setting-")
        self._apply(**{key: event.value})

    @on(Select.Changed, "#setting-theme")
    def theme_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._apply(theme=event.value)
