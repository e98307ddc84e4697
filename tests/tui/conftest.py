"""Fixtures for the app's tests; the helpers themselves are in tui_helpers.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tui_helpers import Harness

from painpath.format.models import Exercise


@pytest.fixture
def harness_factory(tmp_path: Path) -> Callable[..., Harness]:
    def build(*extra: Exercise, **kw: object) -> Harness:
        return Harness(tmp_path, *extra, **kw)  # type: ignore[arg-type]
    return build


@pytest.fixture(autouse=True)
def no_sound_device(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's tests play no sound: as with no device, but without the note.

    Sound in the app is tested with a sound system that plays into memory
    (tests/tui/test_tui_sound.py), which brings its own.
    """
    from painpath.sound.hook import Sound

    monkeypatch.setattr(Sound, "system", lambda self: None)
