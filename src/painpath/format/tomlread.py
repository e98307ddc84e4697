"""Reading the bytes of one file as TOML, with syntax errors in plain words.

The TOML reader's own messages ("Cannot declare ('steps',) twice") are for
programmers; here each is turned into what the person should change, on the
line where the change is needed (an unclosed \"\"\" is reported where it opens,
not at the end of the file where the reader noticed).
"""

from __future__ import annotations

import re
from typing import Any

from painpath.format.checker import LIST_TABLES
from painpath.format.problems import Problem
from painpath.format.sources import MAX_FILE_BYTES

# tomli is the same parser as the standard library's tomllib, but its wheels are
# compiled: loading a library of 1,000 files is 3-4x faster (docs/performance.md).
try:
    import tomli as tomllib
except ImportError:  # pragma: no cover - a source install without the compiled wheel
    import tomllib

TOO_LONG_NUMBER = ("a number in this file is thousands of digits long, too long to read; "
                   "the numbers in a practice need only a few digits")
TOO_DEEP = ("this file could not be read: it holds lists or tables nested hundreds of "
            "levels deep, far more than a practice needs; a practice nests two or three")
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_-]+)\s*\]\]?\s*(#.*)?$")


def parse_toml(raw: bytes, label: str) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Bytes to a TOML table, or a problem saying in words why not."""
    if len(raw) > MAX_FILE_BYTES:  # (a reader stops at 1 MiB and a byte: "more than")
        size = ("more than 1 MiB" if len(raw) == MAX_FILE_BYTES + 1
                else f"{len(raw) / 2**20:.1f} MiB")
        return None, "", [Problem(label, f"this file is {size}; a painpath file may be at most "
                                  "1 MiB")]
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, "", [Problem(label, "this file is not UTF-8 text; save it from your "
                                  "editor as UTF-8 (plain text)", line=line)]
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as err:
        text = str(err)
        found = _TOML_LINE.search(text)
        line = int(found.group(1)) if found else None
        reason = _TOML_LINE.sub("", text).replace("(at end of document)", "").strip()
        lines = source.split("\n")  # TOML's own line ends, as the parser counts them
        if line is None and reason.startswith(("Unterminated string", 'Expected "\'\'\'"')):
            opened = unclosed_triple_quote(lines)
            if opened is not None:
                quote = lines[opened - 1].split("=", 1)[-1].strip()[:3]
                return None, source, [Problem(label, (
                    f"this file could not be read: the text in triple quotes ({quote}) that "
                    f"starts on this line is never closed; add the closing {quote} where the "
                    "text ends"), line=opened)]
        said = lines[line - 1] if line and line <= len(lines) else ""
        words = _toml_words(reason.rstrip("."), said, source)
        return None, source, [Problem(label, words, line=line)]
    except ValueError:  # Python's own limit: a number of more than 4,300 digits
        return None, source, [Problem(label, TOO_LONG_NUMBER)]
    except RecursionError:  # lists or tables nested hundreds deep: the reader gives up
        return None, source, [Problem(label, TOO_DEEP)]
    return data, source, []


def unclosed_triple_quote(lines: list[str]) -> int | None:
    """The line where a multi-line string opens and is never closed, if one does."""
    opened: tuple[int, str] | None = None
    for number, line in enumerate(lines, start=1):
        if opened is not None:
            if opened[1] in line:
                opened = None
            continue
        _, eq, value = line.partition("=")
        value = value.lstrip()
        if eq and value[:3] in ('"""', "'''") and value[:3] not in value[3:]:
            opened = (number, value[:3])
    return opened[0] if opened else None


# The TOML reader's messages, in words for people who do not write code.
_TOML_WORDS = (
    ("Illegal character '\\n'", "a text in quotes is not closed before the end of the line; "
     'add the closing quote, or use triple quotes """ for text over several lines'),
    ("Illegal character", "this line holds an invisible control character that TOML does not "
     "allow (often pasted in); delete and retype the text around it"),
    ("Unterminated string", "a text in quotes is never closed; add the closing quote"),
    ('Expected "\'"', "a text in single quotes is never closed; add the closing quote"),
    ("Unclosed array", "a list in [ ] is never closed; add the closing ]"),
    ("Unclosed inline table", "a table in { } is not closed on its line; add the closing }"),
    ("Cannot overwrite a value", "a key is given twice; keep only one of them"),
    ("Cannot declare", "a [table] heading is given twice; keep only one of them"),
    ("Expected '=' after a key", "a key has no = sign; write key = value, like "
     'duration = "1m"'),
    ("Expected newline or end of document", "there is more on this line after its value; a "
     'text with " inside needs \\" or single quotes around the whole text, and a duration '
     'needs quotes, like duration = "1m"'),
    ("Expected ']'", "a [table] heading is not closed; add the closing ]"),
    ("Invalid value", "the value after = is not one TOML understands; text goes in straight "
     'quotes, like title = "Evening body scan", numbers and true/false go without'),
)


def _single_bracket_list(reason: str, line: str, source: str) -> str | None:
    """`[steps]` written where `[[steps]]` is meant: the advice the person needs."""
    if not reason.startswith(("Cannot declare", "Cannot overwrite a value")):
        return None
    header = _HEADER.match(line)
    if not header or header.group(2) not in LIST_TABLES:
        return None
    name = header.group(2)
    singles = [m for m in map(_HEADER.match, source.split("\n"))
               if m and m.group(1) == "[" and m.group(2) == name]
    if not singles:
        return None
    return (f"this file could not be read: each {LIST_TABLES[name]} is written under "
            f"[[{name}]], with two square brackets on each side; [{name}] with one bracket "
            f"is read as a single table, so a second one clashes. Use double brackets: "
            f"[[{name}]]")


def _toml_words(reason: str, line: str, source: str = "") -> str:
    """A TOML syntax error in plain words; curly quotes (from word processors) named."""
    if reason.startswith("Invalid value") and any(q in line for q in "\u201c\u201d\u2018\u2019"):
        return ("this file could not be read: this line uses curly quotes (\u201c \u201d), "
                'and TOML needs straight quotes ("); your editor may have changed them')
    brackets = _single_bracket_list(reason, line, source)
    if brackets:
        return brackets
    for start, words in _TOML_WORDS:
        if reason.startswith(start):
            return f"this file could not be read: {words}"
    return (f"this file could not be read as TOML ({reason[:1].lower() + reason[1:]}); check "
            "the quotes, brackets and = signs on this line or the one before")
