"""The horizon pipeline: prepare, optimise over the years, check stock and flow, and lay out the result."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from optimiser.errors import InfeasibleError, SolverError
from optimiser.inputs.objective import Objective
from optimiser.lp.check import TOLERANCE
from optimiser.lp.objectives import NO_COVER
from optimiser.lp.status import SolverChoice, SolveStatus
from optimiser.lp.years import KINDS, RECRUITS, WTE, YearsData, flows, start_array, year_theta
from optimiser.lp.years_objectives import Breach, YearsOutcome, optimise_years, relax
from optimiser.planning.results import YearsResult
from optimiser.planning.years_check import check_years
from optimiser.planning.years_data import YearsPrepared, prepare_years

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.data import Key, Row


def plan_years(scenario_path: Path, solver: SolverChoice = SolverChoice.AUTO) -> YearsResult:
    """Plan every year of the scenario's horizon, check it, and lay it out by locality and year."""
    prepared = prepare_years(scenario_path)
    return plan_prepared(prepared, solver)


def plan_prepared(prepared: YearsPrepared, solver: SolverChoice = SolverChoice.AUTO) -> YearsResult:
    d, objective = prepared.data, prepared.inputs.scenario.objective
    outcome = optimise_years(d, objective, solver)
    if outcome.solution.status is SolveStatus.INFEASIBLE:
        raise diagnose(d, objective, solver)
    if not outcome.solution.status.is_ok:
        raise SolverError(
            f"The {outcome.solution.solver} solver returned '{outcome.solution.status}' "
            "for a problem that should solve."
        )
    values = outcome.solution.values
    laid = flows(d, values)  # laid out once for the tables, the sums and the check
    localities = locality_frame(d, laid)
    by_year = year_frame(d, localities)
    totals = {
        f"{y} {c}": float(by_year.loc[y, c])
        for y in d.years
        for c in ("planned_wte", "recruits", "full_year_cost")
    }
    sums = _direct_sums(d, laid)
    x = outcome.solution.x
    held = (outcome.blocks, x) if outcome.blocks and x is not None else None
    check_years(d, outcome.rows, values, totals, sums, held, laid)
    inputs = prepared.inputs
    return YearsResult(
        scenario=inputs.scenario.name,
        description=inputs.scenario.description,
        objective=str(objective),
        status=outcome.solution.status,
        solver=outcome.solution.solver,
        years=d.years,
        cap=d.base.cap,
        case_unit=d.base.case_unit,
        staff_title=inputs.model.staff_title,
        leaver_rate=d.leaver_rate,
        first_year_share=d.first_year_share,
        today_cost=d.today_cost(),
        localities=localities,
        by_year=by_year,
        binding=_binding(outcome, values),
        theta=_covered(outcome.theta),
        year_theta=tuple(_covered(values.get(year_theta(y), 0.0)) or 0.0 for y in d.years)
        if outcome.theta is not None
        else (),
        assumptions=_assumptions(prepared),
        paths=inputs.paths,
    )


NO_STAFF = 1e-6
"""Planned WTE this small is none (the plan check's tolerance): load per WTE is not defined there, as
in `plan`, rather than a huge or zero figure from the solver's last digits."""


def _covered(theta: float | None) -> float | None:
    """A coverage ratio, or 0 when it is within the solver's tolerance of none (NO_COVER, as `plan`
    reads it): the budget buys no staff where there are cases, so there is no cap to quote."""
    return None if theta is None else (theta if theta > NO_COVER else 0.0)


def locality_frame(d: YearsData, values: Mapping[Key, float] | np.ndarray) -> pd.DataFrame:
    """One row per locality and year: start, flows, planned WTE, caseload and load, full-year cost,
    whole arrays at a time (a figure the solver left a hair below 0 counts as 0).

    Load per WTE is weighted caseload / planned WTE, as `plan` shows it; `cover_load` is weighted
    caseload / capacity-weighted WTE (each grade's capacity, less non-clinical time and headroom),
    the figure the cap applies to, which says whether a year meets the cap."""
    shown = np.maximum(flows(d, values), 0.0)
    wte = shown[KINDS.index(WTE)]
    planned = wte.sum(axis=-1)
    start = np.concatenate([start_array(d).sum(axis=-1)[None, :], planned[:-1]])
    weighted = np.array([[d.weighted[y][loc] for loc in d.localities] for y in d.years], dtype=float)
    capacity = (wte * np.array([g.capacity for g in d.grades])).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        columns = {
            "start_wte": start,
            "leavers": d.leaver_rate * start,
            **{kind.replace(" ", "_"): shown[KINDS.index(kind)].sum(axis=-1) for kind in KINDS[1:]},
            "planned_wte": planned,
            "weighted_caseload": weighted,
            "required_wte": weighted / (d.base.cap * d.grades[0].capacity),
            "load_per_wte": np.where(planned > NO_STAFF, weighted / planned, np.nan),
            "cost": (wte * np.array([g.cost_per_wte for g in d.grades])).sum(axis=-1),
            "cover_load": np.where(capacity > 0, weighted / capacity, np.nan),
        }
    n, years = len(d.localities), list(d.years)
    index = pd.MultiIndex.from_arrays(
        [list(d.localities) * len(years), [y for y in years for _ in range(n)]], names=["locality", "year"]
    )
    return pd.DataFrame({k: np.asarray(v, dtype=float).ravel() for k, v in columns.items()}, index=index)


