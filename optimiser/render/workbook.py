"""What every workbook the tool writes shares: sheet names Excel accepts, the sheet model the board
pack's workbook is built as (render/workbook_writer writes it), and the openpyxl helpers the starter
workbook uses (text kept as text, A4 print setup, wrapped rows)."""

import re
import textwrap
import unicodedata
from dataclasses import dataclass

from openpyxl.styles import Alignment
from openpyxl.worksheet.page import PageMargins

from optimiser.render.text import FORMULA_STARTS, visible

WTE = "0.0"
WTE_IN_POST = "0.00"
COUNT = "#,##0"
MONEY = "£#,##0"
SHEET_NAME_LENGTH = 31
"""Excel refuses a longer sheet name (counted in UTF-16 units, as Excel counts: an emoji is two)."""
NOT_IN_SHEET_NAMES = re.compile(r"\s*[\[\]:*?/\\]+\s*")
"""Characters Excel refuses in a sheet name (a run of them, with its spaces, becomes ' - ')."""
SHEET_NAME_ENDS = " -'"
"""Stripped from both ends of a sheet name: Excel refuses an apostrophe there; a space or dash left
by a cut or a replaced character is untidy."""
RESERVED_SHEET = "History"
"""Excel keeps this sheet name for itself (change tracking), in any case."""
LINE_HEIGHT = 15
"""Points per line of a wrapped header."""


@dataclass(frozen=True)
class Input:
    """A figure a reader may change (a cap, a cost, a caseload): shaded as an input."""

    value: object


@dataclass(frozen=True)
class Decision:
    """A figure the optimiser chose (planned WTE where a budget or bounds set them), stored as a value
    and shaded so: changing an input does not move it; planning again does."""

    value: object


@dataclass(frozen=True)
class Note:
    """A line under a table: a label, then a figure or formula (or nothing) with its number format."""

    label: str
    value: object = None
    number_format: str | None = None


@dataclass(frozen=True)
class Chart:
    """A bar chart of a sheet's columns (a tornado: the change at each end of each row)."""

    title: str
    categories: int
    """The column of the bars' labels."""
    series: tuple[tuple[str, int], ...]
    """(name, column) of each series of bars."""
    axis: str


@dataclass(frozen=True)
class Sheet:
    """One table: headers, rows of numbers, formulas (workbook_cells.Expr), inputs, decisions or text,
    a number format per column (None: text)."""

    title: str
    headers: list[str]
    rows: list[list[object]]
    formats: list[str | None]
    bold_last_row: bool = False
    row_formats: list[str | None] | None = None
    """Number format per row, for tables whose rows are measures in different units."""
    bold_rows: tuple[int, ...] = ()
    """Rows (by index into `rows`) printed bold: totals within the table."""
    names: tuple[tuple[str, int, int], ...] = ()
    """Defined names for cells: (name, row index into `rows`, column index from 0)."""
    comments: tuple[tuple[int, str], ...] = ()
    """Comments on header cells: (column index from 0, text)."""
    notes: tuple[Note, ...] = ()
    """Lines written under the table, after a blank row."""
    widths: tuple[float, ...] = ()
    """Column widths, where the sheet sets them (else from the headers and figures)."""
    cell_formats: tuple[tuple[int, int, str], ...] = ()
    """Number formats of single cells (row index into `rows`, column), over the row's and column's."""
    chart: Chart | None = None


def sheet_titles(wanted: list[str], taken: tuple[str, ...] = ()) -> list[str]:
    """Sheet names Excel accepts, in order: on one line, no []:*?/\\, no apostrophe at either end,
    not empty, at most 31 UTF-16 units, not 'History', and distinct from each other and from
    `taken` as Excel compares them (ignoring case; here also Unicode forms), a clash numbered ' (2)'.
    A list of names this returned comes back unchanged."""
    used = {_sheet_key(t) for t in taken} | {_sheet_key(RESERVED_SHEET)}
    titles = []
    for text in wanted:
        one_line = " ".join(visible(text).split())
        base = NOT_IN_SHEET_NAMES.sub(" - ", one_line).strip(SHEET_NAME_ENDS) or "Sheet"
        title, n = _cut(base, SHEET_NAME_LENGTH), 1
        while _sheet_key(title) in used:
            n += 1
            suffix = f" ({n})"
            title = _cut(base, SHEET_NAME_LENGTH - len(suffix)) + suffix
        used.add(_sheet_key(title))
        titles.append(title)
    return titles


def _sheet_key(title: str) -> str:
    """A sheet name as compared for clashes: case folded and in one Unicode form, so that any two
    names Excel could take for one are one here."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", title).casefold())


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, units: int) -> str:
    """`text` cut to at most `units` UTF-16 units, without an apostrophe, space or dash at its end."""
    text = text[:units]  # each character is one unit or two
    while _utf16_length(text) > units:
        text = text[:-1]
    return text.rstrip(SHEET_NAME_ENDS)


def text_cell(cell, text: str) -> None:
    """Put `text` in `cell` as text, exactly: never a formula, whatever it starts with (a spreadsheet
    shows text starting = + - @ with a quote prefix, as typed text). Every workbook the tool writes
    puts text through here."""
    cell.value = text
    cell.data_type = "s"
    cell.quotePrefix = text.startswith(FORMULA_STARTS)


def print_setup(ws, title_rows: str | None = "1:1") -> None:
    """A4 landscape, one page wide and as many long as it takes, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)
    ws.oddHeader.center.text = "&A"
    ws.oddFooter.center.text = "Page &P of &N"


def wrap_row(ws, r: int, cells: list[tuple[int, object, float]]) -> None:
    """Wrap the text cells of row `r` that are wider than their column, and make the row tall enough."""
    lines = {c: _lines(v, w) if isinstance(v, str) else 1 for c, v, w in cells}
    if max(lines.values(), default=1) == 1:
        return
    for c, count in lines.items():  # the whole row reads from the top, as its wrapped text does
        ws.cell(r, c).alignment = Alignment(wrap_text=count > 1, vertical="top")
    ws.row_dimensions[r].height = LINE_HEIGHT * max(lines.values())


def _lines(text: str, width: float) -> int:
    """The lines a wrapped cell takes, breaking at spaces as a spreadsheet does (an estimate: the
    font's letters differ in width)."""
    return max(1, len(textwrap.wrap(visible(text), width=max(1, int(width) - 3))))
