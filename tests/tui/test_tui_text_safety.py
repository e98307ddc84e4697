"""File text is only ever text: no markup, no clickable actions, no terminal escapes.

A hostile exercise puts markup (including the nested form that defeats
`textual.markup.escape`), ANSI and OSC sequences into every field the app
shows. Every screen must show the markup literally, drop the escapes, carry
no click action in what it draws, and clicking must do nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Button, OptionList, Static
from tui_helpers import Harness, exercise

from painpath.format.models import Scale, Step
from painpath.format.problems import Problem

MARKUP = ("[bold]x[/bold]", "[@click=app.quit]x[/]", "[@click=app.notify('[')]x")
ESCAPES = ("\x1b[31m", "\x1b]8;;http://x\x07")
HOSTILE = " ".join(MARKUP) + " " + "".join(ESCAPES) + "end"
SCALE_ID = "calm[@click=app.quit]"

EVIL = exercise(
    Step(text=HOSTILE, title=HOSTILE, duration=30, region=HOSTILE, rate=SCALE_ID),
    Step(text=HOSTILE, title=HOSTILE, duration=30),
    id="evil", title=HOSTILE, kind=HOSTILE, summary=HOSTILE, description=HOSTILE,
    content_note=HOSTILE, tags=(HOSTILE,), author=HOSTILE, license=HOSTILE,
    before=(SCALE_ID,), after=(SCALE_ID,),
    scales=(Scale(SCALE_ID, HOSTILE, 0, 10, HOSTILE, HOSTILE),),
)


def _strips(app: App[object]) -> list[Strip]:
    return app.screen._compositor.render_strips()


def click_actions(app: App[object]) -> list[str]:
    """Every click action carried by what is drawn on screen (links are style meta)."""
    found = []
    for strip in _strips(app):
        for segment in strip:
            meta = segment.style.meta if segment.style else {}
            if "@click" in meta:
                found.append(str(meta["@click"]))
    return found


def shown_texts(app: App[object]) -> str:
    """The full (unwrapped) text of every Static, Button and option on the screen."""
    texts = [str(w.render()) for w in app.screen.query(Static)]
    texts += [str(b.label) for b in app.screen.query(Button)]
    for listing in app.screen.query(OptionList):
        texts += [str(listing.get_option_at_index(i).prompt)
                  for i in range(listing.option_count)]
    return "\n".join(texts)


def check_screen(app: App[object], where: str) -> None:
    texts = shown_texts(app)
    for literal in MARKUP:
        assert literal in texts, f"{where}: {literal!r} not shown literally"
    drawn = "".join(strip.text for strip in _strips(app))
    for raw in (texts, drawn):
        assert "\x1b" not in raw and "\x07" not in raw, f"{where}: an escape reached the screen"
    assert "[31mend" not in texts or "]8;;http://x" in texts  # only the ESC/BEL bytes are gone
    assert click_actions(app) == [], f"{where}: something on screen is clickable"


def test_the_detector_sees_a_real_link() -> None:
    """Control: markup that *is* parsed produces a click action the checks would catch."""

    class Linked(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("[@click=app.bell]ring[/]")

    async def main() -> None:
        async with Linked().run_test(size=(40, 3)) as pilot:
            await pilot.pause()
            assert click_actions(pilot.app) == ["app.bell"]

    asyncio.run(main())


def test_every_screen_shows_file_text_as_text(
        harness_factory: Callable[..., Harness]) -> None:
    h = harness_factory(EVIL)
    h.ctx.library.problems.append(Problem(file=HOSTILE, message=HOSTILE, key=HOSTILE))

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("l")
        await pilot.pause()
        check_screen(h.app, "library")
        await pilot.press(*"evil", "enter")
        await pilot.pause()
        assert h.screen_name() == "ExerciseScreen"
        check_screen(h.app, "exercise page")
        await pilot.click("#exercise-title")
        await pilot.click("#exercise-note-text")
        await pilot.click("#exercise-start")
        await pilot.pause()
        assert h.screen_name() == "RatingsScreen"
        check_screen(h.app, "before-ratings")
        await pilot.click("#ratings-question")
        await pilot.press("4", "enter")
        await pilot.pause()
        assert h.screen_name() == "PlayerScreen"
        check_screen(h.app, "player")
        await pilot.click("#player-text")
        await pilot.click("#player-step-title")
        await h.advance(pilot, 30)
        await pilot.pause()
        check_screen(h.app, "player, rating a step")
        await pilot.press("enter")
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert h.screen_name() == "GroundedScreen"
        check_screen(h.app, "grounded")
        await pilot.click("#grounded-back")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        check_screen(h.app, "after-ratings")
        await pilot.press("2", "enter")
        await pilot.pause()
        assert h.screen_name() == "SummaryScreen"
        assert "Calm[@click=app.quit]: 4 before, 2 after." in h.text("#summary-lines")
        await pilot.click("#summary-title")
        await pilot.click("#summary-lines")
        assert h.app.is_running  # no click quit the app …
        assert list(h.app._notifications) == []  # … or notified anything

    h.run(scenario)
