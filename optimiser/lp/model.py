"""The one solver seam: a model built once from blocks, re-solved in place as its figures change.

HiGHS gets the whole matrix in one `passModel` call (row-wise arrays, no Python call per row)
and keeps its basis, so a marginal figure, a tie-break or a sweep point changes only the row
bounds, costs or rows that differ and re-runs warm. CBC runs only when asked for (`--solver cbc`;
it is never a fallback): it gets the same rows through PuLP, rebuilt at each run, since PuLP
cannot re-solve CBC in place; the model's builder (lp/objectives) hands it that route, so the
seam itself never loads PuLP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import highspy
import numpy as np

from optimiser.errors import SolverError
from optimiser.lp.data import Key, LpData, Row, Sense
from optimiser.lp.quiet import solver_output_silenced
from optimiser.lp.status import Solution, SolverChoice, SolveStatus, solver_name

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.blocks import Block, Columns

INF = highspy.kHighsInf
PRIMAL, DUAL = 4, 1
"""HiGHS's simplex_strategy values: primal simplex, and dual (its default)."""
_STATUS = {
    highspy.HighsModelStatus.kOptimal: SolveStatus.OPTIMAL,
    highspy.HighsModelStatus.kInfeasible: SolveStatus.INFEASIBLE,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: SolveStatus.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: SolveStatus.UNBOUNDED,
    highspy.HighsModelStatus.kNotset: SolveStatus.NOT_SOLVED,
}


def run_highs(highs: highspy.Highs) -> SolveStatus:
    """Run HiGHS with its output kept off stdout; a crash inside it is a SolverError, its status ours."""
    try:
        with solver_output_silenced():
            highs.run()
    except Exception as exc:  # any failure inside the solver is the solver's
        raise SolverError(f"The HiGHS solver failed ({type(exc).__name__}: {exc}).") from exc
    return _STATUS.get(highs.getModelStatus(), SolveStatus.UNDEFINED)


