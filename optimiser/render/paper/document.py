"""The document model: a small tree of blocks that every writer (md, html, docx) walks in order.

All text in a block is plain text taken literally: writers escape it for their format and show
control characters in visible form (`optimiser.render.text.visible`); no block holds markup.
"""

import re
from dataclasses import dataclass, field

from optimiser.render.numbers import NOT_KNOWN


def _figure(cell: str) -> bool:
    """A short cell without words: a figure ("£638.3m" and "not known" are figures too)."""
    words = re.sub(r"£[\d,.]+m\b", "", cell.replace(NOT_KNOWN, ""))
    return len(cell) <= 16 and not any(ch.isalpha() for ch in words)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int
    """1 the title, 2 a section, 3 a subsection."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""
    """Bold words that open the paragraph ("Financial."), printed before the text."""


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Cover:
    """The cover block: label and value pairs ("Meeting", "LCR CHS Board")."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    bold_rows: tuple[int, ...] = ()
    """Rows (by index) printed bold: totals."""
    wide: bool = False
    """Needs a landscape page in Word (many columns)."""
    note: str = ""
    """A line printed under the table."""

    def numeric(self) -> list[bool]:
        """Which columns hold figures (right-aligned, never wrapped): every cell short and without
        words, "not known" aside. The first column names the rows."""
        columns = list(zip(*self.rows, strict=True)) if self.rows else [() for _ in self.headers]
        return [i > 0 and all(_figure(c) for c in col) for i, col in enumerate(columns)]


@dataclass(frozen=True)
class Figure:
    name: str
    """The chart's files in the pack without the suffix, for example charts/frontier (.svg, .png)."""
    png: bytes = field(repr=False)
    """For Word: at print resolution (see `render.charts.PRINT_DPI`)."""
    svg: bytes = field(repr=False)
    """For HTML and markdown: a vector drawing."""
    caption: str
    alt: str
    inline: bool = False
    """The SVG goes into the HTML page itself (its text in the page's font), not as an image."""


@dataclass(frozen=True)
class Keep:
    """Blocks kept on one page: a heading with the text and short table it introduces."""

    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class PageBreak:
    """Start the next block on a new page (print and Word; nothing in markdown)."""


Block = Heading | Paragraph | Bullets | Cover | Table | Figure | Keep | PageBreak


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    draft: bool = False
    """Stamp DRAFT on every page: the paper still holds text or figures written to be replaced."""
