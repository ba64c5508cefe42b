"""Sweep tables: one row per point, figures rounded for display only.

For finance, a budget sweep shows each budget in pounds and as a share of today's cost, the change
from today and the best cap; what is the same on every row (the cap, the status) is said once above
the table, not repeated; and figures that differ only by the solver's tolerance are shown equal,
with a note saying so.
"""

import csv
import io
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from rich.console import RenderableType

from optimiser.planning.precision import places
from optimiser.planning.results import SWEEP_COLUMNS
from optimiser.render import numbers
from optimiser.render.console import tables, text
from optimiser.render.fit import Fit
from optimiser.render.machine import number
from optimiser.render.mdtable import markdown_table
from optimiser.render.text import markdown_text, safe_cell

SHOWN_EQUAL = 1e-6
"""A cost within this share of the budget is the budget, to the solver's tolerance, and shown as it."""


def _one_place(value: float) -> str:
    return f"{value:,.1f}"


HEADERS = {
    "cap": ("Cap", numbers.count),
    "budget": ("Budget\n(£ a year)", numbers.money),
    "budget_share": ("Budget\n(% of today's\ncost)", lambda v: f"{v:,.1f}%"),
    "status": ("Status", str),
    "planned_wte": ("Establishment\n(WTE)", numbers.wte),
    "change_wte": ("Change from\ntoday (WTE)", numbers.signed_wte),
    "cost": ("Cost\n(£ a year)", numbers.money),
    "achievable_cap": ("Best cap within\nthe budget", _one_place),
    "worst_load_per_wte": ("Worst load\nper WTE", _one_place),
}
"""The columns a sweep table can show, in order, with their headers and display rounding."""

FITS = {
    "budget": Fit("Budget\n(£ a year)", 0),
    "budget_share": Fit("% of\ntoday", 0),
    "status": Fit("Status", 0),
    "planned_wte": Fit("Planned\n(WTE)", 0),
    "change_wte": Fit("Change\n(WTE)", 0),
    "achievable_cap": Fit("Best\ncap", 0),
    "cost": Fit("Cost\n(£ a year)", 1),
    "worst_load_per_wte": Fit("Worst\nload", 2),
}
"""The sweep on a narrow terminal, after its first column: the budget (in pounds and as a share of
today's cost), whether the point meets the cap, the establishment, its change from today and the best
cap the budget buys are always shown; then the cost (the budget itself wherever the budget binds),
then the worst load (the best cap itself wherever the budget binds)."""

COMMON = ("cap", "status")
"""Columns said once above the table when every row has the same value."""
STATUS_WORDS = {
    "meets cap": "Every point meets the cap.",
    "budget-limited": "Every point is budget-limited: the budget cannot pay for the cap, and each plan is "
    "the best it buys.",
    "infeasible": "No point can be planned (infeasible).",
}


@dataclass(frozen=True)
class SweepView:
    """What a sweep's table shows: its frame (display columns added), columns, and lines above and below."""

    frame: pd.DataFrame
    columns: list[str]
    above: list[str]
    below: list[str]


