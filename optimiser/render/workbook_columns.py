"""A sheet built column by column: each column's cells (values, inputs, decisions or formulas) and its
total, handed back as formula operands, so later columns' formulas refer to earlier ones by cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from optimiser.render.workbook import Decision, Input
from optimiser.render.workbook_cells import Expr, Span, cell, span, sum_of


def plain(value: object) -> object:
    """A cell's value, whatever it is wrapped as."""
    if isinstance(value, Input | Decision):
        value = value.value
    return value.value if isinstance(value, Expr) else value


@dataclass(frozen=True)
class Column:
    """One column: its cells and its total cell as formula operands, and its span of rows."""

    cells: list[Expr]
    total: Expr | None
    span: Span
    index: int


class Table:
    """Columns added in order, a row per locality and a total row under them."""

    def __init__(self, title: str, n: int, first_header: str = "Locality") -> None:
        self.title, self.n = title, n
        self.headers: list[str] = [first_header]
        self.formats: list[str | None] = [None]
        self.cells: list[list[object]] = []
        self.totals: list[object] = ["Total"]
        self.optimiser: list[int] = []

    def add(
        self,
        header: str,
        fmt: str | None,
        values: list[object],
        total: Callable[[Span], object] | None = sum_of,
        optimiser: bool = False,
    ) -> Column:
        """A column, totalled by `total` (of its span: SUM by default; None: no total)."""
        col = len(self.headers)
        self.headers.append(header)
        self.formats.append(fmt)
        self.cells.append(values)
        if optimiser:
            self.optimiser.append(col)
        plain_values = [plain(v) for v in values]
        rows = span(None, 1, self.n, col, plain_values)
        made = total(rows) if total is not None else None
        self.totals.append(made)
        total_ref = cell(None, self.n + 1, col, plain(made)) if made is not None else None
        refs = [cell(None, r + 1, col, v) for r, v in enumerate(plain_values)]
        return Column(refs, total_ref, rows, col)

    def rows(self, names: list[str]) -> list[list[object]]:
        """One row per locality (named), then the total row."""
        body = [[name, *(column[i] for column in self.cells)] for i, name in enumerate(names)]
        return [*body, self.totals]

    def elsewhere(self, column: Column) -> list[Expr]:
        """A column's cells as another sheet refers to them."""
        return [self.outside(e) for e in column.cells]

    def outside(self, e: Expr) -> Expr:
        """One cell (or span) of this sheet as another sheet refers to it."""
        quoted = "'" + self.title.replace("'", "''") + "'"
        return Expr(f"{quoted}!{e.text}", e.value)

    def outside_span(self, s: Span) -> Span:
        quoted = "'" + self.title.replace("'", "''") + "'"
        return Span(f"{quoted}!{s.text}", s.values)
