"""Home: start a practice, ground now, settings, quit; room for the log's panels.

`#home-checkin`, `#home-trend` and `#home-today` are empty containers that
other parts of painpath fill (a quick check-in, a trend, today's plan). They
stay hidden while empty (`:empty` in the stylesheet), so home never shows a
blank or misleading panel.

The panels are mounted just after the first frame, and their modules (with
the store, stats and plans behind them) imported only then: the person sees
home's words and choices without waiting for the log's machinery.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from painpath.safety import EMERGENCY_LINE
from painpath.tui import messages
from painpath.tui.lifecycle import still_shown
from painpath.tui.way_out import WayOutFirst

SAFETY_LINE = EMERGENCY_LINE


class HomeScreen(WayOutFirst, Screen[None]):
    """Where the app opens and where every practice comes back to."""

    # A small terminal (down to 60×20) gets one-line buttons and the panels
    # under the buttons instead of beside them (painpath.tcss).
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (24, "-tall")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "app.open_library", "Practices"),
        Binding("g", "app.ground", "Ground me now"),
        # Not in the footer (the Settings button is on home): at 80 columns the
        # footer then still has room for "q Quit".
        Binding("s", "app.open_settings", "Settings", show=False),
        Binding("m", "app.open_safety_plan", "My safety plan"),
        Binding("c", "app.check_in", "Check in"),
        Binding("h", "app.open_history", "History"),
        Binding("p", "app.open_progress", "Progress"),
        Binding("q", "app.quit", "Quit"),
        Binding("down", "app.focus_next", "Next choice", show=False),
        Binding("up", "app.focus_previous", "Previous choice", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="home"):
            yield Static("painpath", id="home-title", classes="screen-title")
            yield Static("Guided practice for living with pain: body scans, breathing, "
                         "grounding and gentle attention. Go at your own pace; you can "
                         "pause or stop at any time.", id="home-intro", markup=False)
            with Horizontal(id="home-main"):
                with Vertical(id="home-actions"):
                    yield Button("Start a practice", id="home-start", variant="primary")
                    yield Button("Ground me now", id="home-ground")
                    yield Button("Settings", id="home-settings")
                    yield Button("Quit", id="home-quit")
                with Vertical(id="home-panels"):  # filled by the log's widgets
                    yield Vertical(id="home-today", classes="home-panel")
                    yield Vertical(id="home-checkin", classes="home-panel")
                    yield Vertical(id="home-trend", classes="home-panel")
            # One line tall, after the panels: the person's own plan (key m too).
            yield Button("My safety plan", id="home-safety-plan", compact=True)
        # Outside the scrolling part: on screen at any size, above the footer.
        yield Static(SAFETY_LINE, id="home-safety", markup=False)
        yield Footer()

    # True until the log's panels are mounted: tests (and anything else that
    # waits for the screen to settle) read it as "still fetching".
    fetching = True

    def on_mount(self) -> None:
        self.query_one("#home-start", Button).focus()
        # Twice: the first call runs before home is the current screen (so before
        # anything is painted); the second waits for the first frame.
        self.call_after_refresh(self.call_after_refresh, self._mount_panels)

    async def _mount_panels(self) -> None:
        """Fill the panel containers, after the first frame has been drawn."""
        from painpath.tui.widgets.checkin_panel import CheckInPanel
        from painpath.tui.widgets.today import TodayPanel
        from painpath.tui.widgets.trend import HomeTrend

        try:
            for where, panel in (("#home-today", TodayPanel()),
                                 ("#home-checkin", CheckInPanel()),
                                 ("#home-trend", HomeTrend())):
                container = self.query_one(where)
                if not still_shown(container):  # quit (or left) while mounting: stop here
                    return
                await container.mount(panel)
                # `:empty` is worked out when styles update, not on mount.
                self.app.update_styles(container)
        finally:
            self.fetching = False

    @on(messages.CrisisLine)
    def crisis_line(self, message: messages.CrisisLine) -> None:
        """While a plan is active, its pack's crisis line goes beside painpath's own."""
        text = f"{SAFETY_LINE}\n{message.line}" if message.line else SAFETY_LINE
        for line in self.query("#home-safety").results(Static):  # none once quitting
            line.update(Content(text))

    @on(Button.Pressed, "#home-start")
    async def start_pressed(self) -> None:
        await self.app.run_action("open_library")

    @on(Button.Pressed, "#home-ground")
    def ground_pressed(self) -> None:
        self.post_message(messages.GroundRequested())

    @on(Button.Pressed, "#home-safety-plan")
    async def safety_plan_pressed(self) -> None:
        await self.app.run_action("open_safety_plan")

    @on(Button.Pressed, "#home-settings")
    async def settings_pressed(self) -> None:
        await self.app.run_action("open_settings")

    @on(Button.Pressed, "#home-quit")
    async def quit_pressed(self) -> None:
        await self.app.run_action("quit")
