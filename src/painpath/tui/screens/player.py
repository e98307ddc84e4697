"""The player: one step at a time, on time, with a way out one key away.

Keys (in the footer, q stop and g ground me now always first, never cut by
a narrow terminal; `?` lists them all): space pause/go on, n next, p back,
+ one more minute, g ground me now, q stop. In a count step space marks one
and pause moves to k. While typing an answer in an entry step, letters type:
Enter keeps the answer, Escape skips it, ctrl+g grounds and ctrl+q stops (both
work on every step); Tab leaves the box, and the one-letter keys come back.
Arrows and page keys scroll a long step's words. Which keys work when is decided in
`painpath.tui.player_keys`.

Timing belongs to the engine: this screen never counts ticks. A Textual timer
wakes it when something visible will change (`pacing.refresh_delay`), it calls
`session.tick()`, and redraws from the session's state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, ProgressBar, Static

from painpath.engine import Event
from painpath.engine.events import Bell, EntrySubmitted, RatingAsked, StepStarted
from painpath.format.models import recalled_step
from painpath.tui import messages
from painpath.tui.pacing import refresh_delay
from painpath.tui.player_keys import MOVING, key_works, keys_sentence
from painpath.tui.practice import Practice
from painpath.tui.text import NOTE_MAX_CHARS, plain
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.breath_pacer import BreathPacer
from painpath.tui.widgets.count_marks import CountMarks
from painpath.tui.widgets.practice_progress import PracticeProgress, SoundNote
from painpath.tui.widgets.scale_picker import ScalePicker
from painpath.tui.widgets.step_rating import StepRating
from painpath.tui.widgets.step_view import (
    EntryBox,
    heading,
    position,
    region_line,
    step_title,
    times_line,
)

if TYPE_CHECKING:
    from painpath.settings import Settings

SHORT_HEIGHT = 24  # rows; at 60x20 a rating asked during a step did not fit below its words


class PlayerScreen(WayOutFirst, Screen[None]):
    """Runs one `Practice`'s session; tells the app when it is over."""

    # Focus is the player's own business (the answer box on a writing step,
    # nothing otherwise): Textual's focus-the-first-widget would pick the box.
    AUTO_FOCUS = ""

    # Order matters: for a key bound twice, the first enabled binding is the one
    # shown and run (check_action decides which applies to this step).
    BINDINGS: ClassVar[list[BindingType]] = [
        # Grounding only: the person's own safety plan (after the ways out and `?`).
        Binding("m", "safety_plan", "My safety plan"),
        Binding("space", "mark", "Mark one"),
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Go on"),
        Binding("k", "pause('k')", "Pause"),
        Binding("k", "resume('k')", "Go on"),
        Binding("n", "next", "Next"),
        Binding("p", "previous", "Back"),
        Binding("plus", "add_minute", "One more minute"),
        Binding("equals_sign", "add_minute", "One more minute", show=False),  # + without shift
        Binding("g", "ground('key')", "Ground me now"),
        Binding("ctrl+g", "ground('typing')", "Ground me now"),
        Binding("ctrl+g", "ground", "Ground me now", show=False),
        Binding("q", "stop('key')", "Stop"),
        Binding("ctrl+q", "stop('typing')", "Stop"),
        Binding("ctrl+q", "stop", "Stop", show=False),
        # Every key of this moment, in words: a narrow footer shows only the first few.
        Binding("question_mark", "keys", "All keys"),
        # A long step's words scroll with the arrows and page keys.
        Binding("down", "scroll_text(1)", "Scroll down", show=False),
        Binding("up", "scroll_text(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_text(10)", "Page down", show=False),
        Binding("pageup", "scroll_text(-10)", "Page up", show=False),
    ]

    def __init__(self, practice: Practice) -> None:
        super().__init__()
        self.practice = practice
        self.session = practice.session
        self._events: list[Event] = []
        self._timer: Timer | None = None
        self._over_sent = False
        self._shown_step: tuple[int, float] | None = None
        self._drawn_at = -1.0  # session time of the last redraw
        self._keys_for: tuple[object, ...] | None = None  # what the footer was built for
        self._times_len = -1  # length of the times line last shown
        self._answers: dict[int, str] = {}  # step index → its written answer, to show again
        self._keys_said = False  # the `?` list is up: it leaves with this screen (`_leave`)
        self.session.add_listener(self._events.append)

    @property
    def settings(self) -> Settings:
        return self.app.settings  # type: ignore[attr-defined,no-any-return]

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        with Vertical(id="player"):
            yield Static(id="player-heading")
            yield Static(id="player-step-title")
            yield Static(id="player-region")
            # Never focused (the arrows scroll it from the screen's keys), so a
            # scrollbar can never take the keys meant for the practice or the answer.
            with VerticalScroll(id="player-text-scroll", can_focus=False):
                yield Static(id="player-text")
            yield Static(id="player-recall", classes="paragraph")
            yield BreathPacer(id="player-pacer")
            yield CountMarks(id="player-marks")
            yield EntryBox(placeholder="Type here if you like. Enter keeps it, Escape skips.",
                           id="player-entry", max_length=NOTE_MAX_CHARS)
            yield StepRating(id="player-rating")
            yield Static(id="player-spacer")
            yield Static(id="player-status")
            yield SoundNote(id="player-sound-note", classes="dim", markup=False)
            yield Static(id="player-times")
            yield PracticeProgress(total=100, show_eta=False, id="player-progress")
        yield Footer()

    def on_mount(self) -> None:
        if self.session.state == "ready":
            self.session.start()
        self.sync()

    def on_unmount(self) -> None:
        self._leave()
        self.session.remove_listener(self._events.append)

    def on_screen_suspend(self) -> None:
        self._leave()

    def _leave(self) -> None:
        # The `?` list is about this screen's keys: not left over the next one's buttons.
        self._cancel_timer()
        if self._keys_said:
            self._keys_said = False
            self.app.clear_notifications()

    def on_screen_resume(self) -> None:
        self.sync()

    # ------------------------------------------------------------ timing
    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _schedule(self) -> None:
        self._cancel_timer()
        delay = refresh_delay(self.session, animate_breath=not self.settings.reduced_motion)
        if delay is not None and self.is_current:
            self._timer = self.set_timer(delay, self.tick)

    def tick(self) -> None:
        """Let the engine catch up with its clock, then redraw (the timer calls this)."""
        self._timer = None
        self.session.tick()
        if not self._events and self.session.elapsed == self._drawn_at:
            self._schedule()  # nothing moved (a stopped clock): no redraw needed
            return
        self.sync()

    # ----------------------------------------------------------- drawing
    def sync(self) -> None:
        """Act on what the engine said since last time, redraw, and plan the next wake-up."""
        events, self._events[:] = list(self._events), []
        rang = False
        for event in events:
            if isinstance(event, EntrySubmitted):
                self._answers[event.index] = event.text or ""
            # The terminal bell only when no sound device plays the real one.
            if (isinstance(event, Bell) and not rang and self.settings.bell
                    and not self.app.sound.playing):  # type: ignore[attr-defined]
                rang = True
                self.app.bell()
        if self.session.state in ("finished", "stopped"):
            self._cancel_timer()
            if not self._over_sent:
                self._over_sent = True
                self.post_message(messages.SessionOver(self.practice))
            return
        step_key = (self.session.index, self.session.step_started_at)
        if step_key != self._shown_step or any(isinstance(e, StepStarted) for e in events):
            self._shown_step = step_key
            self._show_step()
        self._show_rating(any(isinstance(e, RatingAsked) for e in events))
        self._show_moment()
        self._refresh_keys()
        self._schedule()

    def _refresh_keys(self) -> None:
        """Rebuild the footer only when what `check_action` decides on has changed.

        Every `refresh_bindings` makes the Footer recompose itself, which cost
        most of the CPU of a quiet step when it ran on each second's redraw.
        (Focus changes refresh the footer by themselves.)
        """
        session = self.session
        keys = (session.state, session.index, session.step_started_at,
                session.step_limit is not None, self._typing())
        if keys != self._keys_for:
            self._keys_for = keys
            self.refresh_bindings()

    def _show_step(self) -> None:
        session, step = self.session, self.session.step
        saved = getattr(self.app, "record", True)
        self.query_one("#player-heading", Static).update(heading(session, saved=saved))
        self.query_one("#player-step-title", Static).update(step_title(session))
        region = self.query_one("#player-region", Static)
        region.update(region_line(session))
        region.display = bool(step.region)
        self.query_one("#player-text", Static).update(plain(step.text))
        self.query_one("#player-text-scroll", VerticalScroll).scroll_home(animate=False)
        # `recall = true`: the answer of the writing step before, to read back.
        earlier = recalled_step(session.exercise.steps, session.index)
        said = self._answers.get(earlier) if earlier is not None else None
        recall = self.query_one("#player-recall", Static)
        recall.display = bool(said)
        recall.update(Content.assemble(("You wrote: ", "bold"), plain(said or "")))
        self.query_one("#player-pacer").display = step.kind == "breath"
        self.query_one("#player-marks").display = step.kind == "count"
        entry = self.query_one("#player-entry", EntryBox)
        entry.display = step.kind == "entry"
        # Back on an answered step: its answer is there to read, change or keep.
        entry.value = self._answers.get(session.index, "")
        self.practice.draft = ""
        entry.cursor_blink = not self.settings.reduced_motion
        if step.kind == "entry":
            entry.focus()
            # A box just shown may not take focus in this same frame; ask again after it.
            self.call_after_refresh(self._focus_entry)
        else:
            self.set_focus(None)

    def _focus_entry(self) -> None:
        if self.session.step.kind == "entry" and self.session.state in MOVING:
            self.query_one("#player-entry", EntryBox).focus()

    def on_resize(self) -> None:
        self._show_rating(False)

    def _show_rating(self, asked_now: bool) -> None:
        box = self.query_one("#player-rating", StepRating)
        asked = self.session.pending_rating
        # In a short terminal the step's words make room for the question (they
        # scroll), so its numbers, its hint and the clock's words stay in view.
        self.query_one("#player").set_class(asked is not None and self.app.size.height
                                           <= SHORT_HEIGHT, "asking-short")
        if asked is None:
            box.clear()
            return
        if asked_now or not box.asking:
            scale = self.session.exercise.scale(asked.scale)
            self.app.sound.ask(scale, asked.region,  # type: ignore[attr-defined]
                               self.session.exercise.language)
            box.ask(scale, asked.region)

    def _show_moment(self) -> None:
        session = self.session
        step = session.step
        settings = self.settings
        if step.kind == "breath":
            self.query_one(BreathPacer).show(session.breath,
                                             show_seconds=settings.show_breath_seconds,
                                             animate=not settings.reduced_motion)
        if step.kind == "count":
            self.query_one(CountMarks).show(session.marked, step.count or 0)
        self.query_one(SoundNote).catch_up()
        status = self.query_one("#player-status", Static)
        status.display = session.state == "paused"
        if session.state == "paused":
            key = "k" if step.kind == "count" else "space"
            status.update(Content.styled(f"Paused. Press {key} to go on when you are ready.",
                                         "bold"))
        self._drawn_at = session.elapsed
        times = times_line(session)
        # Same length, same wrapping: skip the whole-screen layout pass a
        # Static update costs by default (most of each second's redraw).
        same_size = len(times.plain) == self._times_len
        self._times_len = len(times.plain)
        self.query_one("#player-times", Static).update(times, layout=not same_size)
        # Half-percent steps: at 80 columns the bar is ~140 half cells, so finer
        # steps show nothing new and would only cost a redraw each second.
        self.query_one(ProgressBar).update(progress=round(position(session) * 200) / 2)

    # ----------------------------------------------------------- actions
    def _typing(self) -> bool:
        return isinstance(self.focused, EntryBox) and self.session.step.kind == "entry"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return key_works(action, parameters, self.session, typing=self._typing(),
                         grounding=self.practice.grounding)

    def action_keys(self) -> None:
        """Say every key this moment takes, the ways out first (the footer may cut the rest)."""
        self.notify(keys_sentence(self.active_bindings.values(), self.app.get_key_display),
                    title="All keys", markup=False, timeout=12)
        self._keys_said = True

    def action_scroll_text(self, lines: int) -> None:
        self.query_one("#player-text-scroll", VerticalScroll).scroll_relative(
            y=lines, animate=False)

    def action_mark(self) -> None:
        self.session.mark_item()
        self.sync()

    def action_pause(self, _key: str = "space") -> None:
        self.session.pause()
        self.sync()

    def action_resume(self, _key: str = "space") -> None:
        self.session.resume()
        self.sync()

    def action_next(self) -> None:
        self.session.next_step()
        self.sync()

    def action_previous(self) -> None:
        self.session.previous_step()
        self.sync()

    def action_add_minute(self) -> None:
        if self.session.add_minute():
            self.notify("One more minute on this step.", timeout=3)
        self.sync()

    def action_ground(self, _how: str = "") -> None:
        self._cancel_timer()
        self.post_message(messages.GroundRequested())

    async def action_safety_plan(self) -> None:
        """The person's own plan over the grounding, which waits, paused, until Back."""
        if self.session.state == "running":
            self.session.pause()
        await self.app.run_action("open_safety_plan")

    def action_stop(self, _how: str = "") -> None:
        self.practice.stop()  # keeps an answer typed but not yet kept with Enter
        self.sync()

    @on(EntryBox.Changed, "#player-entry")
    def entry_changed(self, event: EntryBox.Changed) -> None:
        # An answer shown again unchanged is already kept: no second copy on a stop.
        text = event.text_area.text
        kept = self._answers.get(self.session.index)
        self.practice.draft = "" if text == kept else text

    @on(EntryBox.Submitted, "#player-entry")
    def entry_submitted(self, event: EntryBox.Submitted) -> None:
        self.practice.draft = ""
        self.session.submit_entry(event.value)
        self.sync()

    @on(EntryBox.Skipped, "#player-entry")
    def entry_skipped(self) -> None:
        self.practice.draft = ""
        self.session.submit_entry(None)
        self.sync()

    @on(ScalePicker.Confirmed, "#player-picker")
    def rated(self, event: ScalePicker.Confirmed) -> None:
        self.app.sound.hush()  # type: ignore[attr-defined]
        self.session.give_rating(event.value)
        self.sync()
