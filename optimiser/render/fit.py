"""Tables that fit a terminal: short headers, then secondary columns left out or columns split over
several tables, and never a figure cut or ellipsised.

Used only when stdout is a terminal and `--wide` is not given (see `cli._fit_width`). A table whose
full form already fits is printed exactly as piped output prints it. Otherwise each figure column
takes its short header (over two or three lines) and its natural width, no less; the first column
(locality names, measure labels) wraps. Then, either:

- *drop*: columns are kept by rank, most important first, for as long as they fit (a column is shown
  only when every more important column is); the rest are named in a footnote that points to
  `--wide`; or
- *stack*: columns of equal standing (localities in the audit, years, options) are split into
  consecutive tables that each repeat the first column, so nothing is left out.

When even the first column and one figure column cannot fit (a terminal of a few dozen columns),
the table is printed wider than the terminal rather than cut (`cli._stdout` widens the console).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from optimiser.render.text import visible

KEY_MIN = 12
"""The first column wraps down to this width (or its widest cell, if narrower) before columns go."""
WIDE_HINT = "--wide shows every column"


@dataclass(frozen=True)
class Fit:
    """How one figure column shows on a narrow terminal: its short header and its rank (0 is always
    shown; higher ranks are left out first, a rank at a time)."""

    short: str
    rank: int = 0


def natural_width(header: str, cells: Sequence[str]) -> int:
    """The width a column needs to show its header's longest line and every cell whole."""
    return max([cell_len(line) for line in header.split("\n")] + [cell_len(c) for c in cells])


def table_width(widths: Sequence[int]) -> int:
    """Width of a boxed table with these column widths: one space of padding each side, a rule between."""
    return sum(widths) + 3 * len(widths) + 1


def one_line(header: str) -> str:
    return " ".join(header.split())


def full_width(headers: list[str], rows: list[list[str]]) -> int:
    """Width of the full table (`console.table_of`): full headers, no column wraps."""
    return table_width([natural_width(h, [r[i] for r in rows]) for i, h in enumerate(headers)])


@dataclass(frozen=True)
class Fitted:
    """The tables a narrow terminal shows, and the full headers of the columns left out."""

    tables: list[Table]
    left_out: list[str]


def fit(
    title: str,
    headers: list[str],
    rows: list[list[str]],
    fits: list[Fit],
    width: int,
    stack: bool = False,
    total: bool = False,
) -> Fitted:
    """The table as it fits `width` columns; `fits` gives each column after the first its short
    header and rank. `stack`: split the columns over several tables rather than leave any out.
    `total`: the last row is a total (a rule above it, bold)."""
    headers = [visible(h) for h in headers]
    rows = [[visible(c) for c in row] for row in rows]
    columns = list(range(1, len(headers)))
    shorts = {i: visible(fits[i - 1].short) for i in columns}
    natural = {i: natural_width(shorts[i], [r[i] for r in rows]) for i in columns}
    key_natural = natural_width(headers[0], [r[0] for r in rows])
    key_min = _key_min(headers[0], [r[0] for r in rows], width)
    kept = columns if stack else _kept(columns, fits, natural, key_min, width)
    groups = _groups(kept, natural, key_min, width)
    tables = []
    for n, group in enumerate(groups):
        room = width - table_width([0, *(natural[i] for i in group)])
        table = Table(title=Text(visible(title)) if n == 0 else None, title_style="bold", header_style="bold")
        table.add_column(Text(headers[0]), width=max(key_min, min(key_natural, room)), overflow="fold")
        for i in group:
            table.add_column(Text(shorts[i]), justify="right", width=natural[i], no_wrap=True)
        for row in rows:
            table.add_row(*(Text(row[i]) for i in (0, *group)))
        if total and len(rows) > 1:
            table.rows[-2].end_section = True
            table.rows[-1].style = "bold"
        tables.append(table)
    return Fitted(tables, [one_line(headers[i]) for i in columns if i not in kept])


def _key_min(header: str, names: list[str], width: int) -> int:
    """How narrow the first column may wrap: `KEY_MIN`, or its longest word so no word is broken
    (up to half the terminal), and never wider than it needs."""
    longest = max((cell_len(word) for t in [header, *names] for word in t.split()), default=0)
    return min(natural_width(header, names), max(KEY_MIN, min(longest, width // 2)))


def _kept(
    columns: list[int], fits: list[Fit], natural: dict[int, int], key_min: int, width: int
) -> list[int]:
    """The columns shown: every column of the first rank (0), then a rank at a time while they fit."""
    levels = sorted({fits[i - 1].rank for i in columns})
    kept = [i for i in columns if fits[i - 1].rank == levels[0]] if levels else []
    for level in levels[1:]:
        trial = [i for i in columns if fits[i - 1].rank <= level]
        if table_width([key_min, *(natural[i] for i in trial)]) > width:
            break
        kept = trial
    return kept


def _groups(kept: list[int], natural: dict[int, int], key_min: int, width: int) -> list[list[int]]:
    """Consecutive runs of columns that fit beside the first column (at least one column each),
    as few as can be and as even in number as they can be (three and two, not four and one)."""

    def fits(group: list[int]) -> bool:
        return table_width([key_min, *(natural[j] for j in group)]) <= width

    greedy: list[list[int]] = []
    for i in kept:
        if greedy and fits([*greedy[-1], i]):
            greedy[-1].append(i)
        else:
            greedy.append([i])
    size = -(-len(kept) // max(len(greedy), 1))
    even = [kept[at : at + size] for at in range(0, len(kept), size)] if kept else []
    if len(even) == len(greedy) and all(fits(g) for g in even):
        return even
    return greedy or [[]]


def left_out_note(left_out: list[str], width: int) -> str | None:
    """The footnote under a table that left columns out: which, and that --wide shows them."""
    if not left_out:
        return None
    return f"Not shown, to fit {width} columns: {'; '.join(left_out)}; {WIDE_HINT}."


def fitted_parts(fitted: Fitted, width: int, style: str = "dim") -> list[RenderableType]:
    """The tables, then the footnote (when columns were left out)."""
    note = left_out_note(fitted.left_out, width)
    return [*fitted.tables, *([Text(note, style=style)] if note else [])]
