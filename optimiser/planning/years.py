"""The horizon pipeline: prepare, optimise over the years, check stock and flow, and lay out the result."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from optimiser.errors import InfeasibleError, SolverError
from optimiser.inputs.objective import Objective
from optimiser.lp.check import TOLERANCE
from optimiser.lp.objectives import NO_COVER
from optimiser.lp.status import SolverChoice, SolveStatus
from optimiser.lp.years import YearsData, year_theta
from optimiser.lp.years_objectives import Breach, YearsOutcome, optimise_years, relax
from optimiser.planning.results import YearsResult
from optimiser.planning.years_check import check_years
from optimiser.planning.years_data import YearsPrepared, prepare_years
from optimiser.planning.years_figures import direct_sums, locality_frame, shown, start_totals, year_frame

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.data import Key, Row


def plan_years(scenario_path: Path, solver: SolverChoice = SolverChoice.AUTO) -> YearsResult:
    """Plan every year of the scenario's horizon, check it, and lay it out by locality and year."""
    prepared = prepare_years(scenario_path)
    return plan_prepared(prepared, solver)


def plan_prepared(prepared: YearsPrepared, solver: SolverChoice = SolverChoice.AUTO) -> YearsResult:
    d, objective, inputs = prepared.data, prepared.inputs.scenario.objective, prepared.inputs
    outcome = optimise_years(d, objective, solver)
    if outcome.solution.status is SolveStatus.INFEASIBLE:
        raise diagnose(d, objective, solver)
    if not outcome.solution.status.is_ok or outcome.solution.x is None:
        raise SolverError(
            f"The {outcome.solution.solver} solver returned '{outcome.solution.status}' "
            "for a problem that should solve."
        )
    laid = shown(inputs, d, outcome)  # cleaned and laid out once for the tables, the sums and the check
    localities = locality_frame(d, laid, start_totals(inputs, d)[0])
    by_year = year_frame(d, localities)
    totals = {
        f"{y} {c}": float(by_year.loc[y, c])
        for y in d.years
        for c in ("planned_wte", "recruits", "full_year_cost")
    }
    check_years(d, outcome.blocks, outcome.solution.x, laid, totals, direct_sums(d, laid))
    values = outcome.solution.values
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


def _covered(theta: float | None) -> float | None:
    """A coverage ratio, or 0 when it is within the solver's tolerance of none (NO_COVER, as `plan`
    reads it): the budget buys no staff where there are cases, so there is no cap to quote."""
    return None if theta is None else (theta if theta > NO_COVER else 0.0)


BINDING = TOLERANCE * 10
"""A limit is binding when its slack is within this share of max(1, |right-hand side|)."""


def _binding(outcome: YearsOutcome, values: Mapping[Key, float]) -> tuple[str, ...]:
    """The limits the plan holds exactly, by arrays over the solver's blocks; the few rows within a
    thousandth of the threshold are decided by their words, as row by row."""
    x = outcome.solution.x
    assert x is not None
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
