"""Find the line a key path sits on in a TOML source, for messages.

tomllib gives line numbers only for syntax errors, so this scans the source
once: table headers (`[ratings]`, `[[steps]]`, counted from 1) and `key =`
lines. It is a locator for messages, not a parser: when unsure it returns the
nearest enclosing line or None.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_INLINE_KEY = re.compile(r"""([A-Za-z0-9_-]+)\s*=""")


def _parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in dotted.split(".")]


class LineIndex:
    """Maps key paths like `steps[3].duration` to 1-based line numbers."""

    def __init__(self, source: str) -> None:
        self._lines: dict[str, int] = {}
        counters: dict[str, int] = {}
        table = ""
        in_multiline: str | None = None
        # TOML lines end at "\n" only; str.splitlines() would also split at
        # characters a pasted text may hold (U+2028, U+0085) and miscount lines.
        for number, line in enumerate(source.split("\n"), start=1):
            if in_multiline:
                if in_multiline in line:
                    in_multiline = None
                continue
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                names = _parts(header.group(2))
                if header.group(1) == "[[":
                    base = self._resolve(names[:-1], counters)
                    array = f"{base}.{names[-1]}" if base else names[-1]
                    counters[array] = counters.get(array, 0) + 1
                    table = f"{array}[{counters[array]}]"
                    self._lines.setdefault(array, number)  # `steps` itself: its first table
                else:
                    table = self._resolve(names, counters)
                self._lines.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if not key:
                continue
            path = ".".join(p for p in (table, *_parts(key.group(1))) if p)
            self._lines.setdefault(path, number)
            rest = line[key.end():]
            if rest.lstrip().startswith("{"):
                for inner in _INLINE_KEY.finditer(rest):
                    self._lines.setdefault(f"{path}.{inner.group(1)}", number)
            # A multi-line string starts right after `=` and has no closing quotes
            # on the same line (`"""` inside a one-line string starts nothing).
            value = rest.lstrip()
            if value[:3] in ('"""', "'''") and value[:3] not in value[3:]:
                in_multiline = value[:3]

    @staticmethod
    def _resolve(names: list[str], counters: dict[str, int]) -> str:
        """`[steps.breath]` after `[[steps]]` means the latest step's table."""
        out = ""
        for name in names:
            out = f"{out}.{name}" if out else name
            if out in counters:
                out = f"{out}[{counters[out]}]"
        return out

    def line(self, path: str) -> int | None:
        """The line of `path`, or of its nearest enclosing key or table."""
        while path:
            if path in self._lines:
                return self._lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                break
            path = path[:cut]
        return self._lines.get(path)


_ANY_HEADER = re.compile(r"^\s*(\[\[?[^\]\[]+\]\]?)\s*(#.*)?$")


def first_header(source: str) -> str | None:
    """The first `[table]` or `[[table]]` heading of a file, as written (spaces dropped).

    Keys above it belong to the top of the file; this is where a misplaced
    top-level key should move to.
    """
    in_multiline: str | None = None
    for line in source.split("\n"):
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        header = _ANY_HEADER.match(line)
        if header and not _KEY.match(line):
            return header.group(1).replace(" ", "")
        value = line.partition("=")[2].lstrip()
        if value[:3] in ('"""', "'''") and value[:3] not in value[3:]:
            in_multiline = value[:3]
    return None
