"""Excel workbooks (openpyxl): numbers as numbers with formats, live formulas where finance audits the
arithmetic, named input cells, frozen headers, widths, A4 print setup, text kept as text."""

import io
import math
import re
import textwrap
import unicodedata
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import absolute_coordinate, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
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
FORMULA_WIDTH = 14
"""Column width for a column of formulas, whose values are not known until the sheet calculates."""
LINE_HEIGHT = 15
"""Points per line of a wrapped header."""


@dataclass(frozen=True)
class Formula:
    """A cell's formula, without the leading '=' (references, defined names, functions)."""

    text: str


@dataclass(frozen=True)
class Note:
    """A line under a table: a label, then a figure or formula (or nothing) with its number format."""

    label: str
    value: object = None
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    """One table: headers, rows of numbers, formulas or text, a number format per column (None: text)."""

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


def _put(cell, value: object, number_format: str | None) -> None:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return  # an undefined figure (load per WTE with no staff) stays blank, never text
    if isinstance(value, Formula):
        cell.value = "=" + value.text
        if number_format:
            cell.number_format = number_format
        return
    if isinstance(value, str):  # openpyxl refuses control characters; the visible form is what people read
        text_cell(cell, visible(value))
        return
    cell.value = value
    if number_format:
        cell.number_format = number_format


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


def _write(book: Workbook, sheet: Sheet, title: str) -> None:
    ws = book.create_sheet(title)
    for col, header in enumerate(sheet.headers, start=1):
        cell = ws.cell(1, col)
        _put(cell, str(header), None)
        cell.font = Font(bold=True)
        figures = any(_is_figure(row[col - 1]) for row in sheet.rows)
        cell.alignment = Alignment(
            wrap_text=True, vertical="bottom", horizontal="right" if figures else "left"
        )
    lines = max((str(h).count("\n") + 1 for h in sheet.headers), default=1)
    if lines > 1:
        ws.row_dimensions[1].height = LINE_HEIGHT * lines
    for r, row in enumerate(sheet.rows, start=2):
        for c, (value, number_format) in enumerate(zip(row, sheet.formats, strict=True), start=1):
            if sheet.row_formats and c > 1:
                number_format = sheet.row_formats[r - 2] or number_format
            _put(ws.cell(r, c), value, number_format)
    if sheet.bold_last_row and sheet.rows:
        for cell in ws[len(sheet.rows) + 1]:
            cell.font = Font(bold=True)
    for r in sheet.bold_rows:
        for cell in ws[r + 2]:
            cell.font = Font(bold=True)
    for c, text in sheet.comments:
        ws.cell(1, c + 1).comment = Comment(text, "establishment", width=300, height=120)
    ws.freeze_panes = "B2"
    print_setup(ws)
    widths = _widths(sheet)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(sheet.rows, start=2):
        wrap_row(ws, r, [(c, value, widths[c - 1]) for c, value in enumerate(row, start=1)])
    first_note = len(sheet.rows) + 3
    for r, note in enumerate(sheet.notes, start=first_note):
        _put(ws.cell(r, 1), note.label, None)
        if note.value is not None:
            _put(ws.cell(r, 2), note.value, note.number_format)
        elif len(widths) > 1:  # a sentence across the table, wrapped, not spilling past its last column
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(widths))
            wrap_row(ws, r, [(1, note.label, sum(widths))])


def _widths(sheet: Sheet) -> list[float]:
    """Each column wide enough for its header's longest line and its figures, at most 60 (longer
    text wraps); the first also fits the labels of the notes with a figure beside them."""
    widths = []
    for c, header in enumerate(sheet.headers, start=1):
        shown = [_shown(row[c - 1]) for row in sheet.rows]
        if c == 1:
            shown += [note.label for note in sheet.notes if note.value is not None]
        widest = max([len(line) for line in visible(str(header)).split("\n")] + [len(t) for t in shown])
        if any(isinstance(row[c - 1], Formula) for row in sheet.rows):
            widest = max(widest, FORMULA_WIDTH - 2)
        widths.append(min(60, max(10, widest + 2)))
    return widths


def wrap_row(ws, r: int, cells: list[tuple[int, object, float]]) -> None:
    """Wrap the text cells of row `r` that are wider than their column, and make the row tall enough."""
    lines = {c: _lines(v, w) if isinstance(v, str) else 1 for c, v, w in cells}
    if max(lines.values(), default=1) == 1:
        return
    for c, count in lines.items():  # the whole row reads from the top, as its wrapped text does
        ws.cell(r, c).alignment = Alignment(wrap_text=count > 1, vertical="top")
    ws.row_dimensions[r].height = LINE_HEIGHT * max(lines.values())


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """The workbook as bytes, so the caller can write it atomically; a spreadsheet program
    calculates every formula when it opens it (openpyxl stores no calculated values)."""
    book = Workbook()
    book.remove(book.active)
    titles = sheet_titles([sheet.title for sheet in sheets])  # as given, when Excel accepts them all
    for sheet, title in zip(sheets, titles, strict=True):
        _write(book, sheet, title)
        for name, r, c in sheet.names:
            where = absolute_coordinate(f"{get_column_letter(c + 1)}{r + 2}")
            book.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(title)}!{where}")
    book.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _lines(text: str, width: float) -> int:
    """The lines a wrapped cell takes, breaking at spaces as a spreadsheet does (an estimate: the
    font's letters differ in width)."""
    return max(1, len(textwrap.wrap(visible(text), width=max(1, int(width) - 3))))


def _is_figure(value: object) -> bool:
    return isinstance(value, Formula | int | float) and not isinstance(value, bool)


def _shown(value: object) -> str:
    if isinstance(value, Formula):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    return visible(str(value))
