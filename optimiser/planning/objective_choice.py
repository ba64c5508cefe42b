"""The question as asked. An objective named in the scenario or with --objective is answered strictly
as named (min-cost with a budget it cannot meet is infeasible, exit 3). With a budget and no objective
named, the plan answers the question the budget asks: the least cost when the budget pays for the cap,
otherwise the best the budget can buy (max-coverage), and the plan says which it answered."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from optimiser.errors import InfeasibleError
from optimiser.inputs.scenario import Objective

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.scenario import Scenario
    from optimiser.planning.prepare import Prepared

STATED = "stated"
"""The scenario (key `objective`) or the command line (--objective) named the objective."""
DEFAULT = "default"
"""No objective named: least cost, with any budget paying for the cap."""
BUDGET = "budget"
"""No objective named and the budget cannot pay for the cap: the best the budget buys (max-coverage)."""


def stated(scenario: Scenario) -> bool:
    """Whether the objective was named (in the file or on the command line), not left to its default."""
    return "objective" in scenario.model_fields_set


def chosen_by(prepared: Prepared) -> str:
    """How the objective planned came about, when it was planned as the scenario reads."""
    return STATED if stated(prepared.inputs.scenario) else DEFAULT


def budget_decides(prepared: Prepared) -> bool:
    """A budget and no objective named: the budget says which question the plan answers."""
    return not stated(prepared.inputs.scenario) and prepared.data.budget is not None


def budget_is_why(problem: Exception) -> bool:
    """An infeasible least-cost plan whose only cause is the budget (the bounds can meet the cap),
    and a budget that buys some coverage: the best it buys is then the answer."""
    figures = problem.figures if isinstance(problem, InfeasibleError) else {}
    return figures.get("reason") == "budget" and figures.get("achievable_cap") is not None


def for_budget(prepared: Prepared) -> Prepared:
    """The same inputs, asking for the best the budget can buy."""
    scenario = prepared.inputs.scenario.model_copy(update={"objective": Objective.MAX_COVERAGE})
    return replace(prepared, inputs=replace(prepared.inputs, scenario=scenario))
