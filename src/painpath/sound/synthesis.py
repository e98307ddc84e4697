"""painpath's own bells and breath tones, synthesised rather than sampled.

**The bell is a singing bowl.** A struck bowl rings at a few inharmonic
partials (about 1 : 2.76 : 5.4 : 8.9 of its lowest note), and because no bowl
is perfectly round each partial is really two close frequencies that beat
slowly against each other: the "wah-wah" of a bowl. So every partial here is
a pair a fraction of a hertz apart. A soft mallet gives a soft attack (a
raised-cosine rise of tens of milliseconds, no click); the bowl then decays
for many seconds, high partials first, so the sound grows darker as it fades.
A person with their eyes closed hears a step begin without being startled.

Presets: "soft" (the default, a mid bowl), "low" (a larger bowl, longer
ring), "double" (the soft bowl struck twice, the second softer) and "wood"
(a short wooden knock, for people who find ringing tones too much).

**The breath tone** is a soft, warm tone whose pitch rises through the
in-breath and falls through the out-breath, so breathing can be followed
without looking; on holds and rests it is silent.

Everything is computed, deterministic and free of copyright: no sample files
ship with painpath. Each clip ends in true silence and peaks well below full
scale (`BELL_PEAK`), leaving the mixer headroom.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from painpath.engine.events import BreathPhase
from painpath.sound import BELL_PRESETS, DEFAULT_BELL
from painpath.sound.clips import SAMPLE_RATE, fade_out, silence

__all__ = ["BELL_PRESETS", "DEFAULT_BELL", "bell", "breath_tone"]
BELL_PEAK = 0.5  # -6 dBFS
BREATH_PEAK = 0.22  # about -13 dBFS: a guide under the voice, not over it


@dataclass(frozen=True)
class Partial:
    ratio: float  # of the bowl's lowest note
    level: float
    beat: float  # hertz between the two tones of the pair
    t60: float  # seconds to fall by 60 dB


@dataclass(frozen=True)
class Bowl:
    note: float  # hertz of the lowest partial
    attack: float  # seconds of the soft rise
    length: float  # seconds the clip lasts (the ring is inaudible by then)
    partials: tuple[Partial, ...]


# Ratios and relative levels after measurements of Himalayan bowls; beats of
# 0.5-3 Hz are what makes a bowl "sing"; higher partials die sooner.
_SOFT = Bowl(note=294.0, attack=0.030, length=10.0, partials=(
    Partial(1.0, 1.00, 0.62, 8.0),
    Partial(2.76, 0.55, 1.10, 5.5),
    Partial(5.40, 0.24, 1.85, 3.2),
    Partial(8.93, 0.10, 2.70, 1.8),
))
_LOW = Bowl(note=147.0, attack=0.045, length=12.0, partials=(
    Partial(1.0, 1.00, 0.45, 10.5),
    Partial(2.76, 0.60, 0.80, 7.0),
    Partial(5.40, 0.28, 1.40, 4.0),
    Partial(8.93, 0.12, 2.10, 2.4),
))
DOUBLE_GAP = 1.6  # seconds between the two strikes of "double"
DOUBLE_SECOND = 0.7  # the second strike's level relative to the first
# A woodblock's few modes, each gone within a fraction of a second.
_WOOD_MODES = ((820.0, 1.0, 0.16), (2120.0, 0.45, 0.09), (3480.0, 0.2, 0.05))
_WOOD_LENGTH = 0.6


def bell(preset: str = DEFAULT_BELL) -> np.ndarray:
    """The bell `preset` as a clip (a fresh copy: callers may scale it in place).

    An unknown preset name is a programming mistake (settings and flags check
    names against `BELL_PRESETS`), so it raises ValueError.
    """
    return _bell(preset).copy()


@lru_cache(maxsize=len(BELL_PRESETS))
def _bell(preset: str) -> np.ndarray:
    if preset == "soft":
        clip = _strike(_SOFT)
    elif preset == "low":
        clip = _strike(_LOW)
    elif preset == "double":
        first = _strike(_SOFT)
        gap = int(DOUBLE_GAP * SAMPLE_RATE)
        clip = np.zeros(gap + len(first), dtype=np.float64)
        clip[: len(first)] += first
        clip[gap:] += DOUBLE_SECOND * first
    elif preset == "wood":
        clip = _knock()
    else:
        raise ValueError(f"unknown bell preset {preset!r}; presets: {', '.join(BELL_PRESETS)}")
    return _finish(clip, BELL_PEAK)


def _strike(bowl: Bowl) -> np.ndarray:
    t = np.arange(int(bowl.length * SAMPLE_RATE)) / SAMPLE_RATE
    out = np.zeros_like(t)
    for k, p in enumerate(bowl.partials):
        f = bowl.note * p.ratio
        decay = np.exp(-t * (np.log(1000.0) / p.t60))  # -60 dB at t60
        # Two tones of the pair, unequal so the beat never cancels to silence;
        # fixed phases keep the bell the same every time.
        pair = (np.sin(2 * np.pi * (f - p.beat / 2) * t + 0.7 * k)
                + 0.75 * np.sin(2 * np.pi * (f + p.beat / 2) * t + 1.9 * k))
        out += p.level * decay * pair
    return _attack(out, bowl.attack)


def _knock() -> np.ndarray:
    t = np.arange(int(_WOOD_LENGTH * SAMPLE_RATE)) / SAMPLE_RATE
    out = np.zeros_like(t)
    for k, (f, level, t60) in enumerate(_WOOD_MODES):
        out += level * np.exp(-t * (np.log(1000.0) / t60)) * np.sin(2 * np.pi * f * t + k)
    # A short breath of noise, as the stick meets the wood (seeded: always the same).
    noise = np.random.default_rng(7).standard_normal(len(t))
    out += 0.15 * np.exp(-t / 0.004) * noise
    return _attack(out, 0.002)


def _attack(clip: np.ndarray, seconds: float) -> np.ndarray:
    n = max(1, int(seconds * SAMPLE_RATE))
    clip[:n] *= 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))
    return clip


def _finish(clip: np.ndarray, peak: float) -> np.ndarray:
    """Scale to `peak` and end in true silence (the last half second fades)."""
    clip = clip * (peak / float(np.max(np.abs(clip))))
    return fade_out(clip.astype(np.float32), min(0.5, len(clip) / SAMPLE_RATE / 4))


# The breath tone glides over a fifth, low to high on the in-breath.
BREATH_LOW = 196.0  # G3
BREATH_HIGH = 294.0  # D4
_BREATH_EDGE = 0.35  # seconds to swell in and fade out


def breath_tone(phase: BreathPhase, seconds: float) -> np.ndarray:
    """A cue lasting `seconds`: rising on "inhale", falling on "exhale", silent otherwise."""
    if phase not in ("inhale", "exhale") or seconds <= 0:
        return silence(seconds)
    n = int(seconds * SAMPLE_RATE)
    if n == 0:
        return silence(0)
    x = np.linspace(0.0, 1.0, n, endpoint=False)
    if phase == "exhale":
        x = 1.0 - x
    # Equal steps in pitch feel even, so the glide is exponential in hertz.
    freq = BREATH_LOW * (BREATH_HIGH / BREATH_LOW) ** x
    theta = 2 * np.pi * np.cumsum(freq) / SAMPLE_RATE
    # A warm tone: a fundamental with a little of its next two harmonics.
    tone = np.sin(theta) + 0.25 * np.sin(2 * theta) + 0.08 * np.sin(3 * theta)
    edge = min(_BREATH_EDGE, seconds / 4)
    m = max(1, int(edge * SAMPLE_RATE))
    env = np.ones(n)
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, m))
    env[:m] = ramp
    env[-m:] = np.minimum(env[-m:], ramp[::-1])
    tone *= env
    return (tone * (BREATH_PEAK / float(np.max(np.abs(tone))))).astype(np.float32)
