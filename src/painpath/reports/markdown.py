"""The report as Markdown: tables that read well as plain text, too.

Every piece of text is escaped, so a note such as `<script>` or `**loud**` reads
as the characters the person typed in any Markdown viewer, never as markup or
HTML; control characters are removed so the file is safe to print in a terminal.
The chart's numbers are the "Daily values" table (Markdown has no pictures).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from painpath.format.models import Scale
from painpath.reports.blocks import (
    Block,
    Bullets,
    ChartBlock,
    Document,
    Facts,
    Para,
    Quote,
    Table,
)
from painpath.reports.document import build
from painpath.reports.plan_weeks import PlanReport
from painpath.reports.summary import StepLabels
from painpath.text import clean, clean_line

# Every ASCII character Markdown (CommonMark and GitHub's) may read as markup.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")
# Only these need escaping mid-line; the rest only at the start of a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")


def escape_inline(text: str) -> str:
    """Text inside a line (a table cell, say) as Markdown that shows exactly that text."""
    return _INLINE.sub(r"\\\1", clean_line(text))


def escape(text: str) -> str:
    """One line of plain text as Markdown that shows exactly that text."""
    line = escape_inline(text)
    # A line that starts like a heading, list or quote stays plain text.
    return re.sub(r"^([#+\-=>]|\d+[.)])", lambda m: _SPECIAL.sub(r"\\\1", m.group()), line)


def _lines(text: str) -> list[str]:
    return [escape(line) for line in clean(text).split("\n")]


def _table(t: Table) -> list[str]:
    rows = [tuple(escape_inline(c) for c in t.headers),
            *(tuple(escape_inline(c) for c in r) for r in t.rows)]
    widths = [max(3, *(len(r[i]) for r in rows)) for i in range(len(t.headers))]

    def line(cells: tuple[str, ...]) -> str:
        padded = [c.rjust(w) if i in t.numeric else c.ljust(w)
                  for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = "| " + " | ".join(("-" * (w - 1) + ":") if i in t.numeric else "-" * w
                             for i, w in enumerate(widths)) + " |"
    out = [f"*{escape_inline(t.caption)}*", ""] if t.caption else []
    return [*out, line(rows[0]), rule, *(line(r) for r in rows[1:])]


def _block(block: Block) -> list[str]:
    if isinstance(block, Para):
        text = escape(block.text)
        return [f"_{text}_" if block.kind == "info" else text]
    if isinstance(block, Bullets):
        return [f"- {escape(item)}" for item in block.items]
    if isinstance(block, Facts):
        return [f"- **{escape_inline(label)}:** {escape_inline(value)}"
                for label, value in block.items]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, ChartBlock):
        return []  # its numbers follow as the daily values table
    if isinstance(block, Quote):
        out = [f"**{escape(block.when)} · {escape_inline(block.what)}**", ""]
        for label, text in block.parts:
            out.append(f"> {escape(label)}:")
            out += [f"> {line}" if line else ">" for line in _lines(text)]
            out.append("")
        return out[:-1]
    raise TypeError(f"no Markdown for {type(block).__name__}")


def document(doc: Document) -> str:
    out = [f"# {escape(doc.title)}", "", f"**Dates:** {escape(doc.dates)}", ""]
    for line in doc.intro:
        out += [f"_{escape(line)}_", ""]
    for section in doc.sections:
        out += [f"## {escape(section.title)}", ""]
        for block in section.blocks:
            lines = _block(block)
            if lines:
                out += [*lines, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render(entries: list[dict[str, Any]], *, since: date | None, until: date | None,
           with_notes: bool, plan: PlanReport | None = None,
           scales: Mapping[str, Scale] | None = None,
           titles: Mapping[str, str] | None = None, steps: StepLabels | None = None,
           client: str | None = None, clinician: str | None = None,
           renamed: Mapping[str, str] | None = None) -> str:
    """The report as Markdown."""
    return document(build(entries, since=since, until=until, with_notes=with_notes,
                          plan=plan, scales=scales, titles=titles, steps=steps,
                          client=client, clinician=clinician, renamed=renamed))
