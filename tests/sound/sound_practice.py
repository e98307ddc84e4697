"""A small pack to listen to, and a fake voice, shared by the timeline and render tests.

The fake voice says each word as a quarter second of a low hum, between short
silences (as real engines do), so speech is easy to find and time in a mix.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

from painpath.format.loader import load_pack
from painpath.format.models import Exercise
from painpath.format.sources import FolderSource
from painpath.sound.clips import SAMPLE_RATE

WORD = 0.25  # seconds the fake voice takes per word
PAD = 0.05  # silence it puts before and after


def fake_speech(text: str, language: str, level: float = 0.3) -> np.ndarray:
    spoken = spoken_seconds(text)
    t = np.arange(int(spoken * SAMPLE_RATE)) / SAMPLE_RATE
    hum = (level * np.sin(2 * np.pi * 180 * t)).astype(np.float32)
    pad = np.zeros(int(PAD * SAMPLE_RATE), dtype=np.float32)
    return np.concatenate([pad, hum, pad])


def spoken_seconds(text: str) -> float:
    return WORD * len(text.split())


def tone_file(path: Path, seconds: float, freq: float = 440.0, level: float = 0.5) -> Path:
    t = np.arange(int(seconds * 44100)) / 44100
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, level * np.sin(2 * np.pi * freq * t), 44100)
    return path


PRACTICE = '''format = 1
id = "listen"
title = "Listening practice"
kind = "other"
ratings.before = []
ratings.after = []

[[steps]]
title = "Arriving"
text = "Settle in. Feel the floor."
duration = 10

[[steps]]
title = "Sitting"
text = "Sit quietly."
duration = 20
bells_every = 8
rate = "tension"

[[steps]]
title = "Breathing"
text = "Breathe."
breath = { inhale = 2, hold = 1, exhale = 3, rest = 0 }
cycles = 2
bell = false

[[steps]]
title = "Counting"
text = "Name three sounds."
count = 3

[[steps]]
title = "Feet"
text = "Your feet, in my own voice."
duration = 6
audio = "audio/feet.wav"

[[steps]]
title = "Ending"
text = "Rest."
duration = 5
'''
# When each step starts (session seconds): 10 + 20 + 12 + 30 (the count step's pause) + 6 + 5.
STARTS = [0.0, 10.0, 30.0, 42.0, 72.0, 78.0]
PLANNED = 83.0
BELLS = [0.0, 10.0, 18.0, 26.0, 42.0, 72.0, 78.0, 83.0]  # not at 30: that step has bell off


def make_pack(root: Path, practice: str = PRACTICE, recording: float = 9.0) -> Exercise:
    """A pack folder holding the practice and a `recording`-second tone as its step audio."""
    (root / "exercises").mkdir(parents=True)
    (root / "pack.toml").write_text('format = 1\nid = "ears"\ntitle = "Ears"\nversion = "1.0.0"\n')
    (root / "exercises" / "listen.toml").write_text(practice)
    tone_file(root / "audio" / "feet.wav", recording)
    loaded = load_pack(FolderSource(root))
    assert not [p for p in loaded.problems if p.severity == "error"], loaded.problems
    [exercise] = loaded.exercises
    return exercise
