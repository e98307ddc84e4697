"""Where a session gets the time from.

The engine never counts ticks or trusts how often it is woken: it asks a
clock for monotonic seconds and computes everything from that. Injecting the
clock lets tests run a 45-minute session in milliseconds, deterministically.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds; only differences between readings mean anything."""

    def now(self) -> float: ...


class SystemClock:
    """The real clock: `time.monotonic`, which never jumps with the wall clock."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to, for tests and previews.

    Like a real monotonic clock it never goes backwards: asking it to is a
    mistake in the test, so it raises instead of silently reordering time.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._t = float(start)

    def now(self) -> float:
        return self._t

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"a monotonic clock cannot go back ({seconds} s)")
        self._t += seconds

    def set(self, t: float) -> None:
        if t < self._t:
            raise ValueError(f"a monotonic clock cannot go back (from {self._t} to {t})")
        self._t = float(t)
