"""Objectives over several years, solved in stages on one model through the solver seam (lp/model).

min-cost: least cost over the horizon meeting the cap in every locality and year.
max-coverage: (1) the best worst-year coverage within every year's budget; (2) holding it, each
other year as close to the cap as its budget allows; (3) holding that, the cheapest path.
Both then settle ties by a stated rule: among equally cheap paths, with several grades, the least
change of each locality's establishment year on year (as `plan` breaks ties); then, the
establishment held, the flows by the rule of `lp/years_flows.py` (the fewest WTE recruited,
removed or moved, shared in proportion), which is unique.

The model is built once from blocks of arrays (`lp/years_blocks.py`, every row the later stages
read included: they bind only columns no earlier stage prices) and handed to HiGHS in one call;
each stage adds its hold row in place and changes the objective, and HiGHS goes on warm from the
last basis (primal simplex, since the basis stays feasible). max-coverage's first stage, the one
solved from nothing, runs HiGHS's interior point method with crossover, which reaches the optimum
of this large, degenerate model several times faster than simplex and leaves a basis the later
stages start from. Pounds are counted in WTE at the main grade's cost inside the solver, so
that every row is of the same order. CBC (`--solver cbc`) gets the same rows through PuLP.
"""

from dataclasses import dataclass, replace

import highspy
import numpy as np

from optimiser.inputs.scenario import Objective
from optimiser.lp.blocks import Block, KeyColumns, make_block, rows_blocks
from optimiser.lp.data import Aux, Row, Sense
from optimiser.lp.model import Model
from optimiser.lp.objectives import FLAT, _by_pulp, coverage_scale, covered
from optimiser.lp.status import Solution, SolverChoice
from optimiser.lp.years_blocks import blocks
from optimiser.lp.years_flows import settle, within_limits
from optimiser.lp.years_rows import (
    ADDED,
    CHANGE,
    COVER_FAMILIES,
    CUT,
    MAX_COVERAGE,
    MIN_COST,
    POUNDS,
    RECRUITS,
    REMOVED,
    UP_TO_CAP,
    WORST,
    WTE,
    YearColumns,
    YearRow,
    YearsData,
    all_rows,
    start_array,
    up_to_cap,
    year_theta,
)

HOLD = 1e-7
"""A later stage holds an earlier optimum to this relative tolerance (solvers work to about 1e-7)."""
TIE_HOLD = 1e-9
"""The least cost is held to this share of itself plus this many pounds, as `plan` holds it."""
TIE_GAIN = 1e-3
"""As `objectives.TIE_GAIN`: a least-change path is taken only when it changes the establishment by at
least this many WTE less than the least-cost path (a real tie, not a trade within the tolerance)."""


EDGES = 2000
"""At most this many tied edges are followed to prove the WTE unique; past it the least change runs."""
EDGE_ZERO = 1e-9
"""An edge moves a WTE column when its entry there is larger than this."""


@dataclass(frozen=True)
class YearsOutcome:
    solution: Solution
    """The chosen plan: `x` holds its establishment and the flows settled by the rule."""
    theta: float | None
    """max-coverage: the worst year's coverage ratio (the best cap is cap / theta)."""
    blocks: list[Block]
    """Every row as the solver held it (pounds in WTE at the main grade's cost), for the check."""
    flows_by_rule: bool = True
    """False where the rule's flows would break a recruitment limit per locality, so the solver's
    fewest flows were kept instead."""

    @property
    def rows(self) -> list[Row]:
        """Every row in words (made on demand)."""
        return [row for block in self.blocks for row in block.rows()]


