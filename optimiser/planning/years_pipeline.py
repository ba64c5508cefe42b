"""The horizon pipeline: prepare, optimise over the years, check stock and flow, and lay out the
result (its assumptions in words from planning/years_assumptions, a horizon that cannot be planned
explained by planning/years_diagnosis)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from optimiser.errors import SolverError
from optimiser.lp.check import TOLERANCE, binding
from optimiser.lp.objectives import covered
from optimiser.lp.status import SolverChoice, SolveStatus
from optimiser.lp.years_objectives import YearsOutcome, optimise_years
from optimiser.lp.years_rows import year_theta
from optimiser.planning.results import YearsResult
from optimiser.planning.years_assumptions import years_assumptions
from optimiser.planning.years_check import check_years
from optimiser.planning.years_data import YearsPrepared, prepare_years
from optimiser.planning.years_diagnosis import diagnose
from optimiser.planning.years_figures import direct_sums, locality_frame, shown, start_totals, year_frame

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.data import Key


def plan_years(
    scenario_path: Path, solver: SolverChoice = SolverChoice.AUTO, confirmed: bool = False
) -> YearsResult:
    """Plan every year of the scenario's horizon, check it, and lay it out by locality and year;
    `confirmed` (--yes): an implausible budget or cap is meant."""
    prepared = prepare_years(scenario_path, confirmed)
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
        theta=outcome.theta,
        year_theta=tuple(covered(values.get(year_theta(y), 0.0)) for y in d.years)
        if outcome.theta is not None
        else (),
        assumptions=years_assumptions(prepared),
        paths=inputs.paths,
    )


BINDING = TOLERANCE * 10
"""A limit is binding when its slack is within this share of max(1, |right-hand side|)."""


def _binding(outcome: YearsOutcome, values: Mapping[Key, float]) -> tuple[str, ...]:
    """The limits the plan holds exactly, by arrays over the solver's blocks (lp/check.binding)."""
    x = outcome.solution.x
    assert x is not None
    return binding(outcome.blocks, x, values, BINDING)
