"""A practice played live into memory: engine, LiveSound, mixer and a null backend.

Time moves only when the rig moves it, block by block as a sound device would
pull: render a block, move the clock on, let the engine tick. So a session of
minutes plays in milliseconds, the same way every run, and what was "heard"
is a clip the tests can measure.
"""

from __future__ import annotations

import numpy as np

from painpath.engine import FakeClock, Session
from painpath.format.models import Exercise
from painpath.sound.backends import BLOCK, NullBackend
from painpath.sound.clips import SAMPLE_RATE
from painpath.sound.live import LiveSound
from painpath.sound.render import plan
from painpath.sound.system import mixer_for
from painpath.sound.timeline import SoundOptions, Speech, VoiceLane, clip_for

QUIET = SoundOptions(voice=False)


class Rig:
    def __init__(self, exercise: Exercise, options: SoundOptions = QUIET,
                 speech: Speech | None = None, block: int = BLOCK) -> None:
        self.exercise = exercise
        self.options = options
        self.clock = FakeClock(500.0)
        self.backend = NullBackend()
        self.mixer = mixer_for(options, clock=self.clock.now)
        self.backend.start(self.mixer.render)
        self.session = Session(exercise, clock=self.clock)
        self.live = LiveSound(exercise, options, self.mixer, speech=speech,
                              threaded=False).attach(self.session)
        self.block = block

    def start(self) -> Rig:
        self.session.start()
        return self

    def play(self, seconds: float) -> None:
        """Let `seconds` of real time pass, as a device and the player's ticks would."""
        frames = round(seconds * SAMPLE_RATE)
        while frames > 0:
            n = min(self.block, frames)
            self.backend.pull(n)
            self.clock.advance(n / SAMPLE_RATE)
            self.session.tick()
            frames -= n

    def heard(self) -> np.ndarray:
        return self.backend.captured()


def scheduled(exercise: Exercise, options: SoundOptions, speech: Speech | None = None,
              seconds: float | None = None) -> np.ndarray:
    """What the renderer's timeline says should sound (no limiter), for comparing."""
    cues, length = plan(exercise, options)
    total = round((seconds if seconds is not None else length + 12) * SAMPLE_RATE)
    track = np.zeros(total, dtype=np.float32)
    lane = VoiceLane()
    for cue in cues:
        clip = clip_for(cue, options, speech)
        start = lane.place(cue, len(clip) / SAMPLE_RATE)
        if start is None or not len(clip):
            continue
        a = round(start * SAMPLE_RATE)
        b = min(total, a + len(clip))
        if b > a:
            track[a:b] += clip[: b - a] * options.volume(cue.channel)
    return track


def level(clip: np.ndarray, start: float, end: float) -> float:
    """RMS level of `clip` between two times (s)."""
    piece = clip[int(start * SAMPLE_RATE):int(end * SAMPLE_RATE)].astype(np.float64)
    return float(np.sqrt(np.mean(piece * piece))) if len(piece) else 0.0


def onsets(clip: np.ndarray, threshold: float = 1e-3, gap: float = 0.3) -> list[float]:
    """Times (s) where sound starts after at least `gap` seconds below `threshold`."""
    loud = np.flatnonzero(np.abs(clip) > threshold)
    if len(loud) == 0:
        return []
    starts = [loud[0]]
    jumps = np.flatnonzero(np.diff(loud) > gap * SAMPLE_RATE)
    starts += [loud[j + 1] for j in jumps]
    return [float(s) / SAMPLE_RATE for s in starts]
