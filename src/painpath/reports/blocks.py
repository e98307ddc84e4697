"""The blocks a report is made of: plain text, never markup.

Markdown and HTML render the same blocks, so they cannot drift apart. Text
that comes from the person or from a pack (a client's name, a practice's
title, a scale's question, a note) sits in its own place, a `Facts` value, an
`own` table column, a `Quote`, so the HTML can give it `dir="auto"` and text
written right to left reads in order without turning the report's own
sentences around.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from painpath.reports.summary import Chart


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = ""  # "info" for a side remark, "empty" for "nothing here yet"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Label: value lines (page one). `own` values come from the person or a pack."""

    items: tuple[tuple[str, str], ...]
    own: frozenset[str] = frozenset()  # labels whose value is the person's or a pack's


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: frozenset[int] = frozenset()  # columns aligned right
    own: frozenset[int] = frozenset()  # columns of text from the person or a pack


@dataclass(frozen=True)
class ChartBlock:
    chart: Chart


@dataclass(frozen=True)
class Quote:
    """The person's own words for one entry: when, what (a title), and (label, text) parts."""

    when: str
    what: str
    parts: tuple[tuple[str, str], ...]


Block = Para | Bullets | Facts | Table | ChartBlock | Quote


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    key: str = ""  # a stable name (used as the HTML id)


@dataclass(frozen=True)
class Document:
    title: str
    dates: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)
    empty: bool = False
