"""A home panel that reads the person's log on a worker thread and shows the result.

Each panel says what it reads (`read`, on the worker) and how it shows it
(`present`, on the screen), and reads again whenever the log changes (a
check-in, a finished practice, a log set aside). A log that cannot be read
shows the calm dialog once per run, not once per panel.
"""

from __future__ import annotations

from inspect import isawaitable
from typing import Any

from textual import work
from textual.widget import Widget

from painpath.errors import PainpathError
from painpath.store import Store
from painpath.tui.lifecycle import call_back
from painpath.tui.loghost import LogProblem, host, tell


class LogPanel(Widget):
    """Subclasses implement `read` (worker thread) and `present` (UI thread)."""

    DEFAULT_CSS = """
    LogPanel {
        height: auto;
    }
    """

    loaded = False  # True once the log has been read and shown (or found unreadable)

    def on_mount(self) -> None:
        # Textual calls this after a subclass's own `on_mount` (handlers run for each
        # class in the MRO), so subclasses must not call it again.
        host(self).log_changed_signal.subscribe(self, lambda _: self.reload(), immediate=True)
        self.reload()

    def reload(self) -> None:
        self._read_log()

    def show_panel(self, shown: bool) -> None:
        """Show or hide this panel; its home container hides too when nothing in it shows.

        The container's `:empty` style is worked out when styles are updated, not
        when a child's `display` changes, so it is brought up to date here.
        """
        self.display = shown
        if self.parent is not None:
            self.app.update_styles(self.parent)

    @work(thread=True, exclusive=True, group="panel")
    def _read_log(self) -> None:
        app = host(self)
        try:
            result = self.read(app.logbook.store())
        except PainpathError as err:
            call_back(self, self._presented, None)
            call_back(self, tell, self, LogProblem(err, app.logbook, background=True))
            return
        call_back(self, self._presented, result)

    async def _presented(self, result: Any) -> None:
        shown = self.present(result)
        if isawaitable(shown):
            await shown
        self.loaded = True

    def read(self, store: Store) -> Any:
        raise NotImplementedError

    def present(self, result: Any) -> None:
        raise NotImplementedError
