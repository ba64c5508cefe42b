"""Formulas that carry their worked-out values: each is written once, as a Python expression over
cell references and defined names that know their own values, and gives both the text a spreadsheet
calculates and the value it comes to. The workbook stores both, so a reader that does not calculate
(a phone preview, pandas, a Power BI import) shows the same figures a spreadsheet works out.

Only what the workbook needs: + - * /, SUM, MAX, MIN, COUNT, COUNTIF (">"), ROWS, N and IF with =, <,
and the blank text "" a formula gives where a figure is not known.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

ATOM, PRODUCT, SUM_LEVEL, COMPARE = 4, 3, 2, 1
"""Binding strength: a reference or function call binds tightest, then * and /, then + and -, then = and <."""
BLANK = ""
"""What a formula gives where its figure is not known: a blank cell, never 0."""

Operand = "Expr | float | int"


@dataclass(frozen=True)
class Expr:
    """A formula's text (without the leading =) and the value it comes to (a number, True/False, or
    BLANK); `level` says how tightly it binds, for brackets."""

    text: str
    value: object
    level: int = ATOM

    def _wrap(self, level: int) -> str:
        return self.text if self.level >= level else f"({self.text})"

    def __add__(self, other: Operand) -> Expr:
        return _binary(self, "+", other, SUM_LEVEL)

    def __radd__(self, other: Operand) -> Expr:
        return _binary(other, "+", self, SUM_LEVEL)

    def __sub__(self, other: Operand) -> Expr:
        return _binary(self, "-", other, SUM_LEVEL)

    def __rsub__(self, other: Operand) -> Expr:
        return _binary(other, "-", self, SUM_LEVEL)

    def __mul__(self, other: Operand) -> Expr:
        return _binary(self, "*", other, PRODUCT)

    def __rmul__(self, other: Operand) -> Expr:
        return _binary(other, "*", self, PRODUCT)

    def __truediv__(self, other: Operand) -> Expr:
        return _binary(self, "/", other, PRODUCT)


def constant(value: float) -> Expr:
    """A number written into a formula: exactly, as Python's shortest repr."""
    return Expr(repr(float(value)) if not float(value).is_integer() else str(int(value)), float(value))


def _expr(value: Operand) -> Expr:
    return value if isinstance(value, Expr) else constant(float(value))


def _number(value: object) -> float:
    """A value as arithmetic takes it, as a spreadsheet does: an empty cell is 0; the blank text a
    formula gives is an error (NaN here, which IF leaves aside and a written cell refuses)."""
    if value is None:
        return 0.0
    if value == BLANK:
        return math.nan
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"a formula took {value!r} as a number")
    return float(value)


def _binary(left: Operand, op: str, right: Operand, level: int) -> Expr:
    a, b = _expr(left), _expr(right)
    x, y = _number(a.value), _number(b.value)
    quotient = (x / y if y != 0 else math.nan) if op == "/" else 0.0  # y = 0: #DIV/0! in a spreadsheet
    value = quotient if op == "/" else {"+": x + y, "-": x - y, "*": x * y}[op]
    right_level = level + 1 if op in "-/" else level  # a-(b+c), a/(b*c)
    return Expr(f"{a._wrap(level)}{op}{b._wrap(right_level)}", value, level)


def cell(sheet: str | None, row: int, col: int, value: object) -> Expr:
    """A reference to a cell (0-based row and column), on another sheet when `sheet` is given."""
    where = xl_rowcol_to_cell(row, col)
    return Expr(f"{quote_sheetname(sheet)}!{where}" if sheet else where, value)


def name(defined: str, value: object) -> Expr:
    """A defined name (an Inputs cell)."""
    return Expr(defined, value)


@dataclass(frozen=True)
class Span:
    """A column of cells: its range text and their values."""

    text: str
    values: tuple[object, ...]


def span(sheet: str | None, first: int, last: int, col: int, values: Sequence[object]) -> Span:
    """Rows `first` to `last` (0-based, inclusive) of one column."""
    where = f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}"
    return Span(f"{quote_sheetname(sheet)}!{where}" if sheet else where, tuple(values))


def _numbers(values: Sequence[object]) -> list[float]:
    return [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


def sum_of(s: Span | Sequence[Expr]) -> Expr:
    """SUM of a span, or of cells (blanks and text count as nothing, as a spreadsheet adds)."""
    if isinstance(s, Span):
        return Expr(f"SUM({s.text})", sum(_numbers(s.values)))
    return Expr(f"SUM({','.join(e.text for e in s)})", sum(_numbers([e.value for e in s])))


def max_of(s: Span) -> Expr:
    found = _numbers(s.values)
    return Expr(f"MAX({s.text})", max(found) if found else 0.0)


def count_of(s: Span) -> Expr:
    return Expr(f"COUNT({s.text})", float(len(_numbers(s.values))))


def rows_of(s: Span) -> Expr:
    return Expr(f"ROWS({s.text})", float(len(s.values)))


def count_over(s: Span, limit: Expr) -> Expr:
    """How many figures of the span are above `limit`: COUNTIF(span,">"&limit)."""
    bound = _number(limit.value)
    return Expr(
        f'COUNTIF({s.text},">"&{limit._wrap(ATOM)})', float(sum(v > bound for v in _numbers(s.values)))
    )


def n_of(e: Expr) -> Expr:
    """N(x): x when it is a number, else 0 (a blank or text counts as 0)."""
    value = e.value if isinstance(e.value, int | float) and not isinstance(e.value, bool) else 0.0
    return Expr(f"N({e.text})", float(value))


def equals(a: Expr | str, b: Operand | str) -> Expr:
    """a=b (text compared as text: `equals(x, BLANK)` tests for a blank)."""
    left = a if isinstance(a, Expr) else Expr('""' if a == BLANK else f'"{a}"', a)
    right = b if isinstance(b, Expr) else (Expr('""', BLANK) if b == BLANK else _expr(b))  # type: ignore[arg-type]
    same = _compared(left.value) == _compared(right.value)
    return Expr(f"{left._wrap(SUM_LEVEL)}={right._wrap(SUM_LEVEL)}", same, COMPARE)


def _compared(value: object) -> object:
    """A value as = compares it: an empty cell equals the blank text (and 0)."""
    return BLANK if value is None else value


def less(a: Expr, b: Operand) -> Expr:
    right = _expr(b)
    return Expr(
        f"{a._wrap(SUM_LEVEL)}<{right._wrap(SUM_LEVEL)}", _number(a.value) < _number(right.value), COMPARE
    )


def if_(test: Expr, then: Expr | str, otherwise: Expr | str) -> Expr:
    """IF(test, then, otherwise); either branch may be the blank text ""."""

    def text(x: Expr | str) -> str:
        return '""' if x == BLANK else x.text  # type: ignore[union-attr]

    def value(x: Expr | str) -> object:
        return BLANK if x == BLANK else x.value  # type: ignore[union-attr]

    chosen = then if test.value else otherwise
    return Expr(f"IF({test.text},{text(then)},{text(otherwise)})", value(chosen))


def known(value: float) -> bool:
    """A figure a cell can hold: finite."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
