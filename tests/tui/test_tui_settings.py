"""Settings: the file on disk (headless) and the Settings screen."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import Harness

from painpath import settings as settings_file
from painpath.settings import Settings


def test_missing_file_gives_defaults_quietly(tmp_path: Path) -> None:
    loaded = settings_file.load(tmp_path / "settings.toml")
    assert loaded.settings == Settings()
    assert loaded.notes == ()


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.toml"
    chosen = Settings(bell=False, reduced_motion=True, theme="solarized-light",
                      show_breath_seconds=False)
    settings_file.save(chosen, path)
    assert settings_file.load(path) == settings_file.LoadedSettings(chosen)
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temp file left


def test_broken_file_falls_back_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("bell = tru\n[[[", encoding="utf-8")
    loaded = settings_file.load(path)
    assert loaded.settings == Settings()
    [note] = loaded.notes
    assert note.startswith(f"Your settings file {path} is not valid TOML")
    assert "the defaults are used" in note


def test_hand_edited_file_keeps_what_it_can(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('bell = "yes"\nreduced_motion = true\ncolour = "blue"\ntheme = ""\n',
                    encoding="utf-8")
    loaded = settings_file.load(path)
    assert loaded.settings == Settings(reduced_motion=True)
    assert loaded.notes == (
        f"The setting `bell` in {path} should be true or false; the default (true) is used.",
        f"The setting `colour` in {path} is not one painpath knows; it is ignored.",
        f"The setting `theme` in {path} is empty; the default is used.",
    )


def test_unreadable_file_is_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xff\xfe not utf-8")
    loaded = settings_file.load(path)
    assert loaded.settings == Settings()
    assert "could not be read (it is not UTF-8 text)" in loaded.notes[0]


def test_save_is_atomic_when_writing_fails(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.toml"
    settings_file.save(Settings(bell=False), path)

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        settings_file.save(Settings(theme="nord"), path)
    assert settings_file.load(path).settings == Settings(bell=False)  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


def test_settings_screen_applies_saves_and_a_new_app_reads_them(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()
    path = h.ctx.paths.settings_file

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("s")
        await pilot.pause()
        assert h.screen_name() == "SettingsScreen"
        await pilot.press("enter")  # the bell checkbox has focus: turn it off
        await pilot.press("tab", "enter")  # reduced motion on
        assert h.app.settings.reduced_motion
        assert h.app.animation_level == "none"
        h.app.screen.query_one("#setting-theme").value = "textual-light"
        await pilot.pause()
        assert h.app.theme == "textual-light"

    h.run(scenario)
    assert settings_file.load(path).settings == Settings(
        bell=False, reduced_motion=True, theme="textual-light")

    again = harness_factory()
    # Applied as the app is built, so its first frame is already in this theme.
    assert again.app.theme == "textual-light" and again.app.animation_level == "none"

    async def check(pilot: Pilot) -> None:
        assert again.app.settings == Settings(bell=False, reduced_motion=True,
                                              theme="textual-light")
        assert again.app.theme == "textual-light"

    again.run(check)


def test_themes_include_light_and_high_contrast(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        names = h.app.theme_names()
        assert "textual-light" in names and "high-contrast" in names
        h.app.apply_settings(h.app.settings.with_(theme="high-contrast"), save=False)
        assert h.app.theme == "high-contrast"

    h.run(scenario)


def test_unknown_theme_in_the_file_falls_back(harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()
    h.ctx.paths.config_dir.mkdir(parents=True)
    h.ctx.paths.settings_file.write_text('theme = "no-such-theme"\n', encoding="utf-8")
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        assert h.app.theme == "textual-dark"
        messages = [n.message for n in h.app._notifications]
        assert any("“no-such-theme” is not available" in m for m in messages)

    h.run(scenario)


def test_broken_settings_file_is_shown_not_fatal(harness_factory: Callable[..., Harness]) -> None:
    first = harness_factory()
    first.ctx.paths.config_dir.mkdir(parents=True)
    first.ctx.paths.settings_file.write_text("[[[", encoding="utf-8")
    h = harness_factory()

    async def scenario(pilot: Pilot) -> None:
        assert h.screen_name() == "HomeScreen"
        messages = [n.message for n in h.app._notifications]
        assert any("is not valid TOML" in m for m in messages)

    h.run(scenario)


def test_unwritable_settings_folder_warns_and_keeps_going(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory()
    h.ctx.paths.config_dir.parent.mkdir(parents=True, exist_ok=True)
    h.ctx.paths.config_dir.write_text("a file where the folder should be", encoding="utf-8")

    async def scenario(pilot: Pilot) -> None:
        h.app.apply_settings(h.app.settings.with_(bell=False))
        await pilot.pause()
        assert h.app.settings.bell is False  # applies for this run
        messages = [n.message for n in h.app._notifications]
        assert any("could not be saved" in m for m in messages)

    h.run(scenario)
