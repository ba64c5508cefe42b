"""A problem built once with PuLP, then re-solved in place by HiGHS as its figures change.

Sweeps solve the same structure hundreds of times with a different cap or budget. PuLP builds
the model and hands it to HiGHS in-process; the HiGHS instance stays on the problem
(`solverModel`), so each later point changes only the coefficients, row bounds and objective
that differ and re-runs HiGHS from the previous basis, instead of rebuilding everything.
"""

import warnings
from dataclasses import dataclass

import highspy
import pulp

from optimiser.errors import SolverError
from optimiser.lp.build import Terms, build
from optimiser.lp.data import Key, LpData, Row, Sense
from optimiser.lp.quiet import solver_output_silenced
from optimiser.lp.solve import SolveStatus

_STATUS = {
    highspy.HighsModelStatus.kOptimal: SolveStatus.OPTIMAL,
    highspy.HighsModelStatus.kInfeasible: SolveStatus.INFEASIBLE,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: SolveStatus.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: SolveStatus.UNBOUNDED,
}
INF = highspy.kHighsInf


@dataclass(frozen=True)
class Result:
    status: SolveStatus
    objective: float | None
    values: dict[Key, float]


class WarmModel:
    """Rows keep their names and order from point to point; only their figures change."""

    def __init__(self, d: LpData, rows: list[Row], objective: Terms, maximise: bool = False) -> None:
        formulation = build(d, rows, objective, maximise)
        solver = pulp.HiGHS(msg=False)
        if not solver.available():
            raise SolverError("Sweeps re-solve in place with HiGHS: install it with `pip install highspy`.")
        with warnings.catch_warnings(), solver_output_silenced():
            warnings.simplefilter("ignore", DeprecationWarning)
            formulation.problem.solve(solver)
        self.highs: highspy.Highs = formulation.problem.solverModel
        self.column = {key: var.index for key, var in formulation.variables.items()}
        self.names = [row.name for row in rows]
        self.index = [formulation.constraints[row.name].index for row in rows]
        self.coefficients = {
            (i, self.column[k]): c for i, row in zip(self.index, rows, strict=True) for k, c in row.terms
        }
        self.rhs = [row.rhs for row in rows]
        self.costs: dict[int, float] = {}
        self.maximise = False
        self.objective(objective, maximise)

    def update(self, rows: list[Row]) -> None:
        """Push the figures that differ from the model's; the rows must be the same rows, in order."""
        if [row.name for row in rows] != self.names:
            raise ValueError("a warm model only takes rows of the structure it was built with")
        for n, (i, row) in enumerate(zip(self.index, rows, strict=True)):
            for key, coef in row.terms:
                j = self.column[key]
                if self.coefficients.get((i, j)) != coef:
                    self.highs.changeCoeff(i, j, coef)
                    self.coefficients[(i, j)] = coef
            if row.rhs != self.rhs[n]:
                low, high = (row.rhs, INF) if row.sense is Sense.AT_LEAST else (-INF, row.rhs)
                self.highs.changeRowBounds(i, low, high)
                self.rhs[n] = row.rhs

    def objective(self, terms: Terms, maximise: bool = False) -> None:
        """Set a new linear objective (HiGHS minimises; a maximisation is the negated minimisation)."""
        wanted = {self.column[key]: (-coef if maximise else coef) for key, coef in terms}
        for j in set(self.costs) | set(wanted):
            value = wanted.get(j, 0.0)
            if self.costs.get(j, 0.0) != value:
                self.highs.changeColCost(j, value)
        self.costs = {j: v for j, v in wanted.items() if v != 0.0}
        self.maximise = maximise

    def lower_bound(self, key: Key, value: float) -> None:
        self.highs.changeColBounds(self.column[key], value, INF)

    def run(self) -> Result:
        with solver_output_silenced():
            self.highs.run()
        status = _STATUS.get(self.highs.getModelStatus(), SolveStatus.UNDEFINED)
        if not status.is_ok:
            return Result(status, None, {})
        solution = self.highs.getSolution().col_value
        values = {key: float(solution[j]) for key, j in self.column.items()}
        value = float(self.highs.getInfo().objective_function_value)
        return Result(status, -value if self.maximise else value, values)
