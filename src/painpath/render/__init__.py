"""Rich rendering for the CLI's non-TUI commands (no textual here)."""

from __future__ import annotations

from rich.console import Console


def console(*, stderr: bool = False) -> Console:
    """Plain output: no markup, no highlighting, lines never cut."""
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=True, stderr=stderr)
