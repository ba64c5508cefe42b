"""What a solve returns, in our own words: status, solver choice, solution. No solver loads here,
so the HiGHS route never imports PuLP (PuLP is for CBC and LP files: lp/pulp_route)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only
    import numpy as np

    from optimiser.lp.data import Key


class SolveStatus(StrEnum):
    """Solver outcomes in our own words; exit codes test these, never raw numbers."""

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NOT_SOLVED = "not solved"
    UNDEFINED = "undefined"

    @property
    def is_ok(self) -> bool:
        return self is SolveStatus.OPTIMAL


class SolverChoice(StrEnum):
    """Which solver to use: HiGHS in-process by default (auto), CBC when asked for."""

    AUTO = "auto"
    HIGHS = "highs"
    CBC = "cbc"


def solver_name(choice: SolverChoice) -> str:
    """The solver a choice runs. HiGHS (highspy, a dependency the seam imports at start) unless CBC
    is asked for; whether CBC is there is known when it first runs (lp/pulp_route.make_solver)."""
    return "CBC" if choice is SolverChoice.CBC else "HiGHS"


@dataclass(frozen=True)
class Solution:
    """What a solve returned, keyed by our own tuples."""

    status: SolveStatus
    solver: str
    objective: float | None
    values: dict[Key, float]
    duals: Mapping[tuple[str, str], float]
    """Shadow price of each row: d(optimal objective) / d(rhs), in the objective's own units.

    One convention for every solver: the sign comes from LP theory, the size from the solver
    (HiGHS and CBC report opposite signs for the same row of a maximisation). Raising the rhs
    of a >= row can only worsen the optimum, of a <= row only improve it: so for a minimisation
    a >= row's price is >= 0 and a <= row's is <= 0; for a maximisation the reverse.
    Keyed by (family, subject), for example ("cap cover", "CHW"), never by the label text.
    """
    x: np.ndarray | None = None
    """The values as one array in the model's column order (the seam's solutions only)."""
