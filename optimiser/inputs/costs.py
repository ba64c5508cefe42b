"""One place for the figures every budget, plan, sweep and comparison states: what staff cost
today, the planned WTE and its recurring cost, the WTE a cap requires, and whether a cost is
within a budget."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # annotations only: costs are figures of inputs already loaded
    from optimiser.inputs.bundle import Inputs
    from optimiser.lp.data import Key, LpData

BUDGET_TOLERANCE = 1e-7
"""A cost within this share of the budget (solvers work to about 1e-7) is neither over nor under it."""


def in_post_costs(inputs: Inputs) -> dict[str, float]:
    """What each locality's staff in post cost a year (NaN where in post is not known)."""
    series = in_post_cost_series(inputs)
    return dict(zip(series.index.tolist(), series.tolist(), strict=True))


def in_post_cost_series(inputs: Inputs) -> pd.Series:
    """What each locality's staff in post cost a year, in the file's order: by grade where the
    locality file gives WTE in post for every grade, otherwise all at the main grade's cost; NaN
    where in post is not known (blank), never 0, so no sum of it passes for today's cost."""
    model, frame = inputs.model, inputs.localities.frame
    costs = {model.main_grade: inputs.cost_per_wte, **{g.name: g.cost_per_wte for g in model.grades[1:]}}
    at_main = frame["in_post_wte"].astype(float) * inputs.cost_per_wte
    columns = [f"in_post_wte:{grade}" for grade in costs]
    if len(costs) == 1 or not all(c in frame for c in columns):
        return at_main
    by_grade = frame[columns].apply(pd.to_numeric, errors="coerce")
    known = by_grade.notna().all(axis=1)
    priced = sum(by_grade[c].fillna(0.0) * cost for c, cost in zip(columns, costs.values(), strict=True))
    return at_main.where(~known, priced)


def today_cost(inputs: Inputs) -> float:
    """What the WTE in post cost a year: the base of a budget written as "-8%", of the cost of
    change and of today's column in a comparison. NaN when any locality's in post is not known."""
    return sum(in_post_costs(inputs).values())


def planned_wte(d: LpData, values: Mapping[Key, float]) -> dict[str, float]:
    """Planned WTE per locality, all grades together."""
    return {loc: sum(values[(loc, g.name)] for g in d.grades) for loc in d.localities}


def planned_costs(d: LpData, values: Mapping[Key, float]) -> dict[str, float]:
    """What each locality's planned establishment costs a year, grade by grade."""
    return {loc: sum(values[(loc, g.name)] * g.cost_per_wte for g in d.grades) for loc in d.localities}


def recurring_cost(d: LpData, values: Mapping[Key, float]) -> float:
    """The annual cost of a planned establishment (one-off recruitment and removal costs excluded)."""
    return sum(planned_costs(d, values).values())


def recurring_cost_of(d: LpData, x: np.ndarray) -> float:
    """recurring_cost() from a solution array (staff columns first, locality-major, as the seam
    lays them out), adding in the same order, so to the same last bit, without a key a figure."""
    staff = x[: len(d.localities) * len(d.grades)].reshape(len(d.localities), len(d.grades))
    per_locality = staff[:, 0] * d.grades[0].cost_per_wte
    for j, grade in enumerate(d.grades[1:], start=1):
        per_locality = per_locality + staff[:, j] * grade.cost_per_wte
    return sum(per_locality.tolist())


def required_wte(d: LpData) -> dict[str, float]:
    """The WTE of the main grade each locality needs to hold its weighted caseload at the cap:
    weighted caseload / (cap x the main grade's capacity per WTE), as `explain` shows it."""
    capacity = d.cap * d.grades[0].capacity
    return {loc: d.weighted[loc] / capacity for loc in d.localities}


def budget_gap(cost: float, budget: float) -> float:
    """cost - budget: above 0 over the budget, below 0 under it, and 0 when the two differ by no
    more than the solver's tolerance (BUDGET_TOLERANCE of the budget, or of £1)."""
    gap = cost - budget
    return 0.0 if abs(gap) <= BUDGET_TOLERANCE * max(abs(budget), 1.0) else gap
