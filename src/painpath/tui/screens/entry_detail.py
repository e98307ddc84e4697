"""One entry of the log: its ratings, written answers and note; edit the note, or delete it.

Everything shown came from the person (or, in review, a client), so it is
shown as literal text. Deleting asks first, with "Keep it" focused. Leaving
with an edited note keeps the note (a person should not lose words by
pressing Escape). In review mode the page is read-only: no editing, no deleting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Static, TextArea

from painpath.errors import PainpathError
from painpath.store.records import Entry
from painpath.text import clean
from painpath.tui import entry_words as words
from painpath.tui.lifecycle import call_back
from painpath.tui.logbook import Logbook
from painpath.tui.loghost import LogChanged, LogProblem, host, tell
from painpath.tui.text import NOTE_MAX_CHARS, plain
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.review_banner import ReviewBanner


def _as_saved(text: str) -> str | None:
    """A note as the page saves it: cleaned, trimmed, at most NOTE_MAX_CHARS."""
    return clean(text).strip()[:NOTE_MAX_CHARS] or None


@dataclass(frozen=True)
class DetailResult:
    """What History must update: the entry as it now is, or the id of a deleted one."""

    entry: Entry | None = None
    deleted: str | None = None


class ConfirmDeleteScreen(ModalScreen[bool]):
    """Deleting cannot be undone, so it is asked once, calmly; Enter keeps the entry."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "keep", "Keep it")]

    def __init__(self, what: str) -> None:
        super().__init__(classes="log-dialog")
        self.what = what

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="confirm-delete"):
            yield Static("Delete this entry?", classes="dialog-title")
            yield Static(Content.assemble(
                "This removes ", Content(self.what),
                " from your log, with its ratings, answers and note. It cannot be "
                "brought back. You can also simply keep it."), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep it", id="confirm-keep", variant="primary")
                yield Button("Delete", id="confirm-delete-button")

    def on_mount(self) -> None:
        self.query_one("#confirm-keep", Button).focus()

    @on(Button.Pressed, "#confirm-keep")
    def action_keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm-delete-button")
    def delete(self) -> None:
        self.dismiss(True)


class EntryDetailScreen(WayOutFirst, Screen[DetailResult | None]):
    """An entry's page; returns what History must change (or None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+g", "app.ground", "Ground me now"),  # the note box takes `g`
        Binding("ctrl+s", "save_note", "Save note"),
        Binding("delete", "delete", "Delete"),
    ]

    def __init__(self, entry: Entry, logbook: Logbook) -> None:
        super().__init__()
        self.entry = entry
        self.logbook = logbook
        self.changed = False
        self.busy = False

    @property
    def editable(self) -> bool:
        return not self.logbook.reviewing

    def compose(self) -> ComposeResult:
        entry = self.entry
        exercises = host(self).library.exercises
        with VerticalScroll(id="detail"):
            if self.logbook.reviewing:
                yield ReviewBanner(self.logbook)
            yield Static(Content(words.title_of(entry, exercises)), classes="screen-title",
                         id="detail-title")
            yield Static(Content(words.long_when(entry)), classes="dim", id="detail-when")
            if entry.type == "session":
                yield Static(Content(words.length_line(entry)), id="detail-length")
            yield Static("Ratings", classes="section-title")
            phases = words.ratings_by_phase(entry)
            if phases:
                lines = [f"{phase}: {', '.join(items)}" for phase, items in phases]
                yield Static(Content("\n".join(lines)), id="detail-ratings")
            else:
                yield Static("No ratings were given.", id="detail-ratings", markup=False)
            if entry.answers:
                yield Static("Written answers", classes="section-title")
                for answer in entry.answers:
                    yield Static(Content(words.step_title(entry, answer.step, exercises) + ":"),
                                 classes="detail-answer-step")
                    yield Static(plain(answer.text), classes="detail-answer")
            yield Static("Note", classes="section-title")
            if self.editable:
                # Shown cleaned (an old or hand-edited log may hold escapes).
                area = TextArea(clean(entry.note or ""), id="detail-note", soft_wrap=True,
                                show_line_numbers=False, tab_behavior="focus")
                area.border_title = "Your note (it stays on this computer)"
                yield area
                with Horizontal(classes="buttons"):
                    yield Button("Save note", id="detail-save", variant="primary")
                    yield Button("Delete this entry…", id="detail-delete")
            else:
                yield Static(plain(entry.note) if entry.note else Content("No note."),
                             id="detail-note-text")
            yield Static("", id="detail-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        # The page itself takes focus, so it opens at the top and arrows scroll it;
        # Tab reaches the note and the buttons.
        self.query_one("#detail", VerticalScroll).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing on the page goes into the note at once (arrows still scroll the page).

        Before, letters typed on an entry's page went nowhere until Tab reached
        the note box.
        """
        if not self.editable or not event.is_printable or not event.character:
            return
        if not isinstance(self.focused, VerticalScroll):
            return
        area = self.query_one("#detail-note", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        area.insert(event.character)
        event.stop()
        event.prevent_default()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.editable or action not in ("save_note", "delete")

    def _note_text(self) -> str | None:
        return _as_saved(self.query_one("#detail-note", TextArea).text)

    def _note_changed(self) -> bool:
        """Whether the person changed the note (not only the cleaning of its display:
        leaving never rewrites a note they did not touch)."""
        return self.editable and self._note_text() != _as_saved(self.entry.note or "")

    def _result(self) -> DetailResult | None:
        return DetailResult(entry=self.entry) if self.changed else None

    # ---------------------------------------------------------------- note
    @on(Button.Pressed, "#detail-save")
    def action_save_note(self) -> None:
        if not self.busy:
            self.busy = True
            self._save(self._note_text(), leave=False)

    def action_back(self) -> None:
        if self._note_changed():
            if not self.busy:
                self.busy = True
                self._save(self._note_text(), leave=True)
            return
        self.dismiss(self._result())

    @work(thread=True, group="detail-write")
    def _save(self, note: str | None, *, leave: bool) -> None:
        try:
            self.logbook.writable().set_note(self.entry.id, note)
        except PainpathError as err:
            call_back(self, self._failed, err)
            return
        call_back(self, self._saved, note, leave)

    def _saved(self, note: str | None, leave: bool) -> None:
        self.busy = False
        self.entry = self.entry.evolve(note=note)
        self.changed = True
        tell(self, LogChanged(self))
        if leave:
            self.app.notify("Your note is saved.", title="Note", markup=False)
            self.dismiss(self._result())
            return
        self.query_one("#detail-status", Static).update(
            "Your note is saved." if note else "The note is removed.")

    def _failed(self, err: PainpathError) -> None:
        self.busy = False
        self.query_one("#detail-status", Static).update(
            "Not saved. Your words are still here; you can try again.")
        tell(self, LogProblem(err, self.logbook))

    # -------------------------------------------------------------- delete
    @on(Button.Pressed, "#detail-delete")
    def action_delete(self) -> None:
        what = words.title_of(self.entry, host(self).library.exercises)
        what_words = f"“{what}” of {words.when(self.entry)}"
        self.app.push_screen(ConfirmDeleteScreen(what_words), self._confirmed)

    def _confirmed(self, delete: bool | None) -> None:
        if delete and not self.busy:
            self.busy = True
            self._delete()

    @work(thread=True, group="detail-write")
    def _delete(self) -> None:
        try:
            self.logbook.writable().delete(self.entry.id)
        except PainpathError as err:
            call_back(self, self._failed, err)
            return
        call_back(self, self._deleted)

    def _deleted(self) -> None:
        tell(self, LogChanged(self))
        self.app.notify("The entry is deleted.", title="History", markup=False)
        self.dismiss(DetailResult(deleted=self.entry.id))