def year_frame(d: YearsData, table: pd.DataFrame) -> pd.DataFrame:
    """One row per year: totals, worst load, and the part-year and full-year cost of the change."""
    records = []
    previous_full = d.today_cost()
    for i, year in enumerate(d.years):
        rows = table.xs(year, level="year")
        full = float(rows["cost"].sum())
        change = full - previous_full
        share = d.share(i)
        one_off = d.recruitment_cost * float(rows["recruits"].sum()) + d.removal_cost * float(
            rows["removed"].sum()
        )
        planned = float(rows["planned_wte"].sum())
        weighted = float(rows["weighted_caseload"].sum())
        records.append(
            {
                "year": year,
                "start_wte": float(rows["start_wte"].sum()),
                "leavers": float(rows["leavers"].sum()),
                "recruits": float(rows["recruits"].sum()),
                "removed": float(rows["removed"].sum()),
                "moved": float(rows["moved_in"].sum()),
                "planned_wte": planned,
                "change_wte": planned - float(rows["start_wte"].sum()),
                "weighted_caseload": weighted,
                "required_wte": float(rows["required_wte"].sum()),
                "load_per_wte": weighted / planned if planned > NO_STAFF else float("nan"),
                "worst_load_per_wte": float(rows["load_per_wte"].max()),
                "worst_cover_load": float(rows["cover_load"].max()),
                "full_year_cost": full,
                "in_year_cost": previous_full + share * change,
                "change_in_year": share * change,
                "change_full_year": change,
                "budget": d.budgets[i] if d.budgets[i] is not None else float("nan"),
                "one_off_cost": one_off,
            }
        )
        previous_full = full
    return pd.DataFrame.from_records(records).set_index("year")


def _direct_sums(d: YearsData, values: Mapping[Key, float] | np.ndarray) -> dict[str, float]:
    """The same totals straight from the solver's values, added all at once (not locality by
    locality as the tables are), to check the tables' arithmetic."""
    shown = np.maximum(flows(d, values), 0.0)
    wte, recruits = shown[KINDS.index(WTE)], shown[KINDS.index(RECRUITS)]
    costs = np.array([g.cost_per_wte for g in d.grades])
    sums = {}
    for i, year in enumerate(d.years):
        sums[f"{year} planned_wte"] = math.fsum(wte[i].ravel().tolist())
        sums[f"{year} recruits"] = math.fsum(recruits[i].ravel().tolist())
        sums[f"{year} full_year_cost"] = math.fsum((wte[i] * costs).ravel().tolist())
    return sums


BINDING = TOLERANCE * 10
"""A limit is binding when its slack is within this share of max(1, |right-hand side|)."""


def _binding(outcome: YearsOutcome, values: Mapping[Key, float]) -> tuple[str, ...]:
    """The limits the plan holds exactly, by arrays over the solver's blocks; the few rows within a
    thousandth of the threshold are decided by their words, as row by row."""
    x = outcome.solution.x
    if not outcome.blocks or x is None:
        return tuple(r.name for r in outcome.rows if r.limit and _held(r, values))
    found: list[str] = []
    for block in outcome.blocks:
        if not block.limit:
            continue
        limit = BINDING * np.maximum(1.0, np.abs(block.rhs))
        size = np.abs(block.slack(x))
        held = size <= limit
        close = np.flatnonzero(np.abs(size - limit) <= 1e-3 * limit)
        if len(close):
            held[close] = [_held(row, values) for row in block.rows(close)]
        found += block.names(np.flatnonzero(held))
    return tuple(found)


def _held(row: Row, values: Mapping[Key, float]) -> bool:
    return abs(row.slack(values)) <= BINDING * max(1.0, abs(row.rhs))


