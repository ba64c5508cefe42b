"""The board pack's workbook written with XlsxWriter, which stores each formula with its worked-out
value (openpyxl stores formulas without one): a reader that does not calculate shows the figures too.
Numbers stay numbers with formats; text stays text (never a formula, whatever it starts with); inputs
and the optimiser's decisions are shaded; every sheet prints on A4 landscape, one page wide."""

from __future__ import annotations

import io
import math
import textwrap
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from optimiser.render.text import FORMULA_STARTS, visible
from optimiser.render.workbook import LINE_HEIGHT, Chart, Decision, Input, Sheet, sheet_titles
from optimiser.render.workbook_cells import BLANK, Expr

INPUT_FILL = "#FFF2CC"
"""Inputs a reader may change: pale yellow, as finance models shade them."""
DECISION_FILL = "#DDEBF7"
"""The optimiser's decisions, stored as values: pale blue."""
MOST_WIDTH, LEAST_WIDTH = 40, 9
OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


class _Formats:
    """One XlsxWriter format per distinct look, made once."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.made: dict[tuple, Any] = {}

    def get(self, number: str | None = None, bold: bool = False, fill: str | None = None, **more: Any) -> Any:
        key = (number, bold, fill, tuple(sorted(more.items())))
        if key not in self.made:
            spec: dict[str, Any] = {"bold": bold, **more}
            if number:
                spec["num_format"] = number
            if fill:
                spec["bg_color"] = fill
            self.made[key] = self.book.add_format(spec)
        return self.made[key]


def _put(ws: Any, r: int, c: int, value: object, number: str | None, formats: _Formats, bold: bool) -> None:
    """One cell: a formula with its value, a shaded input or decision, a number, or text as text."""
    fill = INPUT_FILL if isinstance(value, Input) else DECISION_FILL if isinstance(value, Decision) else None
    if isinstance(value, Input | Decision):
        value = value.value
    look = formats.get(number, bold, fill, valign="top")
    if isinstance(value, Expr):
        result = value.value
        shown = "" if result == BLANK else result
        if isinstance(shown, float) and not math.isfinite(shown):
            raise ValueError(f"the formula {value.text} came to {shown}")
        ws.write_formula(r, c, "=" + value.text, look, shown)
    elif isinstance(value, float) and not math.isfinite(value):
        ws.write_blank(r, c, None, look)  # an undefined figure stays blank, never text
    elif isinstance(value, bool) or value is None:
        ws.write_blank(r, c, None, look)
    elif isinstance(value, int | float):
        ws.write_number(r, c, float(value), look)
    else:
        text = visible(str(value))
        wrapped = formats.get(None, bold, fill, valign="top", text_wrap=True, quote_prefix=_quoted(text))
        ws.write_string(r, c, text, wrapped)


def _quoted(text: str) -> bool:
    """Text a spreadsheet would take for a formula is shown with a quote prefix, as typed text."""
    return text.startswith(FORMULA_STARTS)


def _shown(value: object) -> str:
    if isinstance(value, Input | Decision):
        value = value.value
    if isinstance(value, Expr):
        value = value.value
    if isinstance(value, float):
        return f"{value:,.2f}" if math.isfinite(value) else ""
    return "" if value is None or value == BLANK else visible(str(value))


def widths(sheet: Sheet) -> list[float]:
    """Each column wide enough for its header's longest word run and its figures (text wraps past
    MOST_WIDTH), unless the sheet sets them."""
    if sheet.widths:
        return list(sheet.widths)
    found = []
    for c, header in enumerate(sheet.headers):
        shown = [_shown(row[c]) for row in sheet.rows]
        if c == 0:
            shown += [note.label for note in sheet.notes if note.value is not None]
        widest = max([len(line) for line in visible(str(header)).split("\n")] + [len(t) for t in shown])
        found.append(min(MOST_WIDTH, max(LEAST_WIDTH, widest + 2)))
    return found


def _lines(value: object, width: float) -> int:
    if not isinstance(value, str):
        return 1
    return max(1, len(textwrap.wrap(visible(value), width=max(1, int(width) - 2))))


def _header(ws: Any, sheet: Sheet, formats: _Formats) -> None:
    for c, header in enumerate(sheet.headers):
        figures = any(not isinstance(row[c], str) for row in sheet.rows)
        align = "right" if figures else "left"
        text = visible(str(header))
        look = formats.get(
            None, True, None, text_wrap=True, valign="bottom", align=align, quote_prefix=_quoted(text)
        )
        ws.write_string(0, c, text, look)
    lines = max((str(h).count("\n") + 1 for h in sheet.headers), default=1)
    ws.set_row(0, LINE_HEIGHT * lines)
    for c, words in sheet.comments:
        ws.write_comment(0, c, words, {"x_scale": 2, "y_scale": 2, "author": "establishment"})


def _body(ws: Any, sheet: Sheet, formats: _Formats, sizes: list[float]) -> None:
    last = len(sheet.rows) - 1
    single = {(r, c): f for r, c, f in sheet.cell_formats}
    for r, row in enumerate(sheet.rows):
        bold = (sheet.bold_last_row and r == last) or r in sheet.bold_rows
        for c, value in enumerate(row):
            number = sheet.formats[c]
            if sheet.row_formats and c > 0:
                number = sheet.row_formats[r] or number
            number = single.get((r, c), number)
            _put(ws, r + 1, c, value, number, formats, bold)
        tallest = max(_lines(v, sizes[c]) for c, v in enumerate(row))
        if tallest > 1:
            ws.set_row(r + 1, LINE_HEIGHT * tallest)


def _notes(ws: Any, sheet: Sheet, formats: _Formats, sizes: list[float]) -> None:
    first = len(sheet.rows) + 2
    for i, note in enumerate(sheet.notes):
        r = first + i
        if note.value is not None:
            ws.write_string(r, 0, visible(note.label), formats.get(None, valign="top"))
            _put(ws, r, 1, note.value, note.number_format, formats, False)
            continue
        look = formats.get(None, text_wrap=True, valign="top")
        span = max(1, len(sizes))
        if span > 1:
            ws.merge_range(r, 0, r, span - 1, visible(note.label), look)
        else:
            ws.write_string(r, 0, visible(note.label), look)
        ws.set_row(r, LINE_HEIGHT * _lines(note.label, sum(sizes)))


def _print_setup(ws: Any) -> None:
    """A4 landscape, one page wide and as many long as it takes, the header row on every page."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    ws.set_header("&C&A", {"margin": 0.3})
    ws.set_footer("&CPage &P of &N", {"margin": 0.3})


