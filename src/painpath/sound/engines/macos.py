"""macOS's own voices through the `say` program (present on every Mac).

`say` writes a WAVE file when asked for one; its rate is words per minute,
like painpath's. Voices are chosen by name ("Samantha"), or by the exercise's
language from the list `say -v '?'` prints.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import numpy as np

from painpath.sound.engines.base import run_to_wav


class SayEngine:
    """Speech through macOS's `say`."""

    name = "say"

    def available(self) -> bool:
        return shutil.which("say") is not None

    def voices(self) -> list[str]:
        return [name for name, _ in _voices()] if self.available() else []

    def speaks(self, language: str) -> bool:
        return self._voice_for(language) is not None

    def _voice_for(self, language: str) -> str | None:
        wanted = language.lower().replace("_", "-")
        primary = wanted.split("-")[0]
        pairs = _voices() if self.available() else ()
        for name, locale in pairs:
            if locale == wanted:
                return name
        for name, locale in pairs:
            if locale.split("-")[0] == primary:
                return name
        return None

    def synthesize(self, text: str, *, language: str, voice: str | None,
                   rate: int) -> np.ndarray:
        chosen = voice or self._voice_for(language)

        def command(out: Path) -> list[str]:
            cmd = ["say", "-r", str(int(rate)), "-o", str(out), "--file-format=WAVE",
                   "--data-format=LEI16@24000", "-f", str(out.parent / "text.txt")]
            return cmd + (["-v", chosen] if chosen else [])

        return run_to_wav("say", command, text, stdin_text=False)


@cache
def _voices() -> tuple[tuple[str, str], ...]:
    """(name, locale) pairs, e.g. ('Samantha', 'en-us'), from `say -v '?'`."""
    try:
        done = subprocess.run(["say", "-v", "?"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    pairs: list[tuple[str, str]] = []
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        head = line.split("#", 1)[0].split()
        if len(head) >= 2:
            # Names may hold spaces ("Bad News"); the locale is the last word.
            pairs.append((" ".join(head[:-1]), head[-1].lower().replace("_", "-")))
    return tuple(pairs)
