"""A whole practice as one audio file, for a phone or a walk.

The renderer runs the real engine on a FakeClock from start to end, feeds
every event it emits through the timeline (`cues_for`, `clip_for`) exactly as
live playback does, and mixes the cues onto one track. So the file is what a
person would hear live, to the sample, with nobody pressing anything:

* Untimed steps cannot wait for a key press in a file. A count or entry step
  gets its own `duration` as its length, or a pause of `UNTIMED_PAUSE`
  seconds, and its spoken words say how long the pause is.
* Ratings are not asked (nobody can answer a file).
* The file lasts the planned length, plus the last bell's ring (at most
  `TAIL_LIMIT` seconds); peaks are held below -1 dBFS by a gentle limiter
  rather than by turning everything down.
"""

from __future__ import annotations

import dataclasses
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from painpath.engine.clock import FakeClock
from painpath.engine.events import Event
from painpath.engine.session import Session
from painpath.errors import UsageError
from painpath.format.models import Exercise, Step
from painpath.sound.clips import SAMPLE_RATE, silence
from painpath.sound.timeline import (
    Cue,
    SoundOptions,
    Speech,
    VoiceLane,
    clip_for,
    cues_for,
)

UNTIMED_PAUSE = 30  # seconds a count or entry step without a duration gets
TAIL_LIMIT = 15.0  # seconds past the planned end, for the last bell to fade
# The limiter's ceiling: -2 dBFS, so the file stays under -1 dBFS even after
# Ogg Vorbis, whose encoding overshoots sharp peaks by up to about half a dB.
PEAK = 10 ** (-2 / 20)
QUIET_ENOUGH = 10 ** (-6 / 20)  # a track this quiet needs no check after lossy encoding
TARGET_PEAK = 10 ** (-1.05 / 20)  # what a written file must stay under: -1 dBFS, and a hair
FORMATS = {".wav": ("WAV", "PCM_16"), ".flac": ("FLAC", "PCM_16"), ".ogg": ("OGG", "VORBIS")}
# Vorbis quality for speech and bells at 24 kHz mono: transparent to the ear,
# and a 31-minute practice stays a few megabytes (docs/performance.md).
OGG_COMPRESSION = 0.6

Progress = Callable[[float], None]

if TYPE_CHECKING:
    from painpath.paths import Paths


def rendered_exercise(exercise: Exercise) -> Exercise:
    """`exercise` with every step timed: untimed steps get their limit or a pause, said aloud."""
    steps = tuple(_timed(step) for step in exercise.steps)
    return dataclasses.replace(exercise, steps=steps)


def _timed(step: Step) -> Step:
    if step.kind not in ("count", "entry"):
        return step
    seconds = step.duration if step.duration is not None else UNTIMED_PAUSE
    said = f"There is a pause of {spoken_length(seconds)} for this."
    return dataclasses.replace(step, duration=seconds, text=f"{step.text.rstrip()}\n\n{said}")


def spoken_length(seconds: float) -> str:
    """A length as it is said aloud: "30 seconds", "2 minutes", "1 minute and 30 seconds"."""
    m, s = divmod(round(seconds), 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((m, "minute"), (s, "second"))
             if n]
    return " and ".join(parts) or "0 seconds"


def schedule(exercise: Exercise) -> tuple[list[Event], float]:
    """Every event of `exercise` run to its end with nobody pressing anything; and its length.

    `exercise` must be fully timed (see `rendered_exercise`). Ratings asked
    during steps are skipped at once, so they take no session time.
    """
    events: list[Event] = []
    clock = FakeClock()
    session = Session(exercise, clock=clock, listeners=[events.append])
    session.start()
    while session.state not in ("finished", "stopped"):
        if session.state == "awaiting_rating":
            session.give_rating(None)
            continue
        due = session.next_due()
        if due is None:  # pragma: no cover - a fully timed exercise always has a next end
            raise RuntimeError("a rendered exercise has an untimed step")
        clock.advance(due)
        session.tick()
    return events, session.elapsed


def plan(exercise: Exercise, options: SoundOptions) -> tuple[list[Cue], float]:
    """The cues of a whole rendered practice, in order, and its length in seconds."""
    events, length = schedule(exercise)
    return [cue for event in events for cue in cues_for(event, exercise, options)], length


def mix(exercise: Exercise, options: SoundOptions, speech: Speech | None = None,
        progress: Progress | None = None) -> np.ndarray:
    """The whole practice as samples (mono float32 at SAMPLE_RATE), peaks below -1 dBFS."""
    timed = rendered_exercise(exercise)
    cues, length = plan(timed, options)
    end = int((length + TAIL_LIMIT) * SAMPLE_RATE)
    track = np.zeros(end, dtype=np.float32)
    last = int(length * SAMPLE_RATE)
    lane = VoiceLane()
    for done, cue in enumerate(cues, start=1):
        clip = clip_for(cue, options, speech)
        start = lane.place(cue, len(clip) / SAMPLE_RATE)
        if start is not None and len(clip):
            a = round(start * SAMPLE_RATE)
            b = min(end, a + len(clip))
            if b > a:
                track[a:b] += clip[: b - a] * options.volume(cue.channel)
                last = max(last, b)
        if progress is not None:
            progress(done / max(1, len(cues)))
    return limit(track[:last])