class _Stages:
    """One model of the horizon and the stages' changes made to it in place."""

    def __init__(
        self, d: YearsData, columns: YearColumns | KeyColumns, built: list[Block], solver: SolverChoice
    ):
        self.d, self.columns, self.unit = d, columns, d.grades[0].cost_per_wte
        base = replace(d.base, localities=())  # the seam's PuLP route adds no staff of its own
        self.model = Model(base, columns, built, np.zeros(len(columns)), False, solver, pulp_route=_by_pulp)

    def run(self, vector: np.ndarray, maximise: bool, warm: bool = True, interior: bool = False) -> Solution:
        """One stage: the objective `vector` over the columns, warm from the last basis unless `warm`
        is False (then by interior point when `interior`)."""
        self.model.set_objective(vector, maximise)
        return self.model.run(primal=warm, interior=interior)

    def hold(self, family: str, vector: np.ndarray, sense: Sense, best: float, meaning: str) -> None:
        """An earlier stage's optimum held by the later ones, as `plan` holds its stages: a coverage
        to HOLD of itself, the least cost to TIE_HOLD of itself plus TIE_HOLD pounds."""
        scale = self.unit if family in POUNDS else 1.0
        held = best * (1 - HOLD) if sense is Sense.AT_LEAST else best * (1 + TIE_HOLD) + TIE_HOLD / scale
        used = np.flatnonzero(vector)

        def words() -> list[Row]:
            keys = self.columns.keys
            terms = tuple((keys[j], float(vector[j]) * scale) for j in used.tolist())
            return [Row(family, "total", terms, sense, held * scale, meaning, limit=False)]

        row = make_block(
            family, ["total"], used[None, :], vector[used][None, :], sense, np.array([held]), words, False
        )
        self.model.add([row])

    def fix(self, columns: np.ndarray, values: np.ndarray) -> None:
        self.model.fix(columns, np.maximum(values, 0.0))

    def wte_unique(self) -> bool:
        """The last optimum's WTE are provably the only optimal ones. Any other optimum differs from
        this one by a combination of the edges of the nonbasic columns and rows whose reduced cost
        is zero (every other nonbasic stays at its bound), so the WTE are unique when no such edge
        moves a WTE column. Edges that move only flows or the change columns do not count, which a
        test of reduced costs alone (as `plan`'s) cannot tell apart here. HiGHS only; past EDGES
        tied edges the WTE are taken as possibly tied."""
        h = self.model.highs
        if h is None or not h.getBasis().valid:
            return False
        n = h.getNumCol()
        wte = np.zeros(n, dtype=bool)
        wte[self.columns.grid(WTE).ravel()] = True  # type: ignore[union-attr]
        tied = _tied_edges(h, FLAT * max(1.0, float(np.abs(self.model.cost).max(initial=0.0))))
        if len(tied) > EDGES or any(j < n and wte[j] for j in tied):
            return False
        basic = h.getBasicVariables()[1]
        moved = np.zeros(len(basic), dtype=bool)
        moved[basic >= 0] = wte[basic[basic >= 0]]
        for j in tied:
            edge = h.getReducedColumn(j)[1] if j < n else h.getBasisInverseCol(j - n)[1]
            if np.any(moved & (np.abs(edge) > EDGE_ZERO)):
                return False
        return True


def _tied_edges(h: highspy.Highs, flat: float) -> list[int]:
    """The nonbasic columns (their index) and rows (number of columns + row) that are not fixed and
    whose reduced cost is within `flat` of zero: the edges along which the optimum may move."""
    basis, solution, lp = h.getBasis(), h.getSolution(), h.getLp()
    basic = highspy.HighsBasisStatus.kBasic
    cols = [s != basic for s in basis.col_status]
    rows = [s != basic for s in basis.row_status]
    col_free = np.asarray(lp.col_upper_) > np.asarray(lp.col_lower_)
    row_free = np.asarray(lp.row_upper_) > np.asarray(lp.row_lower_)
    col = np.flatnonzero(cols & col_free & (np.abs(np.asarray(solution.col_dual)) <= flat))
    row = np.flatnonzero(rows & row_free & (np.abs(np.asarray(solution.row_dual)) <= flat))
    return [*col.tolist(), *(len(cols) + row).tolist()]


