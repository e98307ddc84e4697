"""Audio as plain numbers: one sample rate, one shape, and reading recordings.

Every sound in painpath (a bell, a breath tone, a spoken sentence, a
therapist's recording) is a mono float32 numpy array in [-1, 1] at
`SAMPLE_RATE`. One shape everywhere means the timeline can mix anything with
anything by adding arrays, and live playback and rendering to a file treat
sounds identically. 24 kHz keeps everything a voice and a bell need (up to
12 kHz) at half the work of 48 kHz.

Recordings come from other people's packs, so `decode` treats them as
untrusted: a broken or unsupported file is refused in plain words, and
decoding stops at `max_seconds`, so a small file that expands to hours of
audio cannot fill memory.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from painpath.errors import PainpathError

SAMPLE_RATE = 24000
# The longest step the format allows is 3 hours; no recording needs more.
MAX_RECORDING_SECONDS = 3 * 3600.0
RECORDING_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")


class AudioFileError(PainpathError):
    """A recording that could not be read: missing, damaged, or not audio."""

    title = "A recording could not be played"


def silence(seconds: float) -> np.ndarray:
    """`seconds` of silence (never negative; a fraction of a sample rounds down)."""
    return np.zeros(max(0, int(seconds * SAMPLE_RATE)), dtype=np.float32)


def seconds(clip: np.ndarray) -> float:
    """How long `clip` lasts."""
    return len(clip) / SAMPLE_RATE


def fade_out(clip: np.ndarray, seconds: float) -> np.ndarray:
    """A copy of `clip` whose last `seconds` fall smoothly to silence.

    A raised-cosine curve, so a recording cut at a step's end ends softly,
    with no click. A fade longer than the clip fades the whole clip.
    """
    out = np.array(clip, dtype=np.float32, copy=True)
    n = min(len(out), int(seconds * SAMPLE_RATE))
    if n > 0:
        out[-n:] *= _fall(n)
    return out


def fade_in(clip: np.ndarray, seconds: float) -> np.ndarray:
    """A copy of `clip` whose first `seconds` rise smoothly from silence."""
    out = np.array(clip, dtype=np.float32, copy=True)
    n = min(len(out), int(seconds * SAMPLE_RATE))
    if n > 0:
        out[:n] *= _fall(n)[::-1]
    return out


def cut(clip: np.ndarray, seconds: float, fade: float = 0.5) -> np.ndarray:
    """`clip` cut to at most `seconds`, fading over its last `fade` seconds if it was cut."""
    n = max(0, int(seconds * SAMPLE_RATE))
    if len(clip) <= n:
        return clip
    return fade_out(clip[:n], min(fade, seconds))


def _fall(n: int) -> np.ndarray:
    return (0.5 + 0.5 * np.cos(np.linspace(0.0, np.pi, n, dtype=np.float64))).astype(np.float32)


def recording_seconds(path: str | os.PathLike[str]) -> float:
    """How long a recording lasts, read from its header without decoding it all."""
    import miniaudio

    target = Path(path)
    _check_readable(target)
    try:
        info = miniaudio.get_file_info(str(target))
    except (miniaudio.DecodeError, miniaudio.MiniaudioError, OSError) as exc:
        raise _unreadable(target) from exc
    return float(info.duration)


def decode(path: str | os.PathLike[str], *,
           max_seconds: float = MAX_RECORDING_SECONDS) -> np.ndarray:
    """A recording (.wav, .flac, .ogg, .mp3) as mono float32 at `SAMPLE_RATE`.

    Stereo is mixed down and any sample rate converted. Reading stops after
    `max_seconds` (a step's length, when the caller knows it), so a file cannot
    make painpath hold more audio than it will ever play.
    """
    import miniaudio

    target = Path(path)
    _check_readable(target)
    limit = max(0, int(max_seconds * SAMPLE_RATE))
    chunks: list[np.ndarray] = []
    have = 0
    try:
        stream = miniaudio.stream_file(
            str(target), output_format=miniaudio.SampleFormat.FLOAT32, nchannels=1,
            sample_rate=SAMPLE_RATE, frames_to_read=SAMPLE_RATE)
        for chunk in stream:
            if have >= limit:
                break
            samples = np.frombuffer(chunk, dtype=np.float32)
            chunks.append(samples[: limit - have].copy())
            have += len(chunks[-1])
        stream.close()
    except (miniaudio.DecodeError, miniaudio.MiniaudioError, OSError) as exc:
        raise _unreadable(target) from exc
    if not chunks:
        return silence(0)
    audio = np.concatenate(chunks)
    # A damaged file can decode to NaN or values far outside [-1, 1].
    np.nan_to_num(audio, copy=False, nan=0.0, posinf=1.0, neginf=-1.0)
    return np.clip(audio, -1.0, 1.0, out=audio)


def _check_readable(target: Path) -> None:
    if target.suffix.lower() not in RECORDING_SUFFIXES:
        raise AudioFileError(
            f"The recording {target.name} is not a kind of file painpath can play.",
            hint="Recordings can be .wav, .flac, .ogg or .mp3 files.")
    if not target.is_file():
        raise AudioFileError(
            f"The recording {target.name} is not there (looked for {target}).",
            hint="Check the step's audio path: it is relative to the pack's folder.")


def _unreadable(target: Path) -> AudioFileError:
    return AudioFileError(
        f"The recording {target.name} could not be read: it may be damaged, "
        f"or not really a {target.suffix.lower().lstrip('.')} file.",
        hint="Try exporting it again from the program that recorded it.")
