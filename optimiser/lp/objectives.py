"""The three objectives: min-cost, max-coverage and priority, each as families of rows and stages.

max-coverage and priority solve in two stages: first the objective, then, holding it, the
cheapest plan (so no money is spent that does not improve the objective).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import highspy
import numpy as np

from optimiser.inputs.scenario import Objective
from optimiser.lp import blocks as arrays
from optimiser.lp import bounds
from optimiser.lp import families as rows
from optimiser.lp.blocks import Block, Columns, Words, from_rows
from optimiser.lp.check import binding, binding_rows
from optimiser.lp.data import Aux, Key, LpData, Row, Sense
from optimiser.lp.families import FAMILIES, define_cap_cover
from optimiser.lp.model import Model
from optimiser.lp.status import Solution, SolverChoice

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.pulp_route import Terms

THETA = Aux("coverage ratio", "theta")
"""max-coverage: the share of every locality's weighted caseload the plan covers at the cap."""
NO_COVER = 1e-6
"""A coverage ratio (THETA) this small means the budget buys no staff where there are cases: no cap at
all. Ten times the solver's tolerance (about 1e-7): a ratio of 1e-7 is within it of none, and one
LP bought 4e-7 WTE (£0.02) for it where another, as right within the tolerance, bought nothing."""
HOLD = 1e-7
"""Stage two holds stage one's optimum to this relative tolerance (solvers work to about 1e-7)."""

Family = Callable[[LpData], Iterator[Row]]


def shortfall(locality: str) -> Aux:
    """priority: weighted cases in a locality left above the cap."""
    return Aux("shortfall", locality)


def define_coverage(d: LpData) -> Iterator[Row]:
    """cap x capacity-weighted WTE >= theta x weighted caseload, in every locality with a caseload.

    Each row is divided by the locality's weighted caseload (the same constraint, scaled), so
    that its slack reads as a share of theta and solvers' tolerances of 1e-7 stay small against it.
    """
    for loc in d.localities:
        weighted = d.weighted[loc]
        if weighted <= 0:
            continue
        terms = tuple(((loc, g.name), d.cap * g.capacity / weighted) for g in d.grades)
        yield Row(
            "coverage",
            loc,
            (*terms, (THETA, -1.0)),
            Sense.AT_LEAST,
            0.0,
            f"{loc}: {d.cap:g} {d.case_unit} per WTE x planned WTE must cover the same share (theta) "
            f"of its {weighted:,.1f} weighted {d.case_unit} as every other locality",
        )


def define_priority_cover(d: LpData) -> Iterator[Row]:
    """cap x capacity-weighted WTE + shortfall >= weighted caseload, in every locality.

    The shortfall takes up any slack, so these rows are always tight: not reported as binding.
    """
    for loc in d.localities:
        terms = tuple(((loc, g.name), d.cap * g.capacity) for g in d.grades)
        yield Row(
            "cap cover",
            loc,
            (*terms, (shortfall(loc), 1.0)),
            Sense.AT_LEAST,
            d.weighted[loc],
            f"{loc}: {d.cap:g} {d.case_unit} per WTE x planned WTE, plus any shortfall, must cover "
            f"{d.weighted[loc]:,.1f} weighted {d.case_unit}",
            limit=False,
        )


COVER: dict[Objective, Family] = {
    Objective.MIN_COST: define_cap_cover,
    Objective.MAX_COVERAGE: define_coverage,
    Objective.PRIORITY: define_priority_cover,
}


def families(objective: Objective) -> tuple[Family, ...]:
    """The flat list of row families for an objective: its cover rows, the bounds, the budget."""
    return (*(COVER[objective] if f is define_cap_cover else f for f in FAMILIES), *bounds.FAMILIES)


def cost_terms(d: LpData) -> Terms:
    """What a plan costs: the annual establishment plus any one-off recruitment and removal."""
    return (*d.cost_terms(), *bounds.one_off_terms(d))


def priority_terms(d: LpData) -> tuple[tuple[Key, float], ...]:
    return tuple((shortfall(loc), d.priority[loc]) for loc in d.localities)


