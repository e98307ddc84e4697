"""A rating scale the person answers with the keyboard: digits, arrows, Enter.

Digits choose directly (`6`); typing `1` then `0` gives 10 on a 0–10 scale,
and wider custom scales (0–100) take up to three digits the same way. A digit
that would leave the range starts a new number. Enter confirms; Enter with
nothing chosen means "skip this one", and that is never questioned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from painpath.format.models import Scale

_ROW_MAX_SPAN = 20  # scales wider than this show the number and a bar, not every value
_BAR_WIDTH = 40


class ScalePicker(Widget, can_focus=True):
    """One scale's numbers, the chosen one marked by brackets as well as colour."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,down", "move(-1)", "Lower", show=False),
        Binding("right,up", "move(1)", "Higher", show=False),
        Binding("home", "jump('min')", "Lowest", show=False),
        Binding("end", "jump('max')", "Highest", show=False),
        Binding("enter", "confirm", "Go on", show=True),
        Binding("backspace,delete", "clear", "Clear", show=False),
    ]

    value: reactive[int | None] = reactive(None)

    @dataclass
    class Confirmed(Message):
        """Enter was pressed: the value chosen, or None to skip this scale."""

        picker: ScalePicker
        value: int | None

        @property
        def control(self) -> ScalePicker:
            return self.picker

    def __init__(self, scale: Scale, value: int | None = None, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.scale = scale
        self._typed = ""
        self.set_reactive(ScalePicker.value, value)

    # ----------------------------------------------------------- keyboard
    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char is None or not char.isdigit() or len(char) != 1:
            return
        event.stop()
        event.prevent_default()
        self.type_digit(char)

    def type_digit(self, digit: str) -> None:
        """Extend the number being typed if that stays on the scale, else start anew."""
        longer = str(int(self._typed + digit))  # "0" then "4" is 4, not "04"
        width = len(str(self.scale.max))
        if len(longer) <= width and self.scale.min <= int(longer) <= self.scale.max:
            self._typed = longer
        else:
            self._typed = digit
        number = int(self._typed)
        if self.scale.min <= number <= self.scale.max:
            self.value = number
        else:
            self._typed = ""

    def on_click(self, event: events.Click) -> None:
        """Clicking a number on the row chooses it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y != 0 or self.scale.max - self.scale.min > _ROW_MAX_SPAN:
            return
        x = 0
        for n in range(self.scale.min, self.scale.max + 1):
            width = len(str(n)) + 2
            if x <= offset.x < x + width:
                self._typed = ""
                self.value = n
                return
            x += width + 1

    def action_move(self, step: int) -> None:
        self._typed = ""
        if self.value is None:
            start = self.scale.min if step > 0 else self.scale.max
            self.value = start
        else:
            self.value = max(self.scale.min, min(self.scale.max, self.value + step))

    def action_jump(self, end: str) -> None:
        self._typed = ""
        self.value = self.scale.min if end == "min" else self.scale.max

    def action_clear(self) -> None:
        self._typed = ""
        self.value = None

    def action_confirm(self) -> None:
        self.post_message(self.Confirmed(self, self.value))

    # ------------------------------------------------------------ drawing
    def render(self) -> Content:
        lo, hi = self.scale.min, self.scale.max
        if hi - lo <= _ROW_MAX_SPAN:
            cells = []
            for n in range(lo, hi + 1):
                cells.append(Content.styled(f"[{n}]", "reverse bold") if n == self.value
                             else Content(f" {n} "))
            row = Content(" ").join(cells)
        else:
            shown = "—" if self.value is None else str(self.value)
            filled = 0 if self.value is None else round(_BAR_WIDTH * (self.value - lo) / (hi - lo))
            row = Content.assemble((f"{shown:>3} ", "bold"), ("█" * filled, "$accent"),
                                   ("░" * (_BAR_WIDTH - filled), "dim"))
        if self.value is None:
            status = Content.styled(f"Type a number from {lo} to {hi}, or use ← →. "
                                    "Enter with no number skips this question.", "dim")
        else:
            status = Content.assemble("Your answer: ", (str(self.value), "bold"),
                                      ". Enter to go on.")
        return Content("\n").join([row, Content(""), status])
