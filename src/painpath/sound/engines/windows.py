"""Windows's own voices (the speech API, SAPI) through PowerShell.

Every Windows has PowerShell and System.Speech. The script is fixed; the text
and the output file reach it through environment variables and a UTF-8 file,
never spliced into the script, so no text can change what the script does.
SAPI's rate runs from -10 to 10 around about 170 words per minute at 0.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import numpy as np

from painpath.sound.engines.base import quiet_env, run_to_wav

_SPEAK = r"""
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
$s.Rate = [int]$env:PAINPATH_RATE
if ($env:PAINPATH_VOICE) { $s.SelectVoice($env:PAINPATH_VOICE) }
elseif ($env:PAINPATH_LANG) {
  $v = $s.GetInstalledVoices() | Where-Object { $_.Enabled -and
       $_.VoiceInfo.Culture.Name.ToLower().StartsWith($env:PAINPATH_LANG) } | Select-Object -First 1
  if ($v) { $s.SelectVoice($v.VoiceInfo.Name) }
}
$s.SetOutputToWaveFile($env:PAINPATH_OUT)
$s.Speak([IO.File]::ReadAllText($env:PAINPATH_TEXT, [Text.Encoding]::UTF8))
$s.Dispose()
"""
_LIST = r"""
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
$s.GetInstalledVoices() | Where-Object { $_.Enabled } | ForEach-Object {
  $_.VoiceInfo.Name + "`t" + $_.VoiceInfo.Culture.Name }
"""


def sapi_rate(words_per_minute: int) -> int:
    """painpath's words per minute as SAPI's -10..10 (about 10 words a step)."""
    return max(-10, min(10, round((words_per_minute - 170) / 10)))


class WindowsEngine:
    """Speech through the Windows speech API."""

    name = "windows"

    def _shell(self) -> str | None:
        return shutil.which("powershell") or shutil.which("pwsh")

    def available(self) -> bool:
        return self._shell() is not None and bool(_voices(self._shell() or ""))

    def voices(self) -> list[str]:
        shell = self._shell()
        return [name for name, _ in _voices(shell)] if shell else []

    def speaks(self, language: str) -> bool:
        primary = language.lower().split("-")[0]
        shell = self._shell()
        return bool(shell) and any(c.split("-")[0] == primary for _, c in _voices(shell or ""))

    def synthesize(self, text: str, *, language: str, voice: str | None,
                   rate: int) -> np.ndarray:
        shell = self._shell() or "powershell"

        def command(out: Path) -> list[str]:
            return [shell, "-NoProfile", "-NonInteractive", "-Command", _SPEAK]

        def run(out: Path) -> list[str]:
            env.update(PAINPATH_OUT=str(out), PAINPATH_TEXT=str(out.parent / "text.txt"))
            return command(out)

        env = quiet_env({"PAINPATH_RATE": str(sapi_rate(rate)), "PAINPATH_VOICE": voice or "",
                         "PAINPATH_LANG": language.lower().split("-")[0]})
        return run_to_wav("The Windows voice", run, text, stdin_text=False, env=env)


@cache
def _voices(shell: str) -> tuple[tuple[str, str], ...]:
    if not shell:
        return ()
    try:
        done = subprocess.run([shell, "-NoProfile", "-NonInteractive", "-Command", _LIST],
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    pairs = []
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        name, _, culture = line.strip().partition("\t")
        if name:
            pairs.append((name, culture.lower()))
    return tuple(pairs)
