"""Check stage: a plan is refused unless its rows hold and its totals add up, independently of the solver."""

from collections.abc import Mapping

import numpy as np

from optimiser.errors import PlanCheckError
from optimiser.lp.blocks import Block
from optimiser.lp.check import TOLERANCE, block_violations, violations
from optimiser.lp.data import Row, VarKey
from optimiser.planning.plan import Plan, column_total, totals_agree


def check_plan(
    plan: Plan, rows: list[Row] | list[Block], values: Mapping[VarKey, float], x: np.ndarray | None = None
) -> None:
    """Refuse a plan that breaks a constraint, has negative WTE, or whose totals do not add up.

    Given blocks and the solution array `x`, the rows are checked by numpy arithmetic per block,
    with words made only for a row that fails."""
    if x is not None and all(isinstance(r, Block) for r in rows):
        problems = [str(v) for v in block_violations(rows, x)]  # type: ignore[arg-type]
        negative = np.flatnonzero(x < -TOLERANCE)
        keys = list(values)
        problems += [f"negative WTE {x[j]:.6g} for {keys[j]}" for j in negative.tolist()]
    else:
        problems = [str(v) for v in violations(rows, values)]  # type: ignore[arg-type]
        problems += [f"negative WTE {v:.6g} for {key}" for key, v in values.items() if v < -TOLERANCE]
    table = plan.localities
    for column in ("in_post_wte", "planned_wte", "change_wte", "cost", "cost_change"):
        rows_sum = column_total(table[column])  # not known (NaN) when any row is not known
        if not totals_agree(plan.totals[column], rows_sum):
            problems.append(
                f"total {column} {plan.totals[column]:.6g} differs from the sum of rows {rows_sum:.6g}"
            )
    if problems:
        raise PlanCheckError(
            "The solver's plan failed the independent check, so it is not shown:\n  " + "\n  ".join(problems)
        )
