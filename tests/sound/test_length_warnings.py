"""`validate` warns, with both lengths, when a recording or spoken text outlasts its step."""

from __future__ import annotations

from pathlib import Path

import pytest
from pack_helpers import cli, flat
from sound_practice import make_pack

from painpath.sound import voices
from painpath.sound.timeline import spoken_text
from painpath.timefmt import length

WORDY = " ".join(["Let your attention rest gently on the soles of your feet."] * 6)


def test_a_recording_longer_than_its_step(capsys, tmp_path: Path):
    make_pack(tmp_path / "pack", recording=42.0)
    code, out, _ = cli(capsys, tmp_path / "d", "validate", str(tmp_path / "pack"))
    assert code == 0  # a warning, not a mistake
    assert ("steps[5].audio: the recording lasts 42 s; the step lasts 6 s, so the recording "
            "is cut with a short fade at the step's end") in flat(out)


def test_a_recording_that_fits_says_nothing(capsys, tmp_path: Path):
    make_pack(tmp_path / "pack", recording=5.0)
    code, out, _ = cli(capsys, tmp_path / "d", "validate", str(tmp_path / "pack"))
    assert code == 0 and "recording lasts" not in flat(out)


def test_the_same_warning_for_a_built_zip(capsys, tmp_path: Path):
    make_pack(tmp_path / "pack", recording=42.0)
    cli(capsys, tmp_path / "d", "pack", "build", str(tmp_path / "pack"), "-o",
        str(tmp_path / "ears.zip"))
    code, out, _ = cli(capsys, tmp_path / "d", "validate", str(tmp_path / "ears.zip"))
    assert code == 0
    assert "the recording lasts 42 s; the step lasts 6 s" in flat(out)


def test_a_damaged_recording_is_named(capsys, tmp_path: Path):
    make_pack(tmp_path / "pack")
    (tmp_path / "pack" / "audio" / "feet.wav").write_bytes(b"not a sound at all" * 50)
    code, out, _ = cli(capsys, tmp_path / "d", "validate", str(tmp_path / "pack"))
    assert code == 0
    assert ("steps[5].audio: The recording feet.wav could not be read: it may be damaged, or "
            "not really a wav file.") in flat(out)


def test_spoken_text_longer_than_its_step(capsys, tmp_path: Path):
    from sound_practice import PRACTICE

    practice = PRACTICE.replace('text = "Rest."', f'text = "{WORDY}"')
    exercise = make_pack(tmp_path / "pack", practice)
    about = voices.estimate_seconds(spoken_text(exercise.steps[5]), voices.DEFAULT_RATE)
    assert about > 20
    code, out, _ = cli(capsys, tmp_path / "d", "validate", str(tmp_path / "pack"))
    assert code == 0
    assert (f"steps[6].text: spoken, this text takes about {length(about)}; the step lasts 5 s."
            in flat(out))
    assert flat(out).count("spoken, this text takes") == 1  # the short steps fit


@pytest.mark.parametrize("target", ["painpath/body-scan"])
def test_validate_of_a_practice_without_sound_problems_is_quiet(capsys, tmp_path: Path,
                                                                target: str):
    from painpath.paths import bundled_pack_dir

    path = bundled_pack_dir() / "exercises" / "body-scan.toml"
    code, out, _ = cli(capsys, tmp_path / "d", "validate", str(path))
    assert code == 0 and "spoken, this text" not in out
