"""Practice titles and plan words in the log's views are only ever text.

The home's "today" panel, History (its list and an entry's page) and Progress
(the per-practice table and the plan tab) show titles and a therapist's message
from pack files. A hostile pack puts markup (including the nested form that
defeats `textual.markup.escape`, and Rich's own `[link=…]`), ANSI and OSC
sequences into them: every view must show the markup literally, drop the
escapes, and draw nothing clickable. The models are built here without the
loader, so the views' own cleaning is what keeps the escapes out.
"""

from __future__ import annotations

import asyncio
import io
import textwrap
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from log_helpers import NOW, LogHarness, at, press, session, settle
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Button, DataTable, Static, TabbedContent

from painpath import plans
from painpath.format.loader import Loaded
from painpath.format.models import Assign, Exercise, Pack, Plan, Step
from painpath.text import clean_line
from painpath.tui.screens.entry_detail import ConfirmDeleteScreen, EntryDetailScreen
from painpath.tui.screens.history import WHAT_WIDTH, HistoryScreen
from painpath.tui.screens.home import HomeScreen
from painpath.tui.screens.progress import ProgressScreen

MARKUP = ("[bold]x[/bold]", "[@click=app.quit]x[/]", "[@click=app.notify('[')]x")
ESCAPES = ("\x1b[31m", "\x1b]8;;http://x\x07")
HOSTILE = " ".join(MARKUP) + " " + "".join(ESCAPES) + "end"
# History's "What" column keeps 17 characters: these fit whole, so a parsed
# cell would draw a click action (Rich's own markup) or a link.
SHORT_CLICK = "[@click=bell]x[/]"
SHORT_LINK = "[link=x]y[/]"
BIG = (120, 50)  # every panel and table drawn at once, so the strips hold all of it


def _exercise(ident: str, title: str) -> Exercise:
    return Exercise(id=ident, title=title, kind="other", pack="evil",
                    steps=(Step(text="Rest.", title=HOSTILE, duration=60),
                           Step(text="Write.", title=HOSTILE, entry=True)))


EVIL = _exercise("bad", HOSTILE)
CLICKY = _exercise("clicky", SHORT_CLICK)
LINKY = _exercise("linky", SHORT_LINK)
PLAN = Plan(id="plan", title=HOSTILE, weeks=2, pack="evil", message=HOSTILE,
            assign=(Assign("evil/bad", frozenset({1, 2}), frozenset(range(7)), 2),
                    Assign("evil/clicky", frozenset({1, 2}), frozenset(range(7)), 1)))
PACK = Pack(id="evil", title=HOSTILE, version="1.0.0", exercises=(EVIL, CLICKY, LINKY),
            plans=(PLAN,))


def evil_harness(tmp_path: Path, *, plan: bool = False) -> LogHarness:
    """A log with a session of each hostile practice; optionally following the plan."""
    h = LogHarness(tmp_path)
    h.ctx.library.add(Loaded(packs=[PACK], exercises=[EVIL, CLICKY, LINKY]))
    if plan:
        plans.start(h.ctx.paths, h.ctx.library, "evil/plan", NOW.date() - timedelta(days=1))
    h.fill(session(at(1), "evil/bad", before={"pain": 6}, after={"pain": 4},
                   answers=[(1, "my answer")]),
           session(at(2), "evil/clicky", before={"pain": 5}, after={"pain": 5}),
           session(at(3), "evil/linky", before={"pain": 7}, after={"pain": 3}))
    return h


def run_big(h: LogHarness, scenario: Callable[[Pilot], Awaitable[None]]) -> None:
    async def main() -> None:
        async with h.app.run_test(size=BIG) as pilot:
            await settle(pilot)
            await scenario(pilot)
    asyncio.run(main())


# ----------------------------------------------------------------- what is on screen

def _strips(app: App[object]) -> list[Strip]:
    return app.screen._compositor.render_strips()


def drawn(app: App[object]) -> str:
    """Every character on the screen, row by row."""
    return "\n".join(strip.text for strip in _strips(app))


def click_actions(app: App[object]) -> list[str]:
    """Every click action or link carried by what is drawn on screen."""
    found: list[str] = []
    for strip in _strips(app):
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            if "@click" in style.meta:
                found.append(str(style.meta["@click"]))
            if style.link:
                found.append(f"link {style.link}")
    return found


