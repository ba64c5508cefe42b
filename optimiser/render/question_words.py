"""Which question a plan answered, in words: the first sentence of every plan with a budget, and how
its objective came about (planning/objective_choice), for the terminal, markdown, JSON and the paper."""

from __future__ import annotations

from typing import Any

from optimiser.inputs.costs import budget_gap
from optimiser.planning.plan import Plan
from optimiser.render import numbers

OVER = 1e-6
"""A best cap this far (relatively) above the cap does not hold it: the solver's tolerance, not a gap."""

CHOSEN = {
    "stated": "as stated",
    "default": "the default, as no objective was stated",
    "budget": (
        "chosen because no objective was stated and the budget cannot pay for the cap; "
        "--objective min-cost asks for the cap strictly"
    ),
}
"""How the objective came about, after "objective: <name>" in the status line."""


def _figure(plan: Plan, key: str) -> float | None:
    return next((f.value for f in plan.marginal if f.key == key), None)


def _cap(plan: Plan) -> str:
    return f"the cap of {plan.cap:,g} weighted {plan.case_unit} per WTE"


def _least_cost(plan: Plan, budget: str) -> str:
    spare = -budget_gap(plan.totals["cost"], plan.budget or 0.0) + 0.0
    return (
        f"The budget of {budget} a year pays for {_cap(plan)}: the least-cost plan costs "
        f"{numbers.money(plan.totals['cost'])} a year, {numbers.money(spare)} under it."
    )


def _best_bought(plan: Plan, budget: str) -> str:
    best = plan.achievable_cap
    if best is None:
        return f"The budget of {budget} a year buys no staff where there are cases."
    shown = f"{numbers.decimal(best)} weighted {plan.case_unit} per WTE, with no locality above it"
    if best <= plan.cap * (1 + OVER):
        return f"The budget of {budget} a year holds {_cap(plan)}: the best it buys is {shown}."
    sentence = f"The budget of {budget} a year cannot hold {_cap(plan)}: the best it buys is {shown}."
    extra = _figure(plan, "extra_budget_for_cap")
    if extra is not None and extra > 0:
        sentence += f" Holding {plan.cap:,g} costs {numbers.money(extra)} a year more."
    return sentence


def question_sentence(plan: Plan) -> str | None:
    """The question the plan answered, with its answer, when a budget set it one; None without a
    budget (the plan's first sentence, "Meeting a cap of ... needs ...", says it then)."""
    if plan.budget is None:
        return None
    budget = numbers.money(plan.budget)
    if plan.objective == "min-cost":
        return _least_cost(plan, budget)
    if plan.objective == "max-coverage":
        return _best_bought(plan, budget)
    return (
        f"Within the budget of {budget} a year, the plan leaves the least shortfall against {_cap(plan)}, "
        "weighted by each locality's priority."
    )


def objective_words(plan: Plan) -> str:
    """The status line's objective: its name, and how it came about."""
    return f"{plan.objective} ({CHOSEN.get(plan.objective_chosen_by, plan.objective_chosen_by)})"


def question_key(plan: Plan) -> dict[str, Any]:
    """The JSON's `question`: the objective answered, how it came about, and the sentence."""
    return {
        "objective": plan.objective,
        "chosen_by": plan.objective_chosen_by,
        "answer": question_sentence(plan),
    }
