"""Listening with numbers: what a person would hear in a clip, as tests can assert it.

Shared by the sound tests. Everything works on mono float arrays at
`SAMPLE_RATE`, the shape every painpath sound has.
"""

from __future__ import annotations

import numpy as np

from painpath.sound.clips import SAMPLE_RATE

MINUS_1_DBFS = 10 ** (-1 / 20)


def db(x: float) -> float:
    return 20 * np.log10(max(float(x), 1e-12))


def envelope(clip: np.ndarray, window: float = 0.005) -> np.ndarray:
    """RMS level in consecutive windows of `window` seconds."""
    n = max(1, int(window * SAMPLE_RATE))
    frames = len(clip) // n
    x = np.asarray(clip[: frames * n], dtype=np.float64).reshape(frames, n)
    return np.sqrt(np.mean(x * x, axis=1))


def onsets(clip: np.ndarray, threshold: float = 1e-3, gap: float = 0.3) -> list[float]:
    """Times (s) where sound starts after at least `gap` seconds below `threshold`."""
    loud = np.flatnonzero(np.abs(clip) > threshold)
    if len(loud) == 0:
        return []
    starts = [loud[0]]
    jumps = np.flatnonzero(np.diff(loud) > gap * SAMPLE_RATE)
    starts += [loud[j + 1] for j in jumps]
    return [s / SAMPLE_RATE for s in starts]


def spectrum_peaks(clip: np.ndarray, count: int, lowest: float = 50.0) -> list[float]:
    """The `count` strongest spectral peaks (Hz), at least 5 % apart, lowest first."""
    x = np.asarray(clip, dtype=np.float64) * np.hanning(len(clip))
    mag = np.abs(np.fft.rfft(x, n=1 << int(np.ceil(np.log2(len(x) * 2)))))
    freqs = np.fft.rfftfreq((len(mag) - 1) * 2, 1 / SAMPLE_RATE)
    mag[freqs < lowest] = 0
    found: list[float] = []
    for i in np.argsort(mag)[::-1]:
        f = float(freqs[i])
        if all(abs(f - g) > 0.05 * g for g in found):
            found.append(f)
        if len(found) == count:
            break
    return sorted(found)


def band_envelope(clip: np.ndarray, freq: float, window: float = 0.1) -> np.ndarray:
    """Amplitude near `freq` over time: the clip shifted down by `freq`, averaged per window."""
    t = np.arange(len(clip)) / SAMPLE_RATE
    shifted = np.asarray(clip, dtype=np.float64) * np.exp(-2j * np.pi * freq * t)
    n = int(window * SAMPLE_RATE)
    frames = len(shifted) // n
    return np.abs(shifted[: frames * n].reshape(frames, n).mean(axis=1))


def zero_crossing_rate(clip: np.ndarray) -> float:
    """Crossings per second / 2: the pitch of a simple tone, in hertz."""
    signs = np.signbit(clip)
    return np.count_nonzero(signs[1:] != signs[:-1]) / 2 / (len(clip) / SAMPLE_RATE)


def rises(clip: np.ndarray, *, factor: float = 4.0, floor: float = 1e-3,
          merge: float = 0.3) -> list[float]:
    """Times (s) where the level jumps by `factor` within 20 ms: a new sound starting,
    even over one still ringing. Accurate to the 2 ms analysis window."""
    step = 0.002
    back = 10  # 20 ms
    env = np.concatenate([np.zeros(back), envelope(clip, window=step)])  # quiet before it
    found: list[float] = []
    for i in range(back, len(env)):
        if env[i] > floor and env[i] > factor * max(env[i - back], floor / 4):
            t = max(0.0, (i - back - 1) * step)
            if not found or t - found[-1] > merge:
                found.append(t)
    return found


def between(clip: np.ndarray, start: float, end: float) -> np.ndarray:
    return clip[int(start * SAMPLE_RATE): int(end * SAMPLE_RATE)]
