"""Sweep tables: one row per point, figures rounded for display only."""

import csv
import io
from typing import Any

import pandas as pd
from rich.console import RenderableType

from optimiser.planning.precision import places
from optimiser.planning.results import SWEEP_COLUMNS
from optimiser.render import numbers
from optimiser.render.console import tables
from optimiser.render.fit import Fit
from optimiser.render.machine import number
from optimiser.render.mdtable import markdown_table
from optimiser.render.text import markdown_text, safe_cell

HEADERS = {
    "cap": ("Cap", numbers.count),
    "budget": ("Budget\n(£ a year)", numbers.money),
    "status": ("Status", str),
    "planned_wte": ("Establishment\n(WTE)", numbers.wte),
    "change_wte": ("Change\n(WTE)", numbers.signed_wte),
    "cost": ("Cost\n(£ a year)", numbers.money),
    "worst_load_per_wte": ("Worst load\nper WTE", numbers.count),
    "achievable_cap": (
        "Best cap within\nthe budget",
        lambda v: numbers.NOT_SHOWN if numbers.missing(v) else f"{v:,.1f}",
    ),
}


FITS = {
    "budget": Fit("Budget\n(£ a year)", 0),
    "status": Fit("Status", 0),
    "planned_wte": Fit("Planned\n(WTE)", 0),
    "cost": Fit("Cost\n(£ a year)", 0),
    "worst_load_per_wte": Fit("Worst\nload", 1),
    "achievable_cap": Fit("Best\ncap", 1),
    "change_wte": Fit("Change\n(WTE)", 2),
}
"""The sweep on a narrow terminal, after the cap: the budget swept, whether the point meets the cap,
the establishment and its cost are always shown; then the worst load and the best cap the budget
buys; then the change from today (the establishment beside it says much the same)."""


def _value(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _columns(frame: pd.DataFrame) -> list[str]:
    """A column only when it says something."""
    columns = [c for c in HEADERS if c != "budget" or frame["budget"].notna().any()]
    return [c for c in columns if c != "achievable_cap" or frame["achievable_cap"].notna().any()]


def sweep_table(title: str, frame: pd.DataFrame, width: int | None) -> list[RenderableType]:
    """The sweep for the terminal: in full, or fitted to `width` columns (see `FITS`)."""
    fits = [FITS[c] for c in _columns(frame)[1:]]
    return tables(title, *sweep_cells(frame), width, fits)


def sweep_cells(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """Cap shown to one decimal where the range needs it; a column only when it says something."""
    columns = _columns(frame)
    fractional = any(not float(c).is_integer() for c in frame["cap"])
    cap_format = (lambda v: f"{v:,.1f}") if fractional else numbers.count
    headers = [HEADERS[c][0] for c in columns]
    rows = []
    for record in frame.to_dict("records"):
        cells = []
        for c in columns:
            value = _value(record[c])
            formatter = cap_format if c == "cap" else HEADERS[c][1]
            cells.append(numbers.NOT_SHOWN if value is None else formatter(value))
        rows.append(cells)
    return headers, rows


def sweep_markdown(title: str, frame: pd.DataFrame) -> str:
    headers, rows = sweep_cells(frame)
    lines = [f"## {markdown_text(title)}", "", *markdown_table(headers, rows, label_column=False)]
    return "\n".join(lines) + "\n"


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
