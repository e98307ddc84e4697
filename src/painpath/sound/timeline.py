"""The one place that decides what sounds when.

Live playback (the player's engine listener) and `painpath render` both feed
the engine's own events (painpath.engine.events) through `cues_for`, and turn
each cue into samples with `clip_for`. So what a person hears live and what a
rendered file holds are one timeline, decided here:

* **Bells** (channel "bells"): at every `Bell` the engine emits (a step's start
  where `bell` is on, and every `bells_every`), and once more when the practice
  is `Finished`. Not when it is stopped early: leaving, or "ground me now",
  should be quiet.
* **Recordings** ("recordings"): a step's `audio` file plays at the step's
  start, instead of the voice, and is cut with a short fade at the step's end.
  A recording that cannot be found is not played; the step is spoken instead.
* **Voice** ("voice"): every other step is spoken at its start, title then
  text, in the exercise's language. Speech is made sentence by sentence
  (`spoken_parts`), so speech longer than its step can finish the sentence it
  is in at the step's end and leave out the rest, rather than stop mid-word;
  `VoiceLane` then starts the next step's words when that sentence is over.
  The schedule itself (bells, steps, breath) never moves.
* **Breath cues** ("breath"): on each breath phase, a tone rising through the
  in-breath and falling through the out-breath (silent on holds), or the words
  "in", "hold", "out" spoken. Words need a voice: with the voice off, or in a
  language painpath has no breath words for, the tone is used. A spoken word
  that would have to wait for the voice to finish is left out: a late "in" is
  wrong, not helpful.

Ratings are not cues here: asking them aloud belongs to the live player.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from painpath.engine.events import Bell, BreathPhase, Event, Finished, PhaseChanged, StepStarted
from painpath.format.models import Exercise, Step
from painpath.sound.clips import SAMPLE_RATE, cut, decode, silence
from painpath.sound.synthesis import DEFAULT_BELL, bell, breath_tone

Channel = Literal["voice", "bells", "recordings", "breath"]
CHANNELS: tuple[Channel, ...] = ("voice", "bells", "recordings", "breath")
BreathCue = Literal["tone", "words", "off"]
# Speech for (text, language): samples, or None when it cannot be spoken.
Speech = Callable[[str, str], "np.ndarray | None"]

CUT_FADE = 0.5  # seconds: how a recording cut at its step's end fades out
SENTENCE_GAP = 0.35  # seconds of quiet between a step's spoken sentences
BREATH_WORDS = {"en": {"inhale": "in", "hold": "hold", "exhale": "out"}}


@dataclass(frozen=True)
class BellSound:
    preset: str


@dataclass(frozen=True)
class Spoken:
    text: str
    language: str


@dataclass(frozen=True)
class Recording:
    path: Path


@dataclass(frozen=True)
class BreathSound:
    phase: BreathPhase
    seconds: float
    words: bool = False  # spoken "in"/"hold"/"out" instead of the tone
    language: str = "en"


Source = BellSound | Spoken | Recording | BreathSound


@dataclass(frozen=True)
class Cue:
    """Something to sound at session time `at`, cut with a fade at `until` if given."""

    at: float
    channel: Channel
    source: Source
    until: float | None = None


@dataclass(frozen=True)
class SoundOptions:
    """How a practice sounds: what is on, which bell, how loud (0..1 each)."""

    sound: bool = True
    voice: bool = True
    bell: str = DEFAULT_BELL
    breath_cue: BreathCue = "tone"
    voice_volume: float = 1.0
    bells_volume: float = 1.0
    recordings_volume: float = 1.0
    breath_volume: float = 1.0
    master_volume: float = 1.0
    engine: str | None = None  # None or "auto": the first that works
    voice_name: str | None = None
    rate: int = 120  # espeak-ng words per minute (voices.DEFAULT_RATE)

    def volume(self, channel: Channel) -> float:
        """The gain for `channel`, master included."""
        own = {"voice": self.voice_volume, "bells": self.bells_volume,
               "recordings": self.recordings_volume, "breath": self.breath_volume}[channel]
        return max(0.0, own) * max(0.0, self.master_volume)


def cues_for(event: Event, exercise: Exercise, options: SoundOptions) -> list[Cue]:
    """The cues one engine event starts (often none)."""
    if not options.sound:
        return []
    if isinstance(event, (Bell, Finished)):
        at = event.at if isinstance(event, Bell) else event.practiced_seconds
        return [Cue(at, "bells", BellSound(options.bell))]
    if isinstance(event, StepStarted):
        return _step_cues(event, exercise, options)
    if isinstance(event, PhaseChanged):
        return _breath_cues(event, exercise, options)
    return []


def _step_cues(event: StepStarted, exercise: Exercise, options: SoundOptions) -> list[Cue]:
    step = exercise.steps[event.index]
    limit = step.limit_seconds
    until = None if limit is None else event.at + limit
    recording = recording_path(exercise, step)
    if recording is not None:
        return [Cue(event.at, "recordings", Recording(recording), until)]
    if options.voice and spoken_text(step):
        return [Cue(event.at, "voice", Spoken(spoken_text(step), exercise.language), until)]
    return []


def _breath_cues(event: PhaseChanged, exercise: Exercise, options: SoundOptions) -> list[Cue]:
    if options.breath_cue == "off" or event.phase == "rest":
        return []
    words = (options.breath_cue == "words" and options.voice
             and breath_word(event.phase, exercise.language) is not None)
    if event.phase == "hold" and not words:
        return []  # the tone is silent on holds
    source = BreathSound(event.phase, event.seconds, words, exercise.language)
    return [Cue(event.at, "breath", source, event.at + event.seconds)]


def breath_word(phase: BreathPhase, language: str) -> str | None:
    """The word spoken for `phase` in `language` ("in", "hold", "out"), if painpath has one."""
    return BREATH_WORDS.get(language.split("-")[0].lower(), {}).get(phase)


def spoken_text(step: Step) -> str:
    """What is said at a step's start: its title as a sentence, then its text."""
    title = step.title.strip()
    if title and not title.endswith((".", "!", "?", "…", ":")):
        title += "."
    return "\n\n".join(part for part in (title, step.text.strip()) if part)


