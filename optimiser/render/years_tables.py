"""Renderers for a horizon plan: the year table, the trajectory, sentences, chart, JSON, CSV, markdown.

Every function is pure: the same result gives the same text or bytes, so the integrator can put
them in the workbook (`years_sheet_rows`) and the board paper (`years_markdown_section`).
"""

import csv
import io
from typing import Any

import pandas as pd
from rich.console import Group, RenderableType

from optimiser.planning.precision import figure, places, rounded_array
from optimiser.planning.results import LOCALITY_COLUMNS, YEAR_COLUMNS, YearsResult
from optimiser.render.console import tables, text
from optimiser.render.fit import Fit
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


def _numbers(values: Any, column: str) -> list[float | None]:
    """A column as number() writes each figure (at its precision: pounds to the penny, other figures to
    1e-9; None where missing), all at once, rounded once from the unrounded figure."""
    rounded = rounded_array(values, places(column))
    return [None if v != v else v for v in rounded.tolist()]  # NaN is the one value not equal to itself


def _by_locality(result: YearsResult) -> tuple[list[str], list[str], dict[str, list[float | None]]]:
    """The locality-year table in the file's locality order, year by year within each locality:
    the localities, the years and each column's figures, whole columns at a time."""
    localities = ordered_localities(result)
    order = pd.MultiIndex.from_product([localities, list(result.years)], names=["locality", "year"])
    table = result.localities.reindex(order)
    columns = {c: _numbers(table[c].to_numpy(dtype=float), c) for c in LOCALITY_COLUMNS}
    names = [loc for loc in localities for _ in result.years]
    return names, list(result.years) * len(localities), columns


def years_sheet_rows(result: YearsResult) -> list[list[Any]]:
    """A workbook sheet: header then one row per locality and year, figures as number() writes them."""
    names, years, columns = _by_locality(result)
    header: list[Any] = ["locality", "year", *LOCALITY_COLUMNS]
    return [header, *(list(row) for row in zip(names, years, *columns.values(), strict=True))]


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
    """Machine-readable: per year and per locality-year, every figure at its precision (rounded once,
    from the unrounded plan: pounds to the penny, other figures to 1e-9), so the JSON is written as it is."""
    scalars = {
        "cap": result.cap,
        "leaver_rate": result.leaver_rate,
        "first_year_share": result.first_year_share,
        "today_cost": result.today_cost,
        "theta": result.theta,
        "best_worst_year_cap": result.best_cap,
    }
    shown = {key: figure(value, places(key)) for key, value in scalars.items()}
    return {
        "scenario": result.scenario,
        "status": str(result.status),
        "solver": result.solver,
        "objective": result.objective,
        "cap": shown["cap"],
        "case_unit": result.case_unit,
        "years": list(result.years),
        **{key: shown[key] for key in ("leaver_rate", "first_year_share", "today_cost", "theta")},
        "best_worst_year_cap": shown["best_worst_year_cap"],
        "year_theta": [figure(t) for t in result.year_theta] or None,
        "by_year": _by_year(result),
        "localities": _locality_records(result),
        "binding": list(result.binding),
        "sentences": year_sentences(result),
        "assumptions": [{"label": label, "value": value} for label, value in result.assumptions],
    }


def _by_year(result: YearsResult) -> list[dict[str, Any]]:
    table = result.by_year.reindex(list(result.years))
    columns = {c: _numbers(table[c].to_numpy(dtype=float), c) for c in YEAR_COLUMNS}
    return [{"year": y, **{c: columns[c][i] for c in YEAR_COLUMNS}} for i, y in enumerate(result.years)]


def _locality_records(result: YearsResult) -> list[dict[str, Any]]:
    names, years, columns = _by_locality(result)
    keys = ("locality", "year", *LOCALITY_COLUMNS)
    return [dict(zip(keys, row, strict=True)) for row in zip(names, years, *columns.values(), strict=True)]


def years_csv(result: YearsResult) -> str:
    """One row per locality and year, figures as number() writes them, text cells neutralised."""
    names, years, columns = _by_locality(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in ("locality", "year", *LOCALITY_COLUMNS)])
    text = [[safe_cell(v) for v in names], [safe_cell(v) for v in years]]
    figures = [["" if v is None else repr(v) for v in column] for column in columns.values()]
    writer.writerows(zip(*text, *figures, strict=True))
    return buffer.getvalue()
