"""Check stage: verify a plan against the constraint rows, independently of the solver."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.blocks import Block
    from optimiser.lp.data import Row, VarKey

TOLERANCE = 1e-6
"""Relative tolerance: solvers meet constraints to about 1e-7 of their scale, the larger of the
right-hand side and the size of the row's terms (a coverage row, cap x WTE - theta x W >= 0, has a
right-hand side of 0 and terms of thousands of cases)."""


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
        size = sum(abs(coef * values[key]) for key, coef in row.terms)  # a row's scale: its terms too
        if slack < -TOLERANCE * max(1.0, abs(row.rhs), size):
            found.append(Violation(row, -slack))
    return found


def block_violations(blocks: list[Block], x: np.ndarray) -> list[Violation]:
    """The same test as `violations`, as arithmetic over each block; words only for broken rows."""
    found = []
    for block in blocks:
        slack = block.slack(x)
        size = np.abs(block.data * x[block.indices])  # a row's scale: its terms too (theta x W)
        size = np.bincount(np.repeat(np.arange(len(block)), np.diff(block.indptr)), size, len(block))
        broken = np.flatnonzero(slack < -TOLERANCE * np.maximum(np.maximum(1.0, np.abs(block.rhs)), size))
        if len(broken):
            found += [
                Violation(row, -float(slack[i]))
                for row, i in zip(block.rows(broken), broken.tolist(), strict=True)
            ]
    return found


BINDING = 1e-6
"""A limit is binding when its slack is within this share of max(1, |right-hand side|)."""


def binding_rows(
    rows: list[Row], values: Mapping[VarKey, float], threshold: float = BINDING
) -> tuple[str, ...]:
    """The names of the limits the plan holds exactly (slack within `threshold` of max(1, |rhs|)),
    row by row."""
    return tuple(
        row.name for row in rows if row.limit and abs(row.slack(values)) <= threshold * max(1.0, abs(row.rhs))
    )


def binding(
    blocks: list[Block], x: np.ndarray, values: Mapping[VarKey, float], threshold: float = BINDING
) -> tuple[str, ...]:
    """binding_rows() by arithmetic over each block: the same names, in the same order, without
    making words for 100,000 rows. A row's slack from the block and from its words can differ in
    the last bits, so the few rows within a thousandth of the threshold are decided by their
    words, exactly as binding_rows() decides them."""
    found: list[str] = []
    for block in blocks:
        if not block.limit:
            continue
        limit = threshold * np.maximum(1.0, np.abs(block.rhs))
        size = np.abs(block.slack(x))
        held = size <= limit
        close = np.flatnonzero(np.abs(size - limit) <= 1e-3 * limit)
        if len(close):
            held[close] = [bool(binding_rows([row], values, threshold)) for row in block.rows(close)]
        found += block.names(np.flatnonzero(held))
    return tuple(found)
