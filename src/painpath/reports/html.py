"""The report as one self-contained HTML page, for the screen and for paper.

It stands alone: no scripts, stylesheets, fonts, images or addresses of any kind
(the chart is inline SVG), so it opens the same offline, in a mail attachment or
years later, and opening it tells no one anything. Every piece of text from the
log or a pack is escaped with `html.escape`; notes and written answers are
untrusted text, and text from the person or a pack carries `dir="auto"`, so a
name or a note written right to left reads in order.

For paper (A4 or Letter): `@media print` turns it black on white with no
backgrounds; "At a glance" fills page one on its own; tables, the chart and
quotes are kept whole; and each heading is kept with what follows it (the
heading and the first block of its section share a box that is not split), so
no page ends on a lone heading or starts with a table cut from its title.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape
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
    Section,
    Table,
)
from painpath.reports.document import build
from painpath.reports.plan_weeks import PlanReport
from painpath.reports.summary import StepLabels
from painpath.reports.svg import chart_svg
from painpath.text import clean, clean_line

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
       sans-serif; color: #1a1a1a; background: #fff; line-height: 1.45;
       margin: 0 auto; padding: 1.5rem; max-width: 52rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #999;
     padding-bottom: .2rem; }
p.dates { font-size: 1.1rem; margin: 0 0 .5rem; }
p.info, p.intro { color: #444; font-size: .92rem; }
p.empty { font-style: italic; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #eef2f6; }
td:first-child { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) td { background: #f7f7f7; }
figure { margin: .5rem 0 1rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #444; }
blockquote { margin: .25rem 0 1rem; padding: .25rem .75rem; border-left: 3px solid #999; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem;
           margin: .5rem 0 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; text-align: left; }
.words { white-space: pre-wrap; overflow-wrap: anywhere; margin: .1rem 0 .5rem; }
.label { font-weight: 600; margin: .25rem 0 0; }
@media print {
  * { background: transparent !important; color: #000 !important;
      box-shadow: none !important; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  @page { size: A4; margin: 16mm 14mm; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  .keep, table, figure, svg, blockquote, dl.facts { break-inside: avoid;
                                                    page-break-inside: avoid; }
  section#glance { break-after: page; page-break-after: always; }
  section#glance h2 { margin-top: 0; }
  p { orphans: 3; widows: 3; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, td { border-color: #000; }
  svg .line, svg .point, svg .legend line { stroke: #000 !important; }
  svg .point.filled { fill: #000 !important; }
  svg .point:not(.filled) { fill: #fff !important; }
  svg .point.session { stroke: #666 !important; }
  svg .point.session.filled { fill: #666 !important; }
  svg .grid { stroke: #999 !important; }
  svg text { fill: #000 !important; }
}
"""


AUTO = ' dir="auto"'  # on text from the person or a pack: right-to-left reads in order


def _text(text: str) -> str:
    return escape(clean_line(text))


def _table(t: Table) -> str:
    def num(i: int) -> str:
        return ' class="num"' if i in t.numeric else ""

    def attrs(i: int) -> str:
        return num(i) + (AUTO if i in t.own else "")

    head = "".join(f'<th scope="col"{num(i)}>{_text(h)}</th>' for i, h in enumerate(t.headers))
    rows = "\n".join("<tr>" + "".join(f"<td{attrs(i)}>{_text(c)}</td>" for i, c in enumerate(r))
                     + "</tr>" for r in t.rows)
    caption = f"<caption>{_text(t.caption)}</caption>" if t.caption else ""
    return f"<table>{caption}\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>"


def _facts(f: Facts) -> str:
    items = "\n".join(f"<dt>{_text(label)}</dt>"
                      f"<dd{AUTO if label in f.own else ''}>{_text(value)}</dd>"
                      for label, value in f.items)
    return f'<dl class="facts">\n{items}\n</dl>'


def _block(block: Block) -> str:
    if isinstance(block, Para):
        kind = f' class="{escape(block.kind)}"' if block.kind else ""
        return f"<p{kind}>{_text(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_text(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Facts):
        return _facts(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, ChartBlock):
        return (f"<figure>\n{chart_svg(block.chart)}\n<figcaption>Lines: weekly means. "
                "Points: each session before and after practice. The weekly numbers are "
                "in the table below.</figcaption></figure>")
    if isinstance(block, Quote):
        parts = "".join(f'<p class="label" dir="auto">{_text(label)}</p>'
                        f'<p class="words" dir="auto">{escape(clean(text).strip())}</p>'
                        for label, text in block.parts)
        return (f'<div class="keep"><h3>{_text(block.when)} · '
                f'<span dir="auto">{_text(block.what)}</span></h3>\n'
                f"<blockquote>{parts}</blockquote></div>")
    raise TypeError(f"no HTML for {type(block).__name__}")


def _section(section: Section) -> str:
    """A section; its heading shares a box with the first block, so they stay together."""
    ident = f' id="{escape(section.key)}"' if section.key else ""
    first, *rest = [_block(b) for b in section.blocks] or [""]
    head = f'<div class="keep">\n<h2>{_text(section.title)}</h2>\n{first}\n</div>'
    body = "\n".join([head, *rest])
    return f"<section{ident}>\n{body}\n</section>"


def document(doc: Document) -> str:
    title = _text(f"{doc.title}: {doc.dates}")
    intro = "\n".join(f'<p class="intro">{_text(line)}</p>' for line in doc.intro)
    sections = "\n".join(_section(s) for s in doc.sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{_text(doc.title)}</h1>\n"
        f'<p class="dates"><strong>Dates:</strong> {_text(doc.dates)}</p>\n'
        f"{intro}\n{sections}\n</main>\n</body>\n</html>\n")


def render(entries: list[dict[str, Any]], *, since: date | None, until: date | None,
           with_notes: bool, plan: PlanReport | None = None,
           scales: Mapping[str, Scale] | None = None,
           titles: Mapping[str, str] | None = None, steps: StepLabels | None = None,
           client: str | None = None, clinician: str | None = None,
           renamed: Mapping[str, str] | None = None) -> str:
    """The report as a standalone HTML page."""
    return document(build(entries, since=since, until=until, with_notes=with_notes,
                          plan=plan, scales=scales, titles=titles, steps=steps,
                          client=client, clinician=clinician, renamed=renamed))
