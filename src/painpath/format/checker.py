"""Collects every problem in one file, with the file, line and key path.

A check never stops at the first problem: a therapist fixing a draft wants
the whole list at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from painpath.format.locate import LineIndex
from painpath.format.problems import Problem, Severity
from painpath.format.values import Invalid

T = TypeVar("T")
_MISSING = object()


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    import difflib  # only when something is misspelt: most loads never need it

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return found[0] if found else None


class Checker:
    """Problems for one file; `get` reads a key, checks it, and records failures."""

    def __init__(self, file: str, source: str = "") -> None:
        self.file = file
        self._source = source
        self._index: LineIndex | None = None
        self.problems: list[Problem] = []

    @property
    def index(self) -> LineIndex | None:
        """Built on the first problem only: most files have none (a faster `list`)."""
        if self._index is None and self._source:
            self._index = LineIndex(self._source)
        return self._index

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)

    def add(self, key: str, message: str, severity: Severity = "error") -> None:
        line = self.index.line(key) if self.index and key else None
        self.problems.append(Problem(self.file, message, key, line, severity))

    def get(self, table: dict[str, Any], key: str, path: str, read: Callable[[Any], T], *,
            required: bool = False, default: T | None = None, example: str = "") -> T | None:
        """Read `table[key]` through `read`; a missing required key is an error.

        `example` is a line the person could add (`id = "body-scan-10"`), so the
        message for a missing key shows what to write, not only what is wrong.
        """
        full = f"{path}.{key}" if path else key
        value = table.get(key, _MISSING)
        if value is _MISSING:
            if required:
                fix = f"add a line like: {example}" if example else "it is required here"
                self.add(path or key, f"`{key}` is missing; {fix}")
            return default
        try:
            return read(value)
        except Invalid as err:
            self.add(full, str(err))
            return default

    def unknown_keys(self, table: dict[str, Any], known: Iterable[str], path: str) -> None:
        """Unknown keys are warnings, so newer files still load; near misses get a hint."""
        known = list(known)
        for key in table:
            if key in known:
                continue
            full = f"{path}.{key}" if path else key
            guess = did_you_mean(key, known)
            hint = f", did you mean `{guess}`?" if guess else "; it will be ignored"
            self.add(full, f"unknown key `{key}`{hint}", "warning")
