"""Objectives over several years, solved in stages on one model through the solver seam (lp/model).

min-cost: least cost over the horizon meeting the cap in every locality and year.
max-coverage: (1) the best worst-year coverage within every year's budget; (2) holding it, each
other year as close to the cap as its budget allows; (3) holding that, the cheapest path.
Both end with the stated tie-break: among equally cheap paths, with several grades the least
change of each locality's establishment year on year (as `plan` breaks ties); then, that
establishment held, the fewest WTE recruited, removed or moved.

The model is built once (every row, the later stages' included: they bind only columns no earlier
stage prices) and handed to HiGHS in one call; each stage adds its hold row or fixes columns in
place and changes the objective, and HiGHS goes on warm from the last basis (primal simplex, since
the basis stays feasible). Pounds are counted in WTE at the main grade's cost inside the solver, so
that every row is of the same order. CBC (`--solver cbc`) gets the same rows through PuLP.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from optimiser.inputs.objective import Objective
from optimiser.lp.blocks import Block, KeyColumns, rows_blocks
from optimiser.lp.data import Aux, Key, Row, Sense
from optimiser.lp.model import Model
from optimiser.lp.objectives import _by_pulp, _unique
from optimiser.lp.status import Solution, SolverChoice
from optimiser.lp.years import (
    COVER_FAMILIES,
    MAX_COVERAGE,
    MIN_COST,
    WORST,
    WTE,
    YearRow,
    YearsData,
    YearVar,
    all_rows,
    define_establishment_change,
    define_up_to_cap,
    establishment_change_terms,
    up_to_cap,
)

HOLD = 1e-7
"""A later stage holds an earlier optimum to this relative tolerance (solvers work to about 1e-7)."""
TIE_HOLD = 1e-9
TIE_GAIN = 1e-3
"""As `objectives.TIE_GAIN`: a least-change path is taken only when it changes the establishment by at
least this many WTE less than the least-cost path (a real tie, not a trade within the tolerance)."""
POUNDS = ("budget", "least cost")
"""Families counted in pounds: divided by the main grade's cost per WTE inside the solver."""


@dataclass(frozen=True)
class YearsOutcome:
    rows: list[Row]
    solution: Solution
    theta: float | None
    """max-coverage: the worst year's coverage ratio (the best cap is cap / theta)."""
    blocks: list[Block] = field(default_factory=list)
    """The same rows as the solver held them (pounds in WTE at the main grade's cost), for the check."""


class _Stages:
    """One model of the horizon, its rows in words, and the stages' changes made in place."""

    def __init__(
        self, d: YearsData, rows: list[Row], solver: SolverChoice, extra: tuple[Key, ...] = ()
    ) -> None:
        keys = dict.fromkeys([*(k for row in rows for k, _ in row.terms), *extra])
        self.d, self.rows, self.unit = d, list(rows), d.grades[0].cost_per_wte
        self.columns = KeyColumns(list(keys))
        blocks = rows_blocks(self.rows, self.columns, dict.fromkeys(POUNDS, self.unit))
        base = replace(d.base, localities=())  # the seam's PuLP route adds no staff of its own
        cost = np.zeros(len(self.columns))
        self.model = Model(base, self.columns, blocks, cost, False, solver, pulp_route=_by_pulp)

    def vector(self, terms: tuple[tuple[Key, float], ...], scale: float = 1.0) -> np.ndarray:
        found = np.zeros(len(self.columns))
        for key, coef in terms:
            found[self.columns.index(key)] += coef / scale
        return found

    def run(
        self, terms: tuple[tuple[Key, float], ...], maximise: bool, warm: bool = True, pounds: bool = False
    ) -> Solution:
        """One stage: the objective `terms` (in pounds: counted in WTE inside the solver), warm from the
        last basis unless `warm` is False."""
        self.model.set_objective(self.vector(terms, self.unit if pounds else 1.0), maximise)
        solution = self.model.run(primal=warm)
        if pounds and solution.objective is not None:  # back in pounds
            solution = replace(solution, objective=solution.objective * self.unit)
        return solution

    def hold(self, row: Row) -> None:
        self.rows.append(row)
        self.model.add(rows_blocks([row], self.columns, dict.fromkeys(POUNDS, self.unit)))

    def fix(self, keys: list[Key], values: Mapping[Key, float]) -> None:
        columns = np.array([self.columns.index(k) for k in keys], dtype=np.int64)
        self.model.fix(columns, np.array([max(0.0, values.get(k, 0.0)) for k in keys]))

    def unique(self, kinds: tuple[str, ...] | None = None) -> bool:
        """The last optimum is provably unique; with `kinds`, its columns of those kinds (and the rows
        that limit them) are: no other vertex as good changes them."""
        if kinds is None:
            return _unique(self.model)
        columns = np.array([isinstance(k, YearVar) and k.kind in kinds for k in self.columns.keys])
        rows = np.concatenate([np.full(len(b), b.limit) for b in self.model.blocks])
        return _unique(self.model, columns, rows)


