"""The person's own safety plan: read it, and write it in a simple form.

Reached from home and after "ground me now". Reading comes first (it may be
needed in a hurry); editing is a form with one box per part, one item per
line, so nobody has to write TOML. The file is the same one `painpath safety
edit` opens. A file with a mistake in it is still shown, and its mistake said;
it is then changed with `painpath safety edit`, so nothing written is replaced.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static, TextArea

from painpath import safety_plan
from painpath.errors import PainpathError
from painpath.paths import Paths
from painpath.safety import EMERGENCY_LINE
from painpath.tui.way_out import WayOutFirst

NO_PLAN = ("You have no safety plan yet. It is a short list, in your own words: who to "
           "call, a crisis line, what helps, and places and people that feel safe. "
           "You can write it alone or with your therapist.")


def plan_words(paths: Paths) -> tuple[str, list[str], bool]:
    """The plan as text to read, its problems, and whether the form may change it."""
    try:
        plan, problems = safety_plan.read(paths)
    except PainpathError as err:
        return err.message, [], False
    if plan is None:
        return NO_PLAN, [], True
    if problems:
        lines = safety_plan.raw_lines(paths)
        return "\n".join(lines) or "Nothing could be read.", problems, False
    return "\n".join(plan.lines()) or "Your safety plan is empty so far.", [], True


class SafetyPlanScreen(WayOutFirst, Screen[None]):
    """Read the plan; Edit opens the form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("e", "edit", "Edit"),
        Binding("g", "app.ground", "Ground me now"),
    ]

    def __init__(self, paths: Paths) -> None:
        super().__init__()
        self.paths = paths

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="safety-plan"):
            yield Static("My safety plan", classes="screen-title")
            yield Static(id="safety-plan-body")
            yield Static(id="safety-plan-problems")
            with Horizontal(classes="buttons"):
                yield Button("Edit", id="safety-plan-edit", variant="primary")
                yield Button("Back", id="safety-plan-back")
            yield Static(EMERGENCY_LINE, classes="dim", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#safety-plan-edit", Button).focus()

    def show(self) -> None:
        body, problems, editable = plan_words(self.paths)
        self.query_one("#safety-plan-body", Static).update(Content(body))
        said = self.query_one("#safety-plan-problems", Static)
        said.display = bool(problems)
        said.update(Content("Part of this plan could not be read, so it is changed with "
                            "`painpath safety edit`:\n" + "\n".join(problems)))
        self.query_one("#safety-plan-edit", Button).disabled = not editable

    @on(Button.Pressed, "#safety-plan-edit")
    def action_edit(self) -> None:
        if self.query_one("#safety-plan-edit", Button).disabled:
            return
        plan, _ = safety_plan.read(self.paths)
        self.app.push_screen(SafetyPlanForm(self.paths, plan or safety_plan.SafetyPlan()),
                             lambda saved: self.show())

    @on(Button.Pressed, "#safety-plan-back")
    def back(self) -> None:
        self.app.pop_screen()


class SafetyPlanForm(WayOutFirst, Screen[bool]):
    """One box per part, one item per line; Save keeps it, Escape leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "app.ground", "Ground me now"),  # the boxes take `g`
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, paths: Paths, plan: safety_plan.SafetyPlan) -> None:
        super().__init__()
        self.paths = paths
        self.plan = plan

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="safety-form"):
            yield Static("My safety plan", classes="screen-title")
            yield Static("One item on each line. Tab moves to the next part; ctrl+s saves.",
                         markup=False)
            for key, heading, _ in safety_plan.SECTIONS:
                yield Static(heading, classes="question", markup=False)
                yield TextArea("\n".join(getattr(self.plan, key)), id=f"safety-form-{key}",
                               classes="safety-form-box", tab_behavior="focus")
                if key == "call":
                    yield Static(safety_plan.CRISIS_HEADING, classes="question", markup=False)
                    yield Input(self.plan.crisis_line, id="safety-form-crisis_line",
                                max_length=safety_plan.MAX_ITEM_CHARS)
            yield Static(id="safety-form-status")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="safety-form-save", variant="primary")
                yield Button("Cancel", id="safety-form-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#safety-form-call", TextArea).focus()

    def entered(self) -> safety_plan.SafetyPlan:
        lists = {}
        for key, _, _ in safety_plan.SECTIONS:
            text = self.query_one(f"#safety-form-{key}", TextArea).text
            lists[key] = [line.strip() for line in text.splitlines() if line.strip()]
        crisis = self.query_one("#safety-form-crisis_line", Input).value.strip()
        plan, _ = safety_plan.check({"crisis_line": crisis, **lists}, "the form")
        return plan  # over-long items are cut to the limits the file keeps

    @on(Button.Pressed, "#safety-form-save")
    def action_save(self) -> None:
        try:
            safety_plan.save(self.paths, self.entered())
        except PainpathError as err:
            self.query_one("#safety-form-status", Static).update(
                Content(f"{err.message} Your words are still here; you can try again."))
            return
        self.app.notify("Your safety plan is saved.", title="Safety plan", markup=False)
        self.dismiss(True)

    @on(Button.Pressed, "#safety-form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
