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
from optimiser.render.machine import number, safe_cell
from optimiser.render.mdtable import markdown_table
from optimiser.render.numbers import count, missing, money, signed_money, signed_wte, wte

MEETS = 1e-6
"""A year meets the cap when its worst load is within this share of it (solver tolerance)."""


def ordered_localities(result: YearsResult) -> list[str]:
    """Localities in the file's order (the frame's index keeps it)."""
    return list(dict.fromkeys(result.localities.index.get_level_values("locality")))


_order = ordered_localities


def year_cells(result: YearsResult) -> tuple[list[str], list[list[str]]]:
    """Rows are measures, columns are years: start, leavers, recruits, ... cost of the change."""
    t = result.by_year
    part = result.first_year_share < 1
    lines: list[tuple[str, Any]] = [
        ("In post at start (WTE)", lambda y: wte(t.loc[y, "start_wte"], 2)),
        ("Leavers (WTE)", lambda y: wte(t.loc[y, "leavers"])),
        ("Recruits (WTE)", lambda y: wte(t.loc[y, "recruits"])),
        ("Posts removed (WTE)", lambda y: wte(t.loc[y, "removed"])),
        ("Moved between localities (WTE)", lambda y: wte(t.loc[y, "moved"])),
        ("Establishment (WTE)", lambda y: wte(t.loc[y, "planned_wte"])),
        ("Change (WTE)", lambda y: signed_wte(t.loc[y, "change_wte"])),
        (f"Weighted caseload ({result.case_unit})", lambda y: count(t.loc[y, "weighted_caseload"])),
        (f"Required for cap {result.cap:g} (WTE)", lambda y: wte(t.loc[y, "required_wte"])),
        ("Average load per WTE", lambda y: count(t.loc[y, "load_per_wte"])),
        ("Worst load per WTE", lambda y: count(t.loc[y, "worst_load_per_wte"])),
        ("Cost in the year (£)", lambda y: money(t.loc[y, "in_year_cost"])),
        ("Full-year cost (£)", lambda y: money(t.loc[y, "full_year_cost"])),
        (
            "Change, in-year effect (£)" if part else "Change, cost in the year (£)",
            lambda y: signed_money(t.loc[y, "change_in_year"]),
        ),
        ("Change, full-year effect (£)", lambda y: signed_money(t.loc[y, "change_full_year"])),
        ("Budget (£)", lambda y: money(t.loc[y, "budget"]) if not missing(t.loc[y, "budget"]) else "none"),
    ]
    if float(t["one_off_cost"].sum()) > 0:
        lines.append(("One-off cost (£)", lambda y: money(t.loc[y, "one_off_cost"])))
    return ["", *result.years], [[label, *(cell(y) for y in result.years)] for label, cell in lines]


def trajectory_cells(result: YearsResult, column: str = "planned_wte") -> tuple[list[str], list[list[str]]]:
    """Rows are localities, columns are today then each year: planned WTE (or load per WTE)."""
    table = result.localities[column].unstack("year")
    show = count if column == "load_per_wte" else wte
    rows = []
    for loc in _order(result):
        now = result.localities.loc[(loc, result.years[0]), "start_wte"]
        today = wte(now, 2) if column == "planned_wte" else _load_now(result, loc)
        rows.append([loc, today, *(show(table.loc[loc, y]) for y in result.years)])
    return ["Locality", "Today", *result.years], rows


def _load_now(result: YearsResult, loc: str) -> str:
    row = result.localities.loc[(loc, result.years[0])]
    return count(row["weighted_caseload"] / row["start_wte"]) if row["start_wte"] > 0 else count(None)


def locality_year_cells(result: YearsResult, year: str) -> tuple[list[str], list[list[str]]]:
    """One year's table: per locality, start, leavers, recruits, removed, moves, establishment, load."""
    headers = [
        "Locality",
        "Start (WTE)",
        "Leavers",
        "Recruits",
        "Removed",
        "Moved in",
        "Moved out",
        "Establishment (WTE)",
        "Load per WTE",
    ]
    rows = []
    for loc in _order(result):
        r = result.localities.loc[(loc, year)]
        rows.append(
            [
                loc,
                wte(r["start_wte"], 2),
                wte(r["leavers"]),
                wte(r["recruits"]),
                wte(r["removed"]),
                wte(r["moved_in"]),
                wte(r["moved_out"]),
                wte(r["planned_wte"]),
                count(r["load_per_wte"]),
            ]
        )
    return headers, rows


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


def year_sentences(result: YearsResult) -> list[str]:
    """The trajectory in words: when the cap is reached, the worst year and what its budget holds."""
    t, cap = result.by_year, result.cap
    worst = {y: float(t.loc[y, "worst_load_per_wte"]) for y in result.years}
    meeting = [y for y in result.years if worst[y] <= cap * (1 + MEETS)]
    said = []
    if len(meeting) == len(result.years):
        said.append(f"The cap of {cap:g} is met in every year, {result.years[0]} to {result.years[-1]}.")
    elif meeting:
        said.append(f"The cap of {cap:g} is reached in {meeting[0]}.")
    else:
        said.append(f"The cap of {cap:g} is not reached in any year to {result.years[-1]}.")
    if result.theta is not None:
        worst_year = max(result.years, key=lambda y: worst[y])
        said.append(
            f"The best worst-year cap within the budgets is {result.best_cap:,.1f} "
            f"{result.case_unit} per WTE "
            f"({worst_year} is the worst year)."
        )
        for y, theta in zip(result.years, result.year_theta, strict=True):
            if theta < 1 - MEETS and theta > 0:
                said.append(f"{y}'s budget and limits hold {cap / theta:,.0f} at best.")
    first, last = result.years[0], result.years[-1]
    said.append(
        f"The establishment goes from {t.loc[first, 'start_wte']:,.2f} WTE in post to "
        f"{t.loc[last, 'planned_wte']:,.1f} in {last}, with {t['recruits'].sum():,.1f} WTE recruited and "
        f"{t['leavers'].sum():,.1f} leaving ({result.leaver_rate:.0%} a year)."
    )
    change = t.loc[first, "change_full_year"]
    if result.first_year_share < 1:
        said.append(
            f"{first}'s change costs {signed_money(t.loc[first, 'change_in_year'])} in the year "
            f"(in force for {result.first_year_share:.0%} of it) and {signed_money(change)} in a full year."
        )
    costs = ", ".join(f"{y} {money(t.loc[y, 'in_year_cost'])}" for y in result.years)
    said.append(f"Cost in the year: {costs}.")
    if result.binding:
        shown = ", ".join(result.binding[:8]) + (
            f" and {len(result.binding) - 8} more" if len(result.binding) > 8 else ""
        )
        said.append(f"Binding constraints: {shown}.")
    return said


def years_sheet_rows(result: YearsResult) -> list[list[Any]]:
    """A workbook sheet: header then one row per locality and year, numbers as numbers (unrounded)."""
    header = ["locality", "year", *LOCALITY_COLUMNS]
    rows: list[list[Any]] = [header]
    for loc in _order(result):
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
            for loc in _order(result)
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
