"""Where the mixer's samples go: the computer's sound device, or memory.

`MiniaudioBackend` streams to the device through miniaudio and keeps the
sound libraries' own messages off the person's terminal; `NullBackend` keeps
what a person would have heard, sample for sample (tests, benchmarks). Kept
apart from the mixer (`playback.py`), which decides what plays when.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Protocol

import numpy as np

from painpath.errors import PainpathError
from painpath.sound.clips import SAMPLE_RATE

BLOCK = 1024  # frames a device asks for at a time (about 43 ms)

Render = Callable[[int], np.ndarray]


class NoAudioDevice(PainpathError):
    """There is no sound device to play on (a server, a container, CI)."""

    title = "No sound device"


NO_DEVICE_NOTE = ("No sound device was found, so painpath rings the terminal bell "
                  "instead and shows the words on screen.")


class Backend(Protocol):
    """Where the mixed samples go; it pulls blocks from `render` in its own time."""

    def start(self, render: Render) -> None: ...

    def close(self) -> None: ...


class NullBackend:
    """Plays into memory: `pull(frames)` renders that much and keeps it."""

    def __init__(self) -> None:
        self._render: Render | None = None
        self._blocks: list[np.ndarray] = []
        self.closed = False

    def start(self, render: Render) -> None:
        self._render = render

    def close(self) -> None:
        self.closed = True

    def pull(self, frames: int) -> np.ndarray:
        """Render `frames` frames as a device would, and keep them."""
        if self._render is None or self.closed:
            block = np.zeros(frames, dtype=np.float32)
        else:
            block = self._render(frames)
        self._blocks.append(block)
        return block

    def pull_seconds(self, seconds: float) -> np.ndarray:
        return self.pull(round(seconds * SAMPLE_RATE))

    def captured(self) -> np.ndarray:
        """Everything rendered so far, as one clip."""
        if not self._blocks:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(self._blocks)


class MiniaudioBackend:
    """The computer's sound device, through miniaudio, fed by a generator.

    Opening the device is silent: libraries such as ALSA print pages of
    messages on stderr when there is no sound card, so stderr is closed while
    the device opens and closes, and ALSA's own error printer is turned off.
    No device raises `NoAudioDevice`, with `NO_DEVICE_NOTE` as its message.
    """

    def __init__(self, *, buffer_ms: int = 120) -> None:
        self.buffer_ms = buffer_ms
        self._device = None

    def start(self, render: Render) -> None:
        import miniaudio

        _silence_alsa()
        try:
            with _quiet_stderr():
                device = miniaudio.PlaybackDevice(
                    output_format=miniaudio.SampleFormat.FLOAT32, nchannels=1,
                    sample_rate=SAMPLE_RATE, buffersize_msec=self.buffer_ms,
                    app_name="painpath")
        except miniaudio.MiniaudioError:
            raise NoAudioDevice(NO_DEVICE_NOTE) from None
        stream = _stream(render)
        next(stream)
        try:
            with _quiet_stderr():
                device.start(stream)
        except miniaudio.MiniaudioError:
            device.close()
            raise NoAudioDevice(NO_DEVICE_NOTE) from None
        self._device = device

    def close(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            with _quiet_stderr():
                device.close()


def _stream(render: Render) -> Iterator[bytes]:
    """The generator miniaudio pulls: each `send(frames)` gets that many frames."""
    frames = yield b""
    while True:
        frames = yield render(int(frames)).tobytes()


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Send file descriptor 2 to the null device for a moment (C libraries write there)."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            sys.stderr.flush()
            os.dup2(null.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)


_ALSA_HANDLER: object = None


def _silence_alsa() -> None:
    """Give ALSA an error printer that prints nothing (Linux only, once)."""
    global _ALSA_HANDLER
    if _ALSA_HANDLER is not None or not sys.platform.startswith("linux"):
        return
    import ctypes
    import ctypes.util

    _ALSA_HANDLER = False
    name = ctypes.util.find_library("asound")
    if not name:
        return
    try:
        asound = ctypes.cdll.LoadLibrary(name)
    except OSError:
        return
    handler_type = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                                    ctypes.c_int, ctypes.c_char_p)
    _ALSA_HANDLER = handler_type(lambda *_: None)  # kept alive: ALSA holds the pointer
    asound.snd_lib_error_set_handler(_ALSA_HANDLER)
