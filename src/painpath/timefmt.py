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


def whole_minutes(seconds: float) -> int:
    """Time practised to the nearest minute, half a minute up (never Python's banker's
    rounding, which made 2 min 30 s "2 minutes" here and "3 minutes" elsewhere).

    The one rounding for practised time: the summary, History and plain mode all
    say the same number of minutes for the same practice.
    """
    return int(seconds / 60 + 0.5)


def minutes(seconds: float) -> str:
    """Time practised, rounded kindly: `less than a minute`, `12 minutes`."""
    m = whole_minutes(seconds)
    if seconds < 60 or m < 1:
        return "less than a minute"
    return "1 minute" if m == 1 else f"{m} minutes"