def _hold(family: str, terms: tuple, sense: Sense, best: float, meaning: str) -> Row:
    """An earlier stage's optimum, held by a later one: a coverage to HOLD of itself (as `plan` holds
    theta), a cost or a change to TIE_HOLD of itself (at least of 1)."""
    slack = HOLD * abs(best) if sense is Sense.AT_LEAST else TIE_HOLD * max(1.0, abs(best))
    rhs = best - slack if sense is Sense.AT_LEAST else best + slack
    return Row(family, "total", terms, sense, rhs, meaning, limit=False)


def _all_rows(d: YearsData, objective: Objective) -> list[Row]:
    """The objective's families, with the rows later stages read: each year's coverage counted up to
    the cap (max-coverage), and each locality's establishment change (several grades)."""
    rows = all_rows(d, MIN_COST if objective is Objective.MIN_COST else MAX_COVERAGE)
    if objective is not Objective.MIN_COST:
        rows += define_up_to_cap(d)
    if len(d.grades) > 1:
        rows += define_establishment_change(d)
    return rows


def optimise_years(d: YearsData, objective: Objective, solver: SolverChoice) -> YearsOutcome:
    """Solve the horizon for `objective`; a failed stage returns its own (not ok) solution."""
    stages = _Stages(d, _all_rows(d, objective), solver, (*(k for k, _ in d.cost_terms()), WORST))
    theta = None
    if objective is not Objective.MIN_COST:
        first = stages.run(((WORST, 1.0),), True, warm=False)
        if not first.status.is_ok:
            return YearsOutcome(stages.rows, first, None, stages.model.blocks)
        theta = first.values[WORST]
        stages.hold(
            _hold(
                "best worst year",
                ((WORST, 1.0),),
                Sense.AT_LEAST,
                theta,
                f"worst year's coverage at least {theta:.6g}, the best the budgets allow",
            )
        )
        if len(d.years) > 1 and theta < 1:
            counted = tuple((up_to_cap(y), 1.0) for y in d.years)
            second = stages.run(counted, True)
            if not second.status.is_ok:
                return YearsOutcome(stages.rows, second, theta, stages.model.blocks)
            meaning = "every other year as close to the cap as its budget allows"
            stages.hold(_hold("years to the cap", counted, Sense.AT_LEAST, second.objective or 0.0, meaning))
    cheapest = stages.run(d.cost_terms(), False, warm=objective is not Objective.MIN_COST, pounds=True)
    if not cheapest.status.is_ok:
        return YearsOutcome(stages.rows, cheapest, theta, stages.model.blocks)
    return _least_change(d, stages, cheapest, theta)


def _least_change(d: YearsData, stages: _Stages, cheapest: Solution, theta: float | None) -> YearsOutcome:
    """Among equally good, equally cheap paths: with several grades first the least total change of
    each locality's establishment year on year (as `plan` breaks ties, taken only when it changes
    the establishment by at least TIE_GAIN WTE less); then, that establishment held, the fewest WTE
    recruited, removed or moved. A stage is skipped when the optimum before it is provably unique."""
    cost = d.cost_terms()
    if stages.unique():
        return YearsOutcome(stages.rows, cheapest, theta, stages.model.blocks)
    mix_may_tie = len(d.grades) > 1 and not stages.unique((WTE,))  # as `plan`: only where it may tie
    least_cost = cheapest.objective or 0.0
    stages.hold(
        _hold("least cost", cost, Sense.AT_MOST, least_cost, "cost over the horizon at most the least")
    )
    chosen = cheapest
    if mix_may_tie:
        change = establishment_change_terms(d)
        fewer = stages.run(change, False)
        best = _establishment_change(d, cheapest.values)
        if fewer.status.is_ok and (fewer.objective or 0.0) <= best - TIE_GAIN:
            chosen, best = fewer, fewer.objective or 0.0
        meaning = "establishment changes at most the least"
        stages.hold(_hold("least change", change, Sense.AT_MOST, best, meaning))
    wte = [YearVar(WTE, loc, g.name, y) for y in d.years for loc in d.localities for g in d.grades]
    stages.fix(wte, chosen.values)
    least = stages.run(d.change_terms(), False)
    if least.status.is_ok:
        return YearsOutcome(stages.rows, least, theta, stages.model.blocks)
    return YearsOutcome(stages.rows, chosen, theta, stages.model.blocks)


def _establishment_change(d: YearsData, values: Mapping[Key, float]) -> float:
    """Total WTE added plus removed, locality by locality and year on year, in a solution."""
    total, before = 0.0, {loc: sum(d.start.get((loc, g.name), 0.0) for g in d.grades) for loc in d.localities}
    for year in d.years:
        for loc in d.localities:
            now = sum(values.get(k, 0.0) for k, _ in d.wte_terms(loc, year))
            total += abs(now - before[loc])
            before[loc] = now
    return total


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
    stages = _Stages(d, elastic, solver, tuple(excess.values()))
    solution = stages.run(tuple((k, 1.0) for k in excess.values()), False, warm=False)
    if not solution.status.is_ok:
        return None
    found = []
    for row in rows:
        key = excess.get(row.name)
        if key is not None and solution.values.get(key, 0.0) > ELASTIC_TOLERANCE and isinstance(row, YearRow):
            found.append(Breach(row, row.lhs(solution.values)))
    order = {y: i for i, y in enumerate(d.years)}
    return sorted(found, key=lambda b: order.get(b.row.year, len(order)))
