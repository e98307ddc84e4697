"""`painpath render`: a practice written to a file, as a person would ask for it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from listen import rises
from pack_helpers import cli, flat
from sound_practice import BELLS, PLANNED, make_pack

from painpath.sound import BELL_PRESETS, synthesis
from painpath.sound.clips import SAMPLE_RATE


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    make_pack(tmp_path / "pack")
    return tmp_path / "pack" / "exercises" / "listen.toml"


@pytest.mark.parametrize("suffix", [".ogg", ".flac", ".wav"])
def test_render_a_file_without_voice(capsys, tmp_path: Path, practice: Path, suffix: str):
    out = tmp_path / f"listen{suffix}"
    code, said, err = cli(capsys, tmp_path / "data", "render", str(practice), "-o", str(out),
                          "--no-voice", "--bell", "wood")
    assert (code, err) == (0, "")
    info = soundfile.info(out)
    assert PLANNED <= info.duration <= PLANNED + 15
    assert flat(said).startswith(f"Wrote {out}: Listening practice, 1 min")
    assert flat(said).endswith("no voice.")
    data, rate = soundfile.read(out, dtype="float32")
    assert rate == SAMPLE_RATE
    # Ogg Vorbis smears a knock's sharp start a few milliseconds early (pre-echo).
    assert rises(data)[:3] == pytest.approx(BELLS[:3], abs=0.02 if suffix == ".ogg" else 0.01)


def test_render_the_bundled_practice_by_its_id(capsys, tmp_path: Path):
    out = tmp_path / "ground.ogg"
    code, _, _ = cli(capsys, tmp_path / "data", "render", "painpath/body-scan-short", "-o",
                        str(out), "--no-voice")
    assert code == 0 and out.stat().st_size > 0


def test_a_kind_of_file_painpath_cannot_write(capsys, tmp_path: Path, practice: Path):
    code, said, err = cli(capsys, tmp_path / "data", "render", str(practice), "-o",
                          str(tmp_path / "x.mp3"), "--no-voice")
    assert code == 2 and said == ""
    assert "painpath can write .wav, .flac or .ogg files, so it cannot write x.mp3." in flat(err)
    assert not (tmp_path / "x.mp3").exists()


def test_a_folder_that_is_not_there(capsys, tmp_path: Path, practice: Path,
                                    monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "300")  # the long path on one line of the message
    code, _, err = cli(capsys, tmp_path / "data", "render", str(practice), "-o",
                       str(tmp_path / "nowhere" / "x.ogg"), "--no-voice")
    assert code == 3
    assert f"The folder {tmp_path / 'nowhere'} does not exist." in flat(err)


def test_an_unknown_practice_writes_nothing(capsys, tmp_path: Path):
    code, _, _ = cli(capsys, tmp_path / "data", "render", "no-such-practice", "-o",
                     str(tmp_path / "x.ogg"), "--no-voice")
    assert code != 0 and not (tmp_path / "x.ogg").exists()


def test_help_says_how_untimed_steps_and_ratings_are_rendered(capsys, tmp_path: Path):
    with pytest.raises(SystemExit):
        cli(capsys, tmp_path, "render", "--help")
    text = flat(capsys.readouterr().out)
    assert "a pause of 30 seconds when they have none" in text
    assert "Ratings are not asked" in text
    assert ".ogg" in text and "--no-voice" in text and "--bell PRESET" in text


def test_the_bell_names_on_the_command_line_are_the_synthesisers():
    assert BELL_PRESETS == synthesis.BELL_PRESETS
    for name in BELL_PRESETS:
        assert len(synthesis.bell(name)) > 0


def test_render_with_the_real_espeak_voice(capsys, tmp_path: Path, practice: Path):
    from listen import between, envelope
    from test_voices import need_espeak

    need_espeak()
    spoken, quiet = tmp_path / "spoken.flac", tmp_path / "quiet.flac"
    code, said, err = cli(capsys, tmp_path / "data", "render", str(practice), "-o", str(spoken),
                          "--voice", "espeak-ng")
    assert code == 0, err
    assert flat(said).endswith("spoken by espeak-ng.")
    cli(capsys, tmp_path / "data", "render", str(practice), "-o", str(quiet), "--no-voice")
    voice, _ = soundfile.read(spoken, dtype="float32")
    bells, _ = soundfile.read(quiet, dtype="float32")
    assert abs(len(voice) - len(bells)) < SAMPLE_RATE // 10  # the voice never moves the schedule
    # The words of the counting step (at 42 s) are heard over its bell...
    words = voice[: len(bells)] - bells[: len(voice)]
    level = envelope(between(words, 42.0, 46.0), window=0.5)
    assert level.max() > 0.02
    # ...starting with the step, not before it.
    assert np.max(np.abs(between(words, 41.0, 41.95))) < 0.02


@pytest.mark.parametrize("suffix", [".wav", ".ogg"])
def test_render_into_a_pipe(capsys, tmp_path: Path, practice: Path, suffix: str):
    """`-o` behaves like the shell's `>`: a FIFO is written, not replaced (WAV made first)."""
    import os
    import threading

    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _, err = cli(capsys, tmp_path / "data", "render", str(practice), "-o", str(fifo),
                       "--no-voice")
    reader.join(timeout=60)
    assert code == 0, err
    (tmp_path / f"copy{suffix}").write_bytes(got[0])
    assert PLANNED <= soundfile.info(tmp_path / f"copy{suffix}").duration <= PLANNED + 15
    assert fifo.is_fifo()


