"""A checkbox whose state shows as a mark, not only as a colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class Toggle(Checkbox):
    """Textual's Checkbox draws its X either way and tells on from off by colour;
    this one leaves the box empty when off, so the state reads in any colours."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button
