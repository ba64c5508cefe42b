"""What moves the cost most: each input a plan rests on moved a stated step down and up, and the plan
made again at each end, exactly (an LP solved, not a linearisation), ranked by effect.

The steps (stated in the assumptions): the cap ±10%; the cost per WTE ±5% (every grade); every
locality's caseload ±10% together (the 2010 counts' stated accuracy); each category weight and each
linear multiplier's slope ±20%; headroom and non-clinical time ±5 percentage points. Each end is
re-planned on one model per objective, built once and changed in place (lp/model), as `plan` would
plan it given that input (the same question: planning/objective_choice), and checked against its rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from optimiser.errors import InputError, PlanCheckError, Problem
from optimiser.inputs.costs import in_post_cost_series
from optimiser.inputs.scenario import Objective
from optimiser.lp.check import block_violations
from optimiser.lp.objectives import NO_COVER, blocks, cost_vector, families, model
from optimiser.lp.status import SolverChoice
from optimiser.planning.objective_choice import stated
from optimiser.planning.sensitivity_results import INFEASIBLE, LIMITED, MEETS, Replan, Sensitivity, Swing
from optimiser.planning.sensitivity_steps import Case, specs
from optimiser.planning.solve import optimise_within_budget
from optimiser.planning.solver_noise import clean_staff, planned_matrix, row_sums

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs
    from optimiser.lp.data import LpData
    from optimiser.lp.model import Model
    from optimiser.planning.plan import Plan
    from optimiser.planning.prepare import Prepared

HOLDS = 1e-6
"""A best cap within this share of the cap holds it (the solver's tolerance)."""
STEPS = (
    "the cap ±10%",
    "the cost per WTE ±5% (every grade; a budget set as a change from today's cost moves with it)",
    "every locality's caseload ±10% together (the stated accuracy of the 2010 manual counts)",
    "each category weight ±20%",
    "each linear multiplier's slope ±20%",
    "headroom and non-clinical time ±5 percentage points",
)
STEP_KINDS = ("cap", "cost_per_wte", "caseloads", "weight", "slope", "headroom")
"""The kind of swing (its key up to any ':') each of STEPS states."""


def sensitivity(prepared: Prepared, plan: Plan, solver: SolverChoice = SolverChoice.AUTO) -> Sensitivity:
    """Every input's swing, largest effect first, for the plan made from `prepared`. A plan made to a
    confidence level is refused: its caseloads are not the counts these steps move."""
    if plan.risk is not None and plan.risk.confidence is not None:
        raise InputError([_confidence_problem(prepared)])
    replanner = _Replanner(prepared, solver)
    base = replanner.replan((prepared.inputs, prepared.data))
    swings = []
    for key, label, step, (low_words, low), (high_words, high) in specs(prepared):
        swings.append(
            Swing(key, label, step, low_words, high_words, _maybe(replanner, low), _maybe(replanner, high))
        )
    measure = "best_cap" if base.status == LIMITED else "cost"
    kinds = {s.key.split(":")[0] for s in swings}
    steps = tuple(step for step, kind in zip(STEPS, STEP_KINDS, strict=True) if kind in kinds)
    result = Sensitivity(base, (), measure, steps)
    ranked = sorted(swings, key=lambda s: -result.effect(s))
    return replace(result, swings=tuple(ranked))


def _maybe(replanner: _Replanner, make: Callable[[], Case | None]) -> Replan | None:
    case = make()
    return None if case is None else replanner.replan(case)


def _confidence_problem(prepared: Prepared) -> Problem:
    return Problem(
        str(prepared.inputs.scenario_path),
        "key 'confidence' (or --confidence)",
        "a plan made to a confidence level has no sensitivity table: its caseloads are set by the level, "
        "not the counts the steps move",
        "--sensitivity on the plan to the counts (without a confidence level)",
    )


class _Replanner:
    """Warm models, one per objective, each built once and changed in place for every end."""

    def __init__(self, prepared: Prepared, solver: SolverChoice) -> None:
        scenario = prepared.inputs.scenario
        self.named = scenario.objective if stated(scenario) else None
        self.solver = solver
        self.models: dict[tuple[Objective, bool], Model] = {}

    def _model(self, d: LpData, objective: Objective) -> Model:
        """The objective's model (with a budget row or without), built once and changed in place."""
        key = (objective, d.budget is None)
        m = self.models.get(key)
        if m is None:
            m = self.models[key] = model(d, objective, self.solver)
        else:
            m.update(blocks(d, families(objective), m.columns))
            if objective is Objective.MIN_COST:
                m.set_objective(cost_vector(d, m.columns))
        return m

    def _solve(self, case: Case, objective: Objective) -> Replan:
        inputs, d = case
        if objective is not Objective.MIN_COST and not any(w > 0 for w in d.weighted.values()):
            return Replan(INFEASIBLE)
        outcome = optimise_within_budget(d, objective, self.solver, self._model(d, objective))
        solution = outcome.solution
        if not solution.status.is_ok or solution.x is None:
            return Replan(INFEASIBLE)
        broken = block_violations(outcome.blocks, solution.x)
        if broken:
            raise PlanCheckError("A sensitivity re-plan failed the independent check:\n  " + str(broken[0]))
        theta = outcome.theta
        if theta is not None and theta <= NO_COVER:
            return Replan(INFEASIBLE)
        return _figures(inputs, d, solution.x, theta)

    def replan(self, case: Case) -> Replan:
        """The plan `plan` would make at this end: the objective named, or the question the budget asks."""
        if self.named is not None:
            return self._solve(case, self.named)
        found = self._solve(case, Objective.MIN_COST)
        if found.status != INFEASIBLE or case[1].budget is None:
            return found
        if self._solve((case[0], replace(case[1], budget=None)), Objective.MIN_COST).status == INFEASIBLE:
            return found  # the bounds, not the budget, stop the cap: `plan` says infeasible too
        return self._solve(case, Objective.MAX_COVERAGE)


def _figures(inputs: Inputs, d: LpData, x: np.ndarray, theta: float | None) -> Replan:
    """A re-plan's figures from its solution, cleaned of the solver's tolerance as `plan` cleans it."""
    in_post = np.array([d.in_post.get(loc, np.nan) for loc in d.localities], dtype=float)
    costs = np.array([g.cost_per_wte for g in d.grades])
    today = in_post_cost_series(inputs).to_numpy(dtype=float)
    staff = clean_staff(planned_matrix(d, x), in_post, costs, today)
    planned = row_sums(staff)
    weighted = np.array([d.weighted[loc] for loc in d.localities], dtype=float)
    staffed = planned > 1e-12
    worst = float((weighted[staffed] / planned[staffed]).max()) if staffed.any() else None
    cost = float(row_sums(staff, tuple(costs.tolist())).sum())
    best = None if theta is None else d.cap / theta
    status = MEETS if best is None or best <= d.cap * (1 + HOLDS) else LIMITED
    return Replan(status, float(planned.sum()), cost, best, worst)
