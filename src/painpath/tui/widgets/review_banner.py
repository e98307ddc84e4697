"""The line every review screen carries: whose file this is, and that it is read-only."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from painpath.tui.logbook import Logbook
from painpath.tui.text import plain_line


def review_words(logbook: Logbook) -> Content:
    """`Reviewing alice.json (read-only)`; the file name is shown as literal text."""
    return Content.assemble("Reviewing ", plain_line(logbook.name, "bold"), " (read-only)")


class ReviewBanner(Static):
    """Shown at the top of History and Progress when they look at a client's export."""

    DEFAULT_CSS = """
    ReviewBanner {
        width: 100%;
        height: auto;
        padding: 0 1;
        background: $boost;
        border-left: thick $accent;
    }
    """

    def __init__(self, logbook: Logbook) -> None:
        super().__init__(review_words(logbook), id="review-banner")