class Duals(Mapping[tuple[str, str], float]):
    """Shadow prices (the convention of Solution.duals) per block, keyed by (family, subject), for
    example `duals["cap cover", "CHW"]`; `family("cap cover")` gives a whole block's as an array."""

    def __init__(self, blocks: list[Block], prices: list[np.ndarray]) -> None:
        self._blocks, self._prices = blocks, prices
        self._index: dict[tuple[str, str], float] | None = None

    def family(self, family: str) -> np.ndarray:
        """One family's prices, aligned with its block's subjects (the first block of that family)."""
        for block, price in zip(self._blocks, self._prices, strict=True):
            if block.family == family:
                return price
        raise KeyError(family)

    def _table(self) -> dict[tuple[str, str], float]:
        if self._index is None:
            self._index = {
                (b.family_of(i), s): float(p[i])
                for b, p in zip(self._blocks, self._prices, strict=True)
                for i, s in enumerate(b.subjects)
            }
        return self._index

    def __getitem__(self, key: tuple[str, str]) -> float:
        return self._table()[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _prices(raw: np.ndarray, sense: Sense, maximise: bool) -> np.ndarray:
    """solve.shadow_price over a block: the size from the solver, the sign from LP theory (an
    equality row's sign is the solver's own, for a minimisation)."""
    if sense is Sense.EQUAL:
        return -raw if maximise else np.asarray(raw, dtype=float)
    positive = (sense is Sense.AT_MOST) == maximise
    return np.abs(raw) if positive else -np.abs(raw)


def _bounds(block: Block) -> tuple[np.ndarray, np.ndarray]:
    if block.sense is Sense.EQUAL:
        return block.rhs, block.rhs
    if block.sense is Sense.AT_LEAST:
        return block.rhs, np.full(len(block), INF)
    return np.full(len(block), -INF), block.rhs


DUAL_TOLERANCE = 1e-9
"""HiGHS's dual feasibility tolerance (its default is 1e-7). A reduced cost under it counts as no
gain, and with two grades 50p a year apart on £38,323 (1.3e-5 of a WTE's cost) the gain from the
cheaper one, per WTE of a 160-WTE plan, was 8e-8: max-coverage stopped at the dearer grade with
£80 of the budget unspent, where a one-year horizon did not. 1e-9 tells such choices apart; the
examples' plans are unchanged, to the printed figure."""
PRIMAL_TOLERANCE = 1e-9
"""HiGHS's primal feasibility tolerance (its default is 1e-7). Max-coverage's rows are divided by
each locality's caseload, so they read in units of the coverage ratio; at a ratio of 0.002, 1e-7
is 5e-5 of it, and a one-year horizon's least-cost stage took that slack (0.01 WTE where `plan`
planned 0.010000459, £0.02 of the budget unspent). The examples' plans are unchanged."""


@dataclass
class Model:
    """One LP: columns, blocks of rows, a linear objective; re-solved in place by HiGHS or rebuilt for CBC."""

    d: LpData
    columns: Columns
    blocks: list[Block]
    cost: np.ndarray
    maximise: bool = False
    choice: SolverChoice = SolverChoice.AUTO
    relaxed: set[int] = field(default_factory=set)
    """Blocks whose rows are switched off (bounds -inf..inf) without being removed."""
    lower: np.ndarray | None = None
    """Column lower bounds (0 unless changed)."""
    upper: np.ndarray | None = None
    """Column upper bounds (none unless changed)."""
    pulp_route: Callable[[Model], Solution] | None = None
    """How to solve without HiGHS (CBC through PuLP: lp/pulp_route.run_model)."""

    def __post_init__(self) -> None:
        self.name = solver_name(self.choice)
        if self.lower is None:
            self.lower = np.zeros(len(self.columns))
        if self.upper is None:
            self.upper = np.full(len(self.columns), INF)
        self.highs: highspy.Highs | None = None
        if self.name == "HiGHS":
            self._pass()

    # -- building ---------------------------------------------------------------------------
    def _pass(self) -> None:
        """Hand the whole model to HiGHS in one call."""
        with solver_output_silenced():
            self.highs = highspy.Highs()
            self.highs.setOptionValue("output_flag", False)
            self.highs.setOptionValue("dual_feasibility_tolerance", DUAL_TOLERANCE)
            self.highs.setOptionValue("primal_feasibility_tolerance", PRIMAL_TOLERANCE)
        counts = [np.diff(b.indptr) for b in self.blocks]
        indptr = np.concatenate([[0], np.cumsum(np.concatenate(counts))]) if counts else np.zeros(1)
        lows, highs = zip(*(self._row_bounds(i) for i in range(len(self.blocks))), strict=True) or ((), ())
        num_row = int(sum(len(b) for b in self.blocks))
        index = np.concatenate([b.indices for b in self.blocks]) if self.blocks else np.zeros(0)
        value = np.concatenate([b.data for b in self.blocks]) if self.blocks else np.zeros(0)
        num_col = len(self.columns)
        status = self.highs.passModel(
            num_col,
            num_row,
            len(value),
            int(highspy.MatrixFormat.kRowwise),
            int(highspy.ObjSense.kMinimize),
            0.0,
            self._signed_cost(),
            np.asarray(self.lower, dtype=float),
            np.asarray(self.upper, dtype=float),
            np.concatenate(lows) if num_row else np.zeros(0),
            np.concatenate(highs) if num_row else np.zeros(0),
            indptr[:-1].astype(np.int32) if num_row else np.zeros(0, dtype=np.int32),
            index.astype(np.int32),
            value.astype(float),
            np.zeros(num_col, dtype=np.int32),
        )
        if status == highspy.HighsStatus.kError:
            raise SolverError("HiGHS refused the model (its figures may span too many orders of magnitude).")

    def _row_bounds(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        block = self.blocks[i]
        if i in self.relaxed:
            return np.full(len(block), -INF), np.full(len(block), INF)
        return _bounds(block)

    def _signed_cost(self) -> np.ndarray:
        return -self.cost if self.maximise else np.asarray(self.cost, dtype=float)

    def _start(self, i: int) -> int:
        return int(sum(len(b) for b in self.blocks[:i]))

    def find(self, family: str) -> int | None:
        """The index of the first block of `family`, or None when the model has none."""
        return next((i for i, b in enumerate(self.blocks) if b.family == family), None)

    # -- changing in place ------------------------------------------------------------------
    def _push_bounds(self, i: int) -> None:
        if self.highs is None or len(self.blocks[i]) == 0:
            return
        low, high = self._row_bounds(i)
        start = self._start(i)
        rows = np.arange(start, start + len(self.blocks[i]), dtype=np.int32)
        self.highs.changeRowsBounds(len(rows), rows, low, high)

    def set_rhs(self, i: int, rhs: np.ndarray) -> None:
        """New right-hand sides for block i (a cap step, a budget step)."""
        self.blocks[i].rhs = np.asarray(rhs, dtype=float).reshape(len(self.blocks[i]))
        self._push_bounds(i)

    def relax(self, i: int, off: bool = True) -> None:
        """Switch block i's rows off (or back on) without removing them: the basis stays."""
        (self.relaxed.add if off else self.relaxed.discard)(i)
        self._push_bounds(i)

    def set_objective(self, cost: np.ndarray, maximise: bool = False) -> None:
        self.cost, self.maximise = np.asarray(cost, dtype=float), maximise
        if self.highs is not None:
            n = len(self.columns)
            self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), self._signed_cost())

    def set_lower(self, column: int, value: float) -> None:
        self.lower[column] = value
        if self.highs is not None:
            self.highs.changeColBounds(column, value, INF)

    def fix(self, columns: np.ndarray, values: np.ndarray) -> None:
        """Hold columns at values (both bounds), in place: the basis stays, so the next run is warm."""
        columns = np.asarray(columns, dtype=np.int32)
        values = np.asarray(values, dtype=float)
        self.lower[columns] = values  # type: ignore[index]
        self.upper[columns] = values  # type: ignore[index]
        if self.highs is not None and len(columns):
            self.highs.changeColsBounds(len(columns), columns, values, values)

    def update(self, blocks: list[Block]) -> None:
        """Take the figures of `blocks` (the same structure, new cap or budget): only the
        coefficients and right-hand sides that differ are changed in HiGHS."""
        if [(b.family, len(b)) for b in blocks] != [(b.family, len(b)) for b in self.blocks]:
            raise ValueError("a model only takes blocks of the structure it was built with")
        start = 0
        for i, (old, new) in enumerate(zip(self.blocks, blocks, strict=True)):
            changed = np.flatnonzero(old.data != new.data)
            if len(changed) and self.highs is not None:
                rows = np.repeat(np.arange(len(old)), np.diff(old.indptr))
                for k in changed.tolist():
                    self.highs.changeCoeff(int(start + rows[k]), int(old.indices[k]), float(new.data[k]))
            self.blocks[i] = replace(new, rhs=old.rhs)
            if not np.array_equal(old.rhs, new.rhs):
                self.set_rhs(i, new.rhs)
            start += len(old)

    def add(self, blocks: list[Block]) -> None:
        """Append rows (a hold, the least-cost row, the change split) in place."""
        for block in blocks:
            self.blocks.append(block)
            if self.highs is None or len(block) == 0:
                continue
            low, high = _bounds(block)
            self.highs.addRows(
                len(block),
                low,
                high,
                len(block.data),
                block.indptr[:-1].astype(np.int32),
                block.indices.astype(np.int32),
                block.data.astype(float),
            )

    def remove(self, count: int) -> None:
        """Drop the last `count` blocks added."""
        for _ in range(count):
            block = self.blocks.pop()
            self.relaxed.discard(len(self.blocks))
            if self.highs is not None and len(block):
                start = self._start(len(self.blocks))
                rows = np.arange(start, start + len(block), dtype=np.int32)
                self.highs.deleteRows(len(rows), rows)

    # -- solving ----------------------------------------------------------------------------
    def run(self, primal: bool = False, interior: bool = False) -> Solution:
        """Solve (warm from the last basis with HiGHS) and read the solution back as our own keys.

        `primal`: after the objective changed, the last basis is still feasible, so primal simplex
        goes on from it; should it stop short of an optimum (its tolerances on a badly scaled row),
        dual simplex finishes from the same basis, and as a last resort the model is solved afresh.
        `interior`: solve from nothing by HiGHS's interior point method with crossover (a basis for
        the next run), for large degenerate models; simplex if it stops short of an optimum."""
        if self.highs is None:
            if self.pulp_route is None:
                raise SolverError(f"No route to the {self.name} solver was given to this model")
            return self.pulp_route(self)
        status = self._interior() if interior else self._solve(primal)
        if not status.is_ok:
            return Solution(status, self.name, None, {}, {})
        solution = self.highs.getSolution()
        x = np.asarray(solution.col_value, dtype=float)
        raw = np.asarray(solution.row_dual, dtype=float)
        return self.solution_from(x, raw)

    def _interior(self) -> SolveStatus:
        highs = self.highs
        assert highs is not None
        highs.setOptionValue("solver", "ipm")
        try:
            status = run_highs(highs)
        finally:
            highs.setOptionValue("solver", "choose")
        if status is SolveStatus.OPTIMAL and highs.getBasis().valid:
            return status
        highs.clearSolver()
        return run_highs(highs)

    def _solve(self, primal: bool) -> SolveStatus:
        highs = self.highs
        assert highs is not None
        if not primal:
            return run_highs(highs)
        highs.setOptionValue("simplex_strategy", PRIMAL)
        try:
            status = run_highs(highs)
        finally:
            highs.setOptionValue("simplex_strategy", DUAL)
        if status is SolveStatus.OPTIMAL:
            return status
        status = run_highs(highs)
        if status is SolveStatus.OPTIMAL:
            return status
        highs.clearSolver()
        return run_highs(highs)

    def solution_from(self, x: np.ndarray, raw: np.ndarray) -> Solution:
        """A solution from column values and raw row duals (HiGHS's, or the PuLP route's)."""
        prices, at = [], 0
        for i, block in enumerate(self.blocks):
            part = raw[at : at + len(block)]
            at += len(block)
            prices.append(
                np.zeros(len(block)) if i in self.relaxed else _prices(part, block.sense, self.maximise)
            )
        used = np.flatnonzero(self.cost)
        objective = sum(c * v for c, v in zip(self.cost[used].tolist(), x[used].tolist(), strict=True))
        duals = Duals(self.blocks, prices)
        return Solution(SolveStatus.OPTIMAL, self.name, float(objective), self.columns.values(x), duals, x)

    def rows(self) -> list[Row]:
        """The model's rows as Row objects with generic words (for the PuLP route: CBC, LP files)."""
        keys = self.columns.keys
        found = []
        for i, block in enumerate(self.blocks):
            if i in self.relaxed:
                continue
            for r, subject in enumerate(block.subjects):
                span = slice(block.indptr[r], block.indptr[r + 1])
                terms = tuple(
                    (keys[j], c)
                    for j, c in zip(block.indices[span].tolist(), block.data[span].tolist(), strict=True)
                )
                found.append(Row(block.family_of(r), subject, terms, block.sense, float(block.rhs[r]), ""))
        return found

    def objective_terms(self) -> tuple[tuple[Key, float], ...]:
        """The objective as (column key, coefficient) pairs, for the PuLP route."""
        keys = self.columns.keys
        return tuple((keys[j], float(self.cost[j])) for j in np.flatnonzero(self.cost).tolist())
