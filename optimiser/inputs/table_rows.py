"""Parse a locality CSV's text into `Rows`: its cells as text, with their line numbers.

The CSV and the .xlsx readers both end in `Rows`, so every check on the cells is written once and
applies to both; only the words that place a cell differ ("line 7, column 'caseload'" against
"sheet 'Localities', row 7, column C 'caseload'"). Reading the file (its size, its encoding) and
choosing between CSV and .xlsx is the caller's (`localities.read_table`): this module only parses.
"""

import csv
import io
from itertools import repeat

from optimiser.inputs.rows import Rows
from optimiser.inputs.suggest import folded


def parse_csv(text: str, source: str) -> Rows:
    """The rows of a locality CSV's text (comments and blank lines skipped), each with its line
    number; `source` names the file in messages."""
    numbers, kept = _data_lines(text)
    if '"' not in text:
        # Nothing is quoted: each kept line (no line break left in it) is one row, and its cells
        # are the text between its commas, exactly as csv.reader reads them (7 ms, not 10, at 32,844).
        return Rows(source, numbers, list(map(str.split, kept, repeat(","))))
    return Rows(source, numbers, list(csv.reader(io.StringIO("\n".join(kept)))))


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