@dataclass(frozen=True)
class Outcome:
    """The chosen plan's rows and solution; the cost stage (its duals price the cap) and the first stage."""

    blocks: list[Block]
    solution: Solution
    first: Solution
    theta: float | None
    priced: Solution
    """The least-cost stage: its duals price the cap (the tie-break stage's duals price change instead)."""

    @property
    def rows(self) -> list[Row]:
        """Every row of the chosen plan's model, in words (made on demand)."""
        return [row for block in self.blocks for row in block.rows()]

    def binding(self) -> tuple[str, ...]:
        """The names of the limits the plan holds exactly (by arrays when the solution has them)."""
        if self.solution.x is None:
            return binding_rows(self.rows, self.solution.values)
        return binding(self.blocks, self.solution.x, self.solution.values)


TIE_GAIN = 1e-3
"""The least-change plan is taken only when it changes the establishment by at least this many
WTE less than the least-cost plan: a real tie, not a trade within the solver's tolerance."""
TIE_HOLD = 1e-9
"""The tie-break holds the least cost this tightly, so it can only choose among equally cheap plans."""
FLAT = 1e-9
"""A reduced cost this small (relative to the largest cost) may be zero: the optimum may not be unique."""


def _aux(d: LpData, objective: Objective) -> tuple[str, ...]:
    kinds = {Objective.MAX_COVERAGE: (THETA.kind,), Objective.PRIORITY: ("shortfall",)}.get(objective, ())
    if d.splits_change or _ties_possible(d, objective):
        kinds = (*kinds, "posts added", "posts removed")
    return kinds


def cost_vector(d: LpData, columns: Columns) -> np.ndarray:
    """cost_terms(d) as one array over the columns."""
    cost = np.zeros(len(columns))
    cost[: columns.n * columns.g] = np.tile([g.cost_per_wte for g in d.grades], columns.n)
    if d.splits_change:
        if d.recruitment_cost > 0:
            cost[columns.aux("posts added")] = d.recruitment_cost
        if d.removal_cost > 0:
            cost[columns.aux("posts removed")] = d.removal_cost
    return cost


def _first_vector(d: LpData, objective: Objective, columns: Columns) -> tuple[np.ndarray, bool]:
    """Stage one's objective: least cost, most theta, or least priority-weighted shortfall."""
    if objective is Objective.MIN_COST:
        return cost_vector(d, columns), False
    vector = np.zeros(len(columns))
    if objective is Objective.MAX_COVERAGE:
        vector[columns.aux(THETA.kind)] = 1.0 / theta_scale(d)
        return vector, True
    vector[columns.aux("shortfall")] = [d.priority[loc] for loc in d.localities]
    return vector, False


def coverage_scale(budget: float | None, need: float, d: LpData) -> float:
    """About the coverage ratio `budget` buys against `need` weighted cases: the cap times the
    capacity-weighted WTE it buys at the cheapest grade per unit of capacity, over the need (within
    1e-6 to 1e6).

    Stage one maximises theta over this, not theta itself: the solver's tolerances are absolute,
    and where the budget buys a small share of the cap (theta 0.0015) a grade 25p cheaper raised
    theta by less than them and HiGHS stopped at the dearer grade, leaving budget unspent. Scaled
    to about 1, a reduced cost is about the relative gain per WTE at any budget, which the model's
    dual tolerance (lp/model.DUAL_TOLERANCE) tells apart."""
    if budget is None or need <= 0:
        return 1.0
    per_capacity = min(g.cost_per_wte / g.capacity for g in d.grades)
    return min(max(budget / per_capacity * d.cap / need, 1e-6), 1e6)


def theta_scale(d: LpData) -> float:
    """What max-coverage's stage one maximises theta over (coverage_scale at the scenario's budget):
    its objective and the duals of its rows are per unit of theta over this."""
    return coverage_scale(d.budget, sum(d.weighted.values()), d)


def model(d: LpData, objective: Objective, solver: SolverChoice) -> Model:
    """The objective's stage-one model, built once from its blocks."""
    columns = Columns(d, _aux(d, objective))
    vector, maximise = _first_vector(d, objective, columns)
    built = blocks(d, families(objective), columns)
    return Model(d, columns, built, vector, maximise, solver, pulp_route=_by_pulp)


def _by_pulp(m: Model) -> Solution:
    """The CBC route, loaded only when CBC is asked for."""
    from optimiser.lp.pulp_route import run_model

    return run_model(m)


