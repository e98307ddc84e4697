"""A check-in: how are you right now (pain, tension, distress), and a note if you like.

Or, offered about once a week and never pressed, the three PEG questions about
the past week (average pain, how much pain got in the way of enjoying life
and of general activity). One question a page with the same scale picker as a
practice's ratings; every question can be skipped (`s`, or Enter with no
number), Escape skips the rest, and nothing is saved until "Save check-in".
If the log cannot be written the answers stay on screen to try again.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from painpath.errors import PainpathError
from painpath.format.models import BUILTIN_SCALES, PEG_QUESTIONS, Scale
from painpath.text import clean
from painpath.tui import messages
from painpath.tui.entry_words import scale_words
from painpath.tui.lifecycle import call_back
from painpath.tui.logbook import Logbook
from painpath.tui.loghost import LogProblem, host, tell
from painpath.tui.text import NOTE_MAX_CHARS, plain, plain_line
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.scale_picker import ScalePicker

CHECK_IN_SCALES = ("pain", "tension", "distress")


def questions(peg: bool) -> list[tuple[Scale, str]]:
    """Each scale with the question asked for it (PEG asks about the past week)."""
    if peg:
        return [(BUILTIN_SCALES[s], question) for s, question in PEG_QUESTIONS.items()]
    return [(BUILTIN_SCALES[s], BUILTIN_SCALES[s].question) for s in CHECK_IN_SCALES]


class CheckInScreen(WayOutFirst, Screen["Entry | None"]):
    """Returns the saved entry, or None when the person left without saving."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "skip", "Skip this"),
        Binding("escape", "skip_rest", "Skip the rest"),
        Binding("escape", "leave", "Leave without saving"),
        # On the note page the box takes `g` as a letter: ctrl+g grounds there (as
        # on the player's written steps), and the footer says so.
        Binding("g", "ground('key')", "Ground me now"),
        Binding("ctrl+g", "ground('typing')", "Ground me now"),
    ]

    def __init__(self, logbook: Logbook, *, peg: bool = False) -> None:
        super().__init__()
        self.logbook = logbook
        self.peg = peg
        self.questions = questions(peg)
        self.answers: dict[str, int | None] = {}
        self.position = 0
        self.note = ""
        self.saving = False

    @property
    def on_note_page(self) -> bool:
        return self.position >= len(self.questions)

    @property
    def title_words(self) -> str:
        return "Weekly check-in (PEG)" if self.peg else "Check in"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="checkin") as page:
            page.can_focus = False  # a click on the words must not take the digits away
            yield Static(self.title_words, classes="screen-title", id="checkin-title")
            if self.on_note_page:
                yield from self._compose_note()
            else:
                yield from self._compose_question()
        yield Footer()

    def _compose_question(self) -> ComposeResult:
        scale, question = self.questions[self.position]
        intro = ("Three questions about the past week. " if self.peg else
                 "How are you right now? ")
        yield Static(f"{intro}Question {self.position + 1} of {len(self.questions)}. "
                     "Each one is optional.", classes="dim", markup=False,
                     id="checkin-count")
        yield Static(plain(question), id="checkin-question", classes="question")
        yield Static(plain_line(scale.describe_ends()), id="checkin-ends")
        yield ScalePicker(scale, self.answers.get(scale.id), id="checkin-picker")
        with Horizontal(classes="buttons"):
            yield Button("Go on", id="checkin-next", variant="primary")
            yield Button("Skip", id="checkin-skip")

    def _compose_note(self) -> ComposeResult:
        given = [f"{scale_words(s.id)} {self.answers[s.id]}" for s, _ in self.questions
                 if self.answers.get(s.id) is not None]
        said = ("Your answers: " + ", ".join(given) + ".") if given else \
            "You skipped the questions; a note on its own is fine too."
        yield Static(said, id="checkin-answers", markup=False)
        yield Static("A note, if you like: anything you noticed, for yourself or your "
                     "therapist. It stays on this computer.", classes="paragraph",
                     markup=False)
        yield Input(self.note, placeholder="Your note (optional)", id="checkin-note",
                    max_length=NOTE_MAX_CHARS)
        with Horizontal(classes="buttons"):
            yield Button("Save check-in", id="checkin-save", variant="primary")
            yield Button("Leave without saving", id="checkin-leave")
        yield Static("", id="checkin-status", markup=False)

    async def on_mount(self) -> None:
        self._focus()

    def _focus(self) -> None:
        if self.on_note_page:
            box = self.query_one("#checkin-note", Input)
            settings = getattr(self.app, "settings", None)
            box.cursor_blink = not (settings is not None and settings.reduced_motion)
            box.focus()
        else:
            self.query_one(ScalePicker).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("skip", "skip_rest"):
            return not self.on_note_page
        if action == "leave":
            return self.on_note_page
        if action == "ground":
            return (parameters == ("typing",)) == self.on_note_page
        return True

    def action_ground(self, _how: str = "") -> None:
        self.post_message(messages.GroundRequested())

    async def _go_to(self, position: int) -> None:
        self.position = position
        await self.recompose()
        self.refresh_bindings()
        self._focus()

    # ----------------------------------------------------------- questions
    async def _answer(self, value: int | None) -> None:
        scale, _ = self.questions[self.position]
        self.answers[scale.id] = value
        await self._go_to(self.position + 1)

    @on(ScalePicker.Confirmed)
    async def confirmed(self, event: ScalePicker.Confirmed) -> None:
        await self._answer(event.value)

    @on(Button.Pressed, "#checkin-next")
    async def next_pressed(self) -> None:
        await self._answer(self.query_one(ScalePicker).value)

    @on(Button.Pressed, "#checkin-skip")
    async def action_skip(self) -> None:
        if not self.on_note_page:
            await self._answer(None)

    async def action_skip_rest(self) -> None:
        if self.on_note_page:
            return
        for scale, _ in self.questions[self.position:]:
            self.answers.setdefault(scale.id, None)
        await self._go_to(len(self.questions))

    # ---------------------------------------------------------------- note
    @on(Input.Changed, "#checkin-note")
    def note_changed(self, event: Input.Changed) -> None:
        self.note = event.value

    @on(Button.Pressed, "#checkin-leave")
    def action_leave(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#checkin-note")
    @on(Button.Pressed, "#checkin-save")
    def save(self) -> None:
        ratings = [(s.id, v) for s, _ in self.questions
                   if (v := self.answers.get(s.id)) is not None]
        note = clean(self.note).strip() or None
        status = self.query_one("#checkin-status", Static)
        if not ratings and note is None:
            status.update("There is nothing to save yet: every question was skipped and "
                          "the note is empty. You can leave without saving.")
            return
        if self.saving:
            return
        self.saving = True
        status.update("Saving…")
        self._save(ratings, note)

    @work(thread=True, group="checkin-save")
    def _save(self, ratings: list[tuple[str, int]], note: str | None) -> None:
        try:
            entry = self.logbook.writable().add_check_in(
                ratings, note=note, peg=self.peg, at=host(self).now())
        except PainpathError as err:
            call_back(self, self._failed, err)
            return
        call_back(self, self.dismiss, entry)

    def _failed(self, err: PainpathError) -> None:
        self.saving = False
        self.query_one("#checkin-status", Static).update(
            "Not saved. Your answers are still here; you can try again.")
        tell(self, LogProblem(err, self.logbook))
