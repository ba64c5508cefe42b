"""Solve stage: choose a solver, run it, and map its status onto one enum."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np
import pulp

from optimiser.errors import SolverError
from optimiser.lp.data import Key, Sense
from optimiser.lp.quiet import solver_output_silenced

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.build import Formulation


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


_FROM_PULP = {
    pulp.LpStatusOptimal: SolveStatus.OPTIMAL,
    pulp.LpStatusInfeasible: SolveStatus.INFEASIBLE,
    pulp.LpStatusUnbounded: SolveStatus.UNBOUNDED,
    pulp.LpStatusNotSolved: SolveStatus.NOT_SOLVED,
    pulp.LpStatusUndefined: SolveStatus.UNDEFINED,
}


class SolverChoice(StrEnum):
    """Which solver to use: HiGHS in-process by default, CBC as the fallback."""

    AUTO = "auto"
    HIGHS = "highs"
    CBC = "cbc"


def _cbc() -> pulp.LpSolver | None:
    """PuLP 3 bundles CBC (PULP_CBC_CMD); PuLP 4 needs a CBC on the PATH (COIN_CMD)."""
    for name in ("PULP_CBC_CMD", "COIN_CMD"):
        cls = getattr(pulp, name, None)
        if cls is None:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            solver = cls(msg=False)
        if solver.available():
            return solver
    return None


def make_solver(choice: SolverChoice) -> tuple[pulp.LpSolver, str]:
    """The solver object and its display name, or a SolverError saying how to get one."""
    if choice in (SolverChoice.AUTO, SolverChoice.HIGHS):
        highs = pulp.HiGHS(msg=False)
        if highs.available():
            return highs, "HiGHS"
        if choice is SolverChoice.HIGHS:
            raise SolverError(
                "HiGHS is not available: install it with `pip install highspy`, or use --solver cbc."
            )
    cbc = _cbc()
    if cbc is not None:
        return cbc, "CBC"
    raise SolverError(
        "No LP solver is available: install HiGHS with `pip install highspy` "
        "(a dependency of this package), or CBC with `pip install 'pulp[cbc]'`."
    )


@dataclass(frozen=True)
class Solution:
    """What a solve returned, keyed by our own tuples and row names."""

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


def shadow_price(raw: float, sense: Sense, maximise: bool) -> float:
    """Normalise a solver's row dual to the convention documented on Solution.duals."""
    positive = (sense is Sense.AT_MOST) == maximise
    return abs(raw) if positive else -abs(raw)


def solve(formulation: Formulation, choice: SolverChoice = SolverChoice.AUTO) -> Solution:
    """Solve the problem; a solver that crashes is a SolverError, not a traceback."""
    solver, name = make_solver(choice)
    try:
        with warnings.catch_warnings(), solver_output_silenced():
            warnings.simplefilter("ignore", DeprecationWarning)
            formulation.problem.solve(solver)
    except Exception as exc:  # any failure inside the solver is the solver's, reported as such
        raise SolverError(
            f"The {name} solver failed ({type(exc).__name__}: {exc}). If the figures span many orders of "
            "magnitude, check them; otherwise try --solver cbc."
        ) from exc
    status = _FROM_PULP.get(formulation.problem.status, SolveStatus.UNDEFINED)
    if not status.is_ok:
        return Solution(status, name, None, {}, {})
    values = {key: float(var.value() or 0.0) for key, var in formulation.variables.items()}
    duals = {
        (row.family, row.subject): shadow_price(
            float(formulation.constraints[row.family, row.subject].pi or 0.0), row.sense, formulation.maximise
        )
        for row in formulation.rows
    }
    return Solution(status, name, float(pulp.value(formulation.problem.objective)), values, duals)
