"""Live sound through the null backend: on time, one timeline with the renderer, and
every engine operation (pause, resume, next, back, one more minute, ground, stop)
stopping or moving the sound at once. No device, no wall clock."""

from __future__ import annotations

import numpy as np
import pytest
from listen import rises
from live_rig import QUIET, Rig, level, scheduled

from painpath.format.models import Breath, Exercise, Step
from painpath.sound.clips import SAMPLE_RATE
from painpath.sound.playback import STOP_FADE
from painpath.sound.timeline import SoundOptions

BELLS_ONLY = SoundOptions(voice=False, breath_cue="off")

BELLS = Exercise(id="bells", title="Bells", kind="other", pack="test", steps=(
    Step(text="Arrive.", duration=20, bells_every=8),
    Step(text="Breathe.", breath=Breath(4, 0, 6, 0), cycles=2),
    Step(text="Rest.", duration=15),
))


def tone_speech(text: str, language: str) -> np.ndarray:
    """A stand-in voice: 0.1 s of a quiet tone per word, so speech is easy to measure."""
    words = max(1, len(text.split()))
    t = np.arange(int(0.1 * words * SAMPLE_RATE)) / SAMPLE_RATE
    return (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


SPOKEN = Exercise(id="spoken", title="Spoken", kind="other", pack="test", steps=(
    Step(title="Arriving", text="Let your attention rest on your hands.", duration=12),
    Step(title="Feet", text="Notice your feet. Let them be heavy.", duration=12,
         bell=False),
    Step(title="Ending", text="Slowly come back.", duration=10),
))


def test_live_sound_is_the_rendered_timeline_sample_for_sample() -> None:
    rig = Rig(BELLS).start()
    rig.play(50 + 12)
    heard = rig.heard()
    expected = scheduled(BELLS, QUIET, seconds=len(heard) / SAMPLE_RATE)
    assert np.max(np.abs(heard - expected)) < 1e-5


def test_spoken_steps_are_the_rendered_timeline_too() -> None:
    options = SoundOptions(voice=True)
    rig = Rig(SPOKEN, options, speech=tone_speech).start()
    rig.play(34 + 12)
    heard = rig.heard()
    expected = scheduled(SPOKEN, options, tone_speech, seconds=len(heard) / SAMPLE_RATE)
    assert np.max(np.abs(heard - expected)) < 1e-5


def test_bells_ring_on_the_sample_they_are_scheduled_for_with_large_blocks() -> None:
    rig = Rig(BELLS, BELLS_ONLY, block=4096)  # a device asking for 170 ms at a time
    rig.start()
    rig.play(50 + 12)
    found = rises(rig.heard())
    # step starts at 0, 20 and 40 (the breath step lasts 2 x 10 s), interval bells at 8
    # and 16, the end at 55
    assert found == pytest.approx([0.0, 8.0, 16.0, 20.0, 40.0, 55.0], abs=0.003)


def test_a_paused_and_resumed_session_is_the_schedule_shifted_by_the_pause() -> None:
    rig = Rig(BELLS).start()
    rig.play(9.0)  # inside the first interval bell's ring
    rig.session.pause()
    rig.play(5.0)
    assert level(rig.heard(), 9.05, 14.0) == 0.0  # silent while paused
    rig.session.resume()
    rig.play(50 - 9 + 12)
    heard = rig.heard()
    expected = scheduled(BELLS, QUIET, seconds=62)
    shifted = np.concatenate([expected[:int(9 * SAMPLE_RATE)],
                              np.zeros(int(5 * SAMPLE_RATE), dtype=np.float32),
                              expected[int(9 * SAMPLE_RATE):]])[:len(heard)]
    diff = np.abs(heard - shifted)
    # Equal everywhere but in the 20 ms fades out (at the pause) and in (at the resume).
    fade = int(0.021 * SAMPLE_RATE)
    pause_at, resume_at = int(9 * SAMPLE_RATE), int(14 * SAMPLE_RATE)
    diff[pause_at:pause_at + fade] = 0
    diff[resume_at:resume_at + fade] = 0
    assert np.max(diff) < 1e-5
    bells = Rig(BELLS, BELLS_ONLY).start()
    bells.play(9.0)
    bells.session.pause()
    bells.play(5.0)
    bells.session.resume()
    bells.play(53)
    # The bell ringing at the pause rings on at the resume (14 s); the rest 5 s later.
    assert found_near(rises(bells.heard()), [0.0, 8.0, 14.0, 21.0, 25.0, 45.0, 60.0])


def found_near(found: list[float], wanted: list[float], tol: float = 0.003) -> bool:
    return len(found) == len(wanted) and all(
        abs(a - b) <= tol for a, b in zip(found, wanted, strict=True))


def test_next_fades_the_step_out_at_once_and_starts_the_next() -> None:
    rig = Rig(SPOKEN, SoundOptions(voice=True), speech=tone_speech).start()
    rig.play(1.0)
    assert level(rig.heard(), 0.9, 1.0) > 0.01
    rig.session.next_step()
    rig.play(2.0)
    heard = rig.heard()
    assert level(heard, 1.0 + STOP_FADE + 0.01, 1.0 + STOP_FADE + 0.1) < 0.02  # old words gone
    # The next step's words start at once (step 2 rings no bell).
    assert level(heard, 1.05, 1.3) > 0.01
    assert rig.session.index == 1


def test_back_restarts_the_previous_step_sound() -> None:
    rig = Rig(BELLS, BELLS_ONLY).start()
    rig.play(22.0)  # in the breath step
    rig.session.previous_step()
    rig.play(3.0)
    # Step 1's bell rings again at once.
    assert rises(rig.heard())[-1] == pytest.approx(22.0, abs=0.02)
    assert rig.session.index == 0


@pytest.mark.parametrize("how", ["stop", "ground"])
def test_stop_and_ground_fade_everything_out_within_half_a_second(how: str) -> None:
    rig = Rig(SPOKEN, SoundOptions(voice=True), speech=tone_speech).start()
    rig.play(1.0)
    rig.session.stop(grounded=how == "ground")
    rig.play(3.0)
    heard = rig.heard()
    assert level(heard, 1.0, 1.1) > 0.005  # a fade, not a click
    assert level(heard, 1.5, 4.0) == 0.0
    assert rig.mixer.active() == []


def test_one_more_minute_keeps_the_interval_bells_and_moves_the_next_step() -> None:
    rig = Rig(BELLS, BELLS_ONLY).start()
    rig.play(2.0)
    assert rig.session.add_minute()
    rig.play(80.0)
    found = rises(rig.heard())
    # Interval bells go on through the extra minute; the next step starts at 80, not 20.
    assert found == pytest.approx([0.0, 8.0, 16.0, 24.0, 32.0, 40.0, 48.0, 56.0, 64.0, 72.0,
                                   80.0], abs=0.003)


def test_one_more_minute_lets_the_words_run_on_past_the_old_end() -> None:
    long_words = " ".join(["word"] * 60) + "."
    exercise = Exercise(id="w", title="W", kind="other", pack="test", steps=(
        Step(title="Long", text=long_words + " " + long_words, duration=5, bell=False),
        Step(title="Next", text="Next.", duration=5, bell=False)))
    rig = Rig(exercise, SoundOptions(voice=True), speech=tone_speech).start()
    rig.play(1.0)
    rig.session.add_minute()
    rig.play(20.0)
    # Without the minute the first sentence (6 s) ends it; with it, both are said.
    assert level(rig.heard(), 7.0, 12.0) > 0.05


def test_a_rating_holds_the_timeline_until_it_is_answered() -> None:
    exercise = Exercise(id="r", title="R", kind="other", pack="test", steps=(
        Step(text="Notice.", duration=5, rate="pain"), Step(text="Then.", duration=5)))
    rig = Rig(exercise, BELLS_ONLY).start()
    rig.play(6.0)
    assert rig.session.state == "awaiting_rating" and rig.live.track.held
    rig.play(10.0)
    rig.session.give_rating(3)
    rig.play(3.0)
    found = rises(rig.heard())
    assert found == pytest.approx([0.0, 16.0], abs=0.03)  # step 2's bell when answered


def test_sound_off_plays_nothing() -> None:
    rig = Rig(BELLS, SoundOptions(sound=False)).start()
    rig.play(30)
    assert np.max(np.abs(rig.heard())) == 0.0


def test_channel_volumes_and_master_scale_what_is_heard() -> None:
    loud = Rig(BELLS).start()
    loud.play(3)
    soft = Rig(BELLS, SoundOptions(voice=False, bells_volume=0.5, master_volume=0.5)).start()
    soft.play(3)
    assert level(soft.heard(), 0, 3) == pytest.approx(level(loud.heard(), 0, 3) * 0.25,
                                                     rel=1e-3)


def test_a_missing_recording_is_said_once_and_the_practice_goes_on(tmp_path) -> None:
    told: list[str] = []
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.toml").write_text('id = "t"\n')
    bad = pack / "broken.wav"
    bad.write_bytes(b"RIFF not really a wave file")
    source = pack / "x.toml"
    source.write_text("")
    exercise = Exercise(id="x", title="X", kind="other", pack="t", source=str(source), steps=(
        Step(text="Listen.", duration=5, audio="broken.wav"),
        Step(text="Listen again.", duration=5, audio="broken.wav")))
    rig = Rig(exercise)
    rig.live.on_problem = told.append
    rig.start()
    rig.play(12)
    assert len(told) == 1 and "broken.wav" in told[0]
    assert rig.session.state == "finished"


def test_grounding_plays_on_its_own_track_while_the_practice_under_it_waits() -> None:
    rig = Rig(BELLS, BELLS_ONLY).start()
    rig.play(9.0)
    rig.session.pause()  # "ground me now" pauses the practice underneath
    from painpath.engine import Session
    from painpath.sound.live import LiveSound

    grounding = Session(SPOKEN, clock=rig.clock)
    LiveSound(SPOKEN, BELLS_ONLY, rig.mixer, threaded=False).attach(grounding)
    grounding.start()
    start = len(rig.heard()) / SAMPLE_RATE
    rig.play(3.0)
    assert rises(rig.heard())[-1] == pytest.approx(start, abs=0.03)  # its bell rings
    assert rig.live.track.held  # and the practice underneath stays where it was
