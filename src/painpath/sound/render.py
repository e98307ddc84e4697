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
import os
from collections.abc import Callable
from pathlib import Path

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
PEAK = 10 ** (-1.2 / 20)  # the limiter's ceiling, just under -1 dBFS
FORMATS = {".wav": ("WAV", "PCM_16"), ".flac": ("FLAC", "PCM_16"), ".ogg": ("OGG", "VORBIS")}
# Vorbis quality for speech and bells at 24 kHz mono: transparent to the ear,
# and a 31-minute practice stays a few megabytes (docs/performance.md).
OGG_COMPRESSION = 0.6

Progress = Callable[[float], None]


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
    with np.errstate(divide="ignore"):
        padded[: len(track)] = np.minimum(1.0, ceiling / np.abs(track))
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


def write(track: np.ndarray, path: Path, progress: Progress | None = None) -> Path:
    """Write `track` to `path` (format by extension), whole or not at all."""
    import soundfile

    from painpath.atomic import open_atomic

    fmt, subtype = check_output(path)
    block = 30 * SAMPLE_RATE
    level = OGG_COMPRESSION if fmt == "OGG" else None
    with open_atomic(path) as fh, soundfile.SoundFile(
            fh, mode="w", samplerate=SAMPLE_RATE, channels=1, format=fmt, subtype=subtype,
            compression_level=level) as out:
        for start in range(0, max(1, len(track)), block):
            out.write(track[start:start + block])
            if progress is not None:
                progress(min(1.0, (start + block) / max(1, len(track))))
    return path


def render(exercise: Exercise, output: str | os.PathLike[str], options: SoundOptions,
           speech: Speech | None = None, progress: Progress | None = None) -> float:
    """Render `exercise` into `output`; the file's length in seconds.

    `progress(fraction)` hears 0..1 as it goes: mixing (and speaking) is the
    first half, writing the second.
    """
    path = Path(output)
    check_output(path)
    track = mix(exercise, options, speech,
                None if progress is None else (lambda f: progress(f * 0.5)))
    write(track if len(track) else silence(0.1), path,
          None if progress is None else (lambda f: progress(0.5 + f * 0.5)))
    return len(track) / SAMPLE_RATE
