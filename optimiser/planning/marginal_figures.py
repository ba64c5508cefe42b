"""What each pound buys: the figures finance asks for, from duals where sound, re-solves where not.

A dual price is exact only while the optimal basis stays the same; a step of £10k or of 10
children can cross into another (a ceiling starts to bind, a floor stops binding) and a
degenerate basis has no unique price at all. So every dual-based figure is checked against a
re-solve at the stepped value: when the two differ by more than AGREE, the re-solve is reported
and the figure says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from optimiser.inputs import costs
from optimiser.inputs.scenario import Objective
from optimiser.lp.objectives import NO_COVER, THETA, model, optimise, theta_scale
from optimiser.planning.plan import Figure

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.data import LpData
    from optimiser.lp.model import Model
    from optimiser.lp.status import Solution, SolverChoice

AGREE = 0.01
"""A dual-based figure is used when it is within 1% of the re-solve."""


@dataclass(frozen=True)
class Steps:
    budget: float
    cap: float


class Models:
    """One scenario's models, each built once (or handed over by the plan) and re-solved in place."""

    def __init__(self, d: LpData, solver: SolverChoice, given: dict[Objective, Model] | None = None) -> None:
        self.d, self.solver, self._built = d, solver, dict(given or {})

    def __getitem__(self, objective: Objective) -> Model:
        if objective not in self._built:
            self._built[objective] = model(self.d, objective, self.solver)
        return self._built[objective]


def recurring_cost(d: LpData, solution: Solution) -> float:
    """The annual cost of a solved establishment (one-off costs excluded)."""
    if solution.x is not None:
        return costs.recurring_cost_of(d, solution.x)
    return costs.recurring_cost(d, solution.values)


def cost_of_cap(d: LpData, solver: SolverChoice, models: Models | None = None) -> Solution | None:
    """The least-cost plan for the cap with every bound but no budget; None if the bounds forbid it.

    The min-cost model re-solved with its budget row switched off."""
    m = (models or Models(d, solver))[Objective.MIN_COST]
    budget = m.find("budget")
    if budget is not None:
        m.relax(budget)
    solution = m.run()
    if budget is not None:
        m.relax(budget, off=False)
    return solution if solution.status.is_ok else None


def coverage(
    d: LpData, solver: SolverChoice, models: Models | None = None, budget: float | None = None
) -> Solution | None:
    """max-coverage's first stage (best theta within the budget, or within `budget` when given);
    None if the bounds forbid any plan. The max-coverage model with its budget row's bound changed."""
    m = (models or Models(d, solver))[Objective.MAX_COVERAGE]
    row = m.find("budget")
    if budget is not None and row is not None:
        m.set_rhs(row, [budget])
    first = m.run()
    if budget is not None and row is not None:
        m.set_rhs(row, [d.budget])
    return first if first.status.is_ok else None


def _chosen(key: str, unit: str, step: float, dual: float, resolved: float | None, note: str) -> Figure:
    """The dual-based figure when a re-solve confirms it, else the re-solve's, saying why."""
    if resolved is None:
        return Figure(key, None, unit, "re-solve", note, step)
    if abs(dual - resolved) <= AGREE * max(abs(resolved), 1e-9):
        return Figure(key, dual, unit, "dual", step=step)
    why = (
        "the dual price changes within the step (a bound starts or stops binding, or the basis is degenerate)"
    )
    return Figure(key, resolved, unit, "re-solve", why, step)


def figures(
    d: LpData, steps: Steps, solver: SolverChoice, objective: Objective, models: Models | None = None
) -> tuple[Figure, ...]:
    """Cost of the cap, extra budget for it, best cap within the budget, and the step figures."""
    money, load = "£ a year", f"{d.case_unit} per WTE"
    found: list[Figure] = []
    models = models or Models(d, solver)
    at_cap = cost_of_cap(d, solver, models)
    cost = recurring_cost(d, at_cap) if at_cap else None
    found.append(
        Figure("cost_of_cap", cost, money, "solve", "" if at_cap else "the bounds cannot meet the cap")
    )
    if d.budget is not None and any(w > 0 for w in d.weighted.values()):
        extra = None if cost is None else max(0.0, costs.budget_gap(cost, d.budget))
        found.append(Figure("extra_budget_for_cap", extra, money, "solve"))
        found += _budget_figures(d, steps, models, load)
        if objective is Objective.PRIORITY:
            found += _next_step(d, steps, models)
    if at_cap is not None and d.cap - steps.cap > 0:
        found.append(_cap_step(d, steps, models, at_cap, cost or 0.0))
    return tuple(found)


