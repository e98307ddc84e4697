"""Turning text from files into something Textual shows as text and only text.

Exercise files come from other people, so none of their text may be parsed as
Textual or Rich markup (a `[@click=...]` span would be a clickable action, and
`textual.markup.escape` can be bypassed by nesting), nor reach the terminal as
an escape sequence. Every widget that shows file text gets a `Content` built
here: `Content(str)` never parses markup, and `clean()` removes control
characters (ESC included) even when a model was built without the loader.
"""

from __future__ import annotations

from textual.content import Content

from painpath.text import clean, clean_line


def plain(text: str, style: str = "") -> Content:
    """Multi-line file text (a step, a description) as literal, styled-only-by-us text."""
    cleaned = clean(text)
    return Content.styled(cleaned, style) if style else Content(cleaned)


def plain_line(text: str, style: str = "") -> Content:
    """One-line file text (a title, a tag, a cell) as literal text on one line."""
    cleaned = clean_line(text)
    return Content.styled(cleaned, style) if style else Content(cleaned)


def region_words(region: str) -> str:
    """A body region id in words: `left-knee` → `left knee`."""
    return clean_line(region).replace("-", " ")


# The longest note or written answer the app takes (notes, entry steps, check-ins).
NOTE_MAX_CHARS = 2000
