"""Sound in the app: a practice plays through a sound system that plays into memory,
the terminal bell only without a device, the calm no-device note once, spoken
rating questions, the sound settings (file, screen, snapshot) and the flags."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import SIZE, TIMED, exercise, make_ctx

from painpath import settings as settings_file
from painpath.cli import _opens_the_app, build_parser
from painpath.engine import FakeClock
from painpath.format.models import Step
from painpath.settings import Settings
from painpath.sound import hook
from painpath.sound.backends import NO_DEVICE_NOTE, NoAudioDevice, NullBackend
from painpath.sound.system import options_from
from painpath.tui.app import NO_DEVICE_LINE, PainpathApp, create_app

REAL_SYSTEM = hook.Sound.system  # before the autouse fixture quiets it
QUIET_VOICE = Settings(voice=False, reduced_motion=True)


class MemorySound(hook.Sound):
    """The app's sound, with a 'device' that keeps what it plays."""

    system = REAL_SYSTEM


class NoDevice:
    def start(self, render: object) -> None:
        raise NoAudioDevice(NO_DEVICE_NOTE)

    def close(self) -> None:
        pass


class FakeEngine:
    name = "fake"

    def available(self) -> bool:
        return True

    def voices(self) -> list[str]:
        return []

    def synthesize(self, text: str, *, language: str, voice: str | None,
                   rate: int) -> np.ndarray:
        return np.full(2400, 0.1, dtype=np.float32)


def build(tmp_path: Path, *, settings: Settings = QUIET_VOICE, backend: object = None,
          **kw: object) -> tuple[PainpathApp, FakeClock, MemorySound]:
    clock = FakeClock(1000.0)
    sound = MemorySound(settings, tmp_path / "cache", backend=backend or NullBackend(),
                        clock=clock.now, threaded=False)
    ctx = make_ctx(tmp_path, exercise(TIMED, Step(text="Then.", title="Then", duration=30),
                                      before=(), after=()))
    app = create_app(ctx, exercise="painpath/test", clock=clock, settings=settings,
                     save_settings=False, sound_system=sound, **kw)  # type: ignore[arg-type]
    return app, clock, sound


def drive(app: PainpathApp, scenario: Callable[[Pilot], object],
          size: tuple[int, int] = SIZE) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)  # type: ignore[misc]
    asyncio.run(main())


