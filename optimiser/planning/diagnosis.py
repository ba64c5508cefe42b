"""Why a plan cannot be made: bounds that contradict each other (bad input), or a cap the
budget, ceilings or recruitment limits cannot meet (infeasible, with figures)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from optimiser.errors import InfeasibleError, InputError, Problem
from optimiser.inputs.costs import recurring_cost, required_wte
from optimiser.inputs.scenario import Objective
from optimiser.lp.objectives import NO_COVER, THETA, model, optimise
from optimiser.lp.status import SolverChoice
from optimiser.planning.limits import floors_over_budget, highest, locality_bound_problems

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.data import LpData
    from optimiser.planning.prepare import Prepared

CAP_FAMILIES = ("cap cover", "min share", "high risk")
"""The rows the bounds-only model switches off."""

FOR_THAT_PLAN = "run with --objective max-coverage for that plan"
"""How the command line asks for the best cap a budget buys (the what-if page words it its own way)."""


def diagnose(prepared: Prepared, solver: SolverChoice) -> Exception:
    """Say which limit cannot be met, and by how much."""
    return _bounds_problem(prepared, solver) or _cap_problem(prepared.data, solver)


def _bounds_problem(prepared: Prepared, solver: SolverChoice) -> InputError | None:
    """Bounds that cannot hold even without the cap: a contradiction in the scenario (exit 2)."""
    d, source = prepared.data, str(prepared.inputs.scenario_path)
    m = model(d, Objective.MIN_COST, solver)
    for family in CAP_FAMILIES:  # the bounds-only model: the min-cost model with the cap rows off
        i = m.find(family)
        if i is not None:
            m.relax(i)
    if m.run().status.is_ok:
        return None
    budget = m.find("budget")
    if budget is not None:
        m.relax(budget)
    least = m.run()
    if least.status.is_ok and d.budget is not None:
        cost = least.objective or 0.0
        return InputError([floors_over_budget(source, cost, d.budget)])
    problems = locality_bound_problems(source, d)
    return InputError(problems or [Problem(source, "", "the bounds cannot all be met together")])


def _upper_limit(d: LpData, loc: str) -> str:
    """Which upper limit binds a locality, in words: its ceiling, or in post plus what it may recruit."""
    if d.ceilings.get(loc, float("inf")) <= highest(d, loc):
        return "ceiling"
    return f"recruitment limit ({d.in_post[loc]:g} in post + at most {d.max_new_per_locality:g} recruited)"


def _upper_limits_short(d: LpData) -> InfeasibleError | None:
    """Localities whose ceiling or recruitment limit holds less than their weighted caseload at the cap."""
    unit = d.case_unit
    capacity = max(g.capacity for g in d.grades)
    required = required_wte(d)
    short = {
        loc: required[loc]
        for loc in d.localities
        if highest(d, loc) * d.cap * capacity < d.weighted[loc] * (1 - 1e-9)
    }
    if not short:
        return None
    lines = [
        f"{loc}: its {_upper_limit(d, loc)} of {highest(d, loc):g} WTE holds "
        f"{highest(d, loc) * d.cap * capacity:,.0f} weighted {unit} at a cap of {d.cap:g}, but it has "
        f"{d.weighted[loc]:,.0f}; it needs {need:.1f} WTE"
        for loc, need in short.items()
    ]
    figures = {
        "reason": "ceiling",
        "cap": d.cap,
        "localities": [
            {"name": loc, "ceiling_wte": highest(d, loc), "required_wte": need} for loc, need in short.items()
        ],
    }
    return InfeasibleError(
        "The cap cannot be met within the localities' upper limits:\n  " + "\n  ".join(lines),
        figures,
    )


def _cap_problem(d: LpData, solver: SolverChoice) -> InfeasibleError:
    """The bounds hold but the cap cannot: a locality's upper bound, total recruitment, or the budget."""
    short = _upper_limits_short(d)
    if short is not None:
        return short
    unbudgeted = replace(d, budget=None)
    at_cap = optimise(unbudgeted, Objective.MIN_COST, solver, tie_break=False).solution
    if not at_cap.status.is_ok:
        limit = "" if d.max_new_total is None else f" (recruitment in total at most {d.max_new_total:g} WTE)"
        return InfeasibleError(
            f"The cap of {d.cap:g} cannot be met within the bounds given{limit}, whatever the budget.",
            {"reason": "bounds", "cap": d.cap, "max_new_wte_total": d.max_new_total},
        )
    cost = recurring_cost(d, at_cap.values)
    budget = d.budget or 0.0
    shortfall = cost - budget
    best = model(d, Objective.MAX_COVERAGE, solver).run()  # max-coverage's first stage: the best theta
    achievable = d.cap / best.values[THETA] if best.status.is_ok and best.values[THETA] > NO_COVER else None
    message = (
        f"The budget cannot meet the cap. Meeting a cap of {d.cap:g} weighted {d.case_unit} per WTE in every "
        f"locality (with the floors and ceilings given) costs £{cost:,.0f} a year; the budget is "
        f"£{budget:,.0f}, £{shortfall:,.{0 if shortfall >= 1 else 2}f} short."
    )
    if achievable is not None:
        message += (
            f" The best cap the budget can buy is {achievable:,.1f} weighted {d.case_unit} per WTE "
            f"({FOR_THAT_PLAN})."
        )
    figures = {
        "reason": "budget",
        "cap": d.cap,
        "budget": d.budget,
        "cost_of_cap": cost,
        "shortfall": shortfall,
        "achievable_cap": achievable,
    }
    return InfeasibleError(message, figures)
