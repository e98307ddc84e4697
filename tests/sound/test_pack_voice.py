"""`painpath pack build --voice`: a pack that carries its voice, round trip to a client."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from pack_helpers import cli, flat
from sound_practice import PRACTICE, fake_speech, make_pack

import painpath.commands.sound as sound_command
from painpath.engine.events import StepStarted
from painpath.format.sources import MAX_FILE_BYTES
from painpath.library import Library
from painpath.paths import Paths
from painpath.sound.clips import decode, seconds
from painpath.sound.timeline import SoundOptions, cues_for, recording_path, spoken_parts

COMMENTED = PRACTICE.replace('[[steps]]\ntitle = "Arriving"',
                             '# The first step.\n[[steps]]   # arriving\ntitle = "Arriving"')


@pytest.fixture
def voiced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []

    def speech_for(ctx, name, language, *, note=True):
        def speak(text: str, lang: str) -> np.ndarray:
            said.append(text)
            return fake_speech(text, lang)
        return speak, f"spoken by a test voice{f' ({name})' if name != 'auto' else ''}"

    monkeypatch.setattr(sound_command, "speech_for", speech_for)
    return said


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_with_voice_install_and_the_steps_play_their_voice(capsys, tmp_path: Path,
                                                                 voiced: list[str]):
    folder = tmp_path / "pack"
    make_pack(folder, COMMENTED)
    before = _snapshot(folder)
    out = tmp_path / "ears.zip"
    code, said, err = cli(capsys, tmp_path / "author", "pack", "build", str(folder), "-o",
                          str(out), "--voice")
    assert code == 0, err
    assert "with 5 spoken steps (spoken by a test voice)" in flat(said)
    assert _snapshot(folder) == before  # the therapist's folder is left as it was

    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        text = zf.read("exercises/listen.toml").decode()
        sizes = [i.file_size for i in zf.infolist()]
    assert [n for n in names if n.startswith("voice/")] == [
        f"voice/listen/step-{n:02d}.ogg" for n in (1, 2, 3, 4, 6)]
    assert max(sizes) <= MAX_FILE_BYTES
    # Their comments and layout are kept; only the audio lines are new.
    assert '# The first step.\n[[steps]]   # arriving\naudio = "voice/listen/step-01.ogg"' in text
    assert text.count("audio = ") == 6  # five new ones and the recording step's own

    code, said, err = cli(capsys, tmp_path / "author", "validate", str(out))
    assert code == 0, said + err

    client = tmp_path / "client"
    code, _, err = cli(capsys, client, "pack", "install", str(out))
    assert code == 0, err
    paths = Paths(data_dir=client, config_dir=client / "config")
    exercise = Library.load(paths).resolve("ears/listen")
    for n, step in enumerate(exercise.steps):
        path = recording_path(exercise, step)
        assert path is not None and path.is_file(), step.title
        [cue] = cues_for(StepStarted(n, 0.0), exercise, SoundOptions())
        assert cue.channel == "recordings"  # the client's player plays it, no engine needed
    first = decode(recording_path(exercise, exercise.steps[0]))
    words = sum(len(p.split()) for p in spoken_parts("Arriving.\n\nSettle in. Feel the floor."))
    assert seconds(first) == pytest.approx(words * 0.25 + 2 * 0.35, abs=0.05)


def test_build_with_a_named_voice_says_it(capsys, tmp_path: Path, voiced: list[str]):
    make_pack(tmp_path / "pack")
    code, said, _ = cli(capsys, tmp_path / "a", "pack", "build", str(tmp_path / "pack"), "-o",
                        str(tmp_path / "p.zip"), "--voice", "en-gb")
    assert code == 0 and "(spoken by a test voice (en-gb))" in flat(said)


def test_build_without_voice_speaks_nothing(capsys, tmp_path: Path, voiced: list[str]):
    make_pack(tmp_path / "pack")
    code, said, _ = cli(capsys, tmp_path / "a", "pack", "build", str(tmp_path / "pack"), "-o",
                        str(tmp_path / "p.zip"))
    assert code == 0 and voiced == [] and "spoken" not in said
    with zipfile.ZipFile(tmp_path / "p.zip") as zf:
        assert not [n for n in zf.namelist() if n.startswith("voice/")]


def test_a_pack_with_mistakes_is_refused_before_anything_is_spoken(capsys, tmp_path: Path,
                                                                    voiced: list[str]):
    make_pack(tmp_path / "pack")
    (tmp_path / "pack" / "exercises" / "broken.toml").write_text("format = 1\nid = 3\n")
    code, _, _ = cli(capsys, tmp_path / "a", "pack", "build", str(tmp_path / "pack"), "-o",
                     str(tmp_path / "p.zip"), "--voice")
    assert code != 0 and voiced == [] and not (tmp_path / "p.zip").exists()


def test_no_voice_on_this_computer_refuses_to_build_with_voice(capsys, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sound_command, "speech_for", lambda *a, **k: (None, "no voice"))
    make_pack(tmp_path / "pack")
    code, _, err = cli(capsys, tmp_path / "a", "pack", "build", str(tmp_path / "pack"), "-o",
                       str(tmp_path / "p.zip"), "--voice")
    assert code == 1 and not (tmp_path / "p.zip").exists()
    assert "No voice was found on this computer, so the pack was not built with --voice." \
        in flat(err)


def test_steps_written_inline_keep_the_clients_voice(capsys, tmp_path: Path, voiced: list[str]):
    inline = ('format = 1\nid = "inline"\ntitle = "Inline"\nkind = "other"\n'
              'steps = [{ text = "Rest.", duration = 5 }]\n')
    folder = tmp_path / "pack"
    make_pack(folder)
    (folder / "exercises" / "inline.toml").write_text(inline)
    code, said, _ = cli(capsys, tmp_path / "a", "pack", "build", str(folder), "-o",
                        str(tmp_path / "p.zip"), "--voice")
    assert code == 0
    assert ("exercises/inline.toml: its steps are not written as [[steps]] tables, so they are "
            "spoken by the client's own voice instead.") in flat(said)


def test_the_built_pack_stays_within_the_file_limit(capsys, tmp_path: Path, voiced: list[str],
                                                     monkeypatch: pytest.MonkeyPatch):
    import painpath.sound.packvoice as packvoice

    make_pack(tmp_path / "pack")  # three files
    monkeypatch.setattr(packvoice, "MAX_PACK_FILES", 5)
    code, said, _ = cli(capsys, tmp_path / "a", "pack", "build", str(tmp_path / "pack"), "-o",
                        str(tmp_path / "p.zip"), "--voice")
    assert code == 0
    assert "with 2 spoken steps" in flat(said)
    assert ("exercises/listen.toml: the pack would hold more than 5 files or 200 MiB, so its "
            "later steps are spoken by the client's own voice.") in flat(said)
    with zipfile.ZipFile(tmp_path / "p.zip") as zf:
        assert len(zf.namelist()) == 5
