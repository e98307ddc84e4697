"""The body drawn in text cells, front and back, each part shaded by its average tension.

The averages come from body-scan steps that asked for tension in a region.
Every shaded part prints its number, and a list under the figures names each
region with its average and how many ratings it rests on, so nothing depends
on colour. The front faces the reader (the person's right side is on the
left); the back is seen from behind (their left on the left), and draws the
upper and lower back and the backs of the shoulders and hips: the most common
chronic pain is low back pain, so it must be seen, not only listed. A side
shows its own region when rated (`left-knee`) and otherwise the region for
both sides (`knees`); the whole body is listed only. In a narrow terminal the
back goes under the front.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from painpath.format.models import REGIONS
from painpath.stats import Spread
from painpath.tui.text import region_words

WIDTH = 36  # characters of the figure


@dataclass(frozen=True, slots=True)
class Part:
    """One shaded rectangle of the figure (`x`, `width` in characters), showing the
    first of its regions that was rated (most specific first)."""

    row: int
    x: int
    width: int
    regions: tuple[str, ...]
    label: bool = True  # print the number here (a region drawn twice prints it once)


def _sided(part: str, both: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Facing the reader: the person's right side is drawn on the left.
    return (f"right-{part}", both), (f"left-{part}", both)


def _from_behind(part: str, both: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Seen from behind: the person's left side is drawn on the left.
    return (f"left-{part}", both), (f"right-{part}", both)


_SH_R, _SH_L = _sided("shoulder", "shoulders")
_ARM_R, _ARM_L = _sided("arm", "arms")
_HAND_R, _HAND_L = _sided("hand", "hands")
_HIP_R, _HIP_L = _sided("hip", "hips")
_LEG_R, _LEG_L = _sided("leg", "legs")
_KNEE_R, _KNEE_L = _sided("knee", "knees")
_FOOT_R, _FOOT_L = _sided("foot", "feet")

FIGURE: tuple[Part, ...] = (
    Part(0, 14, 8, ("head",)),
    Part(1, 14, 8, ("face",)),
    Part(2, 14, 8, ("jaw",)),
    Part(3, 15, 6, ("neck",)),
    Part(4, 6, 8, _SH_R), Part(4, 14, 8, ("chest",)), Part(4, 22, 8, _SH_L),
    Part(5, 6, 6, _ARM_R), Part(5, 14, 8, ("chest",), label=False), Part(5, 24, 6, _ARM_L),
    Part(6, 4, 6, _ARM_R, label=False), Part(6, 14, 8, ("abdomen",)),
    Part(6, 26, 6, _ARM_L, label=False),
    Part(7, 2, 6, _HAND_R), Part(7, 9, 5, _HIP_R), Part(7, 14, 8, ("pelvis",)),
    Part(7, 22, 5, _HIP_L), Part(7, 28, 6, _HAND_L),
    Part(8, 13, 5, _LEG_R), Part(8, 18, 5, _LEG_L),
    Part(9, 13, 5, _KNEE_R), Part(9, 18, 5, _KNEE_L),
    Part(10, 13, 5, _LEG_R, label=False), Part(10, 18, 5, _LEG_L, label=False),
    Part(11, 12, 6, _FOOT_R), Part(11, 18, 6, _FOOT_L),
)
ROWS = 1 + max(p.row for p in FIGURE)

_B_SH_L, _B_SH_R = _from_behind("shoulder", "shoulders")
_B_ARM_L, _B_ARM_R = _from_behind("arm", "arms")
_B_HAND_L, _B_HAND_R = _from_behind("hand", "hands")
_B_HIP_L, _B_HIP_R = _from_behind("hip", "hips")
_B_LEG_L, _B_LEG_R = _from_behind("leg", "legs")
_B_KNEE_L, _B_KNEE_R = _from_behind("knee", "knees")
_B_FOOT_L, _B_FOOT_R = _from_behind("foot", "feet")

BACK: tuple[Part, ...] = (
    Part(0, 14, 8, ("head",)),
    Part(1, 14, 8, ("head",), label=False),
    Part(2, 15, 6, ("neck",)),
    Part(3, 6, 8, _B_SH_L), Part(3, 14, 8, ("upper-back",)), Part(3, 22, 8, _B_SH_R),
    Part(4, 6, 6, _B_ARM_L), Part(4, 14, 8, ("upper-back",), label=False),
    Part(4, 24, 6, _B_ARM_R),
    Part(5, 4, 6, _B_ARM_L, label=False), Part(5, 14, 8, ("lower-back",)),
    Part(5, 26, 6, _B_ARM_R, label=False),
    Part(6, 2, 6, _B_HAND_L), Part(6, 9, 5, _B_HIP_L),
    Part(6, 14, 8, ("lower-back",), label=False), Part(6, 22, 5, _B_HIP_R),
    Part(6, 28, 6, _B_HAND_R),
    Part(7, 13, 5, _B_LEG_L), Part(7, 18, 5, _B_LEG_R),
    Part(8, 13, 5, _B_KNEE_L), Part(8, 18, 5, _B_KNEE_R),
    Part(9, 13, 5, _B_LEG_L, label=False), Part(9, 18, 5, _B_LEG_R, label=False),
    Part(10, 12, 6, _B_FOOT_L), Part(10, 18, 6, _B_FOOT_R),
)


def number(value: float) -> str:
    """`3.2`; a whole `10` without its decimal so every number fits a cell."""
    return "10" if value >= 9.95 else f"{value:.1f}"


def shade(value: float | None) -> str:
    """The cell's style: stronger accent for more tension; a faint outline when unrated."""
    if value is None:
        return "$text-muted on $panel"
    alpha = 15 + round(max(0.0, min(value, 10.0)) * 7)  # 15 % at 0 up to 85 % at 10
    return f"bold $text on $accent {alpha}%"


