"""A locality table as rows of text with their line (CSV) or row (Excel) numbers, whatever its format.

The CSV and the .xlsx readers both end here, so every check on the cells is written once and
applies to both; only the words that place a cell differ ("line 7, column 'caseload'" against
"sheet 'Localities', row 7, column C 'caseload'").
"""

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from optimiser.inputs.suggest import folded
from optimiser.inputs.yamlio import read_text

MAX_CSV_BYTES = 50_000_000
"""Largest locality file on disk, CSV or .xlsx; checked before reading."""
EXCEL_SUFFIXES = (".xlsx",)
LOCALITY_SUFFIXES = (".csv", *EXCEL_SUFFIXES)


@dataclass(frozen=True)
class Rows:
    """The table's header and data rows as text (header first), each with its line or row number."""

    source: str
    numbers: list[int]
    rows: list[list[str]]
    sheet: str | None = None
    """The worksheet read, for an .xlsx file (None for CSV)."""
    letters: tuple[str, ...] = ()
    """Each header position's column letter, for an .xlsx file."""
    odd: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row index, column index) -> what a cell really held, where its text does not say it:
    "a date (2010-01-05)", "a true/false cell (TRUE)"."""

    @property
    def header(self) -> list[str]:
        return [h.strip() for h in self.rows[0]] if self.rows else []

    def row_place(self, number: int) -> str:
        """Where a row is: `line 7`, or `sheet 'Localities', row 7`."""
        return f"sheet '{self.sheet}', row {number}" if self.sheet is not None else f"line {number}"

    def column_place(self, index: int, name: str) -> str:
        """Where a column is: `column 'caseload'`, or `column C 'caseload'`."""
        return f"column {self.letters[index]} '{name}'" if self.letters else f"column '{name}'"

    def renamed(self, header: list[str]) -> "Rows":
        """The same rows under another header (the names the tool knows the columns by)."""
        return replace(self, rows=[header, *self.rows[1:]])

    def without(self, drop: set[int]) -> "Rows":
        """The table without the columns at these positions (columns another reader owns)."""
        if not drop:
            return self
        rows = [[cell for i, cell in enumerate(cells) if i not in drop] for cells in self.rows]
        moved = {c: c - sum(d < c for d in drop) for (_, c) in self.odd if c not in drop}
        odd = {(r, moved[c]): what for (r, c), what in self.odd.items() if c not in drop}
        letters = tuple(x for i, x in enumerate(self.letters) if i not in drop)
        return replace(self, rows=rows, letters=letters, odd=odd)


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
