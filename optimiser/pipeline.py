"""One direction, no back and forth: load, weight, build, solve, check."""

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.build import build_min_cost
from optimiser.check import check_plan
from optimiser.constraints import LpData, all_rows
from optimiser.errors import InfeasibleError, SolverError
from optimiser.inputs import Inputs, load_inputs
from optimiser.plan import Plan, make_plan
from optimiser.solve import SolverChoice, SolveStatus, solve
from optimiser.weighting import weighted_caseload


@dataclass(frozen=True)
class Prepared:
    """Validated, weighted inputs ready to build, shared by `plan` and `explain`."""

    inputs: Inputs
    audit: pd.DataFrame
    data: LpData


def prepare(scenario_path: Path, overrides: dict[str, Any] | None = None) -> Prepared:
    inputs = load_inputs(scenario_path, overrides)
    audit = weighted_caseload(inputs.model, inputs.localities)
    return Prepared(inputs, audit, LpData.from_inputs(inputs, audit))


def plan_scenario(prepared: Prepared, solver: SolverChoice = SolverChoice.AUTO) -> Plan:
    """Plan at least cost; raise InfeasibleError with figures when the cap cannot be met."""
    data = prepared.data
    rows = all_rows(data)
    solution = solve(build_min_cost(data, rows), solver)
    if solution.status is SolveStatus.INFEASIBLE:
        raise _diagnose(prepared, solver)
    if not solution.status.is_ok:
        raise SolverError(
            f"The {solution.solver} solver returned '{solution.status}' for a problem that should solve."
        )
    plan = make_plan(prepared.inputs, data, rows, solution)
    check_plan(plan, rows, solution.values)
    return plan


def _diagnose(prepared: Prepared, solver: SolverChoice) -> InfeasibleError:
    """Say which limit cannot be met, and by how much."""
    d = prepared.data
    unit = d.case_unit
    capacity = max(g.capacity for g in d.grades)
    short = {
        loc: d.weighted[loc] / (d.cap * capacity)
        for loc in d.localities
        if loc in d.ceilings and d.ceilings[loc] * d.cap * capacity < d.weighted[loc] * (1 - 1e-9)
    }
    if short:
        lines = [
            f"{loc}: its ceiling of {d.ceilings[loc]:g} WTE holds {d.ceilings[loc] * d.cap * capacity:,.0f} "
            f"weighted {unit} at a cap of {d.cap:g}, but it has {d.weighted[loc]:,.0f}; "
            f"it needs {need:.1f} WTE"
            for loc, need in short.items()
        ]
        figures = {
            "reason": "ceiling",
            "cap": d.cap,
            "localities": [
                {"name": loc, "ceiling_wte": d.ceilings[loc], "required_wte": need}
                for loc, need in short.items()
            ],
        }
        return InfeasibleError(
            "The cap cannot be met within the locality ceilings:\n  " + "\n  ".join(lines), figures
        )
    unbudgeted = replace(d, budget=None)
    rows = all_rows(unbudgeted)
    solution = solve(build_min_cost(unbudgeted, rows), solver)
    if solution.status.is_ok and d.budget is not None:
        cost = solution.objective or 0.0
        shortfall = cost - d.budget
        message = (
            f"The budget cannot meet the cap. Meeting a cap of {d.cap:g} weighted {unit} per WTE in every "
            f"locality (with the floors and ceilings given) costs £{cost:,.0f} a year; the budget is "
            f"£{d.budget:,.0f}, £{shortfall:,.0f} short."
        )
        figures = {
            "reason": "budget",
            "cap": d.cap,
            "budget": d.budget,
            "cost_of_cap": cost,
            "shortfall": shortfall,
        }
        return InfeasibleError(message, figures)
    return InfeasibleError(
        "The scenario's constraints cannot all be met together (status: infeasible).", {"reason": "unknown"}
    )
