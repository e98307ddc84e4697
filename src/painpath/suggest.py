"""A "did you mean" for pack and plan ids, which people often type shortened."""

from __future__ import annotations

from collections.abc import Iterable

from painpath.format.checker import did_you_mean


def suggest_id(word: str, choices: Iterable[str]) -> str | None:
    """A near spelling, or else the one choice that starts with what was typed."""
    options = sorted(set(choices))
    guess = did_you_mean(word, options)
    if guess:
        return guess
    starting = [c for c in options if word and c.startswith(word)]
    return starting[0] if len(starting) == 1 else None
