"""The timeline: which engine event starts which sound, and how a cue becomes samples."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sound_practice import STARTS, fake_speech, make_pack

from painpath.engine.events import Bell, Finished, PhaseChanged, RatingAsked, StepStarted, Stopped
from painpath.sound.clips import SAMPLE_RATE
from painpath.sound.render import plan, rendered_exercise
from painpath.sound.timeline import (
    BellSound,
    BreathSound,
    Cue,
    Recording,
    SoundOptions,
    Spoken,
    VoiceLane,
    clip_for,
    cues_for,
    spoken_parts,
    spoken_text,
)

ON = SoundOptions()


@pytest.fixture
def exercise(tmp_path: Path):
    return make_pack(tmp_path / "pack")


def test_bells_ring_at_each_bell_and_at_the_end_not_when_stopped(exercise):
    options = SoundOptions(bell="low")
    assert cues_for(Bell(1, 18.0), exercise, options) == [Cue(18.0, "bells", BellSound("low"))]
    assert cues_for(Finished(83.0, 5), exercise, options) == [Cue(83.0, "bells", BellSound("low"))]
    assert cues_for(Stopped(12.0, 1), exercise, options) == []
    assert cues_for(Stopped(12.0, 1, grounded=True), exercise, options) == []
    assert cues_for(RatingAsked("during", "tension", 1), exercise, options) == []


def test_a_step_is_spoken_title_then_text_until_its_end(exercise):
    [cue] = cues_for(StepStarted(0, 0.0), exercise, ON)
    assert cue == Cue(0.0, "voice", Spoken("Arriving.\n\nSettle in. Feel the floor.", "en"), 10.0)
    assert spoken_parts(cue.source.text) == ["Arriving.", "Settle in.", "Feel the floor."]


def test_a_step_with_a_recording_plays_it_instead_of_the_voice(exercise, tmp_path: Path):
    [cue] = cues_for(StepStarted(4, 72.0), exercise, ON)
    assert cue.channel == "recordings" and cue.until == 78.0
    assert cue.source == Recording((tmp_path / "pack" / "audio" / "feet.wav").resolve())
    # With the voice off the therapist's recording still plays: it is the guidance.
    assert cues_for(StepStarted(4, 72.0), exercise, SoundOptions(voice=False)) == [cue]


def test_a_missing_recording_is_spoken_instead(exercise, tmp_path: Path):
    (tmp_path / "pack" / "audio" / "feet.wav").unlink()
    [cue] = cues_for(StepStarted(4, 72.0), exercise, ON)
    assert cue.channel == "voice" and cue.source.text.startswith("Feet.")


def test_an_untimed_step_is_spoken_without_an_end(exercise):
    [cue] = cues_for(StepStarted(3, 42.0), exercise, ON)
    assert cue.until is None


def test_voice_off_or_sound_off(exercise):
    assert cues_for(StepStarted(0, 0.0), exercise, SoundOptions(voice=False)) == []
    off = SoundOptions(sound=False)
    for event in (StepStarted(0, 0.0), Bell(0, 0.0), Finished(1.0, 0),
                  PhaseChanged(2, "inhale", 1, 2.0, 30.0)):
        assert cues_for(event, exercise, off) == []


def test_breath_tone_rises_and_falls_and_is_silent_on_holds(exercise):
    inhale = PhaseChanged(2, "inhale", 1, 2.0, 30.0)
    assert cues_for(inhale, exercise, ON) == [
        Cue(30.0, "breath", BreathSound("inhale", 2.0, False, "en"), 32.0)]
    assert cues_for(PhaseChanged(2, "hold", 1, 1.0, 32.0), exercise, ON) == []
    assert cues_for(PhaseChanged(2, "rest", 1, 1.0, 36.0), exercise, ON) == []
    assert cues_for(inhale, exercise, SoundOptions(breath_cue="off")) == []


def test_breath_words_are_said_on_every_phase_with_a_voice(exercise):
    words = SoundOptions(breath_cue="words")
    [hold] = cues_for(PhaseChanged(2, "hold", 1, 1.0, 32.0), exercise, words)
    assert hold.source == BreathSound("hold", 1.0, True, "en")
    said: list[str] = []
    clip_for(hold, words, lambda text, lang: said.append(text) or fake_speech(text, lang))
    assert said == ["hold"]
    # Without a voice, the tone takes their place (and holds are silent again).
    no_voice = SoundOptions(breath_cue="words", voice=False)
    assert cues_for(PhaseChanged(2, "hold", 1, 1.0, 32.0), exercise, no_voice) == []
    [tone] = cues_for(PhaseChanged(2, "exhale", 1, 3.0, 33.0), exercise, no_voice)
    assert tone.source.words is False


def test_breath_words_in_a_language_without_them_use_the_tone(tmp_path: Path):
    from sound_practice import PRACTICE
    german = make_pack(tmp_path / "de", PRACTICE.replace('kind = "other"',
                                                         'kind = "other"\nlanguage = "de"'))
    [cue] = cues_for(PhaseChanged(2, "inhale", 1, 2.0, 30.0), german,
                     SoundOptions(breath_cue="words"))
    assert cue.source == BreathSound("inhale", 2.0, False, "de")
    [spoken] = cues_for(StepStarted(0, 0.0), german, ON)
    assert spoken.source.language == "de"


def test_the_whole_rendered_plan_follows_the_engine(exercise):
    cues, length = plan(rendered_exercise(exercise), ON)
    assert length == 83.0
    voice = [c.at for c in cues if c.channel == "voice"]
    assert voice == [s for i, s in enumerate(STARTS) if i != 4]
    assert [c.at for c in cues if c.channel == "recordings"] == [72.0]
    assert [c.at for c in cues if c.channel == "breath"] == [30.0, 33.0, 36.0, 39.0]
    assert [c.at for c in cues if c.channel == "bells"] == [0, 10, 18, 26, 42, 72, 78, 83]


def test_a_recording_longer_than_its_step_is_cut_with_a_fade(exercise):
    [cue] = cues_for(StepStarted(4, 72.0), exercise, ON)
    clip = clip_for(cue, ON, None)
    assert len(clip) == 6 * SAMPLE_RATE
    assert abs(clip[-1]) < 1e-4
    env = np.abs(clip[-SAMPLE_RATE // 2:]).reshape(10, -1).max(axis=1)
    assert np.all(np.diff(env) < 0)  # falling through its last half second


def test_speech_longer_than_its_step_finishes_its_sentence_and_no_more():
    text = "One two three four five six seven eight. Nine ten eleven twelve. Thirteen."
    cue = Cue(0.0, "voice", Spoken(text, "en"), until=2.5)
    said: list[str] = []
    clip = clip_for(cue, ON, lambda t, lang: said.append(t) or fake_speech(t, lang))
    # Sentence one (2 s) ends before 2.5 s; sentence two is under way at 2.5 s and
    # is finished; sentence three is not begun.
    assert said == ["One two three four five six seven eight.", "Nine ten eleven twelve."]
    assert len(clip) / SAMPLE_RATE == pytest.approx(2.0 + 0.35 + 1.0, abs=0.01)
    # Spoken from the first sample: the engine's leading silence is trimmed.
    assert abs(clip[1]) > 0


def test_the_voice_lane_waits_for_a_sentence_and_drops_a_late_breath_word():
    lane = VoiceLane()
    assert lane.place(Cue(0.0, "voice", Spoken("a", "en"), 2.5), 3.35) == 0.0
    assert lane.place(Cue(2.5, "breath", BreathSound("inhale", 2, True)), 0.25) is None
    assert lane.place(Cue(2.5, "voice", Spoken("b", "en")), 1.0) == pytest.approx(3.7)
    assert lane.place(Cue(2.6, "bells", BellSound("soft")), 10.0) == 2.6  # bells never wait
    lane.clear()
    assert lane.place(Cue(4.0, "voice", Spoken("c", "en")), 1.0) == 4.0


def test_without_a_voice_spoken_cues_are_silent():
    cue = Cue(0.0, "voice", Spoken("Hello there.", "en"))
    assert len(clip_for(cue, ON, None)) == 0
    assert len(clip_for(cue, ON, lambda text, lang: None)) == 0


def test_spoken_text_makes_a_sentence_of_the_title():
    from painpath.format.models import Step
    assert spoken_text(Step(text="Rest.", title="Ending")) == "Ending.\n\nRest."
    assert spoken_text(Step(text="Rest.", title="Why?")) == "Why?\n\nRest."
    assert spoken_text(Step(text="Rest.")) == "Rest."
    assert spoken_parts('He said "stop." Then\nwent on.\n\nNew part') == [
        'He said "stop."', "Then went on.", "New part"]


def test_a_paused_session_has_the_same_timeline_in_session_time(exercise):
    """Cues are placed in session time, so a pause shifts the sound, never reshapes it."""
    from painpath.engine.clock import FakeClock
    from painpath.engine.session import Session

    timed = rendered_exercise(exercise)

    def cues(pause_at: float | None) -> list[Cue]:
        events: list = []
        clock = FakeClock()
        session = Session(timed, clock=clock, listeners=[events.append])
        session.start()
        paused = False
        while session.state not in ("finished", "stopped"):
            if session.state == "awaiting_rating":
                session.give_rating(None)
                continue
            if pause_at is not None and not paused and session.elapsed >= pause_at:
                session.pause()
                clock.advance(7.5)  # a real pause of 7.5 s
                session.resume()
                paused = True
            clock.advance(min(session.next_due() or 0.0, 0.5))
            session.tick()
        return [c for e in events for c in cues_for(e, timed, ON)]

    assert cues(pause_at=12.25) == cues(pause_at=None)
