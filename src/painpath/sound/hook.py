"""How the front ends (the app, plain mode) switch sound on, without paying for it early.

This module imports nothing heavy: the sound system (numpy, miniaudio) is
loaded the first time a practice starts with sound on, never for home's first
frame or for a command that plays nothing. It decides what is on from the
settings and the --sound/--voice flags (plain mode: voice off unless
--voice, since a screen reader is already speaking), opens the device once,
and says once, calmly, when there is no device or no voice.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painpath.text import clean_line

if TYPE_CHECKING:
    from painpath.engine.session import Session
    from painpath.format.models import Exercise, Scale
    from painpath.settings import Settings
    from painpath.sound.live import LiveSound
    from painpath.sound.system import SoundSystem

logger = logging.getLogger(__name__)
Note = Callable[[str], None]


def spoken_question(scale: Scale, region: str | None = None) -> str:
    """A rating question as it is heard: the question, both ends in words, how to answer."""
    question = clean_line(scale.question) or clean_line(scale.id).replace("-", " ")
    if region:
        question = f"{question} In your {clean_line(region).replace('-', ' ')}."
    low = f"{scale.min}, {clean_line(scale.low)}" if scale.low.strip() else str(scale.min)
    high = f"{scale.max}, {clean_line(scale.high)}" if scale.high.strip() else str(scale.max)
    return (f"{question} From {low}, to {high}. "
            "Press a number, or Enter to let it be.")


class Sound:
    """The sound of one run: opened on first use, shared by its practices."""

    def __init__(self, settings: Settings, cache_dir: Path | None, *,
                 sound: bool | None = None, voice: bool | None = None,
                 note: Note | None = None, clock: Callable[[], float] | None = None,
                 backend: Any = None, threaded: bool = True) -> None:
        self.settings = settings
        self.cache_dir = cache_dir
        self.sound_flag, self.voice_flag = sound, voice
        self.note = note
        self._clock = clock
        self._backend = backend
        self._threaded = threaded
        self._system: SoundSystem | None = None
        self._opened = False

    @property
    def wanted(self) -> bool:
        """Whether sound is on (flag first, then settings)."""
        return self.settings.sound if self.sound_flag is None else self.sound_flag

    @property
    def voice_wanted(self) -> bool:
        return self.wanted and (self.settings.voice if self.voice_flag is None
                                else self.voice_flag)

    @property
    def playing(self) -> bool:
        """True when a device plays the bells (so the terminal bell stays quiet)."""
        return self._system is not None

    def _options(self) -> Any:
        from painpath.sound.system import options_from

        return options_from(self.settings, sound=self.wanted, voice=self.voice_wanted)

    def system(self) -> SoundSystem | None:
        """The device and mixer, opened the first time (None: sound off, or no device)."""
        if not self.wanted:
            return None
        if not self._opened:
            self._opened = True
            from painpath.sound.system import SoundSystem

            self._system = SoundSystem.open(self._options(), cache_dir=self.cache_dir,
                                            on_note=self.note, backend=self._backend,
                                            clock=self._clock, threaded=self._threaded)
        return self._system

    def update(self, settings: Settings) -> None:
        """New settings: volumes now, the rest from the next practice."""
        self.settings = settings
        if self._system is not None:
            self._system.set_options(self._options())

    def live(self, exercise: Exercise, session: Session, *,
             speed: float = 1.0) -> LiveSound | None:
        """Sound for one session (attached before it starts), or None."""
        system = self.system()
        if system is None:
            return None
        return system.live(exercise, session, speed=speed)

    def ask(self, scale: Scale, region: str | None, language: str) -> None:
        """Say a rating question aloud when the voice is on."""
        system = self.system() if self.voice_wanted else None
        if system is not None:
            system.say(spoken_question(scale, region), language)

    def hush(self) -> None:
        if self._system is not None:
            self._system.hush()

    def close(self) -> None:
        if self._system is not None:
            self._system.close()
            self._system = None


class PlainSound:
    """Plain mode's sound: one practice, notes on stderr."""

    def __init__(self, sound: Sound, speed: float) -> None:
        self.sound = sound
        self.speed = speed
        self.live: LiveSound | None = None
        self.language = "en"

    @property
    def terminal_bell(self) -> bool:
        """Ring the terminal bell only when no device plays the real one."""
        return not self.sound.playing

    def attach(self, session: Session) -> None:
        """Play `session`; a session attached before (over by now: grounding from the
        gentle offer follows a practice) is let go first."""
        if self.live is not None:
            self.live.close()
        self.language = session.exercise.language
        self.live = self.sound.live(session.exercise, session, speed=self.speed)

    def speak(self, scale: Scale, region: str | None) -> None:
        self.sound.ask(scale, region, self.language)

    def close(self) -> None:
        if self.live is not None:
            self.live.close()
        self.sound.close()


def plain_sound(settings: Settings, cache_dir: Path | None, *, sound: bool | None,
                voice: bool, speed: float) -> PlainSound:
    """Sound for `painpath run --plain`: opened now if wanted (before the first line)."""
    def note(message: str) -> None:
        from painpath.render import write_text

        write_text(message + "\n", sys.stderr)

    shared = Sound(settings, cache_dir, sound=sound, voice=voice, note=note)
    shared.system()
    return PlainSound(shared, speed)
