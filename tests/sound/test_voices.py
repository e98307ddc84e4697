"""Voices: the real espeak-ng, engine choice, the speech cache, speaking ahead, estimates.

Tests that need a real engine skip with the reason on a machine without one,
and fail instead when PAINPATH_REQUIRE_VOICE=1 (CI installs espeak-ng).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

from painpath.paths import resolve
from painpath.sound import voices
from painpath.sound.clips import SAMPLE_RATE
from painpath.sound.engines import base
from painpath.sound.engines.espeak import EspeakEngine
from painpath.sound.engines.piper import PiperEngine
from painpath.sound.engines.windows import sapi_rate
from painpath.sound.voices import (
    SpeechAhead,
    SpeechCache,
    VoiceError,
    estimate_seconds,
    find_engine,
    no_voice_note,
)


def need_espeak() -> EspeakEngine:
    engine = EspeakEngine()
    if not engine.available():
        reason = "espeak-ng is not installed here (apt install espeak-ng)"
        if os.environ.get("PAINPATH_REQUIRE_VOICE") == "1":
            pytest.fail(f"PAINPATH_REQUIRE_VOICE=1 but {reason}")
        pytest.skip(reason)
    return engine


class FakeEngine:
    """An engine that 'speaks' a tone as long as the text, counting its calls."""

    def __init__(self, name: str = "fake", ok: bool = True, speaks: str = "en") -> None:
        self.name = name
        self.ok = ok
        self.language = speaks
        self.calls: list[tuple[str, str | None, int]] = []

    def available(self) -> bool:
        return self.ok

    def voices(self) -> list[str]:
        return ["one"]

    def speaks(self, language: str) -> bool:
        return language.split("-")[0] == self.language

    def synthesize(self, text: str, *, language: str, voice: str | None,
                   rate: int) -> np.ndarray:
        self.calls.append((text, voice, rate))
        if "unspeakable" in text:
            raise VoiceError("this fake engine cannot say that")
        return np.full(len(text) * 100, 0.25, dtype=np.float32)


def speech_level(clip: np.ndarray) -> float:
    return float(np.sqrt(np.mean(clip.astype(np.float64) ** 2)))


# ------------------------------------------------------------ real espeak-ng
def test_espeak_speaks_a_step_as_samples_at_the_sample_rate() -> None:
    engine = need_espeak()
    clip = engine.synthesize("Let your attention rest on your hands.", language="en",
                             voice=None, rate=140)
    assert clip.dtype == np.float32 and clip.ndim == 1
    assert 1.0 < len(clip) / SAMPLE_RATE < 6.0
    assert speech_level(clip) > 0.01
    assert np.max(np.abs(clip)) <= 1.0


def test_espeak_speaks_slower_at_a_lower_rate() -> None:
    engine = need_espeak()
    text = "Notice the weight of your body resting on the floor."
    slow = engine.synthesize(text, language="en", voice=None, rate=100)
    fast = engine.synthesize(text, language="en", voice=None, rate=200)
    assert len(slow) > 1.6 * len(fast)


def test_text_that_looks_like_an_option_is_spoken_not_obeyed(tmp_path: Path) -> None:
    engine = need_espeak()
    clip = engine.synthesize("-w /tmp/painpath-should-not-exist.wav --version",
                             language="en", voice=None, rate=140)
    assert len(clip) / SAMPLE_RATE > 1.0
    assert not Path("/tmp/painpath-should-not-exist.wav").exists()


def test_espeak_speaks_other_languages_and_knows_its_voices() -> None:
    engine = need_espeak()
    assert engine.speaks("de") and engine.speaks("en-GB")
    assert not engine.speaks("xx-not-a-language")
    clip = engine.synthesize("Spüre deine Füße.", language="de", voice=None, rate=140)
    assert speech_level(clip) > 0.01


def test_an_unknown_voice_is_a_plain_voice_error() -> None:
    engine = need_espeak()
    with pytest.raises(VoiceError) as caught:
        engine.synthesize("Hello.", language="en", voice="zz", rate=140)
    assert caught.value.message.startswith("espeak-ng could not speak this text")
    assert "voice does not exist" in caught.value.message


def test_the_estimate_is_near_what_espeak_really_takes() -> None:
    engine = need_espeak()
    texts = [
        "Let your attention rest on your hands.",
        "Bring your attention to your feet. Notice the heels, the soles, the toes. "
        "If there is pain here, you might let it be there, without needing to change it.",
        "Breathe in, slowly. And out. There is no right way to do this.",
    ]
    for text in texts:
        real = len(engine.synthesize(text, language="en", voice=None, rate=140)) / SAMPLE_RATE
        guess = estimate_seconds(text, 140)
        assert 0.8 * real <= guess <= 1.2 * real, (text, real, guess)


def test_find_engine_finds_espeak_here() -> None:
    need_espeak()
    engine = find_engine("espeak-ng", language="en")
    assert engine is not None and engine.name == "espeak-ng"


# ------------------------------------------------------------ engine choice
def test_the_preferred_engine_comes_first_and_others_follow(
        monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = FakeEngine("a"), FakeEngine("b")
    monkeypatch.setattr(voices, "_engines", lambda: [a, b])
    assert find_engine() is a
    assert find_engine("b") is b
    assert find_engine("auto") is a
    b.ok = False
    assert find_engine("b") is a  # not here: the next that works


def test_an_engine_without_the_language_is_passed_over(monkeypatch: pytest.MonkeyPatch) -> None:
    english, german = FakeEngine("neural", speaks="en"), FakeEngine("system", speaks="de")
    monkeypatch.setattr(voices, "_engines", lambda: [english, german])
    assert find_engine(language="de") is german
    assert find_engine(language="fr") is None


def test_no_engine_at_all_is_none_and_the_note_says_how_to_get_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(voices, "_engines", lambda: [FakeEngine(ok=False)])
    assert find_engine() is None
    note = no_voice_note("linux")
    assert note.startswith("No voice was found on this computer, so this practice is guided "
                           "by bells and the words on screen.")
    assert "sudo apt install espeak-ng" in note and "painpath[voice]" in note
    assert "say" in no_voice_note("darwin") and "PowerShell" in no_voice_note("win32")


def test_the_engine_order_is_neural_then_the_systems_own() -> None:
    assert voices.engine_names() == ["piper", "espeak-ng", "say", "windows"]


def test_piper_is_not_imported_to_find_out_whether_it_is_there() -> None:
    PiperEngine().available()
    assert "piper" not in sys.modules


def test_windows_rate_maps_words_per_minute_onto_sapi() -> None:
    assert sapi_rate(170) == 0
    assert sapi_rate(140) == -3
    assert sapi_rate(10) == -10 and sapi_rate(1000) == 10


# -------------------------------------------------------------------- cache
def test_speech_is_kept_and_the_engine_is_not_asked_again(tmp_path: Path) -> None:
    engine = FakeEngine()
    first = SpeechCache(tmp_path).speech(engine, "Rest here.", "en", None, 140)
    again = SpeechCache(tmp_path).speech(engine, "Rest here.", "en", None, 140)
    assert len(engine.calls) == 1
    assert np.allclose(first, again, atol=1 / 32767)
    assert len(list((tmp_path / "speech").glob("*.npy"))) == 1


@pytest.mark.parametrize("change", [
    {"engine": "other"}, {"voice": "two"}, {"rate": 120}, {"text": "Rest there."},
    {"language": "de"}])
def test_the_cache_key_holds_engine_voice_rate_language_and_text(change: dict) -> None:
    same = dict(engine="fake", text="Rest here.", language="en", voice=None, rate=140)
    assert SpeechCache.key(**same) != SpeechCache.key(**{**same, **change})


def test_a_damaged_cache_file_is_spoken_again(tmp_path: Path) -> None:
    engine = FakeEngine()
    SpeechCache(tmp_path).speech(engine, "Rest here.", "en", None, 140)
    for path in (tmp_path / "speech").glob("*.npy"):
        path.write_bytes(b"not numpy")
    clip = SpeechCache(tmp_path).speech(engine, "Rest here.", "en", None, 140)
    assert len(engine.calls) == 2 and len(clip) == 1000


def test_a_cache_that_cannot_be_written_only_costs_speaking_again(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    engine = FakeEngine()
    clip = SpeechCache(blocked).speech(engine, "Rest here.", "en", None, 140)
    assert len(clip) == 1000


def test_the_cache_stays_under_its_size(tmp_path: Path) -> None:
    engine = FakeEngine()
    cache = SpeechCache(tmp_path, max_bytes=5000)
    for i in range(6):
        cache.speech(engine, f"Text number {i} is here.", "en", None, 140)
        cache._pruned = False  # prune after every write, as a long-lived cache would
    total = sum(p.stat().st_size for p in (tmp_path / "speech").glob("*.npy"))
    assert total <= 5000


def test_the_cache_folder_belongs_to_paths(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAINPATH_DATA_DIR", raising=False)
    assert resolve(tmp_path).cache_dir == tmp_path / "cache"
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: str(tmp_path / "os"))
    assert resolve().cache_dir == tmp_path / "os"


# -------------------------------------------------------------------- ahead
def test_speech_ahead_makes_the_next_steps_before_they_are_needed(tmp_path: Path) -> None:
    engine = FakeEngine()
    ahead = SpeechAhead(SpeechCache(tmp_path), engine, language="en", voice=None, rate=140)
    ahead.prepare(["Step one.", "Step two."])
    assert ahead._thread is not None
    ahead.close()
    ahead._thread.join(5)
    # Whatever the worker did not reach is made on demand; nothing is made twice.
    assert ahead.wait("Step two.") is not None
    assert ahead.ready("Step two.") is not None
    assert sorted(c[0] for c in engine.calls) == sorted(set(c[0] for c in engine.calls))


def test_speech_ahead_worker_fills_the_cache(tmp_path: Path) -> None:
    engine = FakeEngine()
    ahead = SpeechAhead(SpeechCache(tmp_path), engine, language="en", voice=None, rate=140)
    ahead.prepare(["One.", "Two.", "Three."])
    deadline = 200
    while ahead.ready("Three.") is None and deadline:
        ahead._thread.join(0.01)  # waits on the worker, not on a clock
        deadline -= 1
    ahead.close()
    assert ahead.ready("One.") is not None and ahead.ready("Three.") is not None


def test_a_text_the_engine_cannot_speak_is_said_once_and_then_silent(tmp_path: Path) -> None:
    told: list[str] = []
    ahead = SpeechAhead(SpeechCache(tmp_path), FakeEngine(), language="en", voice=None,
                        rate=140, on_error=lambda err: told.append(err.message))
    assert ahead.wait("an unspeakable text") is None
    assert ahead.wait("another unspeakable text") is None
    assert told == ["this fake engine cannot say that"]
    ahead.close()


# ----------------------------------------------------------------- estimate
def test_estimates_grow_with_words_and_pauses_and_shrink_with_rate() -> None:
    assert estimate_seconds("") == 0.0
    plain = estimate_seconds("one two three four five six seven", 140)
    assert plain == pytest.approx(7 * 43.4 / 140)
    assert estimate_seconds("one two three. four five, six seven.", 140) > plain
    assert estimate_seconds("one two three four five six seven", 200) < plain


# ------------------------------------------------------------- out of process
def test_an_engine_that_fails_says_what_it_said_in_plain_words() -> None:
    def command(out: Path) -> list[str]:
        return [sys.executable, "-c", "import sys; sys.stderr.write('no voice here\\n'); "
                "sys.exit(3)"]

    with pytest.raises(VoiceError) as caught:
        base.run_to_wav("A test engine", command, "Hello.")
    assert caught.value.message == "A test engine could not speak this text (it said: " \
        "no voice here)."


def test_an_engine_that_hangs_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "_BASE_TIMEOUT", 0.2)

    def command(out: Path) -> list[str]:
        return [sys.executable, "-c", "import time; time.sleep(30)"]

    with pytest.raises(VoiceError, match="took too long"):
        base.run_to_wav("A slow engine", command, "Hello.")


def test_a_missing_program_is_a_voice_error() -> None:
    with pytest.raises(VoiceError, match="could not be started"):
        base.run_to_wav("Nothing", lambda out: ["/no/such/program-painpath"], "Hello.")


def test_far_too_much_text_is_refused_before_any_engine_runs() -> None:
    with pytest.raises(VoiceError, match="at most 20000"):
        base.run_to_wav("Nothing", lambda out: ["/no/such/program"], "word " * 5000)
