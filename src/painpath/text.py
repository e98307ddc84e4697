"""Cleaning text from files other people wrote, so it is only ever text.

The format says control characters other than line feed and tab are removed
on load. That also removes ESC, so no file can send terminal escape sequences;
markup safety is the renderers' job (they never parse file text as markup).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except \t and \n, DEL, C1 controls (incl. the 8-bit CSI 0x9b), and
# the bidi overrides that can reorder text on screen: one pass over the text.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Remove control characters (keeping line feed and tab); CRLF becomes LF."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return _UNSAFE.sub("", text)


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
