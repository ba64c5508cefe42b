"""A list of Rows handed to HiGHS in bulk: one compressed-sparse-row matrix and one `passModel` call.

The families still speak in Row objects (they are the words the check and the binding list read);
only the solver's copy is made from arrays, without a PuLP object per term. The columns and rows go
to HiGHS in the order PuLP passes them (columns sorted by PuLP's names x_0, x_1, x_10, ...), so HiGHS
gets the same model as through PuLP and picks the same vertex among equally good ones: the figures
are the PuLP path's. Stages are not re-solved warm for the same reason (a warm start may end at a
different, equally good vertex). CBC keeps the PuLP path (years_objectives).
"""

from collections.abc import Iterable, Sequence

import highspy
import numpy as np

from optimiser.errors import SolverError
from optimiser.lp.data import Key, Row, Sense
from optimiser.lp.model import INF, run_highs
from optimiser.lp.quiet import solver_output_silenced
from optimiser.lp.status import Solution

Terms = Iterable[tuple[Key, float]]


def _sum_duplicates(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows naming one column twice get one summed entry (as PuLP's lpSum would); exact zeros go."""
    counts = np.diff(indptr)
    owner = np.repeat(np.arange(len(counts)), counts)
    order = np.lexsort((indices, owner))
    owner, indices, data = owner[order], indices[order], data[order]
    first = np.ones(len(indices), dtype=bool)
    first[1:] = (owner[1:] != owner[:-1]) | (indices[1:] != indices[:-1])
    if not first.all():
        starts = np.flatnonzero(first)
        data = np.add.reduceat(data, starts)
        owner, indices = owner[starts], indices[starts]
    keep = data != 0.0
    owner, indices, data = owner[keep], indices[keep], data[keep]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(counts)))])
    return indptr, indices, data


class RowsModel:
    """Rows and a linear objective as one HiGHS model over the keys they name (every key >= 0)."""

    def __init__(self, rows: Sequence[Row], objective: Terms, maximise: bool) -> None:
        objective = tuple(objective)
        named = list(dict.fromkeys([*(k for row in rows for k, _ in row.terms), *(k for k, _ in objective)]))
        # PuLP names the i-th key x_i and hands HiGHS its columns sorted by name: the same order
        # here gives HiGHS the same model, so it picks the same vertex among equally good ones.
        self.keys: list[Key] = [named[i] for i in sorted(range(len(named)), key=str)]
        self.index = {k: i for i, k in enumerate(self.keys)}
        with solver_output_silenced():
            self.highs = highspy.Highs()
            self.highs.setOptionValue("output_flag", False)
        indptr, indices, data, low, high = self._arrays(rows)
        self.cost, self.maximise = self._vector(objective), maximise
        self.objective: dict[Key, float] = {}
        for key, coef in objective:
            self.objective[key] = self.objective.get(key, 0.0) + coef
        n = len(self.keys)
        status = self.highs.passModel(
            n,
            len(low),
            len(data),
            int(highspy.MatrixFormat.kRowwise),
            int(highspy.ObjSense.kMinimize),
            0.0,
            self._signed(),
            np.zeros(n),
            np.full(n, INF),
            low,
            high,
            indptr[:-1].astype(np.int32),
            indices.astype(np.int32),
            data,
            np.zeros(n, dtype=np.int32),
        )
        if status == highspy.HighsStatus.kError:
            raise SolverError("HiGHS refused the model (its figures may span too many orders of magnitude).")

    def _arrays(self, rows: Sequence[Row]) -> tuple[np.ndarray, ...]:
        """CSR arrays and row bounds, row by row as PuLP passes them."""
        index = self.index
        cols: list[int] = []
        coefs: list[float] = []
        counts: list[int] = []
        low: list[float] = []
        high: list[float] = []
        for row in rows:
            cols += [index[k] for k, _ in row.terms]
            coefs += [c for _, c in row.terms]
            counts.append(len(row.terms))
            low.append(row.rhs if row.sense is Sense.AT_LEAST else -INF)
            high.append(row.rhs if row.sense is Sense.AT_MOST else INF)
        indices = np.array(cols, dtype=np.int64)
        indptr, indices, data = _sum_duplicates(
            np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]), indices, np.array(coefs, dtype=float)
        )
        return indptr, indices, data, np.array(low, dtype=float), np.array(high, dtype=float)

    def _vector(self, terms: Terms) -> np.ndarray:
        cost = np.zeros(len(self.keys))
        pairs = list(terms)
        if pairs:
            np.add.at(cost, [self.index[k] for k, _ in pairs], [c for _, c in pairs])
        return cost

    def _signed(self) -> np.ndarray:
        return -self.cost if self.maximise else self.cost

    def run(self) -> Solution:
        status = run_highs(self.highs)
        if not status.is_ok:
            return Solution(status, "HiGHS", None, {}, {})
        x = np.asarray(self.highs.getSolution().col_value, dtype=float)
        values = dict(zip(self.keys, x.tolist(), strict=True))
        objective = 0.0
        for key, coef in self.objective.items():  # summed in PuLP's order, to the last bit
            objective += values[key] * coef
        return Solution(status, "HiGHS", objective, values, {}, x)