def optimise(
    d: LpData, objective: Objective, solver: SolverChoice, tie_break: bool = True, built: Model | None = None
) -> Outcome:
    """Solve for `objective` (two stages for max-coverage and priority), then break ties by least change.

    Every stage re-solves one model in place (`built`, when given, is that model, and is left as
    found). Re-solves that only need an optimum's value (marginal figures, diagnoses) skip the tie-break.
    """
    m = built or model(d, objective, solver)
    first = m.run()
    if not first.status.is_ok:
        return Outcome(list(m.blocks), first, first, None, first)
    if objective is Objective.MIN_COST:
        final, added = first, 0
    else:
        added = 1
        m.add(from_rows([_hold(d, objective, first)], m.columns))
        stage_one = (m.cost, m.maximise)
        m.set_objective(cost_vector(d, m.columns))
        final = m.run()
        if not final.status.is_ok and objective is Objective.MAX_COVERAGE:
            m.remove(1)  # theta held exactly is infeasible within HiGHS's tolerances: hold it to HOLD
            m.add(from_rows([_hold(d, objective, first, HOLD)], m.columns))
            final = m.run()
    theta = covered(first.values[THETA]) if objective is Objective.MAX_COVERAGE else None
    outcome = Outcome(list(m.blocks), final, first, theta, final)
    if final.status.is_ok and tie_break and _ties_possible(d, objective) and not _unique(m):
        outcome = _least_change(d, m, outcome)
    if added:
        m.remove(added)
        m.set_objective(*stage_one)
    return outcome


def _ties_possible(d: LpData, objective: Objective) -> bool:
    """With one grade, the least-cost plan puts every locality at its largest lower bound (all
    costs are positive), so it is unique; ties need several grades, or priority's equal weights."""
    return len(d.grades) > 1 or objective is Objective.PRIORITY


def _unique(m: Model, columns: np.ndarray | None = None, rows: np.ndarray | None = None) -> bool:
    """No nonbasic column or row with a zero reduced cost: no other vertex is as good, so the
    optimum is unique and the tie-break has nothing to choose (HiGHS only; CBC always breaks ties).
    `columns` and `rows` (masks) limit the test to the part of the optimum asked about."""
    if m.highs is None:
        return False
    basis, solution = m.highs.getBasis(), m.highs.getSolution()
    basic = highspy.HighsBasisStatus.kBasic
    used = np.zeros(len(m.columns), dtype=bool)
    for i, block in enumerate(m.blocks):
        if i not in m.relaxed:
            used[block.indices] = True
    scale = FLAT * max(1.0, float(np.abs(m.cost).max(initial=0.0)))
    col_basic = np.array([s == basic for s in basis.col_status], dtype=bool)
    col_flat = np.abs(np.asarray(solution.col_dual)) <= scale
    if np.any(~col_basic & col_flat & used & (True if columns is None else columns)):
        return False
    row_basic = np.array([s == basic for s in basis.row_status], dtype=bool)
    row_flat = np.abs(np.asarray(solution.row_dual)) <= scale
    return not np.any(~row_basic & row_flat & (True if rows is None else rows))


def _change(d: LpData, solution: Solution) -> float:
    """Total WTE added plus removed against today's establishment."""
    return sum(
        abs(sum(solution.values[k] for k, _ in d.wte_terms(loc)) - d.in_post[loc]) for loc in d.localities
    )


def _least_change(d: LpData, m: Model, cheapest: Outcome) -> Outcome:
    """Among plans as good and as cheap as `cheapest`, the one that changes today's establishment least.

    The stated tie-break: equally good, equally cheap plans are decided by the least total WTE
    added plus removed; a tie after that goes to the solver's deterministic choice over the
    variables in a fixed order (localities as listed in the file, grades as listed in the model).
    Solved warm in place: the least-cost row and the change split are added, the objective
    changed, and both taken back afterwards.
    """
    solution = cheapest.solution
    cost = sum(c * solution.values[k] for k, c in cost_terms(d))
    keep = Row(
        "least cost",
        "total",
        tuple(cost_terms(d)),
        Sense.AT_MOST,
        cost * (1 + TIE_HOLD) + TIE_HOLD,
        f"cost at most £{cost:,.2f} a year, the least for this plan",
        limit=False,
    )
    extra = [
        *from_rows([keep], m.columns),
        *([] if d.splits_change else arrays.change_split(d, m.columns, _words(bounds.change_rows, d), True)),
    ]
    stage = (m.cost, m.maximise)
    m.add(extra)
    change = np.zeros(len(m.columns))
    change[m.columns.aux("posts added")] = 1.0
    change[m.columns.aux("posts removed")] = 1.0
    m.set_objective(change)
    least = m.run()
    chosen = list(m.blocks)
    m.remove(len(extra))
    m.set_objective(*stage)
    if least.status.is_ok and _change(d, least) <= _change(d, solution) - TIE_GAIN:
        return replace(cheapest, blocks=chosen, solution=least)
    return cheapest


