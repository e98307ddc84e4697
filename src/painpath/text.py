"""Cleaning text from files other people wrote, so it is only ever text.

`for_terminal` is the one cleaning function for the terminal: every line the
CLI prints passes it (the CLI's consoles clean every segment they write, see
`painpath.render`), so no pack, export or log can send an escape sequence, a
C1 control or a bidi override to the person's terminal. `clean` is the same
cleaning applied when files are loaded (the format says control characters
other than line feed and tab are removed on load). Markup safety is the
renderers' job (they never parse file text as markup).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except \t and \n (so ESC, BEL, CR), DEL, C1 controls (incl. the 8-bit
# CSI 0x9b and OSC 0x9d), the bidi overrides and isolates that can reorder text on
# screen, and lone surrogates (from undecodable bytes: no terminal can be sent them).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def for_terminal(text: str) -> str:
    """Text from a file, made safe to print: the one cleaning function for the terminal.

    Removes ESC and every other C0 control but line feed and tab, DEL, the C1
    controls, bidi overrides and isolates, and lone surrogates. Idempotent, and
    character by character, so a stream may be cleaned in pieces.
    """
    return _UNSAFE.sub("", text)


# What starts a terminal escape sequence: ESC, or the 8-bit CSI, OSC, DCS, SOS, PM, APC.
_ESCAPE_START = re.compile(r"[\x1b\x90\x98\x9b\x9d\x9e\x9f]")


def has_escape(text: str) -> bool:
    """Whether the text holds the start of a terminal escape sequence. `clean` removes
    the control characters, but the letters of the sequence ("[31m") would stay."""
    return _ESCAPE_START.search(text) is not None


def plural(n: int, one: str, many: str | None = None) -> str:
    """`1 session`, `2 sessions`, `3 entries` (with `many`): a count as people say it."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def json_for_terminal(json_text: str) -> str:
    """JSON text with every character `for_terminal` removes written as a \\u escape.

    JSON can carry those characters losslessly, so printed JSON keeps the
    data whole while the terminal still never receives them (json.dumps
    escapes C0 itself; this covers DEL, C1, bidi controls and lone surrogates).
    Outside strings JSON holds only ASCII punctuation, so this never changes meaning.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def clean(text: str) -> str:
    """`for_terminal` for loading files: CRLF becomes LF first, so line breaks stay."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return for_terminal(text)


def clean_line(text: str) -> str:
    """Like `clean`, for one-line text such as titles and table cells."""
    return " ".join(clean(text).split())


def paragraphs(text: str) -> list[str]:
    """Split on blank lines; line breaks inside a paragraph are kept."""
    parts = re.split(r"\n(?:[ \t]*\n)+", text.strip("\n"))
    return [p.strip("\n") for p in parts if p.strip()]


def is_printable_name(text: str) -> bool:
    """True when text has no control or format characters at all."""
    return not any(unicodedata.category(c) in ("Cc", "Cf") for c in text)


# A breath phase as the pacer and plain mode name it.
BREATH_WORDS = {"inhale": "Breathe in", "hold": "Hold", "exhale": "Breathe out", "rest": "Rest"}


_SURROGATE = re.compile("[\ud800-\udfff]")


def _one_surrogate(found: re.Match[str]) -> str:
    code = ord(found.group())
    # A byte that was not UTF-8, read with surrogateescape: most likely Latin-1.
    return chr(code - 0xDC00) if 0xDC80 <= code <= 0xDCFF else "\ufffd"


def valid_text(text: str | None) -> str | None:
    """Text that can be stored and written as UTF-8: each lone surrogate (a non-UTF-8
    byte on standard input or in an argument, or `\\ud800` in a JSON file) becomes
    the Latin-1 character the byte most likely was, or U+FFFD. Run before `clean`,
    which would drop them (and with them a letter the person typed)."""
    if text is None or text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(_one_surrogate, text)
