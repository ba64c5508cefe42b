"""The PuLP route (CBC, and HiGHS through PuLP for tests): choose the solver, run it, map its status."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import pulp

from optimiser.errors import SolverError
from optimiser.lp.data import Sense
from optimiser.lp.quiet import solver_output_silenced
from optimiser.lp.status import Solution, SolverChoice, SolveStatus, solver_name

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.build import Formulation


_FROM_PULP = {
    pulp.LpStatusOptimal: SolveStatus.OPTIMAL,
    pulp.LpStatusInfeasible: SolveStatus.INFEASIBLE,
    pulp.LpStatusUnbounded: SolveStatus.UNBOUNDED,
    pulp.LpStatusNotSolved: SolveStatus.NOT_SOLVED,
    pulp.LpStatusUndefined: SolveStatus.UNDEFINED,
}


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
    """PuLP's solver object for the choice (status.solver_name), or a SolverError saying how to get one."""
    if solver_name(choice) == "HiGHS":
        return pulp.HiGHS(msg=False), "HiGHS"
    cbc = _cbc()
    if cbc is not None:
        return cbc, "CBC"
    raise SolverError(
        "CBC is not available: install it with `pip install 'pulp[cbc]'` (or a `cbc` on the PATH), "
        "or leave out --solver cbc to use HiGHS."
    )


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
