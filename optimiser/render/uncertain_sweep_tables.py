"""A confidence sweep as a table, markdown, JSON and CSV: one row per confidence level."""

import csv
import io
from typing import Any

import pandas as pd
from rich.console import Group

from optimiser.planning.precision import places
from optimiser.planning.results import CONFIDENCE_COLUMNS
from optimiser.planning.uncertain_words import level_text, percent
from optimiser.render import numbers
from optimiser.render.console import tables, text
from optimiser.render.fit import Fit
from optimiser.render.machine import number
from optimiser.render.mdtable import markdown_table
from optimiser.render.text import markdown_text, safe_cell

HEADERS = {
    "confidence": ("Confidence", level_text),
    "status": ("Status", str),
    "planned_wte": ("Establishment\n(WTE)", numbers.wte),
    "change_wte": ("Change\n(WTE)", numbers.signed_wte),
    "cost": ("Cost\n(£ a year)", numbers.money),
    "extra_wte": ("Extra over the\ncounted plan\n(WTE)", numbers.signed_wte),
    "extra_cost": ("Extra cost over\nthe counted plan\n(£ a year)", numbers.signed_money),
    "all_within": ("Chance every\nlocality holds\nthe cap", percent),
    "achievable_cap": ("Best cap within\nthe budget", lambda v: f"{v:,.1f}"),
}
FITS = {
    "status": Fit("Status", 0),
    "planned_wte": Fit("Planned\n(WTE)", 0),
    "cost": Fit("Cost\n(£ a year)", 0),
    "all_within": Fit("Chance\nall hold\nthe cap", 0),
    "extra_cost": Fit("Extra cost\n(£ a year)", 1),
    "achievable_cap": Fit("Best\ncap", 1),
    "change_wte": Fit("Change\n(WTE)", 2),
    "extra_wte": Fit("Extra\n(WTE)", 3),
}
"""A confidence sweep on a narrow terminal, after the level: what each level needs, what it costs
and the chance every locality holds the cap are always shown; then what the confidence costs over
the counted plan and the best cap; then the changes in WTE."""


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def _columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in HEADERS if c != "achievable_cap" or frame[c].notna().any()]


def confidence_table(title: str, frame: pd.DataFrame, central: dict, width: int | None) -> Group:
    """The sweep and the plan it is compared with, for the terminal (fitted to `width`, see `FITS`)."""
    fits = [FITS[c] for c in _columns(frame)[1:]]
    return Group(*tables(title, *confidence_cells(frame), width, fits), text(central_sentence(central)))


def confidence_cells(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """Every column but the standard error (in JSON and CSV) and a best cap no row has."""
    columns = _columns(frame)
    rows = [
        [numbers.NOT_SHOWN if _missing(r[c]) else HEADERS[c][1](r[c]) for c in columns]
        for r in frame.to_dict("records")
    ]
    return [HEADERS[c][0] for c in columns], rows


def confidence_markdown(title: str, frame: pd.DataFrame, central: dict) -> str:
    headers, rows = confidence_cells(frame)
    lines = [f"## {markdown_text(title)}", "", *markdown_table(headers, rows, label_column=False), ""]
    lines.append(markdown_text(central_sentence(central), line_start=True))
    return "\n".join(lines) + "\n"


def central_sentence(central: dict) -> str:
    """The plan every level is compared with."""
    if central.get("status") != "planned":
        return "The plan on the counted caseloads could not be made, so no extra cost is shown."
    return (
        f"Compared with the plan on the counted caseloads: {numbers.wte(central['planned_wte'])} WTE, "
        f"{numbers.money(central['cost'])} a year, with a {percent(central['all_within'])} chance that "
        "every locality holds the cap at once."
    )


def _clean(record: dict) -> dict:
    """Numbers at their documented precision: pounds to the penny, the rest to 1e-9."""
    return {
        k: v if isinstance(v, str) else number(None if _missing(v) else v, places(k))
        for k, v in record.items()
    }


def confidence_dict(title: str, frame: pd.DataFrame, central: dict) -> dict[str, Any]:
    return {
        "scenario": title,
        "central": _clean(
            {
                k: central.get(k)
                for k in CONFIDENCE_COLUMNS
                if k not in ("confidence", "extra_wte", "extra_cost")
            }
        ),
        "points": [_clean(r) for r in frame.to_dict("records")],
    }


def confidence_csv(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for record in frame.to_dict("records"):
        cells = [
            "" if v is None else safe_cell(v) if isinstance(v, str) else repr(v)
            for v in _clean(record).values()
        ]
        writer.writerow(cells)
    return buffer.getvalue()
