"""Parse a locality CSV's text into `Rows`, and say what its headers mean.

Headers match the names the tool asks for ignoring case, spaces, underscores and hyphens
(`In Post WTE` is `in_post_wte`). Two headers that fold to the same name are one column written
twice, whichever names the tool asks for: they are refused (`collisions`), never merged, so a
header means exactly one column everywhere the table is read.

The CSV and the .xlsx readers both end in `Rows`, so every check on the cells is written once and
applies to both; only the words that place a cell differ ("line 7, column 'caseload'" against
"sheet 'Localities', row 7, column C 'caseload'"). Reading the file (its size, its encoding) and
choosing between CSV and .xlsx is the caller's (`localities.read_table`): this module only parses.
"""

import csv
import io
from itertools import repeat

from optimiser.errors import InputError, Problem
from optimiser.inputs.rows import Rows
from optimiser.inputs.suggest import folded

FOLDING = "headers are compared ignoring case, spaces, underscores and hyphens"


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
    """Each header cell as the known column it means, ignoring case, spaces, underscores and hyphens
    (`In Post WTE` is `in_post_wte`); a cell that matches none stays as written. Headers that fold
    alike map to the same name: `collisions` refuses them."""
    by_fold: dict[str, str] = {}
    for name in known:
        by_fold.setdefault(folded(name), name)
    return [by_fold.get(folded(cell), cell) for cell in header]


def collisions(rows: Rows) -> list[Problem]:
    """One problem per set of headers that fold to the same name (`caseload:Y2` and `Caseload: y2`,
    or one header written twice), naming the headers as written and their columns. Blank headers
    are left to the caller (a column with no name is not a known column)."""
    at: dict[str, list[int]] = {}
    header = rows.header
    for i, cell in enumerate(header):
        if folded(cell):
            at.setdefault(folded(cell), []).append(i)
    problems = []
    for same in (positions for positions in at.values() if len(positions) > 1):
        spellings = list(dict.fromkeys(header[i] for i in same))
        what = (
            f"header '{spellings[0]}' appears more than once"
            if len(spellings) == 1
            else f"headers {_and(spellings)} name the same column ({FOLDING}), so it appears more than once"
        )
        problems.append(
            Problem(
                rows.source,
                f"{rows.row_place(rows.numbers[0])}, {rows.columns_place(same)}",
                what,
                "each column once: remove or rename all but one of them",
            )
        )
    return problems


def canonical_header(rows: Rows, known: tuple[str, ...]) -> list[str]:
    """The header as the names the tool asks for (`known`), for a table whose headers were checked
    already; two headers that fold alike are refused here too, so no reader can merge them."""
    problems = collisions(rows)
    if problems:
        raise InputError(problems)
    return known_header(rows.header, known)


def _and(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]
