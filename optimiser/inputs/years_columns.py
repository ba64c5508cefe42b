"""The locality columns a horizon adds (`caseload:<year>`, a growth column), read from the raw table.

The locality loader lets these columns through without reading them; here they are read from the
same file (CSV or the same .xlsx sheet) with the same care: every cell a plain number within
range, blank only where allowed, headers matched by the same rule (`table_rows`: ignoring case,
spaces, underscores and hyphens, two headers that fold alike refused), and each problem naming the
file, line (or sheet and row) and column.
"""

import math

from optimiser.errors import InputError, Problem
from optimiser.inputs.localities import MAX_CSV_BYTES, NAME, LocalityTable, read_table
from optimiser.inputs.schema import LARGEST_CELL
from optimiser.inputs.table_rows import canonical_header

Column = dict[str, float | None]
"""Locality -> value (None where the cell is blank)."""


def read_columns(
    table: LocalityTable,
    columns: tuple[str, ...],
    low: float,
    low_inclusive: bool,
    high: float = LARGEST_CELL,
) -> dict[str, Column]:
    """Read the named columns that are present; each cell blank or a number in [low, high]."""
    read = read_table(table.path, table.sheet, MAX_CSV_BYTES)
    header = canonical_header(read, (NAME, *columns))
    present = [c for c in columns if c in header]
    if not present:
        return {}
    source, name_at = str(table.path), header.index(NAME)
    found: dict[str, Column] = {c: {} for c in present}
    problems = []
    above = f"at least {low:g}" if low_inclusive else f"above {low:g}"
    for r, (number, cells) in enumerate(zip(read.numbers[1:], read.rows[1:], strict=True), start=1):
        if len(cells) != len(header):
            continue  # the locality loader has already refused such a row
        locality = cells[name_at].strip()
        for column in present:
            at = header.index(column)
            cell = cells[at].strip()
            where = f"{read.row_place(number)} (locality '{locality}'), {read.column_place(at, column)}"
            if cell == "":
                found[column][locality] = None
                continue
            held = read.odd.get((r, at))
            try:
                value = float(cell)
            except ValueError:
                what = f"is {held}" if held else f"is {cell!r}"
                problems.append(Problem(source, where, what, "a plain number such as 7240 or 0.02"))
                continue
            inside = (value >= low if low_inclusive else value > low) and value <= high
            if not math.isfinite(value) or not inside:
                problems.append(
                    Problem(source, where, f"is {cell}", f"a number {above} and at most {high:g}")
                )
                continue
            found[column][locality] = value + 0.0
    if problems:
        raise InputError(problems)
    return found
