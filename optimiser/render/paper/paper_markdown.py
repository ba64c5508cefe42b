"""The paper as markdown (CommonMark with GitHub tables): every input text escaped by `markdown_text`."""

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
from optimiser.render.text import markdown_text


def _cell(text: str) -> str:
    return markdown_text(text.replace("\n", " ")) if text else ""


def _table(block: Table) -> list[str]:
    lines = [f"**{markdown_text(block.caption)}**", ""] if block.caption else []
    lines.append("| " + " | ".join(_cell(h) or " " for h in block.headers) + " |")
    lines.append("|" + "|".join(["---", *(["---:"] * (len(block.headers) - 1))]) + "|")
    for n, row in enumerate(block.rows):
        cells = [_cell(c) for c in row]
        if n in block.bold_rows:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    if block.note:
        lines += ["", markdown_text(block.note, line_start=True)]
    return lines


def paper_markdown(doc: Document) -> str:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + markdown_text(block.text), ""]
        elif isinstance(block, Paragraph):
            lead = f"**{markdown_text(block.lead)}** " if block.lead else ""
            out += [lead + markdown_text(block.text, line_start=not lead), ""]
        elif isinstance(block, Bullets):
            out += [f"- {markdown_text(item, line_start=True)}" for item in block.items] + [""]
        elif isinstance(block, Cover):
            out += ["| | |", "|---|---|"]
            out += [f"| **{markdown_text(k)}** | {markdown_text(v)} |" for k, v in block.rows] + [""]
        elif isinstance(block, Table):
            out += [*_table(block), ""]
        elif isinstance(block, Figure):
            out += [f"![{markdown_text(block.alt, brackets=True)}]({block.name})", ""]
            out += [f"**{markdown_text(block.caption)}**", ""]
        elif isinstance(block, PageBreak):
            continue
    return "\n".join(out).rstrip("\n") + "\n"
