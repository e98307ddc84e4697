"""The bells and breath tones, listened to: rendered to WAV, read back, measured.

Each test states what a person would hear (a soft start, a long ring, a
bowl's partials beating slowly, a tone rising with the in-breath) as numbers
measured on the written file, not on the synthesiser's parameters.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
import soundfile
from listen import MINUS_1_DBFS, band_envelope, db, envelope, spectrum_peaks, zero_crossing_rate

from painpath.sound import synthesis
from painpath.sound.clips import SAMPLE_RATE
from painpath.sound.synthesis import BELL_PRESETS, bell, breath_tone

BOWLS = {"soft": 294.0, "low": 147.0}


def heard(clip: np.ndarray, tmp_path: Path) -> np.ndarray:
    """The clip as a listener gets it: written to a 16-bit WAV and read back."""
    path = tmp_path / "clip.wav"
    soundfile.write(path, clip, SAMPLE_RATE, subtype="PCM_16")
    data, rate = soundfile.read(path, dtype="float64")
    assert rate == SAMPLE_RATE
    return data


@pytest.mark.parametrize("preset", BELL_PRESETS)
def test_every_bell_peaks_below_minus_1_dbfs_and_ends_in_silence(preset: str, tmp_path: Path):
    sound = heard(bell(preset), tmp_path)
    assert np.max(np.abs(sound)) < MINUS_1_DBFS
    assert db(np.max(np.abs(sound[-SAMPLE_RATE // 100:]))) < -80
    # Short enough that a session's last bell fades within 15 s of its end.
    assert len(sound) / SAMPLE_RATE <= 12.0


@pytest.mark.parametrize("preset", ["soft", "low", "double"])
def test_a_bowl_starts_softly_without_a_click(preset: str, tmp_path: Path):
    env = envelope(heard(bell(preset), tmp_path), window=0.001)
    peak_ms = int(np.argmax(env[:300]))
    assert 15 <= peak_ms <= 80, f"attack peaks after {peak_ms} ms"
    # The first 3 ms are at least 20 dB under the peak: a mallet, not a click.
    assert db(env[:3].max()) < db(env.max()) - 20


@pytest.mark.parametrize(("preset", "ring"), [("soft", 3.0), ("low", 4.0)])
def test_a_bowl_rings_for_seconds_then_dies_away(preset: str, ring: float, tmp_path: Path):
    env = envelope(heard(bell(preset), tmp_path), window=0.1)
    top = db(env.max())
    # Still clearly ringing after `ring` seconds, far quieter than at the strike...
    assert top - 30 < db(env[int(ring * 10)]) < top - 6
    # ...and falling steadily: the loudest moment of every 2.5 s (a whole beat)
    # quieter than that of the 2.5 s before.
    loudest = [db(env[i * 25:(i + 1) * 25].max()) for i in range(len(env) // 25)]
    assert all(b < a - 6 for a, b in itertools.pairwise(loudest))


@pytest.mark.parametrize(("preset", "note"), BOWLS.items())
def test_a_bowl_has_inharmonic_partials(preset: str, note: float, tmp_path: Path):
    peaks = spectrum_peaks(heard(bell(preset), tmp_path), count=3)
    for found, ratio in zip(peaks, (1.0, 2.76, 5.40), strict=True):
        assert found == pytest.approx(note * ratio, rel=0.01)
    # Not a harmonic series (that would sound like an organ, not a bowl).
    assert abs(peaks[1] / peaks[0] - round(peaks[1] / peaks[0])) > 0.2


@pytest.mark.parametrize(("preset", "note"), BOWLS.items())
def test_a_bowl_beats_slowly(preset: str, note: float, tmp_path: Path):
    """The lowest partial swells and fades a few times a second or slower: it 'sings'."""
    sound = heard(bell(preset), tmp_path)[: 8 * SAMPLE_RATE]
    env = np.log(band_envelope(sound, note, window=0.05) + 1e-9)
    t = np.arange(len(env)) * 0.05
    wobble = env - np.polyval(np.polyfit(t, env, 1), t)  # the decay taken out
    assert db(np.exp(wobble.max() - wobble.min())) > 6  # a swell you can hear
    rates = np.abs(np.fft.rfft(wobble))
    beat = np.fft.rfftfreq(len(wobble), 0.05)[np.argmax(rates[1:]) + 1]
    assert 0.25 <= beat <= 1.5, f"beats at {beat:.2f} Hz"


def test_double_strikes_twice_the_second_softer(tmp_path: Path):
    env = envelope(heard(bell("double"), tmp_path), window=0.01)
    gap = int(synthesis.DOUBLE_GAP * 100)
    before, after = env[gap - 3], env[gap + 6]
    assert db(after) > db(before) + 3  # a second strike you can hear
    assert env[gap:gap + 20].max() < env[:20].max()


def test_wood_is_a_short_knock(tmp_path: Path):
    env = envelope(heard(bell("wood"), tmp_path), window=0.01)
    top = db(env.max())
    assert int(np.argmax(env)) <= 1  # at once, within 20 ms
    assert db(env[40:].max()) < top - 40  # gone within 0.4 s


def test_bells_are_the_same_every_time_and_callers_get_their_own_copy():
    first = bell("soft")
    first *= 0
    assert np.max(np.abs(bell("soft"))) == pytest.approx(synthesis.BELL_PEAK)


def test_an_unknown_preset_names_the_presets():
    with pytest.raises(ValueError, match="soft, low, double, wood"):
        bell("gong")


@pytest.mark.parametrize("phase", ["inhale", "exhale"])
def test_the_breath_tone_rises_in_and_falls_out(phase: str, tmp_path: Path):
    sound = heard(breath_tone(phase, 4.0), tmp_path)  # type: ignore[arg-type]
    assert len(sound) == 4 * SAMPLE_RATE
    start = zero_crossing_rate(sound[SAMPLE_RATE // 2: SAMPLE_RATE])
    end = zero_crossing_rate(sound[3 * SAMPLE_RATE: int(3.5 * SAMPLE_RATE)])
    if phase == "inhale":
        assert end > start * 1.25
    else:
        assert start > end * 1.25
    assert min(start, end) > 150 and max(start, end) < 350  # low and soft, not a beep
    # It swells in and fades out: no click at either end.
    assert np.max(np.abs(sound[:24])) < 0.01 and np.max(np.abs(sound[-24:])) < 0.01
    assert np.max(np.abs(sound)) < 0.3


@pytest.mark.parametrize("phase", ["hold", "rest"])
def test_the_breath_tone_is_silent_on_holds_and_rests(phase: str):
    quiet = breath_tone(phase, 2.5)  # type: ignore[arg-type]
    assert len(quiet) == int(2.5 * SAMPLE_RATE)
    assert not quiet.any()


def test_a_very_short_breath_phase_still_fits_its_length():
    tone = breath_tone("inhale", 0.01)
    assert len(tone) == 240 and np.all(np.isfinite(tone))
