"""History: every session and check-in, newest first, read a page at a time.

The log may hold 100,000 entries, so nothing reads it whole: the first page
comes with the count (`Store.page`), and the next pages load (on a worker
thread, keyset paging from the last row shown) as the person scrolls or moves the cursor
near the end, or presses "Show more". Enter opens an entry's page.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Static

from painpath.errors import PainpathError
from painpath.format.models import Exercise
from painpath.store.records import Entry
from painpath.tui import entry_words as words
from painpath.tui.lifecycle import call_back
from painpath.tui.logbook import Logbook
from painpath.tui.loghost import LogProblem, SwitchLogView, host, tell
from painpath.tui.screens.entry_detail import DetailResult, EntryDetailScreen
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.review_banner import ReviewBanner

PAGE = 60
NEAR_END = 8  # rows from the end at which the next page is fetched
WHAT_WIDTH = 17
LEFT_OUT = ("Some values in this log cannot be right (an older painpath or a hand edit "
            "wrote them): they are left out, and the log keeps them unchanged.")
COLUMNS = (("When", "when"), ("What", "what"), ("Status", "status"), ("Length", "length"),
           ("Ratings", "ratings"))
# Below this width a session's status and length go under its title (no columns of
# their own), so its ratings ("tension 5 then 3") are not pushed off the screen.
NARROW_BELOW = 72
NARROW_COLUMNS = (("When", "when"), ("What", "what"), ("Ratings", "ratings"))


class HistoryTable(DataTable[Text]):
    """The list itself; Home and End go to the newest and the oldest loaded entries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "Newest", show=False),
        Binding("end", "scroll_bottom", "Oldest loaded", show=False),
    ]


def _count(n: int) -> str:
    return f"{n:,} {'entry' if n == 1 else 'entries'}"


