"""Marks for a count step: ●●○○○ and the same in words, for screen readers."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def marks(marked: int, count: int) -> Content:
    marked = max(0, min(marked, count))
    return Content.assemble(("●" * marked, "bold $accent"), "○" * (count - marked),
                            f"   {marked} of {count} marked")


class CountMarks(Static):
    def show(self, marked: int, count: int) -> None:
        self.update(marks(marked, count))
