"""The workbook's Years sheets, headed in words: the horizon's plan year by year and locality by
locality. The optimiser's choices (the establishment, recruits, posts removed, moves) are shaded as its
decisions; each year's total row adds its localities by formula wherever the years' figure is that sum,
the Years sheet refers to those totals, and its own total row adds the flows up by formula."""

from __future__ import annotations

import math

from optimiser.planning.results import LOCALITY_COLUMNS, YEAR_COLUMNS, HorizonPlan
from optimiser.render.workbook import COUNT, MONEY, WTE, WTE_IN_POST, Decision, Sheet
from optimiser.render.workbook_cells import Expr, cell, span, sum_of
from optimiser.render.years_words import ordered_localities

HEADERS = {
    "start_wte": "WTE at the\nstart of\nthe year",
    "leavers": "Leavers\n(WTE)",
    "recruits": "Recruits\n(WTE)",
    "removed": "Posts\nremoved\n(WTE)",
    "moved": "Moved between\nlocalities\n(WTE)",
    "moved_in": "Moved in\n(WTE)",
    "moved_out": "Moved out\n(WTE)",
    "planned_wte": "Establishment\nat the end\n(WTE)",
    "change_wte": "Change in\nthe year\n(WTE)",
    "weighted_caseload": "Weighted\ncaseload",
    "required_wte": "Required\nfor the cap\n(WTE)",
    "load_per_wte": "Load\nper WTE",
    "worst_load_per_wte": "Worst load\nper WTE",
    "cost": "Full-year\ncost\n(£ a year)",
    "full_year_cost": "Full-year\ncost\n(£ a year)",
    "in_year_cost": "Cost in\nthe year\n(£)",
    "change_in_year": "Change in\ncost, in\nthe year (£)",
    "change_full_year": "Change in\ncost, full\nyear (£ a year)",
    "budget": "Budget\n(£ a year)",
    "one_off_cost": "One-off\ncost (£)",
}
"""Each column's header in words; a column not named here is headed by its key in words."""
FORMATS = {
    "start_wte": WTE_IN_POST,
    "weighted_caseload": COUNT,
    "load_per_wte": COUNT,
    "worst_load_per_wte": COUNT,
    "cost": MONEY,
    "full_year_cost": MONEY,
    "in_year_cost": MONEY,
    "change_in_year": MONEY,
    "change_full_year": MONEY,
    "budget": MONEY,
    "one_off_cost": MONEY,
}
DECIDED = ("recruits", "removed", "moved", "moved_in", "moved_out", "planned_wte")
"""The optimiser's choices, year by year."""
FLOWS = ("leavers", "recruits", "removed", "moved", "change_wte", "in_year_cost", "change_in_year",
         "change_full_year", "one_off_cost")  # fmt: skip
"""Per-year figures that add up over the horizon (the Years sheet's total row)."""
FOR_YEAR = {"moved_in": "moved", "moved_out": "moved", "cost": "full_year_cost"}
"""A locality column whose year total is another of the year's figures."""
SAME = 1e-9


def header(key: str) -> str:
    return HEADERS.get(key, key.replace("_", " ").capitalize())


def _format(key: str) -> str:
    return FORMATS.get(key, WTE)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=SAME, abs_tol=SAME)


def _shaded(key: str, value: float) -> object:
    return Decision(value) if key in DECIDED else value


def locality_sheet(horizon: HorizonPlan) -> tuple[Sheet, dict[str, int]]:
    """One row per year and locality, each year closed by its total (a SUM where the year's figure
    is the sum of its localities'); and the row of each year's total."""
    result = horizon.result
    t, by_year = result.localities, result.by_year
    rows: list[list[object]] = []
    totals: dict[str, int] = {}
    for year in result.years:
        first = len(rows)
        for loc in ordered_localities(result):
            rows.append([year, loc, *(_shaded(c, float(t.loc[(loc, year), c])) for c in LOCALITY_COLUMNS)])
        totals[year] = len(rows)
        total: list[object] = [year, "Total"]
        for j, c in enumerate(LOCALITY_COLUMNS, start=2):
            stated = float(by_year.loc[year, FOR_YEAR.get(c, c)])
            values = [float(t.loc[(loc, year), c]) for loc in ordered_localities(result)]
            added = sum_of(span(None, first + 1, len(rows), j, values))
            total.append(added if _close(float(added.value), stated) else stated)  # type: ignore[arg-type]
        rows.append(total)
    sheet = Sheet(
        "Years by locality",
        ["Year", "Locality", *(header(c) for c in LOCALITY_COLUMNS)],
        rows,
        [None, None, *(_format(c) for c in LOCALITY_COLUMNS)],
        bold_rows=tuple(totals.values()),
    )
    return sheet, totals


def years_sheet(horizon: HorizonPlan, localities: Sheet, totals: dict[str, int]) -> Sheet:
    """One row per year (referring to the year's total on the locality sheet where it is the same
    figure), then the horizon's total of each flow (a SUM)."""
    result = horizon.result
    t = result.by_year
    where = {
        FOR_YEAR.get(c, c): j for j, c in enumerate(LOCALITY_COLUMNS, start=2) if c not in ("moved_out",)
    }
    rows: list[list[object]] = []
    for year in result.years:
        row: list[object] = [year]
        for key in YEAR_COLUMNS:
            value = float(t.loc[year, key])
            j = where.get(key)
            found = localities.rows[totals[year]][j] if j is not None else None
            shown = found.value if isinstance(found, Expr) else found
            if j is not None and isinstance(shown, float) and _close(shown, value):
                row.append(Expr(f"'Years by locality'!{cell(None, totals[year] + 1, j, value).text}", value))
            else:
                row.append(_shaded(key, value))
        rows.append(row)
    last = len(rows)
    total: list[object] = ["Total"]
    for j, key in enumerate(YEAR_COLUMNS, start=1):
        values = [float(t.loc[y, key]) for y in result.years]
        total.append(sum_of(span(None, 1, last, j, values)) if key in FLOWS else None)
    rows.append(total)
    return Sheet(
        "Years",
        ["Year", *(header(c) for c in YEAR_COLUMNS)],
        rows,
        [None, *(_format(c) for c in YEAR_COLUMNS)],
        True,
    )
