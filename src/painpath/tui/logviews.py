"""The app's half of the log screens: History, Progress, check-ins, review, failures.

`PainpathApp` mixes this in beside `PracticeFlow`. It owns the `Logbook`s
(the person's own log, or the exports under review), the one clock every
log screen reads (`now()`, injected by tests), a signal that tells the home's
panels to refresh when the log changed, and the calm dialog for a log that
cannot be used, including the consent to set a damaged log aside.

It keeps the `LogHost` protocol of `loghost.py`, which is all the screens know
of it: they post `LogChanged` and `LogProblem` and this mixin answers them, so
the screens never import this module and it can open any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.signal import Signal

from painpath.errors import PainpathError
from painpath.tui.logbook import Logbook
from painpath.tui.loghost import LogChanged, LogProblem, SwitchLogView

if TYPE_CHECKING:
    from painpath.context import Context
    from painpath.library import Library
    from painpath.tui.outcome import SessionOutcome


def _now_local() -> datetime:
    # The store's clock, imported on first use: the store stays off the first frame.
    from painpath.store.times import now_local

    return now_local()


class LogViews(App[None]):
    """Mixed into `PainpathApp` (first, so its `now` wins); see the module notes."""

    ctx: Context
    library: Library
    on_session_end: Callable[[SessionOutcome], None] | None

    def init_log(self, *, now: Callable[[], datetime] | None = None,
                 review: Sequence[Path] = ()) -> None:
        """Call once from `__init__`, after the hooks are set."""
        self._now = now or _now_local
        self.reviews = tuple(Logbook(export=Path(p)) for p in review)
        self.logbook = Logbook(paths=self.ctx.paths)
        self.log_changed_signal: Signal[object] = Signal(self, "log-changed")
        self.peg_declined = False
        self.background_problem_shown = False
        inner = self.on_session_end
        if inner is not None:
            def ended(outcome: SessionOutcome) -> None:
                try:
                    inner(outcome)
                finally:
                    self.log_changed()
            self.on_session_end = ended

    @property
    def reviewing(self) -> bool:
        return bool(self.reviews)

    def now(self) -> datetime:
        """This moment, aware of its offset (tests fix it)."""
        return self._now()

    def today(self) -> date:
        return self.now().date()

    def log_changed(self, origin: object = None) -> None:
        """Tell whatever shows the log (the home's panels) to read it again.

        `origin` is the screen that made the change, so a list that has already
        shown it (History after a deletion on an entry's page) can skip a re-read.
        """
        self.log_changed_signal.publish(origin)

    @on(LogChanged)
    def _log_changed_message(self, message: LogChanged) -> None:
        self.log_changed(message.origin)

    @on(LogProblem)
    def _log_problem_message(self, message: LogProblem) -> None:
        self.show_log_problem(message.error, message.logbook, background=message.background)

    # ------------------------------------------------------------ actions
    def action_open_history(self) -> None:
        from painpath.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.logbook))

    def action_open_progress(self) -> None:
        from painpath.tui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen(self.logbook))

    @on(SwitchLogView)
    def _switch_log_view(self, message: SwitchLogView) -> None:
        if message.view == "history":
            from painpath.tui.screens.history import HistoryScreen

            self.switch_screen(HistoryScreen(message.logbook))
        else:
            from painpath.tui.screens.progress import ProgressScreen

            self.switch_screen(ProgressScreen(message.logbook))

    def action_check_in(self) -> None:
        from painpath.tui.screens.checkin import CheckInScreen

        self.push_screen(CheckInScreen(self.logbook, peg=False), self._checked_in)

    def action_peg_check_in(self) -> None:
        from painpath.tui.screens.checkin import CheckInScreen

        self.push_screen(CheckInScreen(self.logbook, peg=True), self._checked_in)

    def _checked_in(self, saved: object | None) -> None:
        if saved is not None:
            self.notify("Your check-in is saved.", title="Check-in", markup=False)
            self.log_changed()
            # The gentle offer when distress is high (painpath.care; the flow's).
            care = getattr(self, "care_after_check_in", None)
            if care is not None:
                care({r.scale: r.value for r in getattr(saved, "ratings", ())})

    # ----------------------------------------------------------- failures
    def show_log_problem(self, error: PainpathError, logbook: Logbook | None = None, *,
                         background: bool = False) -> None:
        """The calm dialog for a log that cannot be used (a damaged one: ask first).

        `background` problems (the home reading its panels) are shown once per
        run, so a damaged log does not bring the dialog back at every turn.
        """
        from painpath.tui.screens.log_problem import LogProblemScreen

        if background:
            if self.background_problem_shown:
                return
            self.background_problem_shown = True
        book = logbook or self.logbook

        def chosen(choice: str | None) -> None:
            if choice == "set-aside":
                self.set_log_aside(book)

        self.push_screen(LogProblemScreen(error), chosen)

    def set_log_aside(self, logbook: Logbook) -> None:
        """With the person's consent: rename the damaged log and start a new one."""
        try:
            moved = logbook.set_aside()
        except PainpathError as err:
            self.show_log_problem(err, logbook)
            return
        self.notify(f"Your old log is kept as {moved.name}, in the same folder. "
                    "A new, empty log has started.", title="A new log", markup=False,
                    timeout=12)
        self.log_changed()