def _value(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _constant(frame: pd.DataFrame, column: str) -> bool:
    values = frame[column].dropna().unique()
    return len(frame) > 1 and len(values) == 1 and frame[column].notna().all()


def _cost_at_budget(frame: pd.DataFrame) -> tuple[pd.Series, bool]:
    """Each cost as shown: the budget where the two differ by no more than SHOWN_EQUAL of it."""
    cost = pd.to_numeric(frame["cost"], errors="coerce").astype(float)
    budget = pd.to_numeric(frame["budget"], errors="coerce").astype(float)
    near = (cost - budget).abs() <= SHOWN_EQUAL * budget.abs()
    return cost.where(~near, budget), bool((near & (cost != budget)).any())


def sweep_view(frame: pd.DataFrame, today: float | None = None, unit: str = "") -> SweepView:
    """The columns that say something, what is common to every row said once, and the notes."""
    shown = frame.copy()
    budgets = shown["budget"].notna().any()
    if budgets and today is not None and not math.isnan(today) and today > 0:
        shown["budget_share"] = pd.to_numeric(shown["budget"], errors="coerce") / today * 100
    shown["cost"], evened = _cost_at_budget(shown)
    columns = [c for c in HEADERS if c in shown.columns and (c != "budget" or budgets)]
    columns = [c for c in columns if c != "achievable_cap" or shown[c].notna().any()]
    above, below = [], []
    for column in COMMON:
        if column in columns and _constant(shown, column) and len(columns) > 2:
            columns.remove(column)
            value = shown[column].iloc[0]
            above.append(
                f"Every point has a cap of {value:,g} weighted {unit} per WTE."
                if column == "cap"
                else STATUS_WORDS.get(value, f"Every point: {value}.")
            )
    if evened:
        below.append(
            "Costs within one part in a million of the budget are shown as the budget: the plan spends "
            "it all, to the solver's tolerance."
        )
    if "achievable_cap" in columns and "worst_load_per_wte" in columns:
        below.append(
            "Where the budget binds, the worst load per WTE is the best cap the budget buys, to the "
            "solver's tolerance; where the plan meets the cap, the worst load is at or under the cap."
        )
    return SweepView(shown, columns, above, below)


def sweep_cells(view: SweepView) -> tuple[list[str], list[list[str]]]:
    """Cap shown to one decimal where the range needs it."""
    frame = view.frame
    fractional = "cap" in view.columns and any(not float(c).is_integer() for c in frame["cap"])
    cap_format = _one_place if fractional else numbers.count
    headers = [HEADERS[c][0] for c in view.columns]
    rows = []
    for record in frame.to_dict("records"):
        cells = []
        for c in view.columns:
            value = _value(record[c])
            formatter = cap_format if c == "cap" else HEADERS[c][1]
            cells.append(numbers.NOT_SHOWN if value is None else formatter(value))
        rows.append(cells)
    return headers, rows


def sweep_table(title: str, view: SweepView, width: int | None) -> list[RenderableType]:
    """The sweep for the terminal: in full, or fitted to `width` columns (see `FITS`), with what is
    common to every row above it and the notes below."""
    fits = [FITS[c] for c in view.columns[1:]]
    body = tables("\n".join([title, *view.above]), *sweep_cells(view), width, fits)
    return [*body, *(text(line, style="dim") for line in view.below)]


def sweep_markdown(title: str, view: SweepView) -> str:
    headers, rows = sweep_cells(view)
    heading, *lines = title.split("\n")
    parts = [f"## {markdown_text(heading)}", ""]
    parts += [markdown_text(line, line_start=True) for line in [*lines, *view.above]]
    parts += ["", *markdown_table(headers, rows, label_column=False), ""]
    parts += [markdown_text(line, line_start=True) for line in view.below]
    return "\n".join(parts).rstrip("\n") + "\n"


def _points(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in SWEEP_COLUMNS if c in frame.columns]]


def _clean(record: dict) -> dict:
    """Numbers at their documented precision (planning/precision.py): pounds to 0.01, the rest to 1e-9."""
    return {k: (v if isinstance(v, str) else number(_value(v), places(k))) for k, v in record.items()}


def sweep_dict(title: str, frame: pd.DataFrame, frontier: pd.DataFrame) -> dict[str, Any]:
    return {
        "scenario": title,
        "points": [_clean(r) for r in _points(frame).to_dict("records")],
        "frontier": [_clean(r) for r in frontier.to_dict("records")],
    }


def sweep_csv(frame: pd.DataFrame) -> str:
    points = _points(frame)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(str(c)) for c in points.columns])
    for record in points.to_dict("records"):
        cells = []
        for value in _clean(record).values():
            cells.append(
                "" if value is None else (safe_cell(value) if isinstance(value, str) else repr(value))
            )
        writer.writerow(cells)
    return buffer.getvalue()
