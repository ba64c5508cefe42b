"""Check stage: a plan is refused unless its rows hold and its totals add up, independently of the solver."""

from collections.abc import Mapping

import numpy as np

from optimiser.errors import PlanCheckError
from optimiser.lp.check import TOLERANCE, violations
from optimiser.lp.data import Row, VarKey
from optimiser.planning.plan import Plan


def check_plan(plan: Plan, rows: list[Row], values: Mapping[VarKey, float]) -> None:
    """Refuse a plan that breaks a constraint, has negative WTE, or whose totals do not add up."""
    problems = [str(v) for v in violations(rows, values)]
    problems += [f"negative WTE {v:.6g} for {key}" for key, v in values.items() if v < -TOLERANCE]
    table = plan.localities
    for column in ("in_post_wte", "planned_wte", "change_wte", "cost", "cost_change"):
        rows_sum = float(table[column].sum())
        if not np.isclose(plan.totals[column], rows_sum, rtol=1e-9, atol=1e-9):
            problems.append(
                f"total {column} {plan.totals[column]:.6g} differs from the sum of rows {rows_sum:.6g}"
            )
    if problems:
        raise PlanCheckError(
            "The solver's plan failed the independent check, so it is not shown:\n  " + "\n  ".join(problems)
        )
