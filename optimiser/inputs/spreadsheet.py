"""An .xlsx locality sheet as the rows of text the CSV reader makes, so the same checks apply.

Read with openpyxl, read-only and with cached values (a formula gives the value Excel last
worked out). Numbers become text that reads back exactly (`repr`, never a rounded format);
dates and true/false cells keep their text but are remembered, so a number column can say what
they are; Excel's error values and formulas with no value worked out are refused outright,
naming the cell. The file's size on disk and unzipped, and its number of rows, are bounded.
"""

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs.rows import MAX_CSV_BYTES, Rows
from optimiser.inputs.suggest import did_you_mean

MAX_UNZIPPED_BYTES = 20 * MAX_CSV_BYTES
"""Largest workbook once unzipped: a small .xlsx can expand enormously (a zip bomb)."""
EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!")
MOST_SHOWN = 20
"""Cells named in one message at most (the rest are counted)."""


def read_sheet(path: Path, sheet: str | None, max_bytes: int, max_rows: int | None = None) -> Rows:
    """The header and data rows of one sheet (the first when `sheet` is None), as text."""
    source = str(path)
    _check_size(path, max_bytes)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise bad_input(
            source, "", f"locality file cannot be read as an Excel workbook ({type(exc).__name__})", _XLSX
        ) from None
    try:
        name = _sheet_name(source, book.sheetnames, sheet)
        if not hasattr(book[name], "iter_rows"):
            raise bad_input(
                source, f"sheet '{name}'", "is a chart, not a sheet of cells", "the locality table"
            )
        raw = list(_rows(book[name], max_rows))
    finally:
        book.close()
    if any(value is None for _, cells in raw for value in cells):
        raw = _refuse_unworked_formulas(path, name, raw)
    return _as_text(source, name, raw)


_XLSX = "an .xlsx workbook saved by Excel or LibreOffice (or a CSV file ending .csv)"


def _check_size(path: Path, max_bytes: int) -> None:
    source = str(path)
    if not path.exists():
        raise bad_input(source, "", "locality file not found", "an existing file")
    if not path.is_file():
        raise bad_input(source, "", "locality file is not a regular file", "a file, not a directory")
    size = path.stat().st_size
    if size > max_bytes:
        raise bad_input(source, "", f"locality file is {size:,} bytes", f"at most {max_bytes:,} bytes")
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise bad_input(
            source, "", "locality file is not an Excel workbook (not a zip archive)", _XLSX
        ) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise bad_input(
            source,
            "",
            f"locality file unzips to {unzipped:,} bytes",
            f"at most {MAX_UNZIPPED_BYTES:,} bytes unzipped",
        )


def _sheet_name(source: str, names: list[str], wanted: str | None) -> str:
    if not names:
        raise bad_input(source, "", "the workbook has no sheets", "a sheet with the locality table")
    if wanted is None:
        return names[0]
    if wanted in names:
        return wanted
    raise bad_input(
        source,
        "",
        f"has no sheet '{wanted}' (the scenario's key 'localities_sheet' names it)"
        + did_you_mean(wanted, names),
        "one of the sheets: " + ", ".join(f"'{n}'" for n in names),
    )


