"""Clips: silence, fades, and reading recordings from untrusted packs in plain words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from painpath.errors import PainpathError
from painpath.sound.clips import (
    SAMPLE_RATE,
    AudioFileError,
    cut,
    decode,
    fade_in,
    fade_out,
    recording_seconds,
    seconds,
    silence,
)


def tone(secs: float, rate: int = SAMPLE_RATE, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(secs * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def test_silence_and_seconds():
    quiet = silence(1.5)
    assert quiet.dtype == np.float32 and len(quiet) == 36000 and not quiet.any()
    assert seconds(quiet) == 1.5
    assert len(silence(-2)) == 0


def test_fades_reach_silence_smoothly_and_leave_the_original_alone():
    clip = np.ones(SAMPLE_RATE, dtype=np.float32)
    out = fade_out(clip, 0.5)
    assert clip.all() and out[0] == 1.0 and out[-1] == 0.0
    assert np.all(np.diff(out[SAMPLE_RATE // 2:]) <= 0)
    rise = fade_in(clip, 0.25)
    assert rise[0] == 0.0 and rise[SAMPLE_RATE // 4] == 1.0


def test_cut_shortens_with_a_fade_and_leaves_short_clips_whole():
    clip = tone(3.0)
    short = cut(clip, 2.0, fade=0.5)
    assert len(short) == 2 * SAMPLE_RATE and abs(short[-1]) < 1e-6
    assert cut(clip, 5.0) is clip


@pytest.mark.parametrize(("suffix", "fmt"), [(".wav", "WAV"), (".flac", "FLAC"), (".ogg", "OGG")])
def test_decode_gives_mono_at_the_sample_rate(tmp_path: Path, suffix: str, fmt: str):
    stereo = np.stack([tone(2.0, 44100), tone(2.0, 44100)], axis=1)
    path = tmp_path / f"step{suffix}"
    soundfile.write(path, stereo, 44100, format=fmt)
    audio = decode(path)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert seconds(audio) == pytest.approx(2.0, abs=0.05)
    assert 0.4 < np.max(np.abs(audio)) <= 1.0
    assert recording_seconds(path) == pytest.approx(2.0, abs=0.05)


def test_decode_stops_at_max_seconds(tmp_path: Path):
    path = tmp_path / "long.wav"
    soundfile.write(path, tone(5.0), SAMPLE_RATE)
    assert len(decode(path, max_seconds=1.25)) == int(1.25 * SAMPLE_RATE)


def test_a_damaged_recording_is_refused_in_plain_words(tmp_path: Path):
    path = tmp_path / "feet.wav"
    path.write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot really audio at all" * 10)
    with pytest.raises(AudioFileError) as info:
        decode(path)
    assert isinstance(info.value, PainpathError)
    assert info.value.message == (
        "The recording feet.wav could not be read: it may be damaged, or not really a wav file.")
    with pytest.raises(AudioFileError, match=r"feet\.wav could not be read"):
        recording_seconds(path)


def test_a_missing_recording_or_an_unknown_kind_is_said_plainly(tmp_path: Path):
    with pytest.raises(AudioFileError, match=r"The recording gone.ogg is not there"):
        decode(tmp_path / "gone.ogg")
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(AudioFileError) as info:
        decode(other)
    assert info.value.message == "The recording notes.txt is not a kind of file painpath can play."
    assert info.value.hint == "Recordings can be .wav, .flac, .ogg or .mp3 files."
