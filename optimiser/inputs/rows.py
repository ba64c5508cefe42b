"""A locality table's rows of text with their line (CSV) or row (Excel) numbers: the one shape both
readers hand on, so every check on the cells is written once and places a cell in its file's words."""

from dataclasses import dataclass, field, replace

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

    def columns_place(self, positions: list[int]) -> str:
        """Where several columns are: `columns 3 and 5` (counted from 1), or `columns C and E`."""
        names = [self.letters[i] if self.letters else str(i + 1) for i in positions]
        return "columns " + ", ".join(names[:-1]) + " and " + names[-1]

    def without(self, drop: set[int]) -> "Rows":
        """The table without the columns at these positions (columns another reader owns)."""
        if not drop:
            return self
        rows = [[cell for i, cell in enumerate(cells) if i not in drop] for cells in self.rows]
        moved = {c: c - sum(d < c for d in drop) for (_, c) in self.odd if c not in drop}
        odd = {(r, moved[c]): what for (r, c), what in self.odd.items() if c not in drop}
        letters = tuple(x for i, x in enumerate(self.letters) if i not in drop)
        return replace(self, rows=rows, letters=letters, odd=odd)
