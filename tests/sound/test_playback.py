"""The mixer, the null backend, and the no-device path (one calm note, stderr clean)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from live_rig import level

from painpath.sound.backends import NO_DEVICE_NOTE, NoAudioDevice, NullBackend
from painpath.sound.clips import SAMPLE_RATE
from painpath.sound.playback import STOP_FADE, Mixer
from painpath.sound.system import SoundSystem
from painpath.sound.timeline import SoundOptions


def tone(seconds: float, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (amp * np.sin(2 * np.pi * 330 * t)).astype(np.float32)


def rig(**kw: object) -> tuple[Mixer, NullBackend]:
    mixer = Mixer(**kw)  # type: ignore[arg-type]
    backend = NullBackend()
    backend.start(mixer.render)
    return mixer, backend


def test_a_clip_plays_from_its_frame_on_its_channel() -> None:
    mixer, backend = rig()
    mixer.play(tone(1.0), "bells", at=SAMPLE_RATE // 2)
    backend.pull_seconds(2.0)
    heard = backend.captured()
    assert level(heard, 0, 0.5) == 0.0
    assert level(heard, 0.5, 1.5) == pytest.approx(0.5 / np.sqrt(2), rel=0.01)
    assert level(heard, 1.5, 2.0) == 0.0
    assert mixer.active() == []  # a finished clip is let go


def test_stop_fades_out_within_half_a_second_and_drops_what_was_to_come() -> None:
    assert STOP_FADE <= 0.5
    mixer, backend = rig()
    mixer.play(tone(10.0), "voice", at=0)
    mixer.play(tone(1.0), "bells", at=3 * SAMPLE_RATE)
    backend.pull_seconds(1.0)
    mixer.stop()
    backend.pull_seconds(4.0)
    heard = backend.captured()
    assert level(heard, 1.0, 1.05) > 0.2  # it fades rather than clicks
    assert level(heard, 1.0 + STOP_FADE, 5.0) == 0.0
    assert mixer.active() == []


def test_stop_on_one_channel_leaves_the_others() -> None:
    mixer, backend = rig()
    mixer.play(tone(3.0), "voice", at=0)
    mixer.play(tone(3.0, 0.25), "bells", at=0)
    backend.pull_seconds(1.0)
    mixer.stop(("voice",))
    backend.pull_seconds(2.0)
    assert level(backend.captured(), 1.5, 3.0) == pytest.approx(0.25 / np.sqrt(2), rel=0.01)


def test_hold_stops_the_timeline_and_release_goes_on_from_the_same_sample() -> None:
    mixer, backend = rig()
    clip = tone(2.0)
    mixer.play(clip, "recordings", at=0)
    backend.pull_seconds(1.0)
    mixer.hold()
    backend.pull_seconds(3.0)
    mixer.release()
    backend.pull_seconds(1.5)
    heard = backend.captured()
    fade = int(0.02 * SAMPLE_RATE)
    one = SAMPLE_RATE
    assert level(heard, 1.03, 4.0) == 0.0
    # After the fade back in, exactly the clip's second half.
    assert np.allclose(heard[4 * one + fade:5 * one], clip[one + fade:2 * one], atol=1e-6)
    assert mixer.timeline_frame == int(2.5 * SAMPLE_RATE)


def test_free_sounds_play_while_the_timeline_is_held() -> None:
    mixer, backend = rig()
    mixer.hold()
    mixer.play(tone(1.0), "voice", timeline=False)  # a spoken rating question
    backend.pull_seconds(1.5)
    assert level(backend.captured(), 0.1, 0.9) > 0.3
    assert mixer.timeline_frame == 0


def test_volumes_per_channel_and_master() -> None:
    mixer, backend = rig(volumes={"bells": 0.5}, master=0.5)
    mixer.play(tone(1.0, 0.8), "bells", at=0)
    mixer.play(tone(1.0, 0.8), "voice", at=SAMPLE_RATE)
    backend.pull_seconds(2.0)
    heard = backend.captured()
    assert level(heard, 0, 1) == pytest.approx(0.8 * 0.25 / np.sqrt(2), rel=0.01)
    assert level(heard, 1, 2) == pytest.approx(0.8 * 0.5 / np.sqrt(2), rel=0.01)


def test_the_mix_never_goes_past_full_scale() -> None:
    mixer, backend = rig()
    for _ in range(4):
        mixer.play(tone(0.5, 0.9), "bells", at=0)
    backend.pull_seconds(0.5)
    assert np.max(np.abs(backend.captured())) <= 1.0


def test_a_late_start_keeps_its_place() -> None:
    mixer, backend = rig()
    backend.pull_seconds(1.0)
    clip = tone(2.0)
    mixer.play(clip, "recordings", at=0)  # should have started a second ago
    backend.pull_seconds(1.0)
    assert np.allclose(backend.captured()[SAMPLE_RATE:], clip[SAMPLE_RATE:], atol=1e-6)


# ------------------------------------------------------------- no device
class NoDevice:
    def start(self, render: object) -> None:
        raise NoAudioDevice(NO_DEVICE_NOTE)

    def close(self) -> None:
        raise AssertionError("a device that never opened is not closed")


def test_no_device_is_one_calm_note_and_no_sound_system() -> None:
    notes: list[str] = []
    assert SoundSystem.open(SoundOptions(), cache_dir=None, on_note=notes.append,
                            backend=NoDevice()) is None
    assert notes == ["No sound device was found, so painpath rings the terminal bell "
                     "instead and shows the words on screen."]


def test_the_real_device_path_here_says_nothing_on_stderr() -> None:
    """On this machine (no sound card) miniaudio fails; ALSA's noise must not show."""
    script = textwrap.dedent("""
        from painpath.sound.backends import MiniaudioBackend, NoAudioDevice
        from painpath.sound.playback import Mixer
        backend = MiniaudioBackend()
        try:
            backend.start(Mixer().render)
        except NoAudioDevice as err:
            print("NO DEVICE:", err.message)
        else:
            print("DEVICE")
            backend.close()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0
    assert done.stderr == ""
    if done.stdout.startswith("NO DEVICE"):
        assert NO_DEVICE_NOTE in done.stdout
    else:
        assert done.stdout.strip() == "DEVICE"


def test_a_voice_question_is_spoken_outside_the_timeline(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Engine:
        name = "fake"

        def available(self) -> bool:
            return True

        def voices(self) -> list[str]:
            return []

        def synthesize(self, text: str, *, language: str, voice: str | None,
                       rate: int) -> np.ndarray:
            return tone(0.5, 0.3)

    backend = NullBackend()
    system = SoundSystem.open(SoundOptions(), cache_dir=tmp_path, backend=backend,
                              threaded=False)
    assert system is not None
    import painpath.sound.system as system_module

    monkeypatch.setattr(system_module, "find_engine", lambda *a, **k: Engine())
    system.mixer.hold()
    system.say("How much pain is there now?", "en")
    backend.pull_seconds(1.0)
    assert level(backend.captured(), 0.05, 0.45) > 0.1
    system.hush()
    system.close()
    assert backend.closed
