"""Renderers for a horizon plan: the year table, the trajectory, sentences, chart, JSON, CSV, markdown.

Every function is pure: the same result gives the same text or bytes, so the integrator can put
them in the workbook (`years_sheet_rows`) and the board paper (`years_markdown_section`).
"""

import csv
import io
from typing import Any

from rich.console import Group, RenderableType

from optimiser.planning.results import LOCALITY_COLUMNS, YEAR_COLUMNS, YearsResult
from optimiser.render.console import tables, text
from optimiser.render.fit import Fit
from optimiser.render.machine import number
from optimiser.render.mdtable import markdown_table
from optimiser.render.text import safe_cell
from optimiser.render.years_words import (
    locality_year_cells,
    ordered_localities,
    trajectory_cells,
    year_cells,
    year_sentences,
)

YEAR_FITS = [
    Fit("Start\n(WTE)", 3),
    Fit("Leavers", 2),
    Fit("Recruits", 1),
    Fit("Removed", 4),
    Fit("Moved\nin", 5),
    Fit("Moved\nout", 5),
    Fit("Planned\n(WTE)", 0),
    Fit("Load\nper WTE", 0),
]
"""A year's locality table on a narrow terminal (in `locality_year_cells`' order): the establishment
and the load it leaves always; then recruits, leavers and the start (how it gets there); then posts
removed and moves between localities."""


def years_tables(result: YearsResult, width: int | None = None) -> Group:
    """The horizon for the terminal: the year table, the trajectories, each year's localities, the
    sentences and assumptions. `width`: fit a terminal this wide (years split over several tables,
    a year's secondary columns left out, see `YEAR_FITS`)."""
    parts: list[RenderableType] = [*tables(result.scenario, *year_cells(result), width)]
    parts += tables("Establishment by locality (WTE)", *trajectory_cells(result), width)
    parts += tables("Load per WTE by locality", *trajectory_cells(result, "load_per_wte"), width)
    for year in result.years:
        parts += tables(year, *locality_year_cells(result, year), width, YEAR_FITS)
    parts += [text(s) for s in year_sentences(result)]
    parts.append(
        text(f"Status: {result.status} ({result.solver}); objective: {result.objective}.", style="dim")
    )
    parts.append(text("Assumptions:", style="bold"))
    parts += [text(f"  {label}: {value}") for label, value in result.assumptions]
    return Group(*parts)


def years_sheet_rows(result: YearsResult) -> list[list[Any]]:
    """A workbook sheet: header then one row per locality and year, numbers as numbers (unrounded)."""
    header = ["locality", "year", *LOCALITY_COLUMNS]
    rows: list[list[Any]] = [header]
    for loc in ordered_localities(result):
        for year in result.years:
            r = result.localities.loc[(loc, year)]
            rows.append([loc, year, *(number(r[c]) for c in LOCALITY_COLUMNS)])
    return rows


def years_markdown_section(result: YearsResult, level: int = 2) -> str:
    """The horizon as a board-paper section: the year table, the trajectory, the sentences."""
    hashes = "#" * level
    lines = [f"{hashes} {result.scenario}", ""]
    headers, rows = year_cells(result)
    lines += markdown_table(headers, rows)
    lines += ["", f"{hashes}# Establishment by locality (WTE)", ""]
    lines += markdown_table(*trajectory_cells(result))
    lines += ["", f"{hashes}# Load per WTE by locality", ""]
    lines += markdown_table(*trajectory_cells(result, "load_per_wte"))
    for year in result.years:
        lines += ["", f"{hashes}# {year}", ""]
        lines += markdown_table(*locality_year_cells(result, year))
    lines += ["", *(f"- {s}" for s in year_sentences(result)), "", "Assumptions:", ""]
    lines += [f"- {label}: {value}" for label, value in result.assumptions]
    return "\n".join(lines) + "\n"


def years_dict(result: YearsResult) -> dict[str, Any]:
    """Machine-readable: per year and per locality-year, numbers unrounded."""
    return {
        "scenario": result.scenario,
        "status": str(result.status),
        "solver": result.solver,
        "objective": result.objective,
        "cap": result.cap,
        "case_unit": result.case_unit,
        "years": list(result.years),
        "leaver_rate": result.leaver_rate,
        "first_year_share": result.first_year_share,
        "today_cost": result.today_cost,
        "theta": result.theta,
        "best_worst_year_cap": result.best_cap,
        "year_theta": list(result.year_theta) or None,
        "by_year": [
            {"year": y, **{c: number(result.by_year.loc[y, c]) for c in YEAR_COLUMNS}} for y in result.years
        ],
        "localities": [
            {
                "locality": loc,
                "year": y,
                **{c: number(result.localities.loc[(loc, y), c]) for c in LOCALITY_COLUMNS},
            }
            for loc in ordered_localities(result)
            for y in result.years
        ],
        "binding": list(result.binding),
        "sentences": year_sentences(result),
        "assumptions": [{"label": label, "value": value} for label, value in result.assumptions],
    }


def years_csv(result: YearsResult) -> str:
    """One row per locality and year, numbers unrounded, text cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in years_sheet_rows(result):
        writer.writerow([safe_cell(v) if isinstance(v, str) else ("" if v is None else repr(v)) for v in row])
    return buffer.getvalue()
