"""Read a locality table, CSV or .xlsx, into `Rows`: text with its line (CSV) or row (Excel) numbers.

The CSV and the .xlsx readers both end here, so every check on the cells is written once and
applies to both; only the words that place a cell differ ("line 7, column 'caseload'" against
"sheet 'Localities', row 7, column C 'caseload'").
"""

import csv
import io
from pathlib import Path

from optimiser.inputs.rows import EXCEL_SUFFIXES, MAX_CSV_BYTES, Rows
from optimiser.inputs.suggest import folded
from optimiser.inputs.yamlio import read_text


def read_rows(
    path: Path, sheet: str | None = None, max_bytes: int = MAX_CSV_BYTES, max_rows: int | None = None
) -> Rows:
    """The rows of a locality CSV or .xlsx file (comments and blank lines skipped); an .xlsx file
    is read to a little past `max_rows` data rows at most."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        from optimiser.inputs.spreadsheet import read_sheet  # openpyxl loads only for workbooks

        return read_sheet(path, sheet, max_bytes, max_rows)
    text = read_text(path, "locality file", max_bytes)  # refused by its size on disk, before reading
    numbers, kept = _data_lines(text)
    return Rows(str(path), numbers, list(csv.reader(io.StringIO("\n".join(kept)))))


def _data_lines(text: str) -> tuple[list[int], list[str]]:
    """Lines that hold CSV (not comments or blanks), with their 1-based line numbers."""
    numbers, kept = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if (line[:1] != "#" and not line[:1].isspace() and line) or (
            line.strip() and not line.lstrip().startswith("#")
        ):
            numbers.append(number)
            kept.append(line)
    return numbers, kept


def known_header(header: list[str], known: tuple[str, ...]) -> list[str]:
    """Each header cell as the known column it means, ignoring case, spaces and underscores
    (`In Post WTE` is `in_post_wte`); a cell that matches none stays as written."""
    by_fold: dict[str, str] = {}
    for name in known:
        by_fold.setdefault(folded(name), name)
    return [by_fold.get(folded(cell), cell) for cell in header]