def cost_vector(d: YearsData, columns: YearColumns) -> np.ndarray:
    """Cost over the horizon, in WTE at the main grade's cost: each year's establishment as charged in
    that year, plus one-off costs. The first year's in-post cost before its changes take effect is a
    constant, left out."""
    vector = np.zeros(len(columns))
    costs = np.array([g.cost_per_wte for g in d.grades]) / columns.d.grades[0].cost_per_wte
    vector[columns.grid(WTE)] = d.shares()[:, None, None] * costs[None, None, :]
    vector[columns.grid(RECRUITS)] = d.recruitment_cost / d.grades[0].cost_per_wte
    vector[columns.grid(REMOVED)] = d.removal_cost / d.grades[0].cost_per_wte
    return vector


def _unit(columns: YearColumns, keys: list[Aux]) -> np.ndarray:
    vector = np.zeros(len(columns))
    vector[[columns.index(k) for k in keys]] = 1.0
    return vector


def _worst_scale(d: YearsData) -> float:
    """About the worst year's coverage ratio (objectives.coverage_scale, year by year): stage one
    maximises the worst year's over it, so the solver's absolute tolerances are small against it."""
    found = [
        coverage_scale(budget, float(need), d.base)
        for budget, need in zip(d.budgets, d.weighted_array().sum(axis=1).tolist(), strict=True)
        if budget is not None and need > 0
    ]
    return min(found, default=1.0)


def optimise_years(d: YearsData, objective: Objective, solver: SolverChoice) -> YearsOutcome:
    """Solve the horizon for `objective`; a failed stage returns its own (not ok) solution."""
    several, most = len(d.grades) > 1, objective is not Objective.MIN_COST
    families = (*(MAX_COVERAGE + UP_TO_CAP if most else MIN_COST), *(CHANGE if several else ()))
    aux = (WORST, *map(year_theta, d.years), *map(up_to_cap, d.years)) if most else ()
    columns = YearColumns(d, several, aux)
    stages = _Stages(d, columns, blocks(d, families, columns), solver)
    theta = None
    if most:
        first = stages.run(_unit(columns, [WORST]) / _worst_scale(d), True, warm=False, interior=True)
        if not first.status.is_ok:
            return YearsOutcome(first, None, stages.model.blocks)
        theta = covered(first.values[WORST])
        meaning = f"worst year's coverage at least {theta:.6g}, the best the budgets allow"
        stages.hold("best worst year", _unit(columns, [WORST]), Sense.AT_LEAST, theta, meaning)
        if len(d.years) > 1 and theta < 1:
            counted = _unit(columns, [up_to_cap(y) for y in d.years])
            second = stages.run(counted, True)
            if not second.status.is_ok:
                return YearsOutcome(second, theta, stages.model.blocks)
            meaning = "every other year as close to the cap as its budget allows"
            stages.hold("years to the cap", counted, Sense.AT_LEAST, second.objective or 0.0, meaning)
    cost = cost_vector(d, columns)
    cheapest = stages.run(cost, False, warm=most)
    if not cheapest.status.is_ok:
        return YearsOutcome(cheapest, theta, stages.model.blocks)
    chosen = _least_change(d, stages, cheapest) if several else cheapest
    return _settled(d, stages, chosen, theta)


def _least_change(d: YearsData, stages: _Stages, cheapest: Solution) -> Solution:
    """Among equally good, equally cheap paths with several grades: the least total change of each
    locality's establishment year on year, as `plan` breaks ties, taken only when it changes the
    establishment by at least TIE_GAIN WTE less (a real tie, not a trade within the least cost's
    tolerance). Only where the WTE may tie (`wte_unique`), as `plan` runs it only where its optimum
    may tie."""
    if stages.wte_unique():
        return cheapest
    columns: YearColumns = stages.columns  # type: ignore[assignment]
    cost = cost_vector(d, columns)
    best_cost = float(cost @ cheapest.x) if cheapest.x is not None else 0.0
    stages.hold("least cost", cost, Sense.AT_MOST, best_cost, "cost over the horizon at most the least")
    change = np.zeros(len(columns))
    change[columns.change(ADDED)] = 1.0
    change[columns.change(CUT)] = 1.0
    fewer = stages.run(change, False)
    if (
        fewer.status.is_ok
        and (fewer.objective or 0.0) <= _establishment_change(d, columns, cheapest.x) - TIE_GAIN
    ):
        return fewer
    return cheapest


