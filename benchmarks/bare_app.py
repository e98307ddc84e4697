"""A bare Textual app, the yardstick for `bench_session.py`.

    python benchmarks/bare_app.py [--tick]

It composes a screen like painpath's home (a title, a paragraph, four buttons,
a line of small print, a footer with a few keys) with nothing behind it: no
library, no log, no settings. What painpath pays on top of this is what
painpath itself costs. With `--tick` a line of text changes ten times a
second, the kind of redraw a running clock or breath pacer does, as the CPU
reference for a silent step.

`MARKER` is the text the benchmark waits for on the terminal to know the
first frame has been drawn.
"""

from __future__ import annotations

import argparse
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

MARKER = "A bare Textual app composed like a home screen"
TICK_HZ = 10


class BareApp(App[None]):
    CSS = """
    Screen { padding: 0 1; }
    #title { text-style: bold; margin: 1 0 0 0; }
    #intro { margin: 1 0; max-width: 76; }
    #actions { height: auto; width: 30; }
    #actions > Button { width: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "noop", "Practices"),
        Binding("g", "noop", "Ground me now"),
        Binding("s", "noop", "Settings"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, tick: bool = False) -> None:
        super().__init__()
        self.tick = tick
        self.ticks = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("bare", id="title")
            yield Static(f"{MARKER}, with nothing behind it: the least a Textual "
                         "app of this shape costs to start.", id="intro", markup=False)
            with Horizontal(), Vertical(id="actions"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Ground", id="ground")
                yield Button("Settings", id="settings")
                yield Button("Quit", id="quit")
            yield Static("", id="clock", markup=False)
            yield Static("Small print, as on painpath's home.", id="safety", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()
        if self.tick:
            self.set_interval(1 / TICK_HZ, self.redraw)

    def redraw(self) -> None:
        self.ticks += 1
        self.query_one("#clock", Static).update(f"tick {self.ticks}")

    def action_noop(self) -> None:
        """The keys are there to fill the footer as painpath's are."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tick", action="store_true",
                        help=f"redraw a line {TICK_HZ} times a second")
    args = parser.parse_args(argv)
    BareApp(tick=args.tick).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