def limit(track: np.ndarray, ceiling: float = PEAK, window: float = 0.01) -> np.ndarray:
    """`track` with its peaks held under `ceiling`, quiet passages left as they are.

    The gain needed at each sample is spread over its neighbouring 10 ms
    blocks and eased between them, so a loud moment is turned down smoothly
    (no clicks, no pumping of the whole file) and never exceeds the ceiling.
    """
    peak = float(np.max(np.abs(track))) if len(track) else 0.0
    if peak <= ceiling:
        return track
    n = max(1, int(window * SAMPLE_RATE))
    blocks = -(-len(track) // n)
    padded = np.ones(blocks * n, dtype=np.float32)
    padded[: len(track)] = ceiling / np.maximum(np.abs(track), ceiling)
    need = padded.reshape(blocks, n).min(axis=1)
    spread = need.copy()
    spread[1:] = np.minimum(spread[1:], need[:-1])
    spread[:-1] = np.minimum(spread[:-1], need[1:])
    centres = (np.arange(blocks) + 0.5) * n
    gain = np.interp(np.arange(len(track)), centres, spread).astype(np.float32)
    out = track * gain
    np.clip(out, -ceiling, ceiling, out=out)
    return out


def check_output(path: Path) -> tuple[str, str]:
    """The soundfile format and subtype for `path`'s extension, or a plain refusal."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise UsageError(
            f"painpath can write .wav, .flac or .ogg files, so it cannot write {path.name}.",
            hint="End the file name with .ogg (small, for a phone), .flac or .wav.")
    return kind


# Frames handed to the encoder at a time. libvorbis keeps a block's samples on
# the C stack (alloca), so one long write crashes the process: above ~2 million
# frames on Linux, ~600,000 on Windows (python-soundfile issues 233 and 396).
# 16,384 frames (0.7 s) is 64 KiB of stack anywhere, and no slower.
ENCODE_BLOCK = 16384


def encode(track: np.ndarray, target: BinaryIO, fmt: str, subtype: str,
           progress: Progress | None = None, *, compression: float | None = None) -> None:
    """Encode `track` into the open binary file `target`, a block at a time.

    `compression` (0..1, Ogg only) trades quality for size; by default OGG_COMPRESSION.
    """
    import soundfile

    level = (OGG_COMPRESSION if compression is None else compression) if fmt == "OGG" else None
    report = max(ENCODE_BLOCK, len(track) // 100)  # about a hundred progress updates
    with soundfile.SoundFile(target, mode="w", samplerate=SAMPLE_RATE, channels=1,
                             format=fmt, subtype=subtype, compression_level=level) as out:
        for start in range(0, max(1, len(track)), ENCODE_BLOCK):
            out.write(track[start:start + ENCODE_BLOCK])
            if progress is not None and (start // ENCODE_BLOCK) % (report // ENCODE_BLOCK) == 0:
                progress(min(1.0, (start + ENCODE_BLOCK) / max(1, len(track))))
    if progress is not None:
        progress(1.0)


def write(track: np.ndarray, target: BinaryIO, fmt: str, subtype: str,
          progress: Progress | None = None) -> None:
    """Encode `track` into `target`, an open `-o` file (a pipe too: then it is made first)."""
    if fmt == "OGG":
        target.write(lossy(track, fmt, subtype, progress))
    elif target.seekable():
        encode(track, target, fmt, subtype, progress)
    else:  # WAV and FLAC go back to fill in their header; a pipe cannot
        buffer = io.BytesIO()
        encode(track, buffer, fmt, subtype, progress)
        target.write(buffer.getvalue())


def lossy(track: np.ndarray, fmt: str, subtype: str, progress: Progress | None = None,
          *, compression: float | None = None) -> bytes:
    """`track` encoded lossily, its decoded peaks still below -1 dBFS.

    A lossy encoder rebuilds the waveform from frequencies and can overshoot a
    sharp peak by a decibel or more, past the limiter's ceiling. So the result
    is decoded and measured, and encoded again a little quieter if need be.
    A track that peaks at -6 dBFS or below (bells alone peak there) is not
    measured: a full-scale sawtooth, about the worst case, overshoots by
    about 1.1 dB, and this leaves 5 dB of room; it saves a sixth of the work.
    """
    if len(track) and float(np.max(np.abs(track))) <= QUIET_ENOUGH:
        buffer = io.BytesIO()
        encode(track, buffer, fmt, subtype, progress, compression=compression)
        return buffer.getvalue()
    for attempt in range(3):
        buffer = io.BytesIO()
        encode(track, buffer, fmt, subtype, progress if attempt == 0 else None,
               compression=compression)
        peak = _peak(buffer)
        if peak < TARGET_PEAK:
            break
        track = track * (0.97 * TARGET_PEAK / peak)
    return buffer.getvalue()


def _peak(encoded: io.BytesIO) -> float:
    import soundfile

    encoded.seek(0)
    peak = 0.0
    with soundfile.SoundFile(encoded) as audio:
        for block in audio.blocks(blocksize=SAMPLE_RATE * 30, dtype="float32"):
            if len(block):
                peak = max(peak, float(np.max(np.abs(block))))
    return peak


def render(exercise: Exercise, output: str | os.PathLike[str], options: SoundOptions,
           speech: Speech | None = None, progress: Progress | None = None, *,
           own: Paths | None = None) -> float:
    """Render `exercise` into `output`; the file's length in seconds.

    `output` is opened first, through the project's one `-o` writer (refusing
    painpath's own files with `own`, a folder or a read-only file before any
    work), and replaced whole only when everything is written. `progress`
    hears 0..1 as it goes: mixing (and speaking) is the first half, writing
    the second.
    """
    from painpath.atomic import open_output

    path = Path(output)
    fmt, subtype = check_output(path)
    with open_output(path, own=own) as target:
        track = mix(exercise, options, speech,
                    None if progress is None else (lambda f: progress(f * 0.5)))
        write(track if len(track) else silence(0.1), target, fmt, subtype,
              None if progress is None else (lambda f: progress(0.5 + f * 0.5)))
    return len(track) / SAMPLE_RATE