def _rows(sheet: Any, max_rows: int | None) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Rows that hold anything but a comment (first filled cell starting '#'), with their numbers;
    a few past `max_rows` data rows at most, so that a huge sheet is refused without reading it all."""
    sheet.reset_dimensions()  # some writers record a wrong size; read what the rows hold
    kept = 0
    for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in cells):
            continue
        first = next(v for v in cells if v is not None)  # the row is not blank
        if isinstance(first, str) and first.lstrip().startswith("#") and first.strip() not in EXCEL_ERRORS:
            continue
        yield number, cells
        kept += 1
        if max_rows is not None and kept > max_rows + 1:
            return


def _refuse_unworked_formulas(
    path: Path, sheet: str, raw: list[tuple[int, tuple[Any, ...]]]
) -> list[tuple[int, tuple[Any, ...]]]:
    """A formula saved without its value (written by a program, never opened in Excel) reads as
    blank: refused, naming the cells, rather than taken for a blank cell."""
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        wanted, last, written = {number for number, _ in raw}, raw[-1][0], book[sheet]
        written.reset_dimensions()
        formulas = {}
        for number, cells in enumerate(written.iter_rows(min_row=1, max_row=last, values_only=True), 1):
            if number in wanted:
                formulas[number] = cells
    finally:
        book.close()
    problems = []
    for number, cells in raw:
        for column, value in enumerate(cells):
            stored = formulas.get(number, ())
            formula = stored[column] if column < len(stored) else None
            if value is None and formula is not None:  # blank in one reading, not in the other
                problems.append(
                    Problem(
                        str(path),
                        _place(sheet, number, column, raw[0][1]),
                        f"is a formula ({str(formula)[:40]}) with no value worked out",
                        "the workbook opened and saved in Excel or LibreOffice, "
                        "so that each formula's value is stored",
                    )
                )
    if problems:
        raise InputError(_at_most(problems))
    return raw


def _as_text(source: str, sheet: str, raw: list[tuple[int, tuple[Any, ...]]]) -> Rows:
    """The cells under the header (which may start in any column) as the text a CSV would hold;
    error cells, and data under no header, are refused."""
    if not raw:
        return Rows(source, [], [], sheet=sheet)
    header_cells = raw[0][1]
    named = [i for i, v in enumerate(header_cells) if v is not None and str(v).strip()]
    start, stop = named[0], named[-1] + 1  # the header row holds something: blank rows were skipped
    rows: list[list[str]] = []
    odd: dict[tuple[int, int], str] = {}
    problems = []
    for r, (number, cells) in enumerate(raw):
        texts = [""] * (stop - start)
        for c, value in enumerate(cells):
            text, what = _cell_text(value)
            if not start <= c < stop:
                if text.strip():
                    problems.append(
                        Problem(
                            source,
                            _place(sheet, number, c, ()),
                            f"holds {text[:40]!r} but the column has no header",
                            f"a header in row {raw[0][0]} above every column that holds data",
                        )
                    )
            elif what.startswith("the Excel error"):
                problems.append(
                    Problem(
                        source,
                        _place(sheet, number, c, header_cells),
                        f"is {what}",
                        "a value (a number, or text), not an error from a formula",
                    )
                )
            else:
                texts[c - start] = text
                if what:
                    odd[(r, c - start)] = what
        rows.append(texts)
    if problems:
        raise InputError(_at_most(problems))
    letters = tuple(get_column_letter(i + 1) for i in range(start, stop))
    return Rows(source, [number for number, _ in raw], rows, sheet=sheet, letters=letters, odd=odd)


def _place(sheet: str, number: int, column: int, header: tuple[Any, ...]) -> str:
    """`sheet 'Localities', row 7, column C 'caseload'` (the header as written, where there is one)."""
    name = header[column] if column < len(header) else None
    named = f" '{str(name).strip()}'" if name is not None and str(name).strip() else ""
    return f"sheet '{sheet}', row {number}, column {get_column_letter(column + 1)}{named}"


def _cell_text(value: Any) -> tuple[str, str]:
    """A cell as CSV text, and what it is when the text alone does not say ('' for numbers and text)."""
    if value is None:
        return "", ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
        return text, f"a true/false cell ({text})"
    if isinstance(value, int):
        return str(value), ""
    if isinstance(value, float):
        return repr(value), ""  # repr reads back as exactly the same float
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        midnight = isinstance(value, dt.datetime) and value.time() == dt.time()
        text = value.date().isoformat() if midnight else value.isoformat()
        return text, f"a date or time ({text})"
    if isinstance(value, dt.timedelta):
        return str(value), f"a duration ({value})"
    text = str(value)
    if text.strip() in EXCEL_ERRORS:
        return text, f"the Excel error {text.strip()}"
    return text, ""


def _at_most(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MOST_SHOWN:
        return problems
    last = problems[MOST_SHOWN - 1]
    more = Problem(last.source, "", f"and {len(problems) - MOST_SHOWN + 1:,} more cells like these")
    return [*problems[: MOST_SHOWN - 1], more]
