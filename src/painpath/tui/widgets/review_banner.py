"""The line every review screen carries: whose file this is, and that it is read-only.

With several exports side by side, the client's name (from `export --client`)
is on each: the banner names it as soon as the file has been read.
"""

from __future__ import annotations

from textual import work
from textual.content import Content
from textual.widgets import Static

from painpath.errors import PainpathError
from painpath.tui.lifecycle import call_back
from painpath.tui.logbook import Logbook
from painpath.tui.text import plain_line


def review_words(logbook: Logbook, client: str = "") -> Content:
    """`Reviewing alice.json (read-only)`, or `Reviewing Dana Levi: alice.json (read-only)`
    with the client's name; both are shown as literal text."""
    if client:
        return Content.assemble("Reviewing ", plain_line(client, "bold"), ": ",
                                plain_line(logbook.name), " (read-only)")
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
        self.logbook = logbook

    def on_mount(self) -> None:
        self._read_client()

    @work(thread=True, group="review-banner")
    def _read_client(self) -> None:
        try:
            client = self.logbook.info().client
        except PainpathError:
            return  # the screen below says the file could not be read
        if client:
            call_back(self, self.update, review_words(self.logbook, client))
