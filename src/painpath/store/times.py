"""Times in the log: local wall-clock times that keep their UTC offset.

A person reads "21:34" as the time on their clock that evening, even after
travelling or a change to summer time, so every time is kept as ISO-8601 with
the offset it had (`2026-11-23T21:34:18+01:00`), to the second. Sorting and date
ranges use the same instant in UTC (`2026-11-23T20:34:18Z`), which sorts as text.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from painpath.errors import UsageError

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def now_local() -> datetime:
    """This moment on the local clock, with its offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def canonical(moment: datetime) -> datetime:
    """The stored form: aware, to the second (a fixed offset, not a zone name)."""
    if moment.microsecond == 0 and type(moment.tzinfo) is timezone:
        return moment  # already a fixed offset, to the second
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a time in the log needs its UTC offset")
    offset = moment.utcoffset()
    assert offset is not None
    return moment.replace(microsecond=0, tzinfo=timezone(offset))


def to_iso(moment: datetime) -> str:
    """`2026-11-23T21:34:18+01:00`."""
    if moment.microsecond == 0 and type(moment.tzinfo) is timezone:
        return moment.isoformat()  # already canonical (as every time read back is)
    return canonical(moment).isoformat(timespec="seconds")


def utc_key(moment: datetime) -> str:
    """The sortable UTC text used for ordering and date ranges."""
    utc = canonical(moment).astimezone(timezone.utc)
    return utc.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def parse_iso(text: str) -> datetime:
    """Read an ISO-8601 time with an offset (`Z` allowed); ValueError if it has none."""
    raw = text.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    moment = datetime.fromisoformat(raw)
    return canonical(moment)


def parse_day(text: str, flag: str = "date") -> date:
    """A day typed as YYYY-MM-DD, or a plain UsageError saying how to write it."""
    raw = text.strip()
    try:
        if not _DAY.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise UsageError(
            f"`{text}` is not a date painpath understands for {flag}.",
            hint="Write dates as year-month-day, for example 2026-11-23.") from None


def local_midnight(day: date) -> datetime:
    """The start of a day on this computer's clock (handles summer time)."""
    return datetime.combine(day, time()).astimezone()


def day_range(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """`--since`/`--until` days as a half-open range of instants, until inclusive."""
    start = local_midnight(parse_day(since, "--since")) if since else None
    end = (local_midnight(parse_day(until, "--until") + timedelta(days=1))
           if until else None)
    if start is not None and end is not None and start >= end:
        raise UsageError(f"--since {since} is after --until {until}, so no day is in between.",
                         hint="Put the earlier date after --since.")
    return start, end


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def utc_seconds(moment: datetime) -> int:
    """The instant as whole seconds since 1970 (UTC): how the log orders and ranges
    entries. A time between two seconds counts as the next one, so `>=` and `<`
    against a stored (whole) second mean what they say."""
    delta = canonical_utc(moment) - _EPOCH
    whole = delta.days * 86_400 + delta.seconds
    return whole + 1 if delta.microseconds else whole


def canonical_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a time in the log needs its UTC offset")
    return moment.astimezone(timezone.utc)


def stored_after(at: datetime | None, start: datetime) -> int | str | None:
    """A rating's or answer's time as the log keeps it beside its entry's start.

    The usual case (the same UTC offset as the start) is kept as whole seconds
    after the start, a byte or two instead of 25 characters; any other (a change
    to summer time during a session, a file from elsewhere) as its full text.
    `read_after` gives the time back exactly.
    """
    if at is None:
        return None
    at, start = canonical(at), canonical(start)
    if at.utcoffset() != start.utcoffset():
        return to_iso(at)
    delta = at - start
    return delta.days * 86_400 + delta.seconds


def read_after(value: int | str | None, start: datetime) -> datetime | None:
    """The time `stored_after` kept, beside the entry's start as read back."""
    if value is None:
        return None
    if type(value) is int:
        return start + timedelta(seconds=value)
    return parse_iso(str(value))
