"""Check stage: verify a plan against the constraint rows, independently of the solver."""

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from optimiser.constraints import Row, VarKey
from optimiser.errors import PlanCheckError
from optimiser.plan import Plan

TOLERANCE = 1e-6
"""Relative tolerance: solvers meet constraints to about 1e-7 of their scale."""


@dataclass(frozen=True)
class Violation:
    row: Row
    by: float

    def __str__(self) -> str:
        return f"{self.row.name}: {self.row.meaning}; broken by {self.by:.6g}"


def violations(rows: list[Row], values: Mapping[VarKey, float]) -> list[Violation]:
    """Every row the values break by more than the tolerance."""
    found = []
    for row in rows:
        slack = row.slack(values)
        if slack < -TOLERANCE * max(1.0, abs(row.rhs)):
            found.append(Violation(row, -slack))
    return found


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
