"""Check stage: verify a plan against the constraint rows, independently of the solver."""

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from optimiser.lp.blocks import Block
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


def block_violations(blocks: list[Block], x: np.ndarray) -> list[Violation]:
    """The same test as `violations`, as arithmetic over each block; words only for broken rows."""
    found = []
    for block in blocks:
        slack = block.slack(x)
        broken = np.flatnonzero(slack < -TOLERANCE * np.maximum(1.0, np.abs(block.rhs)))
        if len(broken):
            found += [
                Violation(row, -float(slack[i]))
                for row, i in zip(block.rows(broken), broken.tolist(), strict=True)
            ]
    return found


def tight(blocks: list[Block], x: np.ndarray) -> list[Row]:
    """The rows a plan holds exactly (to the binding tolerance), as Row objects: all that a
    binding list reads, without making words for the slack rows."""
    found: list[Row] = []
    for block in blocks:
        if not block.limit:
            continue
        slack = block.slack(x)
        which = np.flatnonzero(np.abs(slack) <= 2e-6 * np.maximum(1.0, np.abs(block.rhs)))
        if len(which):
            found += block.rows(which)
    return found
