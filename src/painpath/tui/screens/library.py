"""The library: every practice, grouped by kind, filtered as you type.

Files that could not be loaded are listed under "Files with problems", with
the loader's messages, instead of silently missing from the list (warnings,
which leave a practice in the list, are for `painpath validate`).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from painpath.format.models import Exercise
from painpath.format.problems import Problem
from painpath.library import BUNDLED_PACK, Library
from painpath.text import clean_line
from painpath.tui import messages
from painpath.tui.text import plain, plain_line
from painpath.tui.way_out import WayOutFirst
from painpath.tui.widgets.outline import about

KIND_NAMES = {
    "body-scan": "Body scan", "mbsr": "Mindfulness (MBSR)", "grounding": "Grounding",
    "breathing": "Breathing", "somatic": "Somatic practice", "movement": "Gentle movement",
    "other": "Other practices",
}


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind) or clean_line(kind)


def matches(exercise: Exercise, query: str) -> bool:
    """Every word typed appears somewhere in the exercise's title, summary, kind or tags."""
    haystack = " ".join([exercise.title, exercise.summary, exercise.kind, kind_name(exercise.kind),
                         exercise.qualified_id, *exercise.tags]).lower()
    return all(word in haystack for word in query.lower().split())


def exercise_prompt(exercise: Exercise) -> Content:
    """Title (literal), then kind and length in words; the pack when not bundled."""
    where = "" if exercise.pack == BUNDLED_PACK else f", from {clean_line(exercise.pack)}"
    return Content.assemble("  ", plain_line(exercise.title, "bold"),
                            (f"  {kind_name(exercise.kind).lower()}, "
                             f"{about(exercise.total_seconds)}{where}", "dim"))


def problems_text(problems: list[Problem]) -> Content:
    ordered = sorted(problems, key=lambda p: (not p.is_error, p.file))
    lines = [plain(f"{'Error' if p.is_error else 'Warning'}: {p.render()}") for p in ordered]
    return Content("\n").join(lines)


class LibraryScreen(WayOutFirst, Screen[None]):
    """Choose a practice. Type to filter; ↓ moves into the list; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+g", "app.ground", "Ground me now"),  # the filter box takes `g`
        Binding("down", "into_list", "To the list", show=False),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def compose(self) -> ComposeResult:
        yield Static("Practices", classes="screen-title")
        yield Input(placeholder="Type to filter by title, kind or tag; Enter opens the "
                    "underlined one",
                    id="library-filter", select_on_focus=False)
        yield OptionList(id="library-list")
        # Files left out, said with why. A warning (an unknown key, a pasted escape)
        # leaves its practice in the list: it is for the file's author, who sees it
        # with `painpath validate`, not for the person practising.
        errors = [p for p in self.library.problems if p.is_error]
        if errors:
            with VerticalScroll(id="library-problems"):
                files = len({p.file for p in errors})
                yield Static(f"Files with problems ({files}). These are not in the list "
                             "above; `painpath validate FILE` explains more.",
                             classes="section-title", markup=False)
                yield Static(problems_text(errors), id="library-problem-list")
        yield Footer()

    def on_mount(self) -> None:
        self.show_matches("")
        box = self.query_one("#library-filter", Input)
        box.cursor_blink = not self.app.settings.reduced_motion  # type: ignore[attr-defined]
        box.focus()

    def show_matches(self, query: str) -> None:
        options: list[Option] = []
        by_kind: dict[str, list[Exercise]] = {}
        for ex in self.library.by_kind():
            if matches(ex, query):
                by_kind.setdefault(ex.kind, []).append(ex)
        order = [*KIND_NAMES, *sorted(k for k in by_kind if k not in KIND_NAMES)]
        for kind in order:
            if kind not in by_kind:
                continue
            options.append(Option(Content.styled(kind_name(kind), "bold"),
                                  disabled=True))
            options.extend(Option(exercise_prompt(ex), id=ex.qualified_id)
                           for ex in by_kind[kind])
        if not options:
            options.append(Option(Content.assemble("Nothing matches “", Content(query),
                                                   "”. Try another word."), disabled=True))
        listing = self.query_one("#library-list", OptionList)
        listing.clear_options()
        listing.add_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        listing.highlighted = first

    @on(Input.Changed, "#library-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.show_matches(event.value)

    @on(Input.Submitted, "#library-filter")
    def action_open(self) -> None:
        listing = self.query_one("#library-list", OptionList)
        if listing.highlighted is not None:
            option = listing.get_option_at_index(listing.highlighted)
            if option.id is not None:
                self.post_message(messages.ExerciseChosen(self.library.exercises[option.id]))

    def action_into_list(self) -> None:
        self.query_one("#library-list", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "into_list":
            return self.focused is self.query_one("#library-filter", Input)
        return True

    @on(OptionList.OptionSelected, "#library-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.post_message(messages.ExerciseChosen(self.library.exercises[event.option.id]))
