"""The what-if page's tables, fast: the plan's establishment table cell for cell as `plan` shows it
(render/columns' `plan_cells`), each column rounded and formatted whole, and any table as the NHS.UK
design system's table markup.

A what-if at England's 153 authorities has about 1,400 figures to show each time a control moves.
Rounding is numpy's over a column: half away from zero after clearing binary noise, as
render/numbers rounds one figure with Decimal; a figure within a hair of half a unit (where the two
could part) is rounded by render/numbers itself. Pure: nothing here reads a file or solves.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

import numpy as np

from optimiser.render import numbers
from optimiser.render.columns import ON_IN_POST, plan_columns
from optimiser.render.numbers import NOT_KNOWN, NOT_SHOWN
from optimiser.render.uncertain_figures import risk_cells

if TYPE_CHECKING:  # annotations only
    from optimiser.planning.plan import Plan

HALF_WIDTH = 1e-6
"""A scaled figure this close to half a unit (plus the float's own error) is rounded one by one:
render/numbers clears noise to 1e-9 first, which can move it across the half at two places."""


def half_up(values: np.ndarray, places: int) -> np.ndarray:
    """render.numbers.half_up over an array, as floats (NaN stays NaN, and no -0.0)."""
    values = np.asarray(values, dtype=float)
    scale = 10.0**places
    scaled = np.abs(values) * scale
    with np.errstate(invalid="ignore"):
        out = np.copysign(np.floor(scaled + 0.5), values) / scale
        near = np.abs(scaled - np.floor(scaled) - 0.5) <= HALF_WIDTH + 1e-15 * scaled
    for i in np.flatnonzero(near).tolist():
        out[i] = float(numbers.half_up(float(values[i]), places))
    out[out == 0] = 0.0
    return out


def _plain(places: int) -> Callable[[np.ndarray], list[str]]:
    def shown(values: np.ndarray) -> list[str]:
        return [f"{v:,.{places}f}" for v in half_up(values, places).tolist()]

    return shown


def _signed(values: np.ndarray) -> list[str]:
    return [f"+{v:,.1f}" if v > 0 else f"{v:,.1f}" for v in half_up(values, 1).tolist()]


def _money(value: float) -> str:
    return f"-£{-value:,.0f}" if value < 0 else f"£{value:,.0f}"


def _signed_money(values: np.ndarray) -> list[str]:
    return [f"+£{v:,.0f}" if v > 0 else _money(v) for v in half_up(values, 0).tolist()]


COLUMN_FORMATS: dict[Callable, Callable[[np.ndarray], list[str]]] = {
    numbers.wte: _plain(1),
    numbers.count: _plain(0),
    numbers.signed_wte: _signed,
    numbers.signed_money: _signed_money,
    numbers.money: lambda values: [_money(v) for v in half_up(values, 0).tolist()],
}
"""render/numbers' formats, each as a whole column; any other format is applied figure by figure."""


def column_cells(values: np.ndarray, format_one: Callable[[float], str]) -> list[str]:
    """A column of figures as `format_one` shows each (NOT_SHOWN where there is none)."""
    values = np.asarray(values, dtype=float)
    missing = np.isnan(values)
    whole = COLUMN_FORMATS.get(format_one)
    if whole is None:
        cells = [
            NOT_SHOWN if gone else format_one(v) for v, gone in zip(values.tolist(), missing, strict=True)
        ]
    else:
        cells = whole(np.where(missing, 0.0, values))
    return [NOT_SHOWN if gone else cell for cell, gone in zip(cells, missing.tolist(), strict=True)]


def _rests_on_in_post(key: str) -> bool:
    return key in ON_IN_POST or key.startswith("in_post_wte:")


def plan_table(plan: Plan) -> tuple[list[str], list[list[str]], list[str]]:
    """Headers, a row of cells per locality (in the file's order) and the total row: `plan_cells(plan)`,
    figure for figure."""
    columns = plan_columns(plan)
    frame = plan.localities
    unknown = np.isnan(frame["in_post_wte"].to_numpy(dtype=float))
    cells = [[str(name) for name in frame.index]]
    for column in columns:
        shown = column_cells(frame[column.key].to_numpy(dtype=float), column.format)
        if _rests_on_in_post(column.key) and unknown.any():
            shown = [NOT_KNOWN if gone else cell for cell, gone in zip(shown, unknown.tolist(), strict=True)]
        cells.append(shown)
    known = plan.in_post_known
    total = [
        NOT_KNOWN
        if not known and _rests_on_in_post(c.key)
        else column_cells(np.array([plan.totals[c.key]], dtype=float), c.format)[0]
        for c in columns
    ]
    body = [list(row) for row in zip(*cells, strict=True)]
    headers = ["Locality", *(c.header for c in columns)]
    if plan.risk is not None:
        extra, rows, overall = risk_cells(plan)
        headers += extra
        body = [row + more for row, more in zip(body, rows, strict=True)]
        total = [*total, *overall]
    return headers, body, ["Total", *total]


def _header(text: str, numeric: bool) -> str:
    lines = "<br>".join(escape(part) for part in text.split("\n"))
    kind = " nhsuk-table__header--numeric" if numeric else ""
    return f'<th scope="col" class="nhsuk-table__header{kind}">{lines}</th>'


def _row(cells: list[str], extra: str = "") -> str:
    head, *rest = cells
    figures = "".join(
        f'<td class="nhsuk-table__cell nhsuk-table__cell--numeric">{escape(c)}</td>' for c in rest
    )
    return (
        f'<tr class="nhsuk-table__row{extra}"><th scope="row" class="nhsuk-table__header">{escape(head)}</th>'
        f"{figures}</tr>"
    )


def table_html(
    table_id: str, caption: str, headers: list[str], body: list[list[str]], total: list[str] | None = None
) -> str:
    """An NHS.UK table: a caption, a header row, a row header (the first cell) and figures on each row,
    and a total row set apart; figures right-aligned. Every cell is escaped (text is data)."""
    head = "".join(_header(h, n > 0) for n, h in enumerate(headers))
    rows = "".join(_row(r) for r in body)
    last = _row(total, " app-total") if total is not None else ""
    return (
        f'<table class="nhsuk-table app-table" id="{escape(table_id)}">'
        f'<caption class="nhsuk-table__caption" id="{escape(table_id)}-caption">{escape(caption)}</caption>'
        f'<thead class="nhsuk-table__head"><tr class="nhsuk-table__row">{head}</tr></thead>'
        f'<tbody class="nhsuk-table__body">{rows}{last}</tbody></table>'
    )
