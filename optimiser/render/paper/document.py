"""The document model: a small tree of blocks that every writer (md, html, docx) walks in order.

All text in a block is plain text taken literally: writers escape it for their format and show
control characters in visible form (`optimiser.render.text.visible`); no block holds markup.
"""

from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Figure:
    name: str
    """The chart's file in the pack, for example charts/frontier.png."""
    png: bytes = field(repr=False)
    caption: str
    alt: str


@dataclass(frozen=True)
class PageBreak:
    """Start the next block on a new page (print and Word; nothing in markdown)."""


Block = Heading | Paragraph | Bullets | Cover | Table | Figure | PageBreak


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
