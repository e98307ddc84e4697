"""espeak-ng (or the older espeak): the free voice found on most Linux systems.

Licensed GPL-3, run as a program. It speaks more than a hundred languages,
robotic but clear, and fast (a sentence in a few hundredths of a second), so
it is the voice painpath can count on on Linux: `apt install espeak-ng`.

speech-dispatcher's `spd-say` is not used: it speaks straight to the sound
card and cannot write a file, so its speech could not be timed, mixed with the
bells, cached or rendered. espeak-ng is the engine speech-dispatcher itself
uses by default, so nothing is lost.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import numpy as np

from painpath.sound.engines.base import run_to_wav

# espeak-ng's own limits for words per minute.
MIN_RATE, MAX_RATE = 80, 450


class EspeakEngine:
    """Speech through the `espeak-ng` program (or `espeak`)."""

    name = "espeak-ng"

    def __init__(self, program: str | None = None) -> None:
        self._program = program

    @property
    def program(self) -> str | None:
        if self._program is None:
            self._program = shutil.which("espeak-ng") or shutil.which("espeak") or ""
        return self._program or None

    def available(self) -> bool:
        return self.program is not None

    def voices(self) -> list[str]:
        program = self.program
        return list(_voices(program)) if program else []

    def speaks(self, language: str) -> bool:
        primary = language.lower().split("-")[0]
        return any(v.split("-")[0] == primary for v in self.voices())

    def synthesize(self, text: str, *, language: str, voice: str | None,
                   rate: int) -> np.ndarray:
        program = self.program or "espeak-ng"
        chosen = (voice or language or "en").lower()
        speed = str(max(MIN_RATE, min(MAX_RATE, int(rate))))

        def command(out: Path) -> list[str]:
            # No text argument: espeak-ng reads stdin. -b 1: the input is UTF-8.
            return [program, "-v", chosen, "-s", speed, "-b", "1", "-w", str(out)]

        return run_to_wav("espeak-ng", command, text)


@cache
def _voices(program: str) -> tuple[str, ...]:
    """The language codes espeak-ng has voices for (e.g. 'en', 'en-us', 'de')."""
    try:
        done = subprocess.run([program, "--voices"], capture_output=True, timeout=10,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    found: list[str] = []
    for line in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[1] not in found:
            found.append(parts[1].lower())
    return tuple(found)
