"""The headless session engine: timing, steps and events, without any UI."""

from __future__ import annotations

from painpath.engine.clock import Clock, FakeClock, SystemClock
from painpath.engine.events import Event, Listener
from painpath.engine.session import ADD_MINUTE_SECONDS, BreathState, Session, SessionState

__all__ = [
    "ADD_MINUTE_SECONDS",
    "BreathState",
    "Clock",
    "Event",
    "FakeClock",
    "Listener",
    "Session",
    "SessionState",
    "SystemClock",
]
