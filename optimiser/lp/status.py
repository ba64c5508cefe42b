"""What a solve returns, in our own words: status, solver choice, solution. No solver loads here,
so the HiGHS route never imports PuLP (PuLP is for CBC and LP files: lp/build, lp/solve)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib.util import find_spec
from typing import TYPE_CHECKING

from optimiser.errors import SolverError

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
    """Which solver to use: HiGHS in-process by default, CBC as the fallback."""

    AUTO = "auto"
    HIGHS = "highs"
    CBC = "cbc"


def highs_available() -> bool:
    """Whether HiGHS can run in-process (the highspy package is installed)."""
    return find_spec("highspy") is not None


def solver_name(choice: SolverChoice) -> str:
    """The solver a choice runs: HiGHS unless CBC is asked for or HiGHS is missing; a SolverError
    saying how to install it when HiGHS is asked for by name and missing. Whether CBC itself is
    there is known only when it is first run (lp/solve.make_solver)."""
    if choice is not SolverChoice.CBC and highs_available():
        return "HiGHS"
    if choice is SolverChoice.HIGHS:
        raise SolverError(
            "HiGHS is not available: install it with `pip install highspy`, or use --solver cbc."
        )
    return "CBC"


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