def _rich_text(renderable: object) -> str:
    console = Console(width=400, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def static_text(widget: Static) -> str:
    """What a Static shows, whole and unwrapped: its parsed Content, or its rich renderable."""
    visual = widget.render()
    if isinstance(visual, Content):
        return visual.plain
    assert isinstance(visual, Visual)
    return _rich_text(widget.content)


def shown_texts(app: App[object]) -> str:
    """The full text of every Static and Button label on the screen (drawn or not)."""
    texts = [static_text(w) for w in app.screen.query(Static)]
    texts += [str(b.label) for b in app.screen.query(Button)]
    return "\n".join(texts)


def check_screen(app: App[object], where: str, *, literals: tuple[str, ...] = MARKUP) -> None:
    texts, on_screen = shown_texts(app), drawn(app)
    for literal in literals:
        assert literal in texts, f"{where}: {literal!r} not shown literally"
    for raw in (texts, on_screen):
        assert "\x1b" not in raw and "\x07" not in raw, f"{where}: an escape reached the screen"
    assert "[31m]8;;http://x" in texts, f"{where}: more than the ESC and BEL bytes was removed"
    assert click_actions(app) == [], f"{where}: something on screen is clickable"


def test_the_detector_sees_rich_click_actions_and_links_in_a_table() -> None:
    """Control: a table cell parsed as markup is caught, whether an action or a link."""

    class Linked(App[None]):
        def compose(self) -> ComposeResult:
            table: DataTable[str | Text] = DataTable()
            table.add_column("what")
            table.add_rows([[SHORT_CLICK], [SHORT_LINK], [Text(SHORT_CLICK)]])
            yield table

    async def main() -> None:
        async with Linked().run_test(size=(40, 6)) as pilot:
            await pilot.pause()
            found = click_actions(pilot.app)
            assert any("bell" in action for action in found)
            assert "link x" in found
            assert SHORT_CLICK in drawn(pilot.app)  # the Text() row, literally

    asyncio.run(main())


# -------------------------------------------------------------------------- tests

def test_home_today_shows_the_plan_message_and_practice_titles_as_text(
        tmp_path: Path) -> None:
    h = evil_harness(tmp_path, plan=True)

    async def scenario(pilot: Pilot) -> None:
        assert isinstance(pilot.app.screen, HomeScreen)
        screen = pilot.app.screen
        message = static_text(screen.query_one("#today-message", Static))
        assert message == clean_line(HOSTILE)
        labels = [str(b.label) for b in screen.query(".today-item").results(Button)]
        assert labels == [clean_line(HOSTILE), SHORT_CLICK]
        heading = static_text(screen.query_one("#today-heading", Static))
        assert heading == f"Today's practice, week 1 of 2: {clean_line(HOSTILE)}"
        check_screen(pilot.app, "home's today", literals=(*MARKUP, SHORT_CLICK))
        assert SHORT_CLICK in drawn(pilot.app)
        await pilot.click("#today-message")
        await pilot.click("#today-heading")
        await press(pilot)
        assert pilot.app.is_running  # no click quit the app …
        assert list(pilot.app._notifications) == []  # … or notified anything

    run_big(h, scenario)


def test_history_and_an_entrys_page_show_practice_titles_as_text(tmp_path: Path) -> None:
    h = evil_harness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h")
        assert isinstance(pilot.app.screen, HistoryScreen)
        cut = textwrap.wrap(clean_line(HOSTILE), WHAT_WIDTH)[0]  # long titles wrap
        on_screen = drawn(pilot.app)
        for literal in (cut, SHORT_CLICK, SHORT_LINK):
            assert literal in on_screen, f"history: {literal!r} not drawn literally"
        assert "\x1b" not in on_screen and "\x07" not in on_screen
        assert click_actions(pilot.app) == [], "history: something on screen is clickable"

        await press(pilot, "enter")  # the newest: the hostile practice
        screen = pilot.app.screen
        assert isinstance(screen, EntryDetailScreen)
        assert static_text(screen.query_one("#detail-title", Static)) == clean_line(HOSTILE)
        [step] = [static_text(w) for w in screen.query(".detail-answer-step").results(Static)]
        assert step == f"Step 2, {clean_line(HOSTILE)}:"
        check_screen(pilot.app, "entry page")
        await pilot.click("#detail-title")
        await press(pilot, "delete")
        assert isinstance(pilot.app.screen, ConfirmDeleteScreen)
        check_screen(pilot.app, "delete dialog")
        await press(pilot, "escape", "escape", "down", "enter")  # keep it; the next one
        assert isinstance(pilot.app.screen, EntryDetailScreen)
        assert static_text(pilot.app.screen.query_one("#detail-title", Static)) == SHORT_CLICK
        assert click_actions(pilot.app) == [], "entry page: something on screen is clickable"
        assert pilot.app.is_running and list(pilot.app._notifications) == []

    run_big(h, scenario)


def test_progress_shows_practice_titles_and_the_plan_as_text(tmp_path: Path) -> None:
    h = evil_harness(tmp_path, plan=True)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "p")
        screen = pilot.app.screen
        assert isinstance(screen, ProgressScreen)
        screen.query_one(TabbedContent).active = "tab-practices"
        await press(pilot)
        table = static_text(screen.query_one("#progress-table", Static))
        assert f"{clean_line(HOSTILE)}: 1 session, 10 min" in table
        assert f"{SHORT_CLICK}: 1 session, 10 min" in table
        assert f"{SHORT_LINK}: 1 session, 10 min" in table
        check_screen(pilot.app, "progress, practices")
        assert SHORT_CLICK in drawn(pilot.app) and SHORT_LINK in drawn(pilot.app)

        screen.query_one(TabbedContent).active = "tab-plan"
        await press(pilot)
        plan = static_text(screen.query_one("#progress-plan", Static))
        assert plan.startswith(f"{clean_line(HOSTILE)}, started 22 November 2026.")
        check_screen(pilot.app, "progress, plan")

    run_big(h, scenario)
