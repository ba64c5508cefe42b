"""Excel workbooks (openpyxl): numbers as numbers with formats, frozen headers, widths, text kept as text."""

import io
import math
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from optimiser.render.text import visible

WTE = "0.0"
WTE_IN_POST = "0.00"
COUNT = "#,##0"
MONEY = "£#,##0"
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Sheet:
    """One table: headers, rows of numbers or text, and a number format per column (None for text)."""

    title: str
    headers: list[str]
    rows: list[list[object]]
    formats: list[str | None]
    bold_last_row: bool = False
    row_formats: list[str] | None = None
    """Number format per row, for tables whose rows are measures in different units."""
    bold_rows: tuple[int, ...] = ()
    """Rows (by index into `rows`) printed bold: totals within the table."""


def _put(cell, value: object, number_format: str | None) -> None:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return  # an undefined figure (load per WTE with no staff) stays blank, never text
    if isinstance(value, str):
        value = visible(value)  # openpyxl refuses control characters; the visible form is what people read
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.quotePrefix = value.startswith(FORMULA_STARTS)
    elif number_format:
        cell.number_format = number_format


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """The workbook as bytes, so the caller can write it atomically."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title[:31])
        for col, header in enumerate(sheet.headers, start=1):
            cell = ws.cell(1, col)
            _put(cell, str(header), None)
            cell.font = Font(bold=True)
        for r, row in enumerate(sheet.rows, start=2):
            for c, (value, number_format) in enumerate(zip(row, sheet.formats, strict=True), start=1):
                if sheet.row_formats and c > 1:
                    number_format = sheet.row_formats[r - 2]
                _put(ws.cell(r, c), value, number_format)
        if sheet.bold_last_row and sheet.rows:
            for cell in ws[len(sheet.rows) + 1]:
                cell.font = Font(bold=True)
        for r in sheet.bold_rows:
            for cell in ws[r + 2]:
                cell.font = Font(bold=True)
        ws.freeze_panes = "B2"
        for c, header in enumerate(sheet.headers, start=1):
            cells = [visible(str(header)), *(_shown(row[c - 1]) for row in sheet.rows)]
            ws.column_dimensions[get_column_letter(c)].width = min(
                60, max(10, max(len(t) for t in cells) + 2)
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return visible(str(value))
