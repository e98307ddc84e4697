"""Playing sound as it is scheduled: a mixer, and where its samples go.

The `Mixer` holds the sounds to play (each a clip on a channel, starting at a
frame) and renders them, block by block, into one stream. A `Backend` pulls
that stream (see `backends.py`): `MiniaudioBackend` on the computer's sound device, `NullBackend`
into memory (tests, benchmarks: what a person would have heard, sample for
sample).

Two kinds of time run in the mixer. *Timeline* frames follow the practice:
they stop while it is paused or waiting for a rating (`hold`), so a bell
scheduled at second 300 of the practice sounds at second 300 of the practice
however long the pause was. *Free* sounds (a spoken rating question) play in
plain time, also while the timeline is held.

Everything the person asks for is heard at once: `stop` fades the chosen
channels out within `STOP_FADE` (well under half a second) and drops what was
still to come; `hold` fades the timeline out in a few milliseconds and
`release` fades it back in where it left off.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from painpath.sound.clips import SAMPLE_RATE
from painpath.sound.timeline import CHANNELS, Channel

STOP_FADE = 0.3  # seconds; the brief allows at most 0.5
HOLD_FADE = 0.02  # a pause silences the sound this quickly, without a click

# ------------------------------------------------------------------- mixer
class Track:
    """One practice's timeline in the mixer: its own frames, held while it is paused.

    The practice under a "ground me now" stays paused while the grounding
    practice plays on its own track.
    """

    def __init__(self) -> None:
        self.frame = 0  # next frame of this timeline to render
        self.stamp: tuple[float, int] | None = None  # (clock, frame) of the last render
        self.held = False
        self.hold_faded = 0  # frames of the hold's fade-out rendered so far
        self.release_at: int | None = None  # mixer frame the fade back in began at
        self.closed = False


@dataclass(eq=False)
class Playing:
    """One clip in the mixer, on a track (None: plain time, never held)."""

    clip: np.ndarray
    channel: Channel
    start: int  # frame of its first sample, on its track (or the mixer's own frames)
    track: Track | None
    tag: object = None
    fade_from: int | None = None  # frame its stop fade begins at
    fade_frames: int = 0
    done: bool = False

    @property
    def end(self) -> int:
        last = self.start + len(self.clip)
        if self.fade_from is not None:
            last = min(last, self.fade_from + self.fade_frames)
        return last


class Mixer:
    """Sounds on four channels, each with a volume, and a master volume.

    Thread-safe: the backend renders from its own thread while the player
    schedules and stops sounds from the UI's. `clock` (monotonic seconds) lets
    `timeline_now` say which frame is being rendered at this moment, between
    the backend's blocks. `main` is the default track; `track()` makes more.
    """

    def __init__(self, *, volumes: dict[str, float] | None = None, master: float = 1.0,
                 clock: Callable[[], float] | None = None) -> None:
        import time

        self.volumes: dict[str, float] = {c: 1.0 for c in CHANNELS}
        self.volumes.update(volumes or {})
        self.master = master
        self._clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._playing: list[Playing] = []
        self._free = 0  # next frame to render, in plain time
        self.main = Track()
        self._tracks: list[Track] = [self.main]

    def track(self) -> Track:
        """A new timeline (one per practice)."""
        with self._lock:
            made = Track()
            self._tracks.append(made)
            return made

    def close_track(self, track: Track) -> None:
        """The practice is over: its track goes once its last sound has faded."""
        track.closed = True

    # -------------------------------------------------------------- time
    @property
    def timeline_frame(self) -> int:
        """The next frame of the main track to be rendered."""
        return self.main.frame

    @property
    def held(self) -> bool:
        return self.main.held

    def timeline_now(self, track: Track | None = None) -> int:
        """The frame of `track` being rendered now (between blocks, from the clock)."""
        track = track or self.main
        with self._lock:
            if track.held or track.stamp is None:
                return track.frame
            at, frame = track.stamp
            return frame + round((self._clock() - at) * SAMPLE_RATE)

    # --------------------------------------------------------- scheduling
    def play(self, clip: np.ndarray, channel: Channel, *, at: int | None = None,
             timeline: bool = True, track: Track | None = None,
             tag: object = None) -> Playing:
        """Play `clip` from frame `at` of its track (None: as soon as possible).

        `timeline=False` plays in plain time (never held). A start already
        past plays from where the sound would be by now, so a late schedule
        keeps its place instead of shifting everything after it.
        """
        with self._lock:
            on = (track or self.main) if timeline else None
            now = on.frame if on is not None else self._free
            item = Playing(np.asarray(clip, dtype=np.float32), channel,
                           now if at is None else int(at), on, tag)
            self._playing.append(item)
            return item

    def replace(self, tag: object, clip: np.ndarray) -> bool:
        """Swap the clip of the sound tagged `tag` for `clip`, keeping its start and place."""
        with self._lock:
            for item in self._playing:
                if item.tag == tag and item.fade_from is None:
                    item.clip = np.asarray(clip, dtype=np.float32)
                    return True
            return False

    def stop(self, channels: tuple[Channel, ...] = CHANNELS, *, fade: float = STOP_FADE,
             timeline: bool | None = None, track: Track | None = None) -> int:
        """Fade out what plays on `channels` and drop what has not begun; returns how many.

        `timeline`: True for track sounds only, False for plain-time ones only;
        `track`: only that track's sounds.
        """
        frames = max(1, int(fade * SAMPLE_RATE))
        count = 0
        with self._lock:
            for item in self._playing:
                if item.channel not in channels:
                    continue
                if timeline is not None and (item.track is not None) != timeline:
                    continue
                if track is not None and item.track is not track:
                    continue
                now = item.track.frame if item.track is not None else self._free
                if item.start >= now or (item.track is not None and item.track.held):
                    item.done = True  # not begun, or already silent in a pause
                elif item.fade_from is None or item.fade_from + item.fade_frames > now + frames:
                    item.fade_from, item.fade_frames = now, frames
                count += 1
            self._playing = [p for p in self._playing if not p.done]
        return count

    def cancel_pending(self, track: Track | None = None) -> None:
        """Drop a track's sounds that have not begun (a schedule that no longer holds)."""
        track = track or self.main
        with self._lock:
            self._playing = [p for p in self._playing
                             if not (p.track is track and p.start >= track.frame)]

    def active(self) -> list[Playing]:
        with self._lock:
            return list(self._playing)

    def hold(self, track: Track | None = None) -> None:
        """Stop a track where it is (a pause); other tracks and plain sounds play on."""
        track = track or self.main
        with self._lock:
            if not track.held:
                track.held = True
                track.hold_faded = 0
                track.release_at = None

    def release(self, track: Track | None = None) -> None:
        """Let a track go on from where `hold` stopped it, fading back in."""
        track = track or self.main
        with self._lock:
            if track.held:
                track.held = False
                track.release_at = self._free
                track.stamp = None

    # ----------------------------------------------------------- render
    def render(self, frames: int) -> np.ndarray:
        """The next `frames` frames of sound (called by the backend's thread)."""
        with self._lock:
            out = np.zeros(frames, dtype=np.float32)
            now = self._clock()
            for track in self._tracks:
                self._render_track(out, track, now)
            for item in self._playing:
                if item.track is None:
                    self._add(out, item, self._free, None)
            self._free += frames
            self._playing = [p for p in self._playing if not p.done and (
                (p.track.frame if p.track is not None else self._free) < p.end)]
            busy = {id(p.track) for p in self._playing}
            self._tracks = [t for t in self._tracks
                            if t is self.main or not t.closed or id(t) in busy]
            out *= self.master
            np.clip(out, -1.0, 1.0, out=out)
            return out

    def _render_track(self, out: np.ndarray, track: Track, now: float) -> None:
        frames = len(out)
        fade = int(HOLD_FADE * SAMPLE_RATE)
        if track.held:
            # Fade what was playing out over HOLD_FADE without moving the track,
            # so it goes on from the very frame it stopped at.
            moving = min(frames, fade - track.hold_faded)
            base = track.frame + track.hold_faded
            level: np.ndarray | None = 1.0 - (track.hold_faded + np.arange(moving)) / fade
            track.hold_faded += max(0, moving)
        else:
            track.stamp = (now, track.frame)
            moving, base, level = frames, track.frame, None
            if track.release_at is not None:
                done = self._free - track.release_at
                level = np.clip((done + np.arange(frames)) / fade, 0.0, 1.0)
                if done + frames >= fade:
                    track.release_at = None
        if moving > 0:
            for item in self._playing:
                if item.track is track:
                    self._add(out[:moving], item, base, level)
        if not track.held:
            track.frame += frames

    def _add(self, out: np.ndarray, item: Playing, base: int,
             level: np.ndarray | None) -> None:
        lo = max(base, item.start)
        hi = min(base + len(out), item.end)
        if hi <= lo:
            return
        piece = item.clip[lo - item.start:hi - item.start] * self.volumes.get(item.channel, 1.0)
        if item.fade_from is not None:
            ramp = 1.0 - (np.arange(lo, hi) - item.fade_from) / item.fade_frames
            piece = piece * np.clip(ramp, 0.0, 1.0)
        if level is not None:
            piece = piece * level[lo - base:hi - base]
        out[lo - base:hi - base] += piece