_SENTENCE = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’)\]])\s+|\n\s*\n")


def spoken_parts(text: str) -> list[str]:
    """`text` in the pieces it is spoken in: sentences (and lines that end a paragraph)."""
    parts = [" ".join(p.split()) for p in _SENTENCE.split(text)]
    return [p for p in parts if p]


def recording_path(exercise: Exercise, step: Step) -> Path | None:
    """The step's recording on disk, if it has one that is there and inside its pack."""
    if not step.audio or not exercise.source:
        return None
    from painpath.format.loader import find_pack_root

    source = Path(exercise.source)
    if not source.is_file():
        return None  # inside a .zip: played once installed
    root = (find_pack_root(source) or source.parent).resolve()
    path = (root / step.audio).resolve()
    if not path.is_file() or not path.is_relative_to(root):
        return None
    return path


def clip_for(cue: Cue, options: SoundOptions, speech: Speech | None) -> np.ndarray:
    """The samples of `cue`, before any volume: what the player or renderer mixes.

    `speech(text, language)` speaks (normally the speech cache); with None, or
    when it returns None, spoken cues are silent. A recording that cannot be
    read raises clips.AudioFileError (a PainpathError) for the caller to say.
    """
    src = cue.source
    room = None if cue.until is None else max(0.0, cue.until - cue.at)
    if isinstance(src, BellSound):
        return bell(src.preset)
    if isinstance(src, Recording):
        if room is None:
            return decode(src.path)
        return cut(decode(src.path, max_seconds=room + 1.0), room, CUT_FADE)
    if isinstance(src, BreathSound):
        if not src.words:
            return breath_tone(src.phase, src.seconds)
        word = breath_word(src.phase, src.language)
        said = speech(word, src.language) if speech is not None and word else None
        return _trim(said) if said is not None else silence(0)
    return _speak(src, room, speech)


def _speak(src: Spoken, room: float | None, speech: Speech | None) -> np.ndarray:
    """Sentence after sentence; past `room` seconds, the sentence under way ends it."""
    if speech is None:
        return silence(0)
    out: list[np.ndarray] = []
    length = 0
    gap = silence(SENTENCE_GAP)
    for part in spoken_parts(src.text):
        if room is not None and length >= room * SAMPLE_RATE:
            break
        said = speech(part, src.language)
        if said is None:
            continue
        if out:
            out.append(gap)
            length += len(gap)
        out.append(_trim(np.asarray(said, dtype=np.float32)))
        length += len(out[-1])
    return np.concatenate(out) if out else silence(0)


def _trim(clip: np.ndarray, threshold: float = 1e-3) -> np.ndarray:
    """`clip` without the silence an engine puts before and after the words."""
    loud = np.flatnonzero(np.abs(clip) > threshold)
    if len(loud) == 0:
        return silence(0)
    return clip[loud[0]: loud[-1] + 1]


class VoiceLane:
    """One voice speaks one thing at a time.

    A step's words that are due while the voice is still finishing a sentence
    start when it ends; a breath word that would come late is left out.
    `place` returns when a clip really starts (session seconds), or None.
    """

    def __init__(self) -> None:
        self.free_at = 0.0

    def place(self, cue: Cue, seconds: float) -> float | None:
        if cue.channel == "voice":
            start = max(cue.at, self.free_at)
        elif isinstance(cue.source, BreathSound) and cue.source.words:
            if cue.at < self.free_at - 1e-9:
                return None
            start = cue.at
        else:
            return cue.at
        if seconds > 0:
            # A breath between one thing said and the next.
            self.free_at = start + seconds + SENTENCE_GAP
        return start

    def clear(self) -> None:
        """The voice was stopped (the person moved on): the next words start on time."""
        self.free_at = 0.0