def _establishment_change(d: YearsData, columns: YearColumns, x: np.ndarray | None) -> float:
    """Total WTE added plus removed, locality by locality and year on year, in a solution."""
    assert x is not None
    wte = x[columns.grid(WTE)].sum(axis=-1)  # [year, locality]
    today = start_array(d).sum(axis=-1)
    return float(np.abs(wte - np.concatenate([today[None], wte[:-1]])).sum())


def _settled(d: YearsData, stages: _Stages, chosen: Solution, theta: float | None) -> YearsOutcome:
    """The chosen establishment with its flows by the rule (lp/years_flows); where the rule's split
    would break a recruitment limit per locality, the solver's fewest flows with the establishment
    held instead."""
    columns: YearColumns = stages.columns  # type: ignore[assignment]
    x = np.array(chosen.x, dtype=float)
    wte = columns.grid(WTE)
    laid = settle(d, x[wte])
    if within_limits(d, laid):
        x[: columns.stock] = laid[: len(columns.kinds)].ravel()
        solution = replace(chosen, values=columns.values(x), x=x)
        return YearsOutcome(solution, theta, stages.model.blocks)
    stages.fix(wte.ravel(), x[wte].ravel())
    fewest = np.zeros(len(columns))
    for kind in (RECRUITS, REMOVED, *(("moved in",) if d.moves else ())):
        fewest[columns.grid(kind)] = 1.0
    least = stages.run(fewest, False)
    final = least if least.status.is_ok else chosen
    return YearsOutcome(final, theta, stages.model.blocks, flows_by_rule=False)


@dataclass(frozen=True)
class Breach:
    """A limit the horizon cannot keep: the row, and the value its left-hand side needs."""

    row: YearRow
    needs: float


ELASTIC_TOLERANCE = 1e-6


def relax(d: YearsData, objective: Objective, solver: SolverChoice) -> list[Breach] | None:
    """Which limits must give, and by how much, for the horizon to plan: each limit row gets an
    elastic variable (in WTE: pounds are divided by the main grade's cost), and their sum is
    minimised. None when even that fails (the cover rows alone are impossible)."""
    rows = all_rows(d, MIN_COST if objective is Objective.MIN_COST else MAX_COVERAGE)
    unit = d.grades[0].cost_per_wte
    elastic: list[Row] = []
    excess: dict[str, Aux] = {}
    for row in rows:
        if not row.limit or row.family in COVER_FAMILIES:
            elastic.append(row)
            continue
        key = Aux("excess", row.name)
        excess[row.name] = key
        scale = unit if row.family == "budget" else 1.0
        sign = 1.0 if row.sense is Sense.AT_LEAST else -1.0
        elastic.append(replace(row, terms=(*row.terms, (key, sign * scale))))
    columns = KeyColumns(
        list(dict.fromkeys([*(k for row in elastic for k, _ in row.terms), *excess.values()]))
    )
    stages = _Stages(d, columns, rows_blocks(elastic, columns, dict.fromkeys(POUNDS, unit)), solver)
    vector = np.zeros(len(columns))
    vector[[columns.index(k) for k in excess.values()]] = 1.0
    solution = stages.run(vector, False, warm=False)
    if not solution.status.is_ok:
        return None
    found = []
    for row in rows:
        key = excess.get(row.name)
        if key is not None and solution.values.get(key, 0.0) > ELASTIC_TOLERANCE and isinstance(row, YearRow):
            found.append(Breach(row, row.lhs(solution.values)))
    order = {y: i for i, y in enumerate(d.years)}
    return sorted(found, key=lambda b: order.get(b.row.year, len(order)))
