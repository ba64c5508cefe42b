"""Limits that cannot hold, found from the LP's figures without solving: a cap so small no locality
figure could meet it, and bounds that contradict each other or the budget whatever the cap. Preparing
a scenario refuses them; the diagnosis of an infeasible plan names them."""

import math

import numpy as np

from optimiser.errors import Problem
from optimiser.inputs.costs import budget_gap, required_wte
from optimiser.inputs.schema import LARGEST_CELL
from optimiser.lp.data import LpData


def _round_up(value: float, digits: int = 3) -> float:
    """`value` rounded up to `digits` significant figures, so that the figure quoted is enough."""
    scale = 10.0 ** (math.floor(math.log10(value)) - digits + 1)
    return math.ceil(value / scale) * scale


def cap_problems(d: LpData, source: str, where: str) -> list[Problem]:
    """A cap so small that a locality would need more WTE than any locality figure may be
    (LARGEST_CELL): a typo, and past what a solver can handle."""
    capacity = d.grades[0].capacity
    weighted = np.array(list(map(d.weighted.__getitem__, d.localities)), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        most = (weighted / (d.cap * capacity)).max() if len(weighted) else math.nan
    if not np.isnan(weighted).any() and most <= LARGEST_CELL:
        return []  # the common case, by arrays (the same division as required_wte)
    required = required_wte(d)
    worst = max(d.localities, key=lambda loc: required[loc], default=None)
    if worst is None or required[worst] <= LARGEST_CELL:
        return []
    need = required[worst]
    need_text = f"{need:.3g}" if math.isfinite(need) else f"more than {1.7e308:.2g}"
    per_wte = f"{d.cap:g}" if capacity == 1 else f"({d.cap:g} x {capacity:.4g} capacity per WTE)"
    least = _round_up(d.weighted[worst] / (LARGEST_CELL * capacity))
    return [
        Problem(
            source,
            where,
            f"a cap of {d.cap:g} weighted {d.case_unit} per WTE would need {need_text} WTE in locality "
            f"'{worst}' ({d.weighted[worst]:,.6g} weighted {d.case_unit} / {per_wte}), more than the "
            f"{LARGEST_CELL:,.0f} WTE any locality figure may be",
            f"a cap of at least {least:.3g}, so that no locality needs more than {LARGEST_CELL:,.0f} WTE",
        )
    ]


def lowest(d: LpData, loc: str) -> float:
    """The fewest WTE a locality's bounds allow: its floor, or the share of its WTE in post it keeps
    (in post is read only for that share: it may not be known otherwise)."""
    kept = d.in_post[loc] * d.keep_share if d.keep_share is not None else 0.0
    return max(d.floors.get(loc, 0.0), kept)


def highest(d: LpData, loc: str) -> float:
    """The most WTE a locality's bounds allow: its ceiling, or its WTE in post plus what it may recruit."""
    recruit = d.in_post[loc] + d.max_new_per_locality if d.max_new_per_locality is not None else float("inf")
    return min(d.ceilings.get(loc, float("inf")), recruit)


def locality_bound_problems(source: str, d: LpData) -> list[Problem]:
    """Bounds that contradict each other whatever the cap and budget: a locality's floor above what
    it may have, or floors that need more recruits than the total recruitment limit."""
    problems = []
    unbounded = not (d.floors or d.ceilings) and d.keep_share is None and d.max_new_per_locality is None
    for loc in () if unbounded else d.localities:  # unbounded: every locality runs from 0 to infinity
        low, high = lowest(d, loc), highest(d, loc)
        if low > high:
            problems.append(
                Problem(
                    source,
                    f"locality '{loc}'",
                    f"its bounds need at least {low:g} WTE (floor or no_cuts) but allow at most {high:g} "
                    "(ceiling or recruitment limit)",
                    "a floor at or below the ceiling and the recruitment limit",
                )
            )
    if d.max_new_total is None:
        return problems
    needed = sum(max(0.0, lowest(d, loc) - d.in_post[loc]) for loc in d.localities)
    if needed > d.max_new_total:
        problems.append(
            Problem(
                source,
                "key 'max_new_wte_total'",
                f"the floors alone need {needed:g} WTE recruited, more than the limit of {d.max_new_total:g}",
                "a recruitment limit of at least what the floors need",
            )
        )
    return problems


def floors_over_budget(source: str, cost: float, budget_pounds: float) -> Problem:
    """The floors and bounds alone cost more than the budget."""
    return Problem(
        source,
        "budget (key 'budget' or option --budget)",
        f"the floors and bounds alone cost at least £{cost:,.0f} a year, more than the budget "
        f"of £{budget_pounds:,.0f} by £{cost - budget_pounds:,.0f}, whatever the cap",
        "a budget of at least that, or lower floors (floor_wte, no_cuts, keep_share_of_in_post)",
    )


def bound_problems(source: str, d: LpData) -> list[Problem]:
    """Bounds that cannot hold together or within the budget, found without solving.

    Without the cap, the cheapest plan puts every locality at its lowest bound at the cheapest
    grade (the floors and bounds count WTE of any grade), so its cost is a sum, not an LP.
    """
    problems = locality_bound_problems(source, d)
    if d.budget is not None:
        cost = sum(lowest(d, loc) for loc in d.localities) * min(g.cost_per_wte for g in d.grades)
        if budget_gap(cost, d.budget) > 0:
            problems.append(floors_over_budget(source, cost, d.budget))
    return problems
