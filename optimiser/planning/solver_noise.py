"""The planned WTE a plan's figures are formed from: a solution's WTE by locality and grade, with the
solver's tolerance cleaned out once, before any row or total is formed.

HiGHS meets each constraint to about 1e-7 of its scale, so a change smaller than CHANGE_SNAP of the
figures it is the difference of is the solver's tolerance, not a change (a 0% budget change gave
-0.0000075 WTE and -£0.29 before this rule). Cleaning the planned WTE itself, rather than each
figure as it is written, keeps every total the sum of its rows in every format: a locality's
figures are moved to WTE in post (or to today's cost) where they are within the tolerance of it,
and a total within the tolerance of today's is reached by moving the localities that changed, each
by at most CHANGE_SNAP of itself. A total the changed localities are too small to absorb so (a
locality planning a tiny amount) stays the sum of its rows. No figure moves by more than
CHANGE_SNAP of itself, well inside what the plan's check allows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from optimiser.inputs.costs import in_post_cost_series

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs
    from optimiser.lp.data import LpData, VarKey

Measures = tuple[tuple[np.ndarray, np.ndarray], ...]
"""(weights per grade, target per locality): WTE against WTE in post, cost against today's cost."""

CHANGE_SNAP = 1e-6
"""A change within this share of the larger figure it is the difference of is written as 0."""


def planned_matrix(data: LpData, values: Mapping[VarKey, float] | np.ndarray) -> np.ndarray:
    """Planned WTE as a (locality x grade) array, in the order of `LpData.variables()`: from a
    solution keyed by (locality, grade), or from an array already in that order."""
    shape = (len(data.localities), len(data.grades))
    if isinstance(values, np.ndarray):
        return np.asarray(values, dtype=float)[: shape[0] * shape[1]].reshape(shape)
    keys = data.variables()
    return np.fromiter((values[key] for key in keys), dtype=float, count=len(keys)).reshape(shape)


def staff(inputs: Inputs, data: LpData, values: Mapping[VarKey, float] | np.ndarray) -> np.ndarray:
    """Planned WTE (locality x grade) from a solution, with the solver's tolerance cleaned out:
    every figure of a plan, and of the plans compared with it, is formed from these."""
    return clean_staff(
        planned_matrix(data, values),
        inputs.localities.frame["in_post_wte"].to_numpy(dtype=float),
        np.array([g.cost_per_wte for g in data.grades]),
        in_post_cost_series(inputs).to_numpy(dtype=float),
    )


def row_sums(matrix: np.ndarray, factors: tuple[float, ...] | None = None) -> np.ndarray:
    """Each row's sum over the grades, column after column (the order a plain Python sum adds in),
    each grade's column times its factor when given."""
    total = np.zeros(matrix.shape[0])
    for j in range(matrix.shape[1]):
        total = total + (matrix[:, j] if factors is None else matrix[:, j] * factors[j])
    return total


def snapped(change: float, *of: float) -> float:
    """`change`, or 0.0 when it is within CHANGE_SNAP of the larger figure it is a difference of
    (for a figure with no rows, such as the extra WTE a confidence level needs)."""
    if math.isnan(change):
        return change
    scale = max((abs(v) for v in of if not math.isnan(v)), default=0.0)
    return 0.0 if abs(change) <= CHANGE_SNAP * scale else change


def _gap(measure: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How far each figure is from its target, and the larger of the two it is a share of."""
    return np.abs(measure - target), np.fmax(np.abs(measure), np.abs(target))


def _near(measure: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Where a figure is within the tolerance of its target (a target not known is never near)."""
    gap, scale = _gap(measure, target)
    with np.errstate(invalid="ignore"):
        return gap <= CHANGE_SNAP * scale


def _far(measure: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Where a figure changed by more than 3 x CHANGE_SNAP of itself (a target not known: never)."""
    gap, scale = _gap(measure, target)
    with np.errstate(invalid="ignore"):
        return gap > 3 * CHANGE_SNAP * scale


def clean_staff(staff: np.ndarray, in_post: np.ndarray, costs: np.ndarray, today: np.ndarray) -> np.ndarray:
    """Planned WTE (localities x grades) with the solver's tolerance taken out.

    `in_post` and `today` are each locality's WTE in post and what it costs today (NaN where not
    known), `costs` each grade's cost per WTE. A locality within the tolerance of its WTE in post
    (else of its cost today: with several grades a plan can change its WTE and keep today's cost) is
    held at it; then a total within the tolerance of today's is moved to it. Each locality moves
    once, by at most CHANGE_SNAP of itself."""
    x = np.array(staff, dtype=float, copy=True)
    measures: Measures = (
        (np.ones(x.shape[1]), np.asarray(in_post, dtype=float)),
        (np.asarray(costs, dtype=float), np.asarray(today, dtype=float)),
    )
    held = np.zeros(x.shape[0], dtype=bool)
    for k, (weights, target) in enumerate(measures):
        measure = x @ weights
        near = ~held & _near(measure, target)
        scale = np.flatnonzero(near & (measure != target) & (measure != 0))
        if k == 0 and x.shape[1] == 1:
            x[scale, 0] = target[scale]  # one grade: WTE in post exactly
        else:
            x[scale] *= (target[scale] / measure[scale])[:, None]
        held |= near
    _absorb(x, held, measures)
    return x


def _absorb(x: np.ndarray, held: np.ndarray, measures: Measures) -> None:
    """Move a total within the tolerance of today's to it by scaling the localities that changed by
    more than 3 x CHANGE_SNAP of themselves, each by at most CHANGE_SNAP, so that none comes within
    the tolerance by moving (it would then read 0 having moved). WTE first; cost only where the WTE
    total is not within the tolerance (moving it would undo the WTE's)."""
    movable = ~held & (x @ measures[0][0] > 0)
    for weights, target in measures:
        movable &= _far(x @ weights, target)
    for weights, target in measures:
        measure = x @ weights
        total, today = float(measure.sum()), float(target.sum())
        gap = total - today
        if math.isnan(gap) or not abs(gap) <= CHANGE_SNAP * max(abs(total), abs(today)):
            continue
        room = float(measure[movable].sum())
        if gap != 0.0 and abs(gap) <= CHANGE_SNAP * room:
            x[movable] *= 1.0 - gap / room
        return
