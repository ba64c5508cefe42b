"""The paper as one self-contained HTML page (charts inline), with print CSS for A4: no table row
or chart split across pages, page numbers in the footer where the browser supports it."""

import base64

from optimiser.render.paper.document import (
    Bullets,
    Cover,
    Document,
    Figure,
    Heading,
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
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; border-bottom: 1px solid #555; break-after: avoid; }
h3 { font-size: 11pt; margin: 1em 0 0.3em; break-after: avoid; }
p, li { margin: 0.3em 0; }
ul { padding-left: 1.4em; }
li { break-inside: avoid; }
table { border-collapse: collapse; margin: 0.4em 0 0.2em; font-size: 9.5pt; }
table.whole { break-inside: avoid; page-break-inside: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #777; padding: 2px 6px; vertical-align: top; }
th { background: #e6e6e6; text-align: center; }
td.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr.b td { font-weight: bold; }
table.cover { width: 100%; font-size: 10.5pt; margin-bottom: 1em; }
table.cover th { width: 28%; text-align: left; background: #f0f0f0; }
.caption { font-weight: bold; margin: 0.8em 0 0.1em; break-after: avoid; }
.note { font-size: 8.5pt; color: #333; }
figure { margin: 0.6em 0; break-inside: avoid; page-break-inside: avoid; }
figure img { width: 100%; max-width: 170mm; display: block; }
figcaption { font-weight: bold; font-size: 9.5pt; margin-bottom: 0.2em; }
.break { break-before: page; page-break-before: always; }
section.wide { page: wide; }
section.wide table { font-size: 8.5pt; }
@media print { body { max-width: none; margin: 0; } }
"""


WHOLE_ROWS = 30
"""A table of at most this many rows is kept on one page (with its caption and note)."""


def _cell(text: str, header: bool = False, numeric: bool = False) -> str:
    shown = html_text(text).replace("\n", "<br>")
    if header:
        return f"<th>{shown}</th>"
    return f"<td class='n'>{shown}</td>" if numeric else f"<td>{shown}</td>"


def _table(block: Table) -> str:
    whole = len(block.rows) <= WHOLE_ROWS
    parts = [f"<p class='caption'>{html_text(block.caption)}</p>"] if block.caption else []
    head = "".join(_cell(h, header=True) for h in block.headers)
    rows = []
    for n, row in enumerate(block.rows):
        cls = " class='b'" if n in block.bold_rows else ""
        rows.append(f"<tr{cls}>" + "".join(_cell(c, numeric=i > 0) for i, c in enumerate(row)) + "</tr>")
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    if block.note:
        parts.append(f"<p class='note'>{html_text(block.note)}</p>")
    text = "\n".join(parts)
    if whole:
        text = f"<div class='keep'>{text}</div>"
    return f"<section class='wide'>{text}</section>" if block.wide else text


def paper_html(doc: Document) -> str:
    out = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html_text(doc.title)}</title><style>{STYLE}</style></head><body>",
    ]
    pending_break = False
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        opening = " class='break'" if pending_break else ""
        if pending_break and not isinstance(block, Heading):
            out.append("<div class='break'></div>")
            opening = ""
        pending_break = False
        if isinstance(block, Heading):
            out.append(f"<h{block.level}{opening}>{html_text(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            lead = f"<strong>{html_text(block.lead)}</strong> " if block.lead else ""
            out.append(f"<p>{lead}{html_text(block.text)}</p>")
        elif isinstance(block, Bullets):
            out.append("<ul>" + "".join(f"<li>{html_text(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Cover):
            rows = "".join(f"<tr><th>{html_text(k)}</th><td>{html_text(v)}</td></tr>" for k, v in block.rows)
            out.append(f"<table class='cover'><tbody>{rows}</tbody></table>")
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Figure):
            encoded = base64.b64encode(block.png).decode("ascii")
            out.append(
                f"<figure><figcaption>{html_text(block.caption)}</figcaption>"
                f"<img alt='{html_text(block.alt)}' src='data:image/png;base64,{encoded}'></figure>"
            )
    out.append("</body></html>")
    return "\n".join(out) + "\n"
