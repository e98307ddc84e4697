"""History: newest first, paged, an entry's page, its note edited, deleted only when asked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from log_helpers import MINE, SIZE, LogHarness, at, check_in, press, session, table_rows, text_of
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Static, TextArea

from painpath.store import Store
from painpath.tui.screens.entry_detail import ConfirmDeleteScreen, EntryDetailScreen
from painpath.tui.screens.history import PAGE, HistoryScreen

Snap = Callable[..., bool]


def _status(pilot: Pilot) -> str:
    return text_of(pilot.app.screen.query_one("#history-status", Static))


def test_lists_every_entry_newest_first_with_its_words(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.fill(session(at(3), before={"pain": 6, "tension": 5}, after={"pain": 4, "tension": 3}),
           check_in(at(1, 20), pain=5, distress=2),
           session(at(2), "painpath/box-breathing", status="stopped", practiced_s=90,
                   before={"pain": 7}),
           check_in(at(5), peg=True, pain=6, enjoyment=5, activity=4))

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h")
        assert isinstance(pilot.app.screen, HistoryScreen)
        rows = table_rows(pilot)
        assert [r[0] for r in rows] == ["22 Nov 20:00", "21 Nov 09:00", "20 Nov 09:00",
                                        "18 Nov 09:00"]
        assert rows[0][1:] == ["Check-in", "", "", "pain 5\ndistress 2"]
        # Words, not "7→–" (a screen reader reads a cell as it is), a scale a line.
        assert rows[1][1:] == ["Box breathing", "stopped", "2 min", "pain 7 before"]
        assert rows[2][2:] == ["completed", "10 min", "pain 6 then 4\ntension 5 then 3"]
        # A long title wraps whole, never cut with dots (the row grows, as for ratings).
        assert rows[2][1] == "Body scan (30\nminutes)"
        assert rows[3][1:] == ["PEG check-in", "", "", "PEG score 5.0"]
        assert _status(pilot) == "4 entries, newest first. Enter opens one."

    h.run(scenario)


def test_in_a_narrow_terminal_the_ratings_stay_on_screen(tmp_path: Path) -> None:
    # At 60 columns five columns pushed the ratings off the right edge ("tensio");
    # a session's status and length go under its title instead, and come back as
    # columns when the terminal is wide again.
    h = LogHarness(tmp_path)
    h.fill(session(at(3), "painpath/feet-on-floor", before={"pain": 6, "tension": 5},
                   after={"pain": 4, "tension": 3}),
           check_in(at(1, 20), pain=5, distress=2))

    async def scenario(pilot: Pilot) -> None:
        await pilot.resize_terminal(60, 20)
        await press(pilot, "h")
        table = pilot.app.screen.query_one(DataTable)
        rows = table_rows(pilot)
        assert rows[0][1:] == ["Check-in", "pain 5\ndistress 2"]
        assert rows[1][1:] == ["Feet on the\nfloor: grounding\nnow\ncompleted, 10 min",
                               "pain 6 then 4\ntension 5 then 3"]
        assert table.virtual_size.width <= 60  # nothing to scroll sideways to
        table.move_cursor(row=1)
        await pilot.resize_terminal(100, 30)
        await press(pilot)
        rows = table_rows(pilot)
        assert rows[1][2:] == ["completed", "10 min", "pain 6 then 4\ntension 5 then 3"]
        assert table.cursor_row == 1

    h.run(scenario)


def test_an_empty_log_says_so_and_is_not_created(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h")
        assert _status(pilot).startswith("Nothing in your log yet.")
        assert not pilot.app.screen.query_one(DataTable).display

    h.run(scenario)
    assert not h.database.exists()


def test_pages_as_the_person_scrolls_never_reading_the_whole_log(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    total = 2 * PAGE + 15
    with Store.for_paths(h.ctx.paths) as store:
        store.import_entries([check_in(at(n // 4, 8 + n % 4), pain=n % 11)
                              for n in range(total)])

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h")
        table = pilot.app.screen.query_one(DataTable)
        assert table.row_count == PAGE
        assert _status(pilot).startswith(f"{total} entries, newest first. Showing {PAGE};")
        assert pilot.app.screen.query_one("#history-more", Button).display
        await press(pilot, "end")  # the cursor near the end fetches the next page
        assert table.row_count == 2 * PAGE
        await press(pilot, "end")
        assert table.row_count == total
        assert _status(pilot) == f"{total} entries, newest first. Enter opens one."
        assert not pilot.app.screen.query_one("#history-more", Button).display
        keys = [str(table.coordinate_to_cell_key((i, 0)).row_key.value)
                for i in range(table.row_count)]
        assert len(set(keys)) == total  # no entry twice, none missing

    h.run(scenario)


def test_show_more_loads_the_next_page(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    with Store.for_paths(h.ctx.paths) as store:
        store.import_entries([check_in(at(n // 4, 8 + n % 4), pain=3) for n in range(PAGE + 2)])

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h")
        await press(pilot, "m")
        assert pilot.app.screen.query_one(DataTable).row_count == PAGE + 2

    h.run(scenario)


def test_the_entry_page_shows_ratings_answers_and_note_as_text(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.fill(session(at(1), "painpath/thought-record", before={"pain": 6}, after={"pain": 4},
                   during=[("shoulders", 7)], note="[b]calmer[/b] after",
                   answers=[(1, "It will [red]never[/red] end")]))

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, EntryDetailScreen)
        assert text_of(screen.query_one("#detail-when", Static)) == \
            "Sunday 22 November 2026, 09:00"
        assert text_of(screen.query_one("#detail-ratings", Static)) == (
            "Before: pain 6\nDuring: tension 7 (shoulders)\nAfter: pain 4")
        answers = [text_of(w) for w in screen.query(".detail-answer").results(Static)]
        assert answers == ["It will [red]never[/red] end"]
        assert screen.query_one("#detail-note", TextArea).text == "[b]calmer[/b] after"

    h.run(scenario)


def test_editing_the_note_saves_it_in_the_log(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.fill(session(at(1), before={"pain": 6}, note="old"))
    [entry] = h.stored().entries()

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h", "enter")
        area = pilot.app.screen.query_one("#detail-note", TextArea)
        area.text = "Shoulders softer afterwards"
        await press(pilot, "ctrl+s")
        assert text_of(pilot.app.screen.query_one("#detail-status", Static)) == \
            "Your note is saved."
        with h.stored() as store:
            assert store.get(entry.id).note == "Shoulders softer afterwards"  # type: ignore[union-attr]
        area.text = "   "
        await press(pilot, "ctrl+s")
        with h.stored() as store:
            assert store.get(entry.id).note is None  # type: ignore[union-attr]

    h.run(scenario)


def test_leaving_with_an_edited_note_keeps_it(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.fill(session(at(1), before={"pain": 6}))
    [entry] = h.stored().entries()

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h", "enter")
        pilot.app.screen.query_one("#detail-note", TextArea).text = "Typed, then Escape"
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, HistoryScreen)

    h.run(scenario)
    with h.stored() as store:
        assert store.get(entry.id).note == "Typed, then Escape"  # type: ignore[union-attr]


def test_the_note_takes_typing_at_once(tmp_path: Path) -> None:
    """Before: letters typed on an entry's page went nowhere until Tab reached the box."""
    h = LogHarness(tmp_path)
    h.fill(session(at(1), before={"pain": 6}, note="old"))
    [entry] = h.stored().entries()

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h", "enter")
        await press(pilot, "down")  # arrows still scroll the page
        await press(pilot, *" and calmer")
        area = pilot.app.screen.query_one("#detail-note", TextArea)
        assert area.text == "old and calmer" and pilot.app.screen.focused is area
        await press(pilot, "ctrl+s")

    h.run(scenario)
    with h.stored() as store:
        assert store.get(entry.id).note == "old and calmer"  # type: ignore[union-attr]


