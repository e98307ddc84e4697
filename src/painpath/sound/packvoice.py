"""A pack that carries its own voice: `painpath pack build DIR -o FILE.zip --voice`.

Every spoken step without a recording is spoken now, on the therapist's
computer with the voice they chose, and goes into the built pack as an .ogg
file that the step names as its `audio`. A client then hears that voice with
no speech engine of their own. The therapist's folder is never touched: the
new files and the exercise files that name them exist only inside the zip.

How a step's `audio` line is added: right under that step's `[[steps]]`
header, so the therapist's comments and layout stay as they wrote them. The
changed file is loaded again to prove it says what was meant; an exercise
written another way (steps as one inline array) keeps being spoken live, and
the build says so.

Each voice file stays within FORMAT.md's limit of 1 MiB a file (it is encoded
again more tightly if needed, and left out with a warning if it still does
not fit), and the pack within 500 files.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from painpath.format.models import Exercise
from painpath.format.packload import Loaded, exercise_from_bytes
from painpath.format.sources import MAX_FILE_BYTES, MAX_PACK_BYTES, MAX_PACK_FILES, FolderSource
from painpath.sound.clips import silence
from painpath.sound.timeline import Cue, SoundOptions, Speech, Spoken, clip_for, spoken_text

VOICE_FOLDER = "voice"  # inside the built pack: voice/EXERCISE-ID/step-03.ogg
_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*steps[ \t]*\]\][ \t]*(#.*)?$", re.MULTILINE)
# Vorbis settings tried in turn until a step's voice fits in one file.
_COMPRESSION = (0.6, 0.85, 1.0)


@dataclass
class VoiceFiles:
    """What `--voice` adds to a built pack: files by their path inside it, and notes."""

    files: dict[str, bytes] = field(default_factory=dict)
    spoken: int = 0  # steps given a voice file
    notes: list[str] = field(default_factory=list)


def voice_files(loaded: Loaded, root: Path, speech: Speech, options: SoundOptions,
                file_count: int, progress: Callable[[float], None] | None = None) -> VoiceFiles:
    """Speak every step of the pack at `root` that has no recording; the files to add."""
    out = VoiceFiles()
    todo = [(ex, n) for ex in loaded.exercises for n, step in enumerate(ex.steps)
            if not step.audio and spoken_text(step)]
    used = sum(item.size for item in FolderSource(root).files())
    room = _Room(MAX_PACK_FILES - file_count, MAX_PACK_BYTES - used)
    for done, exercise in enumerate(loaded.exercises):
        steps = [n for ex, n in todo if ex is exercise]
        if steps:
            _voice_exercise(exercise, steps, root, speech, options, out, room)
        if progress is not None:
            progress((done + 1) / max(1, len(loaded.exercises)))
    return out


@dataclass
class _Room:
    """What the pack may still take: files, and bytes (FORMAT.md: 500 files, 200 MiB)."""

    files: int
    bytes: int

    def fits(self, size: int) -> bool:
        # A little kept back for the audio lines the exercise files gain.
        return self.files >= 1 and size + 64 * 1024 <= self.bytes

    def take(self, size: int, files: int = 1) -> None:
        self.files -= files
        self.bytes -= size


def _voice_exercise(exercise: Exercise, steps: list[int], root: Path, speech: Speech,
                    options: SoundOptions, out: VoiceFiles, room: _Room) -> None:
    source = Path(exercise.source)
    relpath = source.resolve().relative_to(root.resolve()).as_posix()
    text = source.read_text(encoding="utf-8-sig")
    headers = list(_HEADER.finditer(text))
    if len(headers) != len(exercise.steps):
        out.notes.append(f"{relpath}: its steps are not written as [[steps]] tables, so "
                         "they are spoken by the client's own voice instead.")
        return
    added: dict[int, str] = {}
    for n in steps:
        data = _encoded(_spoken(exercise, n, speech, options))
        if data is None:
            out.notes.append(f"{relpath}, step {n + 1}: spoken, it does not fit in one file "
                             "of 1 MiB, so the client's own voice says it.")
            continue
        if not room.fits(len(data)):
            out.notes.append(f"{relpath}: the pack would hold more than {MAX_PACK_FILES} files "
                             "or 200 MiB, so its later steps are spoken by the client's own "
                             "voice.")
            break
        name = f"{VOICE_FOLDER}/{exercise.id}/step-{n + 1:02d}.ogg"
        out.files[name] = data
        added[n] = name
        room.take(len(data))
    if not added:
        return
    new_text = _with_audio(text, headers, added)
    if not _says_the_same(new_text, relpath, exercise, added):
        for name in added.values():
            room.take(-len(out.files.pop(name)), files=-1)
        out.notes.append(f"{relpath}: painpath could not add the voice files to it safely, "
                         "so its steps are spoken by the client's own voice.")
        return
    out.files[relpath] = new_text.encode("utf-8")  # in place of the folder's own: no new file
    out.spoken += len(added)


def _spoken(exercise: Exercise, n: int, speech: Speech, options: SoundOptions) -> np.ndarray:
    step = exercise.steps[n]
    limit = step.limit_seconds
    cue = Cue(0.0, "voice", Spoken(spoken_text(step), exercise.language), limit)
    return clip_for(cue, options, speech)


def _encoded(clip: np.ndarray) -> bytes | None:
    """The clip as Ogg Vorbis within MAX_FILE_BYTES, or None when it cannot fit."""
    from painpath.sound import render

    for level in _COMPRESSION:
        data = render.lossy(clip if len(clip) else silence(0.1), "OGG", "VORBIS",
                            compression=level)
        if len(data) <= MAX_FILE_BYTES:
            return data
    return None


def _with_audio(text: str, headers: list[re.Match[str]], added: dict[int, str]) -> str:
    """`text` with an `audio = "..."` line under the header of each step in `added`."""
    newline = "\r\n" if "\r\n" in text else "\n"
    pieces: list[str] = []
    last = 0
    for n, header in enumerate(headers):
        if n not in added:
            continue
        pieces.append(text[last:header.end()])
        pieces.append(f'{newline}audio = "{added[n]}"  # spoken by painpath pack build --voice')
        last = header.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _says_the_same(text: str, relpath: str, exercise: Exercise, added: dict[int, str]) -> bool:
    """Load the changed exercise again: is it the same practice with the new audio?

    A `[[steps]]` line inside a long text could be taken for a header; then
    the changed file says something else, and it is left as it was.
    """
    again, problems = exercise_from_bytes(text.encode("utf-8"), relpath, pack=exercise.pack,
                                          scales=exercise.scales,
                                          pack_version=exercise.pack_version)
    if again is None or any(p.is_error for p in problems):
        return False
    expected = tuple(step if n not in added else dataclasses.replace(step, audio=added[n])
                     for n, step in enumerate(exercise.steps))
    return again.steps == expected
