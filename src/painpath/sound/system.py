"""The sound of one run of painpath: the device, the mixer and the voice.

Opened once (the device takes a moment and should not click in and out
between practices) and shared by every practice of the run: `live()` makes the
listener for one session, `say()` speaks a question outside the timeline
(ratings), `close()` lets the device go. Notes for the person (no sound
device, no voice) are said through `on_note`, each at most once a run, in
calm words: a missing voice or device is never an error, the practice goes on
with the terminal bell and the words on screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from painpath.engine.session import Session
from painpath.format.models import Exercise
from painpath.settings import Settings
from painpath.sound.backends import Backend, MiniaudioBackend, NoAudioDevice
from painpath.sound.live import LiveSound
from painpath.sound.playback import Mixer
from painpath.sound.timeline import SoundOptions, Speech
from painpath.sound.voices import (
    SpeechAhead,
    SpeechCache,
    VoiceEngine,
    VoiceError,
    find_engine,
    no_voice_note,
)

Note = Callable[[str], None]


def options_from(settings: Settings, *, sound: bool | None = None,
                 voice: bool | None = None) -> SoundOptions:
    """The person's settings as the timeline's options; `sound`/`voice` are the flags.

    The old `bell` switch ("sound a bell at each step") still silences the bells.
    """
    def pct(value: int) -> float:
        return max(0, min(100, value)) / 100

    return SoundOptions(
        sound=settings.sound if sound is None else sound,
        voice=settings.voice if voice is None else voice,
        bell=settings.bell_preset, breath_cue=settings.breath_cue,  # type: ignore[arg-type]
        voice_volume=pct(settings.volume_voice),
        bells_volume=pct(settings.volume_bells) if settings.bell else 0.0,
        recordings_volume=pct(settings.volume_recordings),
        breath_volume=pct(settings.volume_breath), master_volume=pct(settings.volume_master),
        engine=None if settings.voice_engine == "auto" else settings.voice_engine,
        voice_name=settings.voice_name or None, rate=settings.speaking_rate)


def mixer_for(options: SoundOptions, clock: Callable[[], float] | None = None) -> Mixer:
    return Mixer(volumes={"voice": options.voice_volume, "bells": options.bells_volume,
                          "recordings": options.recordings_volume,
                          "breath": options.breath_volume},
                 master=options.master_volume, clock=clock)


class SoundSystem:
    """The device, the mixer and the voice for one run (see the module notes)."""

    def __init__(self, options: SoundOptions, mixer: Mixer, backend: Backend, *,
                 cache_dir: Path | None, on_note: Note | None = None,
                 threaded: bool = True) -> None:
        self.options = options
        self.mixer = mixer
        self.backend = backend
        self.cache = SpeechCache(cache_dir)
        self.on_note = on_note
        self.threaded = threaded
        self._said: set[str] = set()
        self._aheads: dict[tuple[str, str], SpeechAhead] = {}
        self._lock = threading.Lock()

    @classmethod
    def open(cls, options: SoundOptions, *, cache_dir: Path | None,
             on_note: Note | None = None, backend: Backend | None = None,
             clock: Callable[[], float] | None = None,
             threaded: bool = True) -> SoundSystem | None:
        """The sound for this run, or None (after one calm note) when there is no device."""
        mixer = mixer_for(options, clock)
        chosen = backend if backend is not None else MiniaudioBackend()
        try:
            chosen.start(mixer.render)
        except NoAudioDevice as err:
            if on_note is not None:
                on_note(err.message)
            return None
        return cls(options, mixer, chosen, cache_dir=cache_dir, on_note=on_note,
                   threaded=threaded)

    def note(self, message: str) -> None:
        """Tell the person `message`, once a run."""
        if message not in self._said:
            self._said.add(message)
            if self.on_note is not None:
                self.on_note(message)

    def set_options(self, options: SoundOptions) -> None:
        """New settings: volumes apply at once, the rest from the next practice."""
        self.options = options
        self.mixer.volumes.update({"voice": options.voice_volume,
                                   "bells": options.bells_volume,
                                   "recordings": options.recordings_volume,
                                   "breath": options.breath_volume})
        self.mixer.master = options.master_volume

    # ------------------------------------------------------------- voice
    def voice(self, language: str) -> SpeechAhead | None:
        """The voice for `language`, made ready ahead; None (said once) when there is none."""
        options = self.options
        if not (options.sound and options.voice):
            return None
        key = (options.engine or "auto", language)
        with self._lock:
            ahead = self._aheads.get(key)
            if ahead is not None and ahead.rate == options.rate \
                    and ahead.voice == options.voice_name:
                return ahead
        engine: VoiceEngine | None = find_engine(options.engine, language=language)
        if engine is None:
            self.note(no_voice_note())
            return None
        ahead = SpeechAhead(self.cache, engine, language=language, voice=options.voice_name,
                            rate=options.rate, on_error=self._voice_failed)
        with self._lock:
            old = self._aheads.pop(key, None)
            self._aheads[key] = ahead
        if old is not None:
            old.close()
        return ahead

    def _voice_failed(self, err: VoiceError) -> None:
        self.note(f"{err.message} The practice goes on with bells and the words on screen.")

    def live(self, exercise: Exercise, session: Session, *, speed: float = 1.0) -> LiveSound:
        """A listener that plays `session` (attached, before it starts)."""
        ahead = self.voice(exercise.language)
        speech: Speech | None = None
        prepare = None
        if ahead is not None:
            def speech(text: str, language: str) -> np.ndarray | None:
                return ahead.wait(text)

            prepare = ahead.prepare
        live = LiveSound(exercise, self.options, self.mixer, speech=speech, speed=speed,
                         threaded=self.threaded, prepare=prepare, on_problem=self.note)
        return live.attach(session)

    def say(self, text: str, language: str) -> None:
        """Speak `text` now, outside the practice's timeline (a rating question)."""
        ahead = self.voice(language)
        if ahead is None:
            return
        self.mixer.stop(("voice",), timeline=False)

        def speak() -> None:
            clip = ahead.wait(text)
            if clip is not None and len(clip):
                self.mixer.play(clip, "voice", timeline=False)

        if self.threaded:
            threading.Thread(target=speak, name="painpath-say", daemon=True).start()
        else:
            speak()

    def hush(self) -> None:
        """Stop speaking a question (it was answered)."""
        self.mixer.stop(("voice",), timeline=False)

    def close(self) -> None:
        with self._lock:
            aheads, self._aheads = list(self._aheads.values()), {}
        for ahead in aheads:
            ahead.close()
        self.backend.close()
