"""Collects every problem in one file, with the file, line and key path.

A check never stops at the first problem: a therapist fixing a draft wants
the whole list at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from painpath.format.locate import LineIndex, first_header
from painpath.format.problems import Problem, Severity
from painpath.format.values import Invalid
from painpath.text import has_escape

T = TypeVar("T")
_MISSING = object()


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, if one is close; capitals alone count as close."""
    import difflib  # only when something is misspelt: most loads never need it

    choices = list(choices)
    same = [c for c in choices if c.lower() == word.lower()]
    if same:  # "SUDS" for "suds": difflib would not match them at all
        return same[0]
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.7)
    return found[0] if found else None


# The tables of which a file holds a list, and what each one is, for messages.
LIST_TABLES = {"steps": "step", "assign": "plan line", "scales": "scale"}


class Checker:
    """Problems for one file; `get` reads a key, checks it, and records failures."""

    def __init__(self, file: str, source: str = "") -> None:
        self.file = file
        self._source = source
        self._index: LineIndex | None = None
        self.problems: list[Problem] = []
        # Top-level keys found inside a table (already reported): not "missing" too.
        self.misplaced: set[str] = set()
        # Misspelt keys, by the known key they are close to (path, known): a
        # required key reported missing takes the misspelling's place instead.
        self._near: dict[tuple[str, str], Problem] = {}
        # When the pack's own scales could not be read (pack.toml has an error),
        # the label of that pack.toml: an unknown scale then follows from it.
        self.scales_cause = ""

    @property
    def index(self) -> LineIndex | None:
        """Built on the first problem only: most files have none (a faster `list`)."""
        if self._index is None and self._source:
            self._index = LineIndex(self._source)
        return self._index

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)

    def add(self, key: str, message: str, severity: Severity = "error", *,
            cause: str = "") -> None:
        line = self.index.line(key) if self.index and key else None
        self.problems.append(Problem(self.file, message, key, line, severity, cause))

    def get(self, table: dict[str, Any], key: str, path: str, read: Callable[[Any], T], *,
            required: bool = False, default: T | None = None, example: str = "") -> T | None:
        """Read `table[key]` through `read`; a missing required key is an error.

        `example` is a line the person could add (`id = "body-scan-10"`), so the
        message for a missing key shows what to write, not only what is wrong.
        """
        full = f"{path}.{key}" if path else key
        value = table.get(key, _MISSING)
        if value is _MISSING:
            if required and key in self.misplaced:
                return default  # "`id` is inside [ratings]" says it already
            near = self._near.pop((path, key), None) if required else None
            if near is not None:  # `verison`: one mistake, said once, as an error
                self.problems.remove(near)
                self.add(near.key, f"`{near.key.rsplit('.', 1)[-1]}` looks like `{key}` "
                         f"misspelt, and `{key}` is needed here; correct the spelling to "
                         f"`{key}`")
                return default
            if required:
                fix = f"add a line like: {example}" if example else "it is required here"
                self.add(path or key, f"`{key}` is missing; {fix}")
            return default
        try:
            got = read(value)
        except Invalid as err:
            self.add(full, str(err))
            return default
        if isinstance(got, str) and has_escape(got):
            # Removed on load (FORMAT.md), but the letters of an escape sequence stay:
            # said now, so the pack's author sees it before the person it is for.
            self.add(full, "holds a terminal escape sequence (like \\u001b[31m, perhaps "
                     "pasted in): painpath removes its control characters, but its letters "
                     "show as text; delete it from the file", "warning")
        return got

    def unknown_keys(self, table: dict[str, Any], known: Iterable[str], path: str, *,
                     top: Iterable[str] = ()) -> None:
        """Unknown keys are warnings, so newer files still load; near misses get a hint.

        `top` are the keys of the top of the file. TOML puts every key written
        after a [table] heading into that table, so a top-level key found in a
        table was written below the heading: an error that says where to move
        it (a content note silently lost is worse than a refused file).
        """
        known = list(known)
        top = [k for k in top if k not in known]
        for key in table:
            if key in known:
                continue
            full = f"{path}.{key}" if path else key
            if key in top:
                self.misplaced.add(key)
                self.add(full, f"`{key}` is inside {self._table_words(path)}: move it above "
                         f"the {self._first_header_words()} line")
                continue
            guess = did_you_mean(key, known)
            hint = f", did you mean `{guess}`?" if guess else "; it will be ignored"
            self.add(full, f"unknown key `{key}`{hint}", "warning")
            if guess:
                self._near[(path, guess)] = self.problems[-1]

    @staticmethod
    def _table_words(path: str) -> str:
        """`ratings` → "`[ratings]`"; `steps[3]` → "the `[[steps]]` of step 3"."""
        name, _, rest = path.partition("[")
        if rest and name in LIST_TABLES:
            return f"the `[[{name}]]` of {LIST_TABLES[name]} {rest.rstrip(']')}"
        return f"`[{path}]`"

    def _first_header_words(self) -> str:
        header = first_header(self._source)
        if header is None:
            return "first [table]"
        return f"first `{header}`" if header.startswith("[[") else f"`{header}`"
