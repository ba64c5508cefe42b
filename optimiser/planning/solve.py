"""One scenario's LP solved for its objective, a budget missed only within the solver's tolerance
counting as met (inputs/costs.budget_gap): where the LP is infeasible with a budget, it is solved
again with the budget eased by that tolerance. Every plan, and every plan made to compare
confidence levels, is solved here."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from optimiser.inputs.costs import BUDGET_TOLERANCE
from optimiser.lp.objectives import Outcome, optimise
from optimiser.lp.status import SolveStatus

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.scenario import Objective
    from optimiser.lp.data import LpData
    from optimiser.lp.model import Model
    from optimiser.lp.status import SolverChoice


def optimise_within_budget(
    data: LpData, objective: Objective, solver: SolverChoice, built: Model | None = None
) -> Outcome:
    """`optimise` (on `built` when given), then, if that is infeasible with a budget, again on a fresh
    model with the budget eased by BUDGET_TOLERANCE of itself (or of £1)."""
    outcome = optimise(data, objective, solver, built=built)
    if outcome.solution.status is SolveStatus.INFEASIBLE and data.budget is not None:
        eased = data.budget + BUDGET_TOLERANCE * max(data.budget, 1.0)
        outcome = optimise(replace(data, budget=eased), objective, solver)
    return outcome