def test_delete_asks_first_and_keep_is_the_default(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    h.fill(session(at(2), before={"pain": 6}), check_in(at(1), pain=4))

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h", "down", "enter", "delete")
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDeleteScreen)
        assert dialog.focused is not None and dialog.focused.id == "confirm-keep"
        await press(pilot, "enter")  # Enter on the focused "Keep it"
        assert isinstance(pilot.app.screen, EntryDetailScreen)
        with h.stored() as store:
            assert store.count() == 2
        await press(pilot, "delete", "escape")  # Escape keeps it too
        with h.stored() as store:
            assert store.count() == 2
        await press(pilot, "delete", "tab", "enter")  # "Delete", chosen on purpose
        assert isinstance(pilot.app.screen, HistoryScreen)
        assert table_rows(pilot)[0][1] == "Check-in" and len(table_rows(pilot)) == 1
        assert _status(pilot) == "1 entry, newest first. Enter opens one."

    h.run(scenario)
    with h.stored() as store:
        assert [e.type for e in store.entries()] == ["check-in"]


def test_a_failed_save_keeps_the_words_and_says_why(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from painpath.store.errors import translate

    h = LogHarness(tmp_path)
    h.fill(session(at(1), before={"pain": 6}))

    def full(self: Store, entry_id: str, note: str | None) -> None:
        raise translate(sqlite3.OperationalError("database or disk is full"), self.path)  # type: ignore[misc]

    monkeypatch.setattr(Store, "set_note", full)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "h", "enter")
        pilot.app.screen.query_one("#detail-note", TextArea).text = "keep me"
        await press(pilot, "ctrl+s")
        dialog = pilot.app.screen
        assert text_of(dialog.query_one("#log-problem-message", Static)).startswith(
            "The disk is full, so painpath could not save to your log")
        await press(pilot, "enter")
        detail = pilot.app.screen
        assert isinstance(detail, EntryDetailScreen)
        assert detail.query_one("#detail-note", TextArea).text == "keep me"
        assert text_of(detail.query_one("#detail-status", Static)).startswith("Not saved.")

    h.run(scenario)


def test_history_snapshot(snap_compare: Snap, tmp_path: Path) -> None:
    h = LogHarness(tmp_path, *MINE)
    h.fill(session(at(6), "mine/scan", before={"pain": 7, "tension": 6},
                   after={"pain": 5, "tension": 3}),
           session(at(5, 8, 30), "mine/breath", status="stopped", practiced_s=95,
                   before={"pain": 6}, after={"pain": 5}),
           check_in(at(4, 21), pain=5, distress=3, note="Long day"),
           session(at(3, 7, 45), "mine/feet", status="interrupted", practiced_s=40,
                   before={"distress": 6}),
           check_in(at(2, 20), peg=True, pain=6, enjoyment=5, activity=4),
           session(at(0, 8), "mine/scan", before={"pain": 5, "tension": 5},
                   after={"pain": 3, "tension": 2}))

    async def open_history(pilot: Pilot) -> None:
        await press(pilot, "h")

    assert snap_compare(h.app, terminal_size=SIZE, run_before=open_history)