def test_render_refuses_a_folder_before_any_work(capsys, tmp_path: Path, practice: Path):
    (tmp_path / "out.ogg").mkdir()
    code, _, err = cli(capsys, tmp_path / "data", "render", str(practice), "-o",
                       str(tmp_path / "out.ogg"), "--no-voice")
    assert code != 0 and "is a folder, not a file." in flat(err)


def test_a_progress_bar_only_once_rendering_takes_more_than_a_moment(monkeypatch):
    import io

    from rich.console import Console

    import painpath.commands.sound as command

    shown = io.StringIO()
    monkeypatch.setattr(command, "console", lambda **kw: Console(file=shown, force_terminal=True,
                                                                  width=80))
    now = [100.0]
    monkeypatch.setattr(command.time, "monotonic", lambda: now[0])
    with command._progress("Rendering [b]Feet[/b]") as tick:
        tick(0.1)  # at once: nothing shown
        assert shown.getvalue() == ""
        now[0] += 1.0
        tick(0.5)
        tick(1.0)
    out = shown.getvalue()
    assert "Rendering [b]Feet[/b]" in out  # the title as text, never as markup
    assert "100%" in out


class _Rendered:
    """What `render` was asked to write with, instead of writing it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from painpath.commands import sound as command
        from painpath.sound import render as renderer

        self.options = None
        self.voice: tuple[object, ...] = ()

        def render(exercise, output, options, speech=None, progress=None, *, own=None):
            self.options = options
            return 60.0

        def speech_for(ctx, name, language, **kw):
            self.voice = (name, kw.get("engine"), kw.get("voice"), kw.get("rate"))
            return None, "no voice (none was found on this computer)"

        monkeypatch.setattr(renderer, "render", render)
        monkeypatch.setattr(command, "speech_for", speech_for)


SETTINGS = ('voice = false\nbell_preset = "wood"\nvolume_bells = 40\nvolume_master = 60\n'
            'voice_engine = "espeak-ng"\nvoice_name = "en-gb"\nspeaking_rate = 150\n')


def test_render_uses_the_saved_sound_settings(capsys, tmp_path: Path, practice: Path,
                                              monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "settings.toml").write_text(SETTINGS, encoding="utf-8")
    seen = _Rendered(monkeypatch)
    code, said, _ = cli(capsys, tmp_path / "data", "render", str(practice), "-o",
                        str(tmp_path / "x.ogg"))
    assert code == 0 and flat(said).endswith("no voice.")
    options = seen.options
    assert options is not None and options.sound  # rendering is asked for: never silent
    assert (options.voice, options.bell) == (False, "wood")  # voice off in the settings
    assert (options.bells_volume, options.master_volume) == (0.4, 0.6)
    assert seen.voice == ()  # no voice asked for


def test_render_flags_override_the_saved_settings(capsys, tmp_path: Path, practice: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "settings.toml").write_text(
        SETTINGS + "bell = false\n", encoding="utf-8")  # bells muted in the app
    seen = _Rendered(monkeypatch)
    code, _, _ = cli(capsys, tmp_path / "data", "render", str(practice), "-o",
                     str(tmp_path / "x.ogg"), "--bell", "low", "--voice", "en-us")
    assert code == 0 and seen.options is not None
    assert (seen.options.bell, seen.options.bells_volume) == ("low", 0.4)
    assert seen.options.voice  # --voice turns the voice on again
    assert seen.voice == ("en-us", "espeak-ng", "en-gb", 150)  # the settings' engine and rate
