"""Lengths of time in the words a person reads ("10 min", "1 min 30 s")."""

from __future__ import annotations


def length(seconds: float) -> str:
    """A planned length: `45 s`, `2 min`, `1 min 30 s`, `1 h 5 min`."""
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if h:
        return f"{h} h {m} min" if m else f"{h} h"
    if m:
        return f"{m} min {s} s" if s else f"{m} min"
    return f"{s} s"


def clock(seconds: float) -> str:
    """A countdown: `4:05`, `1:02:03`."""
    total = max(0, int(seconds + 0.999))  # count down in whole seconds, never showing -0
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def minutes(seconds: float) -> str:
    """Time practised, rounded kindly: `less than a minute`, `12 minutes`."""
    m = round(seconds / 60)
    if m < 1:
        return "less than a minute"
    return "1 minute" if m == 1 else f"{m} minutes"
