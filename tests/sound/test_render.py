"""A practice rendered to samples, listened to: every sound where the schedule puts it.

Each test mixes the little practice of sound_practice.py (no sound device) and
asserts what a person would hear: bells starting within 10 ms of their time,
the recording at its step and cut softly at its end, speech at step starts,
quiet everywhere else, and nothing louder than -1 dBFS.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from listen import MINUS_1_DBFS, between, db, envelope, onsets, rises
from sound_practice import BELLS, PLANNED, STARTS, fake_speech, make_pack

from painpath.errors import UsageError
from painpath.sound.clips import SAMPLE_RATE
from painpath.sound.render import UNTIMED_PAUSE, mix, render, rendered_exercise, spoken_length
from painpath.sound.timeline import SoundOptions

ONLY = {"voice": 0.0, "bells": 0.0, "recordings": 0.0, "breath": 0.0}


def only(channel: str, **kw: object) -> SoundOptions:
    volumes = {f"{name}_volume": 1.0 if name == channel else 0.0 for name in ONLY}
    return SoundOptions(**volumes, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def exercise(tmp_path_factory: pytest.TempPathFactory):
    return make_pack(tmp_path_factory.mktemp("render") / "pack")


@pytest.fixture(scope="module")
def everything(exercise) -> np.ndarray:
    return mix(exercise, SoundOptions(), fake_speech)


def test_each_bell_starts_within_10_ms_of_its_time(exercise):
    bells = mix(exercise, only("bells"), fake_speech)
    heard = rises(bells)
    assert len(heard) == len(BELLS)
    for found, planned in zip(heard, BELLS, strict=True):
        assert abs(found - planned) <= 0.010, (found, planned)


def test_the_recording_starts_at_its_step_and_fades_out_at_its_end(exercise):
    recording = mix(exercise, only("recordings"))
    assert rises(recording) == [pytest.approx(72.0, abs=0.01)]
    assert db(np.max(np.abs(between(recording, 72.0, 72.5)))) > -10
    env = envelope(between(recording, 77.5, 78.0), window=0.05)
    assert np.all(np.diff(env) < 0)  # softly, not a click
    assert not between(recording, 78.0, PLANNED).any()  # and nothing of it after


def test_speech_starts_at_each_step_without_a_recording(exercise):
    voice = mix(exercise, only("voice"), fake_speech)
    heard = onsets(voice, gap=1.0)  # sentences within a step are 0.35 s apart
    assert heard == pytest.approx([s for i, s in enumerate(STARTS) if i != 4], abs=0.01)


def test_breath_tones_on_the_in_and_out_breaths_and_quiet_on_holds(exercise):
    breath = mix(exercise, only("breath"))
    assert rises(breath, merge=0.5) == pytest.approx([30.0, 33.0, 36.0, 39.0], abs=0.02)
    for hold in (32.0, 38.0):  # the hold of each cycle
        assert np.max(np.abs(between(breath, hold + 0.01, hold + 0.99))) < 1e-4


def test_quiet_between_sounds(everything):
    # The count step: its words and bell at 42 s, then a pause until the recording at 72 s.
    words = "Counting. Name three sounds. There is a pause of 30 seconds for this."
    said = 0.25 * len(words.split()) + 3 * 0.35
    assert np.max(np.abs(between(everything, 42 + 12.0, 72.0))) < 1e-4, "bell rang out by 54 s"
    assert np.max(np.abs(between(everything, 42 + said + 0.1, 42 + 10))) < 0.05  # the bell fading


def test_peaks_stay_below_minus_1_dbfs_even_with_a_loud_voice(exercise):
    loud = mix(exercise, SoundOptions(), lambda text, lang: fake_speech(text, lang, level=0.99))
    assert np.max(np.abs(loud)) < MINUS_1_DBFS
    # The limiter turns down only the loud moments: a lone bell keeps its level.
    assert db(np.max(np.abs(between(loud, 18.0, 19.0)))) > -7


def test_the_file_lasts_the_plan_plus_the_last_bells_ring(everything):
    seconds = len(everything) / SAMPLE_RATE
    assert PLANNED < seconds <= PLANNED + 15
    assert np.max(np.abs(everything[-SAMPLE_RATE // 10:])) < 1e-3  # it has faded


def test_without_voice_and_bells_a_practice_of_only_silence_still_has_its_length(exercise):
    quiet = mix(exercise, SoundOptions(sound=False))
    assert len(quiet) == PLANNED * SAMPLE_RATE and not quiet.any()


def test_untimed_steps_get_their_limit_or_a_pause_said_aloud(exercise):
    timed = rendered_exercise(exercise)
    count = timed.steps[3]
    assert count.duration == UNTIMED_PAUSE
    assert count.text.endswith("There is a pause of 30 seconds for this.")
    assert exercise.steps[3].duration is None  # the exercise itself is left as it was
    assert spoken_length(90) == "1 minute and 30 seconds"
    assert spoken_length(120) == "2 minutes"
    assert spoken_length(1) == "1 second"


@pytest.mark.parametrize(("suffix", "fmt"), [(".wav", "WAV"), (".flac", "FLAC"), (".ogg", "OGG")])
def test_render_writes_each_format(exercise, tmp_path: Path, suffix: str, fmt: str):
    out = tmp_path / f"practice{suffix}"
    seen: list[float] = []
    seconds = render(exercise, out, only("bells"), fake_speech, progress=seen.append)
    info = soundfile.info(out)
    assert info.format == fmt and info.samplerate == SAMPLE_RATE and info.channels == 1
    assert info.duration == pytest.approx(seconds, abs=0.01)
    data, _ = soundfile.read(out, dtype="float32")
    assert rises(data)[:3] == pytest.approx(BELLS[:3], abs=0.01)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_an_unknown_extension_is_refused_before_any_work(exercise, tmp_path: Path):
    with pytest.raises(UsageError) as info:
        render(exercise, tmp_path / "practice.mp3", SoundOptions())
    assert info.value.message == ("painpath can write .wav, .flac or .ogg files, "
                                  "so it cannot write practice.mp3.")
    assert not (tmp_path / "practice.mp3").exists()


LONG = '''format = 1
id = "long"
title = "Too many words"
kind = "other"

[[steps]]
title = "Hello"
text = "One two three four five six seven eight. Nine ten eleven twelve. Thirteen fourteen."
duration = 3

[[steps]]
title = "Next"
text = "Rest here."
duration = 10
'''


def test_speech_longer_than_its_step_ends_its_sentence_then_the_next_step_speaks(tmp_path: Path):
    exercise = make_pack(tmp_path / "long", LONG)
    voice = mix(exercise, only("voice"), fake_speech)
    # "Hello." 0-0.25, "One ... eight." 0.6-2.6, "Nine ... twelve." 2.95-3.95 (under way at
    # 3 s, so finished); "Thirteen fourteen." left out; a breath; then step two's words.
    segments = onsets(voice, gap=0.3)
    assert segments == pytest.approx([0.0, 0.6, 2.95, 4.3, 4.9], abs=0.01)
    assert np.max(np.abs(between(voice, 3.96, 4.29))) < 1e-4  # no overlap, no word cut
    bells = mix(exercise, only("bells"), fake_speech)
    assert rises(bells) == pytest.approx([0.0, 3.0, 13.0], abs=0.01)  # the schedule never moves


def test_a_long_ogg_is_encoded_in_small_blocks(tmp_path: Path):
    """libvorbis puts a whole write on the C stack: one 10-minute write crashes the process."""
    from painpath.sound.render import ENCODE_BLOCK, write

    assert ENCODE_BLOCK * 4 <= 256 * 1024  # bytes of stack per block, well under Windows' 1 MiB
    track = np.zeros(600 * SAMPLE_RATE, dtype=np.float32)
    with open(tmp_path / "long.ogg", "wb") as fh:
        write(track, fh, "OGG", "VORBIS")
    assert soundfile.info(tmp_path / "long.ogg").duration == pytest.approx(600, abs=0.1)


def buzz(text: str, language: str) -> np.ndarray:
    """A harsh fake voice: a full-scale sawtooth, whose sharp edges Vorbis overshoots."""
    k = np.arange(int(0.25 * len(text.split()) * SAMPLE_RATE))
    return (2 * ((k * 120 / SAMPLE_RATE) % 1.0) - 1).astype(np.float32)


def test_a_loud_voice_stays_below_minus_1_dbfs_in_an_ogg_file(exercise, tmp_path: Path):
    loud = mix(exercise, SoundOptions(), buzz)
    from painpath.sound.render import write

    with open(tmp_path / "loud.ogg", "wb") as fh:
        write(loud, fh, "OGG", "VORBIS")
    data, _ = soundfile.read(tmp_path / "loud.ogg", dtype="float32")
    assert np.max(np.abs(data)) < MINUS_1_DBFS
