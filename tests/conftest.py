"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest

from painpath import plain
from painpath.engine.clock import FakeClock


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Plain mode sleeps on a fake clock, so a run takes no wall-clock time."""
    clock = FakeClock(1000.0)
    monkeypatch.setattr(plain, "SystemClock", lambda: clock)
    monkeypatch.setattr(plain.time, "sleep", lambda s: clock.advance(max(s, 0.0)))
    return clock