def covered(theta: float) -> float:
    """A coverage ratio, or 0 where it is within NO_COVER of none: then nothing is held for cover,
    and the least cost stage buys none."""
    return theta if theta > NO_COVER else 0.0


def _hold(d: LpData, objective: Objective, first: Solution, slack: float = HOLD) -> Row:
    """Stage two's extra row: keep the first stage's optimum while spending least.

    Theta is held to HOLD: held exactly, HiGHS meets it by overspending the budget row within its
    own feasibility tolerance (1e-9 relative), which the budget tests refuse."""
    best = first.objective or 0.0
    if objective is Objective.MAX_COVERAGE:
        best = covered(first.values[THETA])  # the objective is theta over its scale (coverage_scale)
        return Row(
            "best coverage",
            "total",
            ((THETA, 1.0),),
            Sense.AT_LEAST,
            best * (1 - slack),
            f"coverage ratio at least {best:.6g}, the best the budget allows",
            limit=False,
        )
    return Row(
        "least shortfall",
        "total",
        priority_terms(d),
        Sense.AT_MOST,
        best * (1 + HOLD) + HOLD,
        f"priority-weighted shortfall at most {best:,.6g}, the least the budget allows",
        limit=False,
    )


def _coverage_blocks(d: LpData, c: Columns) -> list[Block]:
    """define_coverage as a block: each row divided by its locality's weighted caseload."""
    where = np.array([i for i, loc in enumerate(d.localities) if d.weighted[loc] > 0], dtype=np.int64)
    if not len(where):
        return []
    weighted = np.array([d.weighted[d.localities[i]] for i in where.tolist()])
    capacity = np.array([g.capacity for g in d.grades])
    staff = where[:, None] * c.g + np.arange(c.g)[None, :]
    cols = np.column_stack([staff, np.full(len(where), c.aux(THETA.kind))])
    coefs = np.column_stack([d.cap * capacity[None, :] / weighted[:, None], -np.ones(len(where))])
    subjects = [d.localities[i] for i in where.tolist()]
    return [
        _make("coverage", subjects, cols, coefs, Sense.AT_LEAST, np.zeros(len(where)), d, define_coverage)
    ]


def _priority_blocks(d: LpData, c: Columns) -> list[Block]:
    """define_priority_cover as a block."""
    capacity = np.array([g.capacity for g in d.grades])
    locs = np.arange(c.n)
    cols = np.column_stack([locs[:, None] * c.g + np.arange(c.g)[None, :], c.aux("shortfall")])
    coefs = np.broadcast_to(np.append(d.cap * capacity, 1.0), cols.shape)
    rhs = np.array([d.weighted[loc] for loc in d.localities], dtype=float)
    return [
        _make(
            "cap cover", list(d.localities), cols, coefs, Sense.AT_LEAST, rhs, d, define_priority_cover, False
        )
    ]


def _make(family, subjects, cols, coefs, sense, rhs, d, source, limit=True) -> Block:
    return arrays.make_block(family, subjects, cols, coefs, sense, rhs, _words(source, d), limit)


BUILDERS: dict[Family, Callable[[LpData, Columns, Words], list[Block]]] = {
    rows.define_cap_cover: arrays.cap_cover,
    rows.define_floors: arrays.floors,
    rows.define_ceilings: arrays.ceilings,
    rows.define_budget: arrays.budget,
    rows.define_min_share: arrays.min_share,
    rows.define_high_risk: arrays.high_risk,
    bounds.define_keep_in_post: arrays.keep_in_post,
    bounds.define_recruitment_per_locality: arrays.recruitment_per_locality,
    bounds.define_change_split: arrays.change_split,
    bounds.define_recruitment_total: arrays.recruitment_total,
    define_coverage: lambda d, c, words: _coverage_blocks(d, c),
    define_priority_cover: lambda d, c, words: _priority_blocks(d, c),
}
"""Each constraint family (its rows in words, lp/families and lp/bounds) with the builder that makes
the same rows as arrays (lp/blocks); the builder gets the family's words to hand on."""


def _words(family: Family, d: LpData) -> Words:
    return lambda: list(family(d))


def blocks(d: LpData, family_list: Sequence[Family], columns: Columns) -> list[Block]:
    """Every family's blocks, in the order all_rows gives their rows."""
    return [block for family in family_list for block in BUILDERS[family](d, columns, _words(family, d))]
