"""The locality columns a horizon adds (`caseload:<year>`, a growth column), read from the raw CSV.

The locality loader lets these columns through without reading them; here they are read with
the same care: every cell a plain number within range, blank only where allowed, and each
problem naming the file, line and column.
"""

import csv
import io
import math
from pathlib import Path

from optimiser.errors import InputError, Problem
from optimiser.inputs.localities import LARGEST_CELL, MAX_CSV_BYTES, NAME
from optimiser.inputs.yamlio import read_text

Column = dict[str, float | None]
"""Locality -> value (None where the cell is blank)."""


def _rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows with their file line numbers (comments and blanks skipped)."""
    text = read_text(path, "locality file", MAX_CSV_BYTES)
    numbered = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    parsed = list(csv.reader(io.StringIO("\n".join(line for _, line in numbered))))
    header = [h.strip() for h in parsed[0]] if parsed else []
    return header, [(n, cells) for (n, _), cells in zip(numbered[1:], parsed[1:], strict=True)]


def read_columns(
    path: Path, columns: tuple[str, ...], low: float, low_inclusive: bool, high: float = LARGEST_CELL
) -> dict[str, Column]:
    """Read the named columns that are present; each cell blank or a number in [low, high]."""
    header, rows = _rows(path)
    present = [c for c in columns if c in header]
    if not present:
        return {}
    source, name_at = str(path), header.index(NAME)
    found: dict[str, Column] = {c: {} for c in present}
    problems = []
    above = f"at least {low:g}" if low_inclusive else f"above {low:g}"
    for number, cells in rows:
        if len(cells) != len(header):
            continue  # the locality loader has already refused such a row
        locality = cells[name_at].strip()
        for column in present:
            cell = cells[header.index(column)].strip()
            where = f"line {number} (locality '{locality}'), column '{column}'"
            if cell == "":
                found[column][locality] = None
                continue
            try:
                value = float(cell)
            except ValueError:
                problems.append(Problem(source, where, f"is {cell!r}", "a plain number such as 7240 or 0.02"))
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
