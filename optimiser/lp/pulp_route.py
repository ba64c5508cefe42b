"""The PuLP route: CBC (only when asked for, never a fallback), HiGHS through PuLP for tests, and LP files.

The seam (lp/model.py) solves with HiGHS in-process and never loads PuLP; a model asked to run on
CBC, or to be written as an LP file, comes here: its rows become a PuLP problem (built afresh each
time, since PuLP cannot re-solve CBC in place), are solved, and are read back by our own keys.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pulp

from optimiser.errors import SolverError
from optimiser.lp.data import Key, LpData, Row, Sense
from optimiser.lp.quiet import solver_output_silenced
from optimiser.lp.status import Solution, SolverChoice, SolveStatus, solver_name

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.model import Model

Terms = Iterable[tuple[Key, float]]


@dataclass(frozen=True)
class Formulation:
    """A built problem, with its variables and constraints keyed by our own names."""

    problem: pulp.LpProblem
    variables: dict[Key, pulp.LpVariable]
    rows: tuple[Row, ...]
    constraints: dict[tuple[str, str], pulp.LpConstraint]
    """Keyed by (family, subject), as the seam keys its duals."""

    @property
    def maximise(self) -> bool:
        return self.problem.sense == pulp.LpMaximize


def build(d: LpData, rows: list[Row], objective: Terms, maximise: bool = False) -> Formulation:
    """Optimise a linear objective subject to `rows`; every variable is non-negative.

    Variables are the staff WTE of `d` plus any auxiliary key the rows or the objective use.
    PuLP names are positional (x_0, c_0) so that locality names never need escaping;
    results are read back through the keyed dictionaries, never by parsing names.
    """
    objective = tuple(objective)
    keys = dict.fromkeys(
        [*d.variables(), *(k for row in rows for k, _ in row.terms), *(k for k, _ in objective)]
    )
    problem = pulp.LpProblem("establishment", pulp.LpMaximize if maximise else pulp.LpMinimize)
    variables = {key: problem.add_variable(f"x_{i}", lowBound=0) for i, key in enumerate(keys)}
    problem += pulp.lpSum(coef * variables[key] for key, coef in objective)
    constraints = {}
    for i, row in enumerate(rows):
        expr = pulp.lpSum(coef * variables[key] for key, coef in row.terms)
        if row.sense is Sense.EQUAL:
            constraint = expr == row.rhs
        else:
            constraint = expr >= row.rhs if row.sense is Sense.AT_LEAST else expr <= row.rhs
        problem.addConstraint(constraint, f"c_{i}")
        constraints[row.family, row.subject] = constraint
    return Formulation(problem, variables, tuple(rows), constraints)


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
    if sense is Sense.EQUAL:
        return -raw if maximise else raw
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


def formulation_of(m: Model) -> Formulation:
    """The seam's model as a PuLP problem: its rows (relaxed blocks left out), objective and bounds."""
    formulation = build(m.d, m.rows(), m.objective_terms(), m.maximise)
    for j in np.flatnonzero(m.lower).tolist():
        formulation.variables[m.columns.keys[j]].lowBound = float(m.lower[j])
    for j in np.flatnonzero(np.isfinite(m.upper) & (m.upper < 1e20)).tolist():
        formulation.variables[m.columns.keys[j]].upBound = float(m.upper[j])
    return formulation


def run_model(m: Model) -> Solution:
    """Solve the seam's model through PuLP; the solution in the seam's form (values, x, duals by block)."""
    solved = solve(formulation_of(m), m.choice)
    if not solved.status.is_ok:
        return solved
    x = np.array([solved.values.get(k, 0.0) for k in m.columns.keys])
    raw = [
        np.zeros(len(block))
        if i in m.relaxed
        else np.array([solved.duals[block.family_of(r), s] for r, s in enumerate(block.subjects)])
        for i, block in enumerate(m.blocks)
    ]
    result = m.solution_from(x, np.concatenate(raw) if raw else np.zeros(0))
    return Solution(result.status, m.name, solved.objective, result.values, result.duals, x)
