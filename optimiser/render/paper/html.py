"""The paper as one self-contained HTML page (charts inline as SVG, so they print sharp), with print
CSS for A4: no table row, chart or short table split across pages, a heading or caption never left
at the foot of a page, long tables repeating their header, page numbers in the footer where the
browser supports it, and DRAFT on every printed page of a draft."""

import base64

from optimiser.render.paper.document import (
    Block,
    Bullets,
    Cover,
    Document,
    Figure,
    Heading,
    Keep,
    PageBreak,
    Paragraph,
    Table,
)
from optimiser.render.text import html_text

STYLE = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 9pt Arial, sans-serif; } }
@page wide { size: A4 landscape; margin: 14mm 14mm 16mm 14mm; }
html { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 10.5pt; color: #111; }
body { max-width: 180mm; margin: 1.5em auto; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 0.5em; }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; border-bottom: 1px solid #555; }
h3 { font-size: 11pt; margin: 1em 0 0.3em; }
h1, h2, h3, .caption, caption, figcaption, .lead { break-after: avoid; page-break-after: avoid; }
p, li { margin: 0.3em 0; orphans: 3; widows: 3; }
ul { padding-left: 1.4em; }
li { break-inside: avoid; }
table { border-collapse: collapse; margin: 0.4em 0 0.2em; font-size: 9.5pt; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.6em 0 0.2em; }
.keep { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #777; padding: 2px 5px; vertical-align: top; }
th { background: #e6e6e6; text-align: center; }
td.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr.b td { font-weight: bold; }
table.cover { width: 100%; font-size: 10pt; margin-bottom: 0.8em; }
table.cover th { width: 24%; text-align: left; background: #f0f0f0; }
.note { font-size: 8.5pt; color: #333; }
figure { margin: 0.6em 0; break-inside: avoid; page-break-inside: avoid; }
figure img, figure svg { width: 100%; max-width: 170mm; height: auto; display: block; }
figcaption { font-weight: bold; font-size: 9.5pt; margin-bottom: 0.2em; }
.break { break-before: page; page-break-before: always; }
section.wide { page: wide; }
section.wide table { font-size: 8.5pt; }
.draft { position: fixed; top: 0; right: 0; font: bold 14pt Arial, sans-serif; border: 2px solid #000;
  padding: 1px 8px; background: #fff; }
@media print { body { max-width: none; margin: 0; } }
"""


WHOLE_ROWS = 30
"""A table of at most this many rows is kept on one page (with its caption and note)."""
SHORT_LIST = 6
"""A list of at most this many items is kept on one page."""


def _cell(text: str, header: bool = False, numeric: bool = False) -> str:
    shown = html_text(text).replace("\n", "<br>")
    if header:
        return f"<th>{shown}</th>"
    return f"<td class='n'>{shown}</td>" if numeric else f"<td>{shown}</td>"


def _numeric(block: Table) -> list[bool]:
    """A column is right-aligned (and never wrapped) when its cells are figures."""
    columns = list(zip(*block.rows, strict=True)) if block.rows else []
    return [
        i > 0
        and all(len(c) <= 16 and not any(ch.isalpha() for ch in c.replace("not known", "")) for c in col)
        for i, col in enumerate(columns)
    ]


def _table(block: Table) -> str:
    numeric = block.numeric()
    caption = f"<caption>{html_text(block.caption)}</caption>" if block.caption else ""
    head = "".join(_cell(h, header=True) for h in block.headers)
    rows = []
    for n, row in enumerate(block.rows):
        cls = " class='b'" if n in block.bold_rows else ""
        rows.append(f"<tr{cls}>" + "".join(_cell(c, numeric=numeric[i]) for i, c in enumerate(row)) + "</tr>")
    parts = [f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"]
    if block.note:
        parts.append(f"<p class='note'>{html_text(block.note)}</p>")
    text = "\n".join(parts)
    if len(block.rows) <= WHOLE_ROWS:
        text = f"<div class='keep'>{text}</div>"
    return f"<section class='wide'>{text}</section>" if block.wide else text


def _figure(block: Figure) -> str:
    if block.inline:
        drawing = block.svg.decode("utf-8")
    else:
        encoded = base64.b64encode(block.svg).decode("ascii")
        drawing = f"<img alt='{html_text(block.alt)}' src='data:image/svg+xml;base64,{encoded}'>"
    return f"<figure><figcaption>{html_text(block.caption)}</figcaption>{drawing}</figure>"


def _block(block: Block, opening: str) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}{opening}>{html_text(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        lead = f"<strong>{html_text(block.lead)}</strong> " if block.lead else ""
        return f"<p>{lead}{html_text(block.text)}</p>"
    if isinstance(block, Bullets):
        keep = " class='keep'" if len(block.items) <= SHORT_LIST else ""
        return f"<ul{keep}>" + "".join(f"<li>{html_text(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Keep):
        return "<div class='keep'>" + "\n".join(_block(b, "") for b in block.blocks) + "</div>"
    if isinstance(block, Cover):
        rows = "".join(f"<tr><th>{html_text(k)}</th><td>{html_text(v)}</td></tr>" for k, v in block.rows)
        return f"<table class='cover'><tbody>{rows}</tbody></table>"
    if isinstance(block, Table):
        return _table(block)
    assert isinstance(block, Figure)
    return _figure(block)


def paper_html(doc: Document) -> str:
    out = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{'DRAFT: ' if doc.draft else ''}{html_text(doc.title)}</title>",
        f"<style>{STYLE}</style></head><body>",
    ]
    if doc.draft:
        out.append("<div class='draft'>DRAFT</div>")
    pending_break = False
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        opening = " class='break'" if pending_break and isinstance(block, Heading) else ""
        if pending_break and not opening:
            out.append("<div class='break'></div>")
        pending_break = False
        out.append(_block(block, opening))
    out.append("</body></html>")
    return "\n".join(out) + "\n"
