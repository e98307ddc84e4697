"""The path through a practice, kept in one place: the app's half of the screens.

Screens only say what the person chose (`painpath.tui.messages`); this mixin
decides where that leads: exercise page → before-ratings → player →
after-ratings → note → summary, and "ground me now" from anywhere, which
pauses the practice underneath (if any) so "go back" returns to the very
moment that was left. Every practice's outcome is handed to
`on_session_end` exactly once, however the person leaves it (finishing,
stopping, grounding, going home, quitting the app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal, TypeAlias

from textual import on, work
from textual.app import App
from textual.content import Content

from painpath.care import Sitting
from painpath.errors import NotSavedError, PainpathError
from painpath.tui import messages
from painpath.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from painpath.care import Choice, Reason
    from painpath.context import Context
    from painpath.engine import Clock, Listener
    from painpath.format.models import Exercise
    from painpath.library import Library
    from painpath.sound.hook import Sound
    from painpath.tui.outcome import SessionOutcome
    from painpath.tui.practice import Practice

# Every screen but home is imported where it is first pushed: home's first frame
# should not wait for the engine, the library's loader or the player.

ListenersHook: TypeAlias = "Callable[[Exercise], Iterable[Listener]]"
EndHook: TypeAlias = "Callable[[SessionOutcome], None]"


class PracticeFlow(App[None]):
    """Flow between screens; `PainpathApp` adds settings, themes and start-up."""

    ctx: Context
    library: Library
    clock: Clock | None
    speed: float
    session_listeners: ListenersHook | None
    on_session_end: EndHook | None
    sound: Sound

    def init_flow(self) -> None:
        self.practice: Practice | None = None  # the main practice, paused while grounding
        self.grounding: Practice | None = None
        self.open_practices: list[Practice] = []  # not yet handed to on_session_end
        self.unsaved: list[NotSavedError] = []  # kept in files, not yet offered again
        self.closing = False  # quitting: outcomes still saving are waited for, not offered
        self.care = Sitting()  # the gentle offer: after "carry on", not again while open

    # ------------------------------------------------------------ helpers
    def new_practice(self, exercise: Exercise, *, grounding: bool = False) -> Practice:
        from painpath.tui.practice import Practice

        listeners: list[Listener] = []
        if self.session_listeners is not None:
            try:
                listeners = list(self.session_listeners(exercise))
            except PainpathError as err:  # the log cannot be opened: practise anyway
                self.notify(f"{err.message} This practice will not be recorded.",
                            title=err.title, severity="error", markup=False, timeout=30)
        practice = Practice(exercise, clock=self.clock, speed=self.speed, listeners=listeners,
                            grounding=grounding)
        practice.live = self.sound.live(exercise, practice.session, speed=self.speed)
        self.open_practices.append(practice)
        return practice

    def deliver(self, practice: Practice) -> None:
        """Hand a practice's outcome to the hook, once; stop it first if still going.

        A practice that never started is let go without an outcome.
        """
        if practice.delivered:
            return
        never_started = practice.session.state == "ready"
        if not never_started:
            practice.stop()
        practice.delivered = True
        self.sound_notice = None  # said in the practice it came with; not again
        if practice.live is not None:
            practice.live.close()
        if practice in self.open_practices:
            self.open_practices.remove(practice)
        if self.on_session_end is None or never_started:
            return
        self.end_session(practice.outcome())

    @work(thread=True, group="session-end")
    def end_session(self, outcome: SessionOutcome) -> None:
        """The outcome to the hook on a thread of its own: the note's save, a retry, a
        rescue file all wait for the log, which may be busy for seconds; the screen never
        does. A failure is said on the app's thread (never silence)."""
        assert self.on_session_end is not None
        try:
            self.on_session_end(outcome)
        except NotSavedError as err:  # kept in a file: offered once its screens are done
            if self.is_running:
                self.call_from_thread(self._not_saved, err)
            else:
                self.unsaved.append(err)  # said on the way out
        except PainpathError as err:
            if self.is_running:
                self.call_from_thread(self.notify, err.message, title=err.title,
                                      severity="error", markup=False, timeout=30)

    def _not_saved(self, err: NotSavedError) -> None:
        self.unsaved.append(err)
        # Offered now unless a practice's screens are still to come (they offer it when
        # done) or painpath is closing (then it is said on the way out).
        if not self.open_practices and not self.closing:
            self.offer_unsaved()

    async def session_ends_saved(self) -> None:
        """Wait (without blocking the screen) for every outcome still being saved."""
        for worker in list(self.workers):
            if worker.group == "session-end":
                await worker.wait()

    def offer_unsaved(self) -> None:
        """For each practice the log could not take: say where it is, offer to save again."""
        from painpath.tui.screens.not_saved import NotSavedScreen

        while self.unsaved:
            self.push_screen(NotSavedScreen(self.unsaved.pop(0)))

    def deliver_all(self) -> None:
        for practice in list(self.open_practices):
            self.deliver(practice)

    # ------------------------------------------------------------ actions
    def action_open_library(self) -> None:
        from painpath.tui.screens.library import LibraryScreen

        self.push_screen(LibraryScreen(self.library))

    def action_open_settings(self) -> None:
        from painpath.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.settings, self.theme_names()))  # type: ignore[attr-defined]

    def action_open_safety_plan(self) -> None:
        from painpath.tui.screens.safety_plan import SafetyPlanScreen

        self.push_screen(SafetyPlanScreen(self.ctx.paths))

    def action_ground(self) -> None:
        self.post_message(messages.GroundRequested())

    def action_go_home(self) -> None:
        """Back to the home screen, closing whatever practice is still open."""
        self.workers.cancel_group(self, "before")
        self.workers.cancel_group(self, "after")
        self.deliver_all()
        self.practice = self.grounding = None
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.offer_unsaved()

    # --------------------------------------------------------- the path
    @on(messages.ExerciseChosen)
    def exercise_chosen(self, message: messages.ExerciseChosen) -> None:
        from painpath.tui.screens.exercise import ExerciseScreen

        self.push_screen(ExerciseScreen(message.exercise))

    @on(messages.StartRequested)
    def start_requested(self, message: messages.StartRequested) -> None:
        self.begin(message.exercise)

    @work(group="before", exclusive=True)
    async def begin(self, exercise: Exercise) -> None:
        from painpath.tui.screens.player import PlayerScreen
        from painpath.tui.screens.ratings import RatingsScreen

        before: dict[str, int | None] = {}
        if exercise.ratings_before:
            before = await self.push_screen_wait(
                RatingsScreen(exercise, exercise.ratings_before, "before"))
        why = self.care.offer(before, exercise.scale)
        if why is not None and await self.offer_care(why) == "ground":
            self.start_grounding(before)  # instead: "Go back to" returns to its page
            return
        practice = self.new_practice(exercise)
        practice.record("before", before)
        self.practice = practice
        await self.push_screen(PlayerScreen(practice))

    @on(messages.SessionOver)
    def session_over(self, message: messages.SessionOver) -> None:
        from painpath.tui.screens.grounded import GroundedScreen
        from painpath.tui.screens.player import PlayerScreen

        practice = message.practice
        if practice.delivered:
            return
        screen = self.screen
        if isinstance(screen, PlayerScreen) and screen.practice is practice:
            self.pop_screen()
        if practice.grounding:
            self.push_screen(GroundedScreen(self._back_label(), self._crisis_lines(),
                                            self._safety_plan_lines()),
                             self._grounded_choice)
        else:
            self.after(practice, note=practice.session.state == "finished")

    @work(group="after")
    async def after(self, practice: Practice, *, note: bool) -> None:
        """After-ratings (optional), a note if the practice was finished, the summary."""
        from painpath.tui.screens.note import NoteScreen
        from painpath.tui.screens.ratings import RatingsScreen
        from painpath.tui.screens.summary import SummaryScreen

        scales = practice.exercise.ratings_after
        if scales:
            practice.record("after", await self.push_screen_wait(
                RatingsScreen(practice.exercise, scales, "after")))
        why = self.care.offer(practice.after, practice.exercise.scale, practice.before,
                              grounding=practice.grounding)
        if why is not None and await self.offer_care(why) == "ground":
            self.deliver(practice)  # kept in the log as it is; grounding follows
            if practice is self.practice:
                self.practice = None
            self.start_grounding(practice.after)
            return
        if note:
            practice.note = await self.push_screen_wait(NoteScreen())
        self.deliver(practice)
        if practice is self.practice:
            self.practice = None
        await self.push_screen(SummaryScreen(practice.outcome()))
        self.offer_unsaved()

    # ------------------------------------------------------ the offer
    async def offer_care(self, why: Reason) -> Choice:
        """The gentle offer (in a worker): "ground" or "carry-on", remembered if carry on."""
        from painpath.tui.screens.care_offer import CareOfferScreen

        choice = await self.push_screen_wait(CareOfferScreen(why))
        if choice != "ground":
            self.care.carry_on()
        return choice

    def care_after_check_in(self, ratings: dict[str, int | None]) -> None:
        """After a check-in saved on home: the offer, if its ratings call for it."""
        from painpath.format.models import BUILTIN_SCALES
        from painpath.tui.screens.care_offer import CareOfferScreen

        why = self.care.offer(ratings, BUILTIN_SCALES.get)
        if why is None:
            return

        def chosen(choice: Choice | None) -> None:
            if choice == "ground":
                self.start_grounding(ratings)
            else:
                self.care.carry_on()

        self.push_screen(CareOfferScreen(why), chosen)

    # ------------------------------------------------------- grounding
    @on(messages.GroundRequested)
    def ground_requested(self) -> None:
        """Leave at once for the bundled grounding practice; pause what was running."""
        self.start_grounding()

    def start_grounding(self, given: dict[str, int | None] | None = None) -> None:
        """The grounding practice, now; `given` are ratings that brought the offer, kept
        as the grounding's own "before" where it asks the same (distress)."""
        from painpath.tui.screens.player import PlayerScreen

        if self.grounding is not None and not self.grounding.over:
            return
        if self.practice is not None and self.practice.session.state == "running":
            self.practice.session.pause()
        self._ground_origin = self.screen
        self.grounding = self.new_practice(self.library.ground(), grounding=True)
        kept = {scale_id: value for scale_id, value in (given or {}).items()
                if scale_id in self.grounding.exercise.ratings_before and value is not None}
        if kept:
            self.grounding.record("before", kept)
        self.push_screen(PlayerScreen(self.grounding))

    def _back_label(self) -> Content | None:
        from painpath.format.models import Exercise
        from painpath.tui.text import plain_line

        origin = getattr(self, "_ground_origin", None)
        if origin is None or origin not in self.screen_stack or isinstance(origin, HomeScreen):
            return None
        exercise = getattr(origin, "exercise", None) or getattr(
            getattr(origin, "practice", None), "exercise", None)
        if isinstance(exercise, Exercise):
            return Content.assemble("Go back to ", plain_line(exercise.title))
        return Content("Go back to where I was")

    def _crisis_lines(self) -> list[str]:
        """After grounding: the crisis lines of the practice left, and of the active plan."""
        from painpath.plans import read_active
        from painpath.safety import crisis_lines

        packs: list[str | None] = []
        origin = getattr(self, "_ground_origin", None)
        exercise = getattr(origin, "exercise", None) or getattr(
            getattr(origin, "practice", None), "exercise", None)
        if self.practice is not None:
            packs.append(self.practice.exercise.pack)
        if exercise is not None:
            packs.append(exercise.pack)
        try:
            active = read_active(self.ctx.paths)
        except PainpathError:  # the plan file cannot be read: home says so; here, the rest
            active = None
        if active is not None:
            packs.append(active.pack)
        return crisis_lines(self.library, packs)

    def _safety_plan_lines(self) -> list[str]:
        """The person's own plan, shown after grounding ([] when they have none)."""
        from painpath.tui.screens.safety_plan import plan_words

        body, _, _ = plan_words(self.ctx.paths)
        plan_file = self.ctx.paths.safety_plan_file
        return body.splitlines() if plan_file.exists() else []

    def _grounded_choice(self, choice: Literal["back", "again", "finish", "home"] | None) -> None:
        grounding, self.grounding = self.grounding, None
        if choice == "back":
            if grounding is not None:
                self.deliver(grounding)
            if self.practice is not None and self.practice.session.state == "paused":
                self.practice.session.resume()
            return
        if choice == "again":
            if grounding is not None:
                self.deliver(grounding)
            self.ground_requested()
            return
        if self.practice is not None:
            self.practice.stop(grounded=True)
            self.deliver(self.practice)
            self.practice = None
        if choice == "finish" and grounding is not None:
            self.open_practices.remove(grounding)  # kept open for its after-rating
            self.action_go_home()
            self.open_practices.append(grounding)
            self.after(grounding, note=False)
        else:
            self.action_go_home()