class HistoryScreen(WayOutFirst, Screen[None]):
    """The log as a table; see the module notes for how it pages."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("g", "app.ground", "Ground me now"),
        Binding("m", "more", "Show more", show=False),
        Binding("p", "progress", "Progress"),
    ]

    def __init__(self, logbook: Logbook) -> None:
        super().__init__()
        self.logbook = logbook
        self.entries: dict[str, Entry] = {}
        self.last: Entry | None = None
        self.total = 0
        self.fetching = True  # a page is being read (not Textual's `loading` overlay)
        self.generation = 0  # pages of an earlier reading are dropped when they arrive
        self.narrow = False

    @property
    def loaded(self) -> int:
        return len(self.entries)

    @property
    def more_to_load(self) -> bool:
        return self.loaded < self.total

    def compose(self) -> ComposeResult:
        if self.logbook.reviewing:
            yield ReviewBanner(self.logbook)
        yield Static("History", classes="screen-title")
        yield Static("Loading your log…", id="history-status", markup=False)
        table = HistoryTable(id="history-table", cursor_type="row", zebra_stripes=True)
        table.display = False
        yield table
        more = Button("Show more", id="history-more", compact=True)
        more.display = False
        yield more
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.narrow = self.app.size.width < NARROW_BELOW
        for label, key in self._columns:
            table.add_column(label, key=key)
        self.watch(table, "scroll_y", self._scrolled, init=False)
        host(self).log_changed_signal.subscribe(self, self._log_changed, immediate=True)
        self.reload()

    def _log_changed(self, origin: object) -> None:
        # An entry's own page reports its change back to this list (`_detail_closed`),
        # which keeps the person's place; anything else (a log set aside) reads anew.
        if not isinstance(origin, EntryDetailScreen):
            self.reload()

    @property
    def _columns(self) -> tuple[tuple[str, str], ...]:
        return NARROW_COLUMNS if self.narrow else COLUMNS

    def on_resize(self) -> None:
        narrow = self.app.size.width < NARROW_BELOW
        if narrow == self.narrow:
            return
        self.narrow = narrow
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        for label, key in self._columns:
            table.add_column(label, key=key)
        exercises, year = host(self).library.exercises, host(self).today().year
        for entry in self.entries.values():
            table.add_row(*self._cells(entry, exercises, year), key=entry.id, height=None)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    # ------------------------------------------------------------ loading
    def reload(self) -> None:
        """Read the first page again (on opening, after a damaged log was set aside)."""
        self.entries.clear()
        self.last = None
        self.fetching = True
        self.generation += 1
        self.query_one(DataTable).clear()
        self._load(self.generation, first=True)

    @work(thread=True, group="history-page")
    def _load(self, generation: int, *, first: bool) -> None:
        _ = host(self).library  # read here, off the UI thread, for the titles shown
        try:
            page = self.logbook.store().page(PAGE, None if first else self.last)
        except PainpathError as err:
            call_back(self, self._failed, generation, err)
            return
        call_back(self, self._add_page, generation, page.total, page.entries)

    def _failed(self, generation: int, err: PainpathError) -> None:
        if generation != self.generation:
            return
        self.fetching = False
        self.query_one("#history-status", Static).update(
            "Your log could not be read just now, so nothing is listed.")
        tell(self, LogProblem(err, self.logbook))

    def _add_page(self, generation: int, total: int, page: list[Entry]) -> None:
        if generation != self.generation:
            return
        self.fetching = False
        self.total = total
        table = self.query_one(DataTable)
        exercises = host(self).library.exercises
        year = host(self).today().year
        for entry in page:
            if entry.id in self.entries:
                continue
            self.entries[entry.id] = entry
            table.add_row(*self._cells(entry, exercises, year), key=entry.id, height=None)
        if page:
            self.last = page[-1]
        else:
            self.total = self.loaded  # the log changed under us: nothing older is left
        table.display = self.total > 0
        self._show_status()
        if self.total and self.screen.focused is None:
            table.focus()

    def _cells(self, entry: Entry, exercises: Mapping[str, Exercise], year: int
               ) -> tuple[Text, ...]:
        # A long title wraps (the row grows, as for the ratings): cut with "…" it
        # read "Feet on the floo" at every width, and a screen reader said the dots.
        title = words.title_of(entry, exercises)
        what = "\n".join(textwrap.wrap(title, WHAT_WIDTH) or [title])
        status, length = words.status_words(entry), words.practised(entry)
        # In words, a scale a line (a row grows to fit): nothing cut at 80 columns.
        ratings = Text(words.ratings_summary(entry, "\n"))
        if self.narrow:  # "completed, 2 min" under the title
            under = ", ".join(part for part in (status, length) if part)
            return (Text(words.when(entry, year)),
                    Text(f"{what}\n{under}" if under else what), ratings)
        return (Text(words.when(entry, year)), Text(what), Text(status), Text(length), ratings)

    def _show_status(self) -> None:
        status = self.query_one("#history-status", Static)
        more = self.query_one("#history-more", Button)
        more.display = self.more_to_load
        if self.total == 0:
            text = ("Nothing in this log yet." if self.logbook.reviewing else
                    "Nothing in your log yet. Your practices and check-ins will be "
                    "listed here, newest first.")
        elif self.more_to_load:
            text = (f"{_count(self.total)}, newest first. Showing {self.loaded:,}; "
                    "more appear as you scroll down. Enter opens one.")
        else:
            text = f"{_count(self.total)}, newest first. Enter opens one."
        if self.total and self.logbook.left_out:
            text = f"{text} {LEFT_OUT}"
        status.update(text)

    def action_more(self) -> None:
        if self.fetching or not self.more_to_load:
            return
        self.fetching = True
        self.query_one("#history-status", Static).update("Loading more…")
        self._load(self.generation, first=False)

    @on(Button.Pressed, "#history-more")
    def more_pressed(self) -> None:
        self.action_more()
        self.query_one(DataTable).focus()

    def _scrolled(self, _old: float, new: float) -> None:
        table = self.query_one(DataTable)
        if new >= table.max_scroll_y - NEAR_END:
            self.action_more()

    @on(DataTable.RowHighlighted, "#history-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= event.data_table.row_count - NEAR_END:
            self.action_more()

    # ------------------------------------------------------------- detail
    @on(DataTable.RowSelected, "#history-table")
    def selected(self, event: DataTable.RowSelected) -> None:
        entry = self.entries.get(str(event.row_key.value))
        if entry is not None:
            self.app.push_screen(EntryDetailScreen(entry, self.logbook), self._detail_closed)

    def _detail_closed(self, result: DetailResult | None) -> None:
        if result is None:
            return
        table = self.query_one(DataTable)
        if result.deleted is not None:
            self.entries.pop(result.deleted, None)
            table.remove_row(result.deleted)
            self.total = max(0, self.total - 1)
            table.display = self.total > 0
            self._show_status()
        elif result.entry is not None:
            entry = result.entry
            self.entries[entry.id] = entry
            cells = self._cells(entry, host(self).library.exercises, host(self).today().year)
            for (_, key), cell in zip(self._columns, cells, strict=True):
                table.update_cell(entry.id, key, cell)

    def action_progress(self) -> None:
        tell(self, SwitchLogView("progress", self.logbook))