def _chart(book: Any, ws: Any, sheet: Sheet, title: str, sizes: list[float]) -> None:
    spec: Chart | None = sheet.chart
    if spec is None or not sheet.rows:
        return
    chart = book.add_chart({"type": "bar"})
    last = len(sheet.rows)
    for label, column in spec.series:
        chart.add_series(
            {
                "name": label,
                "categories": [title, 1, spec.categories, last, spec.categories],
                "values": [title, 1, column, last, column],
                "gap": 40,
            }
        )
    chart.set_title({"name": spec.title, "name_font": {"size": 11}})
    chart.set_y_axis({"reverse": True, "label_position": "low"})  # labels clear of bars below 0
    chart.set_x_axis({"name": spec.axis, "num_format": "#,##0"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 820, "height": 80 + 28 * last})
    ws.insert_chart(last + len(sheet.notes) + 4, 0, chart)


def _write(book: Any, sheet: Sheet, title: str, formats: _Formats) -> None:
    ws = book.add_worksheet(title)
    sizes = widths(sheet)
    for c, size in enumerate(sizes):
        ws.set_column(c, c, size)
    _header(ws, sheet, formats)
    _body(ws, sheet, formats, sizes)
    _notes(ws, sheet, formats, sizes)
    _chart(book, ws, sheet, title, sizes)
    ws.freeze_panes(1, 1)
    _print_setup(ws)
    for defined, r, c in sheet.names:
        where = xl_rowcol_to_cell(r + 1, c, row_abs=True, col_abs=True)
        quoted = "'" + title.replace("'", "''") + "'"
        book.define_name(defined, f"={quoted}!{where}")


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """The workbook as bytes, so the caller can write it atomically; every formula carries its value,
    and a spreadsheet program calculates them all again when it opens the file."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, OPTIONS)
    book.set_calc_mode("auto")
    formats = _Formats(book)
    titles = sheet_titles([sheet.title for sheet in sheets])  # as given, when Excel accepts them all
    for sheet, title in zip(sheets, titles, strict=True):
        _write(book, sheet, title, formats)
    book.close()
    return buffer.getvalue()


def column_letter(c: int) -> str:
    return xl_col_to_name(c)
