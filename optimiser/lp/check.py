"""Check stage: verify a plan against the constraint rows, independently of the solver."""

from collections.abc import Mapping
from dataclasses import dataclass

from optimiser.lp.data import Row, VarKey

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
