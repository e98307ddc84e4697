"""The home's "today": what the active plan suggests, and the therapist's message.

Each suggested practice is a button that opens its page (where it starts, after
its content note). What was already practised today is said plainly, as
information: nothing here counts missed days or scores the person. Without
an active plan the panel stays empty, and the home hides it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from painpath import plans
from painpath.errors import PainpathError
from painpath.safety import pack_crisis
from painpath.store import Store
from painpath.text import clean_line
from painpath.tui import messages
from painpath.tui.lifecycle import still_shown
from painpath.tui.loghost import host
from painpath.tui.text import plain
from painpath.tui.widgets.log_panel import LogPanel


def times_words(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def item_words(item: plans.TodayItem) -> str:
    """`suggested once`, `suggested 3 times; practised once today`."""
    text = f"suggested {times_words(item.times)}"
    if item.done:
        text += f"; practised {times_words(item.done)} today"
    if item.exercise is None:
        text += "; not installed now"
    return text


@dataclass
class TodayView:
    """What the panel shows, read on a worker thread."""

    today: plans.Today | None
    problem: str = ""


def heading(today: plans.Today) -> str:
    """`Today's practice, week 2 of 8: Eight weeks of home practice`."""
    plan, day = today.plan, today.day
    if plan is None or day is None:
        return "Your plan"
    return f"Today's practice, week {day.week} of {plan.weeks}: {clean_line(plan.title)}"


def day_words(today: plans.Today) -> str:
    """A sentence for a day without items: before the start, after the end, a free day."""
    day, active = today.day, today.active
    if day is None or active is None:
        return ""
    if day.before_start:
        return (f"Your plan begins on {active.start.strftime('%A')} {active.start.day} "
                f"{active.start.strftime('%B')}.")
    if day.finished:
        return "The plan's weeks are complete. Any practice is still yours to use."
    if not today.items:
        return "Nothing is planned for today. Any practice is welcome, or none."
    return ""


class TodayPanel(LogPanel):
    """Fills `#home-today` when a plan is active."""

    def compose(self) -> ComposeResult:
        yield Static(id="today-heading", classes="panel-title")
        yield Static(id="today-items-words")
        yield Vertical(id="today-items")
        yield Static(id="today-message", classes="panel-message")

    def on_mount(self) -> None:
        self.today_items: list[plans.TodayItem] = []
        self.display = False

    def read(self, store: Store) -> TodayView:
        app = host(self)
        try:
            active = plans.read_active(app.ctx.paths)
        except PainpathError as err:
            return TodayView(None, err.message)
        if active is None:
            return TodayView(None)
        day = app.today()
        return TodayView(plans.today_for(active, app.library, day,
                                         lambda d: plans.completed_on(store, d)))

    async def present(self, view: TodayView | None) -> None:
        today_pack = view.today.pack if view is not None and view.today is not None else None
        self.post_message(messages.CrisisLine(pack_crisis(today_pack)))
        if view is None or (view.today is None and not view.problem):
            self.show_panel(False)
            return
        self.show_panel(True)
        items = self.query_one("#today-items", Vertical)
        await items.remove_children()
        if view.today is None:
            self.query_one("#today-heading", Static).update("Your plan")
            self.query_one("#today-items-words", Static).update(Content(view.problem))
            self.query_one("#today-message", Static).update("")
            return
        today = view.today
        self.query_one("#today-heading", Static).update(Content(heading(today)))
        lines = [*today.notes]
        if not today.items:
            lines.append(day_words(today))
        self.query_one("#today-items-words", Static).update(
            Content("\n".join(line for line in lines if line)))
        self.query_one("#today-items-words", Static).display = any(lines)
        rows = []
        for n, item in enumerate(today.items):
            label = Content(clean_line(item.title))
            button = Button(label, id=f"today-{n}", compact=True, classes="today-item",
                            disabled=item.exercise is None)
            rows.append(Horizontal(button, Static(item_words(item), classes="today-item-words",
                                                  markup=False), classes="today-row"))
        items.display = bool(rows)
        if not still_shown(items):  # quit while the old rows were going
            return
        await items.mount_all(rows)
        self.today_items = list(today.items)
        message = today.plan.message if today.plan is not None else ""
        self.query_one("#today-message", Static).update(plain(message) if message else "")
        self.query_one("#today-message", Static).display = bool(message)

    @on(Button.Pressed, ".today-item")
    def item_pressed(self, event: Button.Pressed) -> None:
        index = int((event.button.id or "today-0").removeprefix("today-"))
        item = self.today_items[index]
        if item.exercise is not None:
            self.post_message(messages.ExerciseChosen(item.exercise))
