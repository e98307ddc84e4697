"""Review mode: a therapist looks at clients' JSON exports, one client at a time, read-only.

`painpath review FILE...` opens here instead of the home. Each file is its own
in-memory, read-only log (`Store.from_export`), labelled by its file name and
never merged with another; the reviewer's own log is never opened. History
and Progress work as usual, minus everything that would change or practise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from painpath.errors import PainpathError
from painpath.tui.lifecycle import call_back
from painpath.tui.logbook import Logbook
from painpath.tui.text import plain_line
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.review_banner import review_words


@dataclass(frozen=True)
class FileSummary:
    """One export at a glance: how many entries and over which days, or why it failed."""

    entries: int = 0
    first: str = ""
    last: str = ""
    problem: str = ""
    client: str = ""

    def words(self) -> str:
        if self.problem:
            return f"could not be opened: {self.problem}"
        if not self.entries:
            return "no entries"
        n = f"{self.entries:,} entr{'y' if self.entries == 1 else 'ies'}"
        days = f"{self.first} to {self.last}" if self.first != self.last else self.first
        return f"{n}, {days}"


def summarise(logbook: Logbook) -> FileSummary:
    """Open one export (blocking) and describe it."""
    try:
        store = logbook.store()
        total = store.count()
        if not total:
            return FileSummary()
        oldest = store.entries(limit=1, oldest_first=True)[0].started
        newest = store.entries(limit=1)[0].started
        client = logbook.info().client
    except PainpathError as err:
        return FileSummary(problem=err.message)
    day = "%d %b %Y"
    return FileSummary(total, oldest.strftime(day).lstrip("0"), newest.strftime(day).lstrip("0"),
                       client=client)


class ReviewScreen(WayOutFirst, Screen[None]):
    """Choose a client's file; History (Enter or h) or Progress (p) opens on it.

    With a single file, its History opens at once; Escape comes back here.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "open('history')", "History"),
        Binding("p", "open('progress')", "Progress"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, reviews: tuple[Logbook, ...]) -> None:
        super().__init__()
        self.reviews = reviews
        self.summaries: dict[int, FileSummary] = {}

    def compose(self) -> ComposeResult:
        if len(self.reviews) == 1:
            heading = review_words(self.reviews[0])
        else:
            heading = Content(f"Reviewing {len(self.reviews)} files (read-only)")
        yield Static(heading, classes="screen-title", id="review-title")
        yield Static("Exports from painpath, shown as they are: nothing here can change "
                     "them, and your own log is not opened. One file at a time; choose "
                     "one, then History (Enter or h) or Progress (p).",
                     id="review-intro", markup=False)
        yield OptionList(*[self._option(i) for i in range(len(self.reviews))],
                         id="review-files")
        yield Footer()

    def _option(self, index: int) -> Option:
        book = self.reviews[index]
        summary = self.summaries.get(index)
        words = summary.words() if summary is not None else "reading…"
        who = (plain_line(summary.client, "bold"), ": ", plain_line(book.name)) \
            if summary is not None and summary.client else (plain_line(book.name, "bold"),)
        return Option(Content.assemble(*who, "  ", (plain_line(words).plain, "dim")),
                      id=str(index))

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.highlighted = 0
        listing.focus()
        self._summarise()
        if len(self.reviews) == 1:  # nothing to choose: straight to its History
            self.action_open("history")

    @work(thread=True, group="review-summaries")
    def _summarise(self) -> None:
        for index, book in enumerate(self.reviews):
            summary = summarise(book)
            call_back(self, self._summarised, index, summary)

    def _summarised(self, index: int, summary: FileSummary) -> None:
        self.summaries[index] = summary
        listing = self.query_one(OptionList)
        listing.replace_option_prompt_at_index(index, self._option(index).prompt)

    @property
    def fetching(self) -> bool:
        """Whether some files are still being read for their summaries."""
        return len(self.summaries) < len(self.reviews)

    @property
    def chosen(self) -> Logbook:
        highlighted = self.query_one(OptionList).highlighted
        return self.reviews[highlighted or 0]

    @on(OptionList.OptionSelected, "#review-files")
    def selected(self) -> None:
        self.action_open("history")

    def action_open(self, where: str) -> None:
        from painpath.tui.screens.history import HistoryScreen
        from painpath.tui.screens.progress import ProgressScreen

        book = self.chosen
        screen = HistoryScreen(book) if where == "history" else ProgressScreen(book)
        self.app.push_screen(screen)
