"""One direction, no back and forth: prepare, optimise, extract, check, price the margins; with
uncertain counts, the plan's risk and the plan made to a confidence level (planning/confidence)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from optimiser.bulk import bulk
from optimiser.errors import SolverError
from optimiser.lp.objectives import model
from optimiser.lp.status import SolverChoice, SolveStatus
from optimiser.planning.diagnosis import diagnose
from optimiser.planning.extract import make_plan
from optimiser.planning.marginal_figures import Models, Steps, figures
from optimiser.planning.objective_choice import BUDGET, budget_decides, budget_is_why, chosen_by, for_budget
from optimiser.planning.plan_check import check_plan
from optimiser.planning.solve import optimise_within_budget
from optimiser.planning.uncertain_check import locality_errors
from optimiser.planning.uncertain_confidence import at_confidence, central_plan, counted, with_risk
from optimiser.planning.uncertain_risk import Confidence

if TYPE_CHECKING:  # annotations only
    from optimiser.planning.plan import Plan
    from optimiser.planning.prepare import Prepared


@bulk
def plan_scenario(prepared: Prepared, solver: SolverChoice = SolverChoice.AUTO) -> Plan:
    """Plan for the scenario's objective, check it, and add the marginal figures.

    Raises InputError when the bounds contradict themselves or the budget, and InfeasibleError
    with figures when the cap cannot be met (min-cost). With a budget and no objective named, a
    budget that cannot pay for the cap is answered with the best it buys (planning/objective_choice).
    """
    data, objective = prepared.data, prepared.inputs.scenario.objective
    built = model(data, objective, solver)
    outcome = optimise_within_budget(data, objective, solver, built)
    if outcome.solution.status is SolveStatus.INFEASIBLE:
        problem = diagnose(prepared, solver)
        if budget_decides(prepared) and budget_is_why(problem):
            return replace(plan_scenario(for_budget(prepared), solver), objective_chosen_by=BUDGET)
        raise problem
    if not outcome.solution.status.is_ok:
        raise SolverError(
            f"The {outcome.solution.solver} solver returned '{outcome.solution.status}' "
            "for a problem that should solve."
        )
    plan = make_plan(prepared.inputs, data, outcome.binding(), outcome.solution)
    check_plan(plan, outcome.blocks, outcome.solution.values, outcome.solution.x)
    scenario = prepared.inputs.scenario
    models = Models(data, solver, {objective: built} if outcome.solution.x is not None else None)
    found = figures(data, Steps(scenario.budget_step, scenario.cap_step), solver, objective, models)
    best = next((f.value for f in found if f.key == "best_cap_within_budget"), None)
    return replace(
        plan,
        theta=outcome.theta,
        achievable_cap=best,
        marginal=found,
        objective_chosen_by=chosen_by(prepared),
    )


def plan_with_risk(prepared: Prepared, solver: SolverChoice = SolverChoice.AUTO) -> Plan:
    """plan_scenario, with the plan's risk when the scenario has an uncertainty block, made to the
    scenario's confidence level when it sets one. Without an uncertainty block: plan_scenario alone.
    Every command that plans a scenario comes here."""
    spec = prepared.inputs.scenario.uncertainty
    if spec is None:
        return plan_scenario(prepared, solver)
    rel = locality_errors(prepared.inputs)
    level = prepared.inputs.scenario.confidence
    if level is None:
        return with_risk(plan_scenario(prepared, solver), prepared, rel)
    planned = counted(plan_scenario(at_confidence(prepared, rel, level), solver), prepared)
    central = central_plan(prepared, solver)
    confident = Confidence(
        level=level,
        planned_wte=planned.totals["planned_wte"],
        cost=planned.totals["cost"],
        central_wte=central.wte if central else None,
        central_cost=central.cost if central else None,
        achievable_cap=planned.achievable_cap if planned.theta is not None else None,
        central_achievable_cap=central.achievable_cap if central else None,
    )
    return with_risk(planned, prepared, rel, confident)