def _budget_figures(d: LpData, steps: Steps, models: Models, load: str) -> list[Figure]:
    """Best cap within the budget (cap / theta) and how much each budget step lowers it."""
    unit = f"{load} per £{steps.budget:,.0f}"
    now = coverage(d, models.solver, models)
    if now is None:
        return [
            Figure(
                "best_cap_within_budget", None, load, "solve", "the bounds allow no plan within the budget"
            )
        ]
    theta = now.values[THETA]
    if theta <= NO_COVER:
        return [
            Figure("best_cap_within_budget", None, load, "solve", "it pays for no WTE where there are cases")
        ]
    best = d.cap / theta
    rate = now.duals["budget", "total"] * theta_scale(d)  # the objective is theta over its scale
    by_dual = d.cap / (theta + rate * steps.budget) - best
    more = coverage(d, models.solver, models, (d.budget or 0.0) + steps.budget)
    by_resolve = d.cap / more.values[THETA] - best if more and more.values[THETA] > NO_COVER else None
    return [
        Figure("best_cap_within_budget", best, load, "solve"),
        _chosen(
            "cap_change_per_budget_step",
            unit,
            steps.budget,
            by_dual,
            by_resolve,
            "no plan at the higher budget",
        ),
    ]


def _cap_step(d: LpData, steps: Steps, models: Models, at_cap: Solution, cost: float) -> Figure:
    """Extra annual cost of lowering the cap by one step.

    Lowering the cap from C to C' is raising each cap cover row's right-hand side from W to
    W x C / C' (and each high-risk row's likewise), so within the basis the cost rises by
    sum(price x W) x (C / C' - 1); the re-solve changes those right-hand sides in place.
    """
    lower = d.cap - steps.cap
    unit = f"£ a year per {steps.cap:g} {d.case_unit} off the cap"
    prices = at_cap.duals.family("cap cover")
    weighted = [d.weighted[loc] for loc in d.localities]
    priced = sum(p * w for p, w in zip(prices.tolist(), weighted, strict=True))
    by_dual = priced * (d.cap / lower - 1)
    m = models[Objective.MIN_COST]
    scaled = [i for i in (m.find("cap cover"), m.find("high risk")) if i is not None]
    saved = {i: m.blocks[i].rhs for i in scaled}
    for i in scaled:
        m.set_rhs(i, saved[i] * (d.cap / lower))
    stepped = cost_of_cap(d, models.solver, models)
    for i in scaled:
        m.set_rhs(i, saved[i])
    by_resolve = recurring_cost(d, stepped) - cost if stepped else None
    return _chosen(
        "cost_of_lowering_cap",
        unit,
        steps.cap,
        by_dual,
        by_resolve,
        f"the bounds cannot meet a cap of {lower:g}",
    )


def _next_step(d: LpData, steps: Steps, models: Models) -> list[Figure]:
    """priority: where an extra budget step would go, highest priority first, by re-solving with it."""
    unit = f"WTE per £{steps.budget:,.0f}"
    m = models[Objective.PRIORITY]
    now = optimise(d, Objective.PRIORITY, models.solver, built=m).solution
    row = m.find("budget")
    more_d = replace(d, budget=(d.budget or 0.0) + steps.budget)
    m.set_rhs(row, [more_d.budget])
    more = optimise(more_d, Objective.PRIORITY, models.solver, built=m).solution
    m.set_rhs(row, [d.budget])
    if not (now.status.is_ok and more.status.is_ok):
        return [
            Figure("next_budget_step", None, unit, "re-solve", "no plan at one of the budgets", steps.budget)
        ]
    gain = {
        loc: sum(more.values[(loc, g.name)] - now.values[(loc, g.name)] for g in d.grades)
        for loc in d.localities
    }
    gaining = sorted((loc for loc in d.localities if gain[loc] > 1e-6), key=lambda loc: -d.priority[loc])
    if not gaining:
        return [Figure("next_budget_step", 0.0, unit, "re-solve", "no locality gains", steps.budget)]
    return [
        Figure("next_budget_step", gain[loc], unit, "re-solve", step=steps.budget, locality=loc)
        for loc in gaining
    ]