def test_a_practice_plays_through_the_sound_system_not_the_terminal_bell(
        tmp_path: Path) -> None:
    app, _clock, sound = build(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("s")  # start (no before-ratings)
        await pilot.pause()
        assert type(app.screen).__name__ == "PlayerScreen"
        backend = sound.system().backend  # type: ignore[union-attr]
        backend.pull_seconds(0.5)
        assert np.max(np.abs(backend.captured())) > 0.01  # the first bell rings
        assert app.bells_rung == 0  # and the terminal stays quiet
        await pilot.press("space")  # pause: the practice's track holds at once
        practice = app.practice
        assert practice is not None and practice.live.track.held
        await pilot.press("q")
        await pilot.pause()
        backend.pull_seconds(1.0)
        assert all(p.track is None for p in sound.system().mixer.active())  # type: ignore[union-attr]

    drive(app, scenario)


def test_without_a_device_the_note_comes_once_and_the_terminal_bell_rings(
        tmp_path: Path) -> None:
    app, _clock, _sound = build(tmp_path, backend=NoDevice())

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("s")
        await pilot.pause()
        assert app.bells_rung == 1
        # One dim line in the player, not a toast over half of it (at 60 columns).
        line = app.screen.query_one("#player-sound-note", Static)
        assert line.display and str(line.render()) == NO_DEVICE_LINE
        assert line.region.height == 1
        await pilot.press("q")
        await pilot.pause()
        assert [n.message for n in app._notifications] == []
        assert app.sound_notice is None  # said with the practice it came with, once

    drive(app, scenario, size=(60, 20))


def test_with_the_voice_on_a_step_rating_is_asked_aloud(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import painpath.sound.system as system_module

    monkeypatch.setattr(system_module, "find_engine", lambda *a, **k: FakeEngine())
    clock = FakeClock(1000.0)
    settings = Settings(voice=True, reduced_motion=True)
    sound = MemorySound(settings, tmp_path / "cache", backend=NullBackend(), clock=clock.now,
                        threaded=False)
    asked: list[str] = []
    monkeypatch.setattr(hook, "spoken_question",
                        lambda scale, region=None: asked.append(scale.id) or "Asked.")
    ctx = make_ctx(tmp_path, exercise(Step(text="Notice.", title="N", duration=5, rate="pain"),
                                      before=("pain",), after=()))
    app = create_app(ctx, exercise="painpath/test", clock=clock, settings=settings,
                     save_settings=False, sound_system=sound)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("s")
        await pilot.pause()
        assert asked == ["pain"]  # the before-question
        await pilot.press("enter")  # skipped, as today
        await pilot.pause()
        clock.advance(6)
        app.screen.tick()  # type: ignore[attr-defined]
        await pilot.pause()
        assert asked == ["pain", "pain"]  # the step's own question, asked aloud too
        await pilot.press("3")
        await pilot.pause()

    drive(app, scenario)


def test_spoken_questions_say_both_ends_of_the_scale() -> None:
    from painpath.format.models import BUILTIN_SCALES

    said = hook.spoken_question(BUILTIN_SCALES["pain"], "lower-back")
    assert said == ("How strong is your pain right now? In your lower back. From 0, no pain, "
                    "to 10, worst pain imaginable. Press a number, or Enter to let it be.")


# ----------------------------------------------------------------- settings
def test_sound_settings_round_trip_and_become_the_timeline_options(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    chosen = Settings(sound=True, voice=False, voice_engine="espeak-ng", voice_name="en-gb",
                      speaking_rate=100, bell_preset="wood", breath_cue="words",
                      volume_master=60, volume_bells=30)
    settings_file.save(chosen, path)
    assert settings_file.load(path) == settings_file.LoadedSettings(chosen)
    options = options_from(chosen, voice=True)
    assert (options.voice, options.engine, options.voice_name, options.rate, options.bell,
            options.breath_cue) == (True, "espeak-ng", "en-gb", 100, "wood", "words")
    assert options.master_volume == 0.6 and options.bells_volume == 0.3
    assert options_from(chosen.with_(bell=False)).bells_volume == 0.0


def test_sound_settings_out_of_range_fall_back_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('bell_preset = "gong"\nspeaking_rate = 999\nvolume_voice = -5\n'
                    'breath_cue = "hum"\nvoice_engine = "cloud"\nvolume_bells = 0.5\n')
    loaded = settings_file.load(path)
    assert loaded.settings == Settings()
    assert loaded.notes == (
        f'The setting `bell_preset` in {path} should be one of "soft", "low", "double", '
        f'"wood"; the default ("soft") is used.',
        f"The setting `speaking_rate` in {path} should be from 80 to 260; the default (120) "
        "is used.",
        f"The setting `volume_voice` in {path} should be from 0 to 100; the default (100) "
        "is used.",
        f'The setting `breath_cue` in {path} should be one of "tone", "words", "off"; the '
        'default ("tone") is used.',
        f'The setting `voice_engine` in {path} should be one of "auto", "piper", '
        f'"espeak-ng", "say", "windows"; the default ("auto") is used.',
        f"The setting `volume_bells` in {path} should be a whole number; the default (70) "
        "is used.",
    )


def test_the_settings_lists_match_the_sound_package() -> None:
    from painpath.sound.synthesis import BELL_PRESETS
    from painpath.sound.voices import engine_names

    assert settings_file.BELL_PRESETS == BELL_PRESETS
    assert ("auto", *engine_names()) == settings_file.VOICE_ENGINES


def test_changing_a_sound_setting_in_the_screen_saves_it(tmp_path: Path) -> None:
    clock = FakeClock(1000.0)
    ctx = make_ctx(tmp_path)
    app = create_app(ctx, clock=clock)

    async def scenario(pilot: Pilot) -> None:
        app.action_open_settings()
        await pilot.pause()
        from textual.widgets import Select

        app.screen.query_one("#setting-bell_preset", Select).value = "wood"
        app.screen.query_one("#setting-volume_voice", Select).value = 40
        await pilot.pause()
        loaded = settings_file.load(ctx.paths.settings_file).settings
        assert (loaded.bell_preset, loaded.volume_voice) == ("wood", 40)

    drive(app, scenario)


def test_sound_settings_screen_snapshot(snap_compare: Callable[..., bool],
                                        tmp_path: Path) -> None:
    app = create_app(make_ctx(tmp_path), settings=Settings(reduced_motion=True),
                     save_settings=False)

    async def run_before(pilot: Pilot) -> None:
        app.action_open_settings()
        await pilot.pause()
        app.screen.query_one("#setting-sound").focus()
        app.screen.query_one("#settings").scroll_to_widget(
            app.screen.query_one("#setting-sound"), top=True, animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# -------------------------------------------------------------------- flags
def test_sound_and_voice_flags_on_painpath_and_run() -> None:
    assert _opens_the_app(["--no-sound"]) and _opens_the_app(["--voice", "--debug"])
    parser = build_parser()
    plain = parser.parse_args(["run", "body-scan"])
    assert not hasattr(plain, "sound_flag") or plain.sound_flag is None
    args = parser.parse_args(["run", "body-scan", "--no-sound", "--voice"])
    assert (args.sound_flag, args.voice_flag) == (False, True)
    top = parser.parse_args(["--no-voice"])
    assert (top.sound_flag, top.voice_flag) == (None, False)


def test_plain_mode_keeps_the_voice_off_unless_asked(tmp_path: Path) -> None:
    shared = hook.Sound(Settings(voice=True), None, sound=None, voice=False)
    assert shared.wanted and not shared.voice_wanted  # bells stay, the voice waits
    asked = hook.Sound(Settings(voice=True), None, voice=True)
    assert asked.voice_wanted
    off = hook.Sound(Settings(), None, sound=False, voice=True)
    assert not off.wanted and not off.voice_wanted


def test_the_app_uses_the_flags_over_the_settings(tmp_path: Path) -> None:
    app = create_app(make_ctx(tmp_path), settings=Settings(sound=True, voice=True),
                     save_settings=False, sound=False, voice=None)
    assert not app.sound.wanted
    app = create_app(make_ctx(tmp_path), settings=Settings(voice=True),
                     save_settings=False, voice=False)
    assert app.sound.wanted and not app.sound.voice_wanted