def _assumptions(prepared: YearsPrepared) -> tuple[tuple[str, str], ...]:
    """The horizon's figures with their sources (the scenario's `sources`, keyed by horizon key)."""
    h, inputs = prepared.horizon, prepared.inputs
    found = [
        ("years", "Years", ", ".join(h.years)),
        ("leaver_rate", "Leaver rate", f"{h.leaver_rate:.1%} of WTE in post at the start of each year"),
    ]
    found += _caseload_sources(prepared)
    if h.budgets is not None:
        shown = ", ".join(str(b) if isinstance(b, str) else f"£{b:,.0f}" for b in h.budgets)
        found.append(
            ("budgets", "Budgets", shown + " (a % is a change from the year before; the first from today)")
        )
    if h.max_recruits_per_year is not None:
        found.append(
            ("max_recruits_per_year", "Recruitment limit", f"{h.max_recruits_per_year:g} WTE a year")
        )
    if h.max_recruits_per_locality is not None:
        found.append(
            (
                "max_recruits_per_locality",
                "Recruitment limit per locality",
                f"{h.max_recruits_per_locality:g} WTE a year",
            )
        )
    if h.start_month is not None:
        found.append(
            ("start_month", "First year's changes in force", f"{h.first_year_share():.0%} of the year")
        )
    found.append(("cost_per_wte", "Cost per WTE", f"£{inputs.cost_per_wte:,.0f} a year"))
    return tuple(
        (label, value + (f" (source: {inputs.source_of(key)})" if inputs.source_of(key) else ""))
        for key, label, value in found
    )


def _caseload_sources(prepared: YearsPrepared) -> list[tuple[str, str, str]]:
    """Where each year's caseloads came from, as planned: the `caseload:<year>` columns where they
    give a figure, the growth for the other locality-years (said to apply to none when it does not)."""
    h = prepared.horizon
    if h.caseload_growth_column:
        growth = f"locality column '{h.caseload_growth_column}'"
    else:
        growth = f"{h.caseload_growth:+.1%} a year" if h.caseload_growth is not None else ""
    if not prepared.caseload_columns:
        return [("caseload_growth", "Caseload growth", growth)] if growth else []
    named = ", ".join(f"'{c}'" for c in prepared.caseload_columns)
    if not growth:
        rest = "a blank cell, or a year without a column: the locality file's caseload"
        return [("localities", "Caseload by year", f"the locality file's columns {named} ({rest})")]
    if prepared.grown == 0:
        said = (
            f"the locality file's columns {named} in every later year; the growth ({growth}) applies to none"
        )
    else:
        said = (
            f"the locality file's columns {named} where they give a figure; the other {prepared.grown:,} "
            f"locality-years grown from the locality file's caseload by {growth}, compounded"
        )
    return [("caseload_growth", "Caseload by year", said)]


def diagnose(d: YearsData, objective: Objective, solver: SolverChoice) -> InfeasibleError:
    """Name the year and the limit that breaks the horizon, with the figure it would need."""
    breaches = relax(d, objective, solver) or []
    if not breaches:
        return InfeasibleError(
            "The horizon cannot be planned, and no single limit explains why; check the floors and ceilings.",
            {"breaches": []},
        )
    goal = "meeting the cap" if objective is Objective.MIN_COST else "keeping every limit"
    lines = [describe_breach(d, b, goal) for b in breaches[:5]]
    more = f" (and {len(breaches) - 5} more)" if len(breaches) > 5 else ""
    figures = {
        "breaches": [
            {"year": b.row.year, "constraint": b.row.name, "needs": b.needs, "limit": b.row.rhs}
            for b in breaches
        ]
    }
    return InfeasibleError("; ".join(lines) + more + ".", figures)


def describe_breach(d: YearsData, breach: Breach, goal: str) -> str:
    """One breach in words, such as "2010/11: meeting the cap needs 9.1 WTE recruited in CHW;
    the recruitment limit is 3.0"."""
    row, year = breach.row, breach.row.year
    place = row.subject[: -len(year) - 1] if row.subject.endswith("," + year) else row.subject
    if row.family == "recruitment":
        where = "across all localities" if place == "total" else f"in {place}"
        return (
            f"{year}: {goal} needs {breach.needs:.1f} WTE recruited {where}; "
            f"the recruitment limit is {row.rhs:.1f}"
        )
    if row.family == "budget":
        budget = d.budgets[d.years.index(year)] or 0.0
        spent = breach.needs + (budget - row.rhs)
        return f"{year}: {goal} costs £{spent:,.0f} in the year; the budget is £{budget:,.0f}"
    if row.family == "ceiling":
        return f"{year}: {goal} needs {breach.needs:.1f} WTE in {place}; its ceiling is {row.rhs:.1f}"
    return f"{year}: {row.meaning}, but {goal} allows only {breach.needs:.2f} against {row.rhs:.2f}"
