"""What each pound buys: the figures finance asks for, from duals where sound, re-solves where not.

A dual price is exact only while the optimal basis stays the same; a step of £10k or of 10
children can cross into another (a ceiling starts to bind, a floor stops binding) and a
degenerate basis has no unique price at all. So every dual-based figure is checked against a
re-solve at the stepped value: when the two differ by more than AGREE, the re-solve is reported
and the figure says so.
"""

from dataclasses import dataclass, replace

from optimiser.inputs import costs
from optimiser.inputs.scenario import Objective
from optimiser.lp.data import LpData
from optimiser.lp.objectives import THETA, optimise
from optimiser.lp.solve import Solution, SolverChoice
from optimiser.planning.plan import Figure

AGREE = 0.01
"""A dual-based figure is used when it is within 1% of the re-solve."""
NO_COVER = 1e-9
"""A coverage ratio this small means the budget buys no staff where there are cases: no cap at all."""


@dataclass(frozen=True)
class Steps:
    budget: float
    cap: float


def recurring_cost(d: LpData, solution: Solution) -> float:
    """The annual cost of a solved establishment (one-off costs excluded)."""
    return costs.recurring_cost(d, solution.values)


def cost_of_cap(d: LpData, solver: SolverChoice) -> Solution | None:
    """The least-cost plan for the cap with every bound but no budget; None if the bounds forbid it."""
    outcome = optimise(replace(d, budget=None), Objective.MIN_COST, solver, tie_break=False)
    return outcome.priced if outcome.priced.status.is_ok else None


def coverage(d: LpData, solver: SolverChoice) -> Solution | None:
    """max-coverage's first stage (best theta within the budget); None if the bounds forbid any plan."""
    first = optimise(d, Objective.MAX_COVERAGE, solver, tie_break=False).first
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


def figures(d: LpData, steps: Steps, solver: SolverChoice, objective: Objective) -> tuple[Figure, ...]:
    """Cost of the cap, extra budget for it, best cap within the budget, and the step figures."""
    money, load = "£ a year", f"{d.case_unit} per WTE"
    found: list[Figure] = []
    at_cap = cost_of_cap(d, solver)
    cost = recurring_cost(d, at_cap) if at_cap else None
    found.append(
        Figure("cost_of_cap", cost, money, "solve", "" if at_cap else "the bounds cannot meet the cap")
    )
    if d.budget is not None and any(w > 0 for w in d.weighted.values()):
        extra = None if cost is None else max(0.0, costs.budget_gap(cost, d.budget))
        found.append(Figure("extra_budget_for_cap", extra, money, "solve"))
        found += _budget_figures(d, steps, solver, load)
        if objective is Objective.PRIORITY:
            found += _next_step(d, steps, solver)
    if at_cap is not None and d.cap - steps.cap > 0:
        found.append(_cap_step(d, steps, solver, at_cap, cost or 0.0))
    return tuple(found)


def _budget_figures(d: LpData, steps: Steps, solver: SolverChoice, load: str) -> list[Figure]:
    """Best cap within the budget (cap / theta) and how much each budget step lowers it."""
    unit = f"{load} per £{steps.budget:,.0f}"
    now = coverage(d, solver)
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
    rate = now.duals["budget[total]"]
    by_dual = d.cap / (theta + rate * steps.budget) - best
    more = coverage(replace(d, budget=(d.budget or 0.0) + steps.budget), solver)
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


def _cap_step(d: LpData, steps: Steps, solver: SolverChoice, at_cap: Solution, cost: float) -> Figure:
    """Extra annual cost of lowering the cap by one step.

    Lowering the cap from C to C' is raising each cap cover row's right-hand side from W to
    W x C / C', so within the basis the cost rises by sum(price x W) x (C / C' - 1).
    """
    lower = d.cap - steps.cap
    unit = f"£ a year per {steps.cap:g} {d.case_unit} off the cap"
    priced = sum(at_cap.duals[f"cap cover[{loc}]"] * d.weighted[loc] for loc in d.localities)
    by_dual = priced * (d.cap / lower - 1)
    stepped = cost_of_cap(replace(d, cap=lower), solver)
    by_resolve = recurring_cost(d, stepped) - cost if stepped else None
    return _chosen(
        "cost_of_lowering_cap",
        unit,
        steps.cap,
        by_dual,
        by_resolve,
        f"the bounds cannot meet a cap of {lower:g}",
    )


def _next_step(d: LpData, steps: Steps, solver: SolverChoice) -> list[Figure]:
    """priority: where an extra budget step would go, highest priority first, by re-solving with it."""
    unit = f"WTE per £{steps.budget:,.0f}"
    now = optimise(d, Objective.PRIORITY, solver).solution
    more = optimise(replace(d, budget=(d.budget or 0.0) + steps.budget), Objective.PRIORITY, solver).solution
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
