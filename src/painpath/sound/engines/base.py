"""What every voice engine shares: running a program and reading what it wrote.

Engines run out of process: the system's speech programs (espeak-ng, `say`,
PowerShell) are separate programs anyway, and the neural voice (piper) is
GPL-licensed, so painpath (MIT) runs it as a program and never imports it. A
crash, a hang or a noisy library in an engine therefore cannot take painpath
down: each run has a time limit, its output is read from a file, and what it
printed on stderr is kept only to explain a failure in plain words.

Text reaches an engine on stdin or in a file, never on the command line, so a
step's text can never be taken for an option, whatever it starts with.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from painpath.errors import PainpathError
from painpath.sound.clips import SAMPLE_RATE

# A step's text is at most a few thousand characters; anything far longer is not
# meant to be spoken in one go, and an engine would take minutes over it.
MAX_TEXT_CHARS = 20_000
# Seconds an engine may take: a fixed start-up allowance plus time per character
# (the neural voice speaks ~100 characters in well under a second on one core).
_BASE_TIMEOUT = 30.0
_PER_CHAR_TIMEOUT = 0.05


class VoiceError(PainpathError):
    """A voice engine could not speak a text; the practice goes on without it."""

    title = "The voice could not speak"


def timeout_for(text: str) -> float:
    return _BASE_TIMEOUT + _PER_CHAR_TIMEOUT * len(text)


def check_text(text: str) -> str:
    """The text to speak, or a VoiceError if there is nothing or far too much."""
    if len(text) > MAX_TEXT_CHARS:
        raise VoiceError(f"This text is {len(text)} characters long; a voice speaks at most "
                         f"{MAX_TEXT_CHARS} at a time.")
    return text


def run_to_wav(name: str, make_command: Callable[[Path], Sequence[str]], text: str, *,
               stdin_text: bool = True, env: dict[str, str] | None = None,
               suffix: str = ".wav") -> np.ndarray:
    """Run an engine that writes a sound file, and return the file as samples.

    `make_command(out)` builds the command line for an output file `out` in a
    private temporary folder (removed afterwards). With `stdin_text` the text
    goes to the program's stdin; otherwise it is written to `text.txt` beside
    `out`, for engines that read a file.
    """
    check_text(text)
    with tempfile.TemporaryDirectory(prefix="painpath-voice-") as folder:
        out = Path(folder) / f"speech{suffix}"
        if not stdin_text:
            (Path(folder) / "text.txt").write_text(text, encoding="utf-8")
        command = list(make_command(out))
        try:
            done = subprocess.run(
                command, input=text.encode("utf-8") if stdin_text else None,
                stdin=None if stdin_text else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                timeout=timeout_for(text), env=env, check=False,
                creationflags=_NO_WINDOW)
        except subprocess.TimeoutExpired:
            raise VoiceError(f"{name} took too long to speak this text and was stopped.") from None
        except OSError as err:
            raise VoiceError(f"{name} could not be started ({err.strerror or err}).") from None
        if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            said = _first_line(done.stderr)
            raise VoiceError(f"{name} could not speak this text"
                             + (f" (it said: {said})." if said else "."))
        return read_sound(out, name)


def read_sound(path: Path, name: str) -> np.ndarray:
    """A sound file an engine wrote, as mono float32 samples at SAMPLE_RATE."""
    import miniaudio

    try:
        decoded = miniaudio.decode_file(str(path), output_format=miniaudio.SampleFormat.FLOAT32,
                                        nchannels=1, sample_rate=SAMPLE_RATE)
    except miniaudio.MiniaudioError:
        raise VoiceError(f"{name} wrote a sound file painpath could not read.") from None
    samples = np.frombuffer(decoded.samples, dtype=np.float32).copy()
    return np.clip(samples, -1.0, 1.0)


def quiet_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for an engine, plus `extra` (used to pass file paths safely)."""
    env = dict(os.environ)
    env.update(extra or {})
    return env


def _first_line(raw: bytes) -> str:
    from painpath.text import clean

    for line in raw.decode("utf-8", "replace").splitlines():
        line = clean(line).strip()
        if line:
            return line[:200]
    return ""


# Windows would flash a console window for every sentence without this flag.
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