def part_value(part: Part, regions: Mapping[str, Spread]) -> float | None:
    """The average of the most specific of the part's regions that was rated."""
    for region in part.regions:
        if region in regions:
            return regions[region].mean
    return None


def figure_lines(regions: Mapping[str, Spread],
                 figure: tuple[Part, ...] = FIGURE) -> list[Content]:
    """A figure (the front unless `figure=BACK`), one Content per row, `WIDTH` wide."""
    lines = []
    for row in range(1 + max(p.row for p in figure)):
        pieces: list[Content] = []
        x = 0
        for part in sorted((p for p in figure if p.row == row), key=lambda p: p.x):
            if part.x > x:
                pieces.append(Content(" " * (part.x - x)))
            value = part_value(part, regions)
            text = (number(value) if value is not None else "–") if part.label else ""
            pieces.append(Content.styled(text.center(part.width), shade(value)))
            x = part.x + part.width
        pieces.append(Content(" " * (WIDTH - x)))
        lines.append(Content("").join(pieces))
    return lines


def region_list(regions: Mapping[str, Spread]) -> list[str]:
    """`lower back 6.1 (3 ratings)` for each rated region, in the usual order."""
    order = {r: i for i, r in enumerate(REGIONS)}
    out = []
    for region in sorted(regions, key=lambda r: (order.get(r, len(order)), r)):
        spread = regions[region]
        n = spread.n
        out.append(f"{region_words(region)} {number(spread.mean)} "
                   f"({n} rating{'s' if n != 1 else ''})")
    return out


LEGEND = ("Average tension in body-scan steps, 0 fully relaxed to 10 as tense as can be: "
          "stronger shading, higher number; – not rated. The front faces you, so its "
          "left is the person's right; the back is seen from behind.")


class BodyMap(Widget):
    """The figure and, beside it, every rated region in words and numbers."""

    DEFAULT_CSS = """
    BodyMap {
        height: auto;
    }
    BodyMap > Horizontal {
        height: auto;
    }
    BodyMap #body-figures {
        height: auto;
    }
    BodyMap.-stacked #body-figures {
        layout: vertical;
    }
    BodyMap #body-figure, BodyMap #body-back {
        width: 38;
        height: auto;
    }
    BodyMap #body-regions {
        height: auto;
        margin: 1 0 0 0;
    }
    BodyMap #body-legend {
        margin: 0 0 1 0;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.regions: dict[str, Spread] = {}

    def compose(self) -> ComposeResult:
        yield Static(LEGEND, id="body-legend", markup=False)
        with Horizontal(id="body-figures"):
            yield Static(id="body-figure")
            yield Static(id="body-back")
        yield Static(id="body-regions")

    def on_resize(self) -> None:
        # Two figures need 76 columns; narrower, the back goes under the front.
        self.set_class(self.size.width < 2 * 38, "-stacked")

    def show(self, regions: Mapping[str, Spread]) -> None:
        self.regions = dict(regions)
        for where, title, figure in (("#body-figure", "Front", FIGURE),
                                     ("#body-back", "Back", BACK)):
            lines = [Content.styled(title, "bold"), *figure_lines(regions, figure)]
            self.query_one(where, Static).update(Content("\n").join(lines))
        listed = region_list(regions)
        text = ("Rated regions:\n" + "\n".join(listed)) if listed else (
            "No body-scan tension ratings in these days. A body scan that asks about "
            "each part of the body fills this in.")
        self.query_one("#body-regions", Static).update(Content(text))
