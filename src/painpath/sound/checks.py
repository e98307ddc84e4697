"""What `validate` warns about sound: a recording or spoken text longer than its step.

Neither is a mistake (the practice still runs: a long recording is cut with a
short fade at the step's end, and long speech finishes its sentence before
the next step's words), but the author should know before a client hears it.
Only `validate` calls this, never library loading: measuring recordings and
speech loads numpy, and `painpath list` must not.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from painpath.format.models import Exercise, Step
from painpath.format.packload import Loaded
from painpath.format.problems import Problem
from painpath.sound.clips import AudioFileError, recording_seconds
from painpath.sound.timeline import recording_path, spoken_text
from painpath.timefmt import length


def length_warnings(loaded: Loaded, path: Path, rate: int | None = None) -> list[Problem]:
    """Warnings for the timed steps of everything loaded from `path` (a file, folder or .zip)."""
    from painpath.sound import voices

    speaking_rate = voices.DEFAULT_RATE if rate is None else rate
    found: list[Problem] = []
    with _recordings(path) as find:
        for exercise in loaded.exercises:
            for n, step in enumerate(exercise.steps, start=1):
                limit = step.limit_seconds
                if limit is None:
                    continue
                recording = find(exercise, step) if step.audio else None
                if recording is not None:
                    found += _recording_warning(exercise, n, step, recording, limit)
                elif not step.audio:
                    spoken = voices.estimate_seconds(spoken_text(step), speaking_rate)
                    if round(spoken) > limit:
                        found.append(Problem(
                            exercise.source, f"spoken, this text takes about {length(spoken)}; "
                            f"the step lasts {length(limit)}. The voice finishes its sentence "
                            "before the next step's words begin; a shorter text, or a longer "
                            "step, keeps them together", f"steps[{n}].text", None, "warning"))
    return found


def _recording_warning(exercise: Exercise, n: int, step: Step, recording: Path,
                       limit: float) -> list[Problem]:
    key = f"steps[{n}].audio"
    try:
        lasts = recording_seconds(recording)
    except AudioFileError as err:
        return [Problem(exercise.source, f"{err.message} {err.hint or ''}".strip(), key, None,
                        "warning")]
    if round(lasts) <= limit:
        return []
    return [Problem(exercise.source, f"the recording lasts {length(lasts)}; the step lasts "
                    f"{length(limit)}, so the recording is cut with a short fade at the "
                    "step's end", key, None, "warning")]


@contextmanager
def _recordings(path: Path) -> Iterator:
    """A function finding a step's recording on disk, copied out of a .zip when need be."""
    if not (path.is_file() and path.suffix.lower() == ".zip"):
        yield recording_path
        return
    from painpath.format.sources import SourceRefused, ZipSource

    try:
        source = ZipSource(path)
    except SourceRefused:  # said already by the loader
        yield lambda exercise, step: None
        return
    entries = {item.relpath: item for item in source.files()}
    with tempfile.TemporaryDirectory(prefix="painpath-validate-") as folder:

        copied: dict[str, Path] = {}

        def from_zip(exercise: Exercise, step: Step) -> Path | None:
            item = entries.get(step.audio or "")
            if item is None:
                return None
            if item.relpath not in copied:  # each recording is copied out once
                target = Path(folder) / f"{len(copied)}-{Path(item.relpath).name}"
                with source.open(item) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                copied[item.relpath] = target
            return copied[item.relpath]

        try:
            yield from_zip
        finally:
            source.close()
