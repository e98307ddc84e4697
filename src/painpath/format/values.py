"""Reading single values the way the format defines them, with plain-word errors.

Each reader returns the value or raises `Invalid` with a message a therapist
can act on; the checker adds the file, line and key.
"""

from __future__ import annotations

import math
import re

from painpath.text import clean

DURATION_HINT = 'write it like "90s", "10m" or "1m30s"'
# Digits are ASCII only: Python's \d would also take "١" or "²".
_DURATION = re.compile(r"^(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m)?(?:([0-9]{1,9})s)?\Z")
ID_RULE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}\Z")
VERSION_RULE = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\Z")
# BCP 47 in shape: a language (`en`, `pt-BR`, `sr-Latn-RS`), or with singletons
# (`en-a-myext`) and private use (`x-klingon`). Not checked against the registry.
LANGUAGE_RULE = re.compile(r"^(?:[A-Za-z]{2,3}|[xXiI])(-[A-Za-z0-9]{1,8})*\Z")
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}\Z")  # more digits than any count needs
MAX_DURATION_S = 3 * 3600


class Invalid(ValueError):
    """A value that does not fit its rule; `str(self)` is the person's message."""


def shown(text: str, limit: int = 80) -> str:
    """Text from the file, cut short for a message (a hostile value can be megabytes)."""
    return text if len(text) <= limit else text[:limit - 3] + "..."


def describe(value: object) -> str:
    """Say what was found, in words: `the number 5`, `the text "ten"`."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the text "{shown(value, 40)}"' if value else "empty text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__} value"


def duration(value: object) -> int:
    """Seconds from `90`, `"90s"`, `"2m"`, `"1m30s"`, `"1h"` (1 s to 3 h)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        if isinstance(value, float):
            raise Invalid(f"{value} is not a whole number of seconds; {DURATION_HINT}")
        raise Invalid(f"expected a duration, found {describe(value)}; {DURATION_HINT}")
    if isinstance(value, int):
        seconds = value
    else:
        match = _DURATION.match(value.replace(" ", "").lower())
        if not value.strip() or not match or not any(match.groups()):
            raise Invalid(f'"{shown(value)}" is not a duration; {DURATION_HINT}')
        h, m, s = (int(g) if g else 0 for g in match.groups())
        seconds = h * 3600 + m * 60 + s
    if seconds < 1:
        raise Invalid(f"a duration must be at least 1 second; found {describe(value)}")
    if seconds > MAX_DURATION_S:
        raise Invalid(f"a duration can be at most 3 hours (\"3h\"); found {describe(value)}")
    return seconds


def text(value: object, *, max_len: int, min_len: int = 0, example: str = "") -> str:
    if not isinstance(value, str):
        hint = f", like {example}" if example else ""
        raise Invalid(f"expected text in quotes{hint}; found {describe(value)}")
    if len(value.strip()) < min_len:
        raise Invalid("is empty; write at least one character")
    if len(clean(value).strip()) < min_len:  # what people would see: nothing
        raise Invalid("holds only control characters, which are removed; write at least "
                      "one visible character")
    if len(value) > max_len:
        raise Invalid(f"is {len(value):,} characters long; at most {max_len:,} are allowed")
    return value


_PLAIN_NUMBER = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9})?\Z")


def _quoted(value: object, *words: str) -> None:
    """`times = "2"`, `entry = "true"`: the person meant the value; say to remove the quotes."""
    if not isinstance(value, str):
        return
    said = value.strip()
    if said.lower() in words or (not words and _PLAIN_NUMBER.match(said)):
        raise Invalid(f'remove the quotes: write {said.lower()} without them, not "{shown(said)}"')


def integer(value: object, *, low: int, high: int) -> int:
    _quoted(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number from {low} to {high}; found {describe(value)}")
    if not low <= value <= high:
        raise Invalid(f"must be from {low} to {high}; found {value}")
    return value


def number(value: object, *, low: float, high: float, above_low: bool = False) -> float:
    _quoted(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"expected a number of seconds; found {describe(value)}")
    if not math.isfinite(value):  # TOML allows nan and inf; no breath lasts that long
        raise Invalid(f"expected a number of seconds; found {value}, which is not one")
    if (value <= low if above_low else value < low) or value > high:
        lower = f"more than {low:g}" if above_low else f"at least {low:g}"
        raise Invalid(f"must be {lower} and at most {high:g} seconds; found {value:g}")
    return float(value)


def boolean(value: object) -> bool:
    _quoted(value, "true", "false")
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false (without quotes); found {describe(value)}")
    return value


def identifier(value: object, what: str = "an id") -> str:
    if not isinstance(value, str):
        raise Invalid(f"expected {what} in quotes, like \"body-scan-10\"; found {describe(value)}")
    if not ID_RULE.match(value):
        raise Invalid(
            f'"{shown(value)}" is not a valid id; use 1 to 64 small letters a-z, digits and '
            "dashes, starting with a letter or digit, like \"body-scan-10\""
        )
    return value
