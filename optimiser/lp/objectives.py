"""The three objectives: min-cost, max-coverage and priority, each as families of rows and stages.

max-coverage and priority solve in two stages: first the objective, then, holding it, the
cheapest plan (so no money is spent that does not improve the objective).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from optimiser.inputs.scenario import Objective
from optimiser.lp import bounds
from optimiser.lp.build import Terms, build
from optimiser.lp.data import Aux, Key, LpData, Row, Sense
from optimiser.lp.families import FAMILIES, all_rows, define_cap_cover
from optimiser.lp.solve import Solution, SolverChoice, solve

THETA = Aux("coverage ratio", "theta")
"""max-coverage: the share of every locality's weighted caseload the plan covers at the cap."""
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

    rows: list[Row]
    solution: Solution
    first: Solution
    theta: float | None
    priced: Solution
    """The least-cost stage: its duals price the cap (the tie-break stage's duals price change instead)."""


TIE_GAIN = 1e-3
"""The least-change plan is taken only when it changes the establishment by at least this many
WTE less than the least-cost plan: a real tie, not a trade within the solver's tolerance."""
TIE_HOLD = 1e-9
"""The tie-break holds the least cost this tightly, so it can only choose among equally cheap plans."""


def optimise(d: LpData, objective: Objective, solver: SolverChoice, tie_break: bool = True) -> Outcome:
    """Solve for `objective` (two stages for max-coverage and priority), then break ties by least change.

    Re-solves that only need an optimum's value (marginal figures, diagnoses) skip the tie-break.
    """
    rows = all_rows(d, families(objective))
    if objective is Objective.MIN_COST:
        solution = solve(build(d, rows, cost_terms(d)), solver)
        if not solution.status.is_ok:
            return Outcome(rows, solution, solution, None, solution)
        if not tie_break or not _ties_possible(d, objective):
            return Outcome(rows, solution, solution, None, solution)
        chosen_rows, chosen = _least_change(d, rows, solution, solver)
        return Outcome(chosen_rows, chosen, solution, None, solution)
    if objective is Objective.MAX_COVERAGE:
        first = solve(build(d, rows, ((THETA, 1.0),), maximise=True), solver)
    else:
        first = solve(build(d, rows, priority_terms(d)), solver)
    if not first.status.is_ok:
        return Outcome(rows, first, first, None, first)
    held = [*rows, _hold(d, objective, first)]
    final = solve(build(d, held, cost_terms(d)), solver)
    theta = first.values[THETA] if objective is Objective.MAX_COVERAGE else None
    if not final.status.is_ok or not tie_break or not _ties_possible(d, objective):
        return Outcome(held, final, first, theta, final)
    chosen_rows, chosen = _least_change(d, held, final, solver)
    return Outcome(chosen_rows, chosen, first, theta, final)


def _ties_possible(d: LpData, objective: Objective) -> bool:
    """With one grade, the least-cost plan puts every locality at its largest lower bound (all
    costs are positive), so it is unique; ties need several grades, or priority's equal weights."""
    return len(d.grades) > 1 or objective is Objective.PRIORITY


def _change(d: LpData, solution: Solution) -> float:
    """Total WTE added plus removed against today's establishment."""
    return sum(
        abs(sum(solution.values[k] for k, _ in d.wte_terms(loc)) - d.in_post[loc]) for loc in d.localities
    )


def _least_change(
    d: LpData, rows: list[Row], cheapest: Solution, solver: SolverChoice
) -> tuple[list[Row], Solution]:
    """Among plans as good and as cheap as `cheapest`, the one that changes today's establishment least.

    The stated tie-break: equally good, equally cheap plans are decided by the least total WTE
    added plus removed; a tie after that goes to the solver's deterministic choice over the
    variables in a fixed order (localities as listed in the file, grades as listed in the model).
    """
    cost = sum(c * cheapest.values[k] for k, c in cost_terms(d))
    keep = Row(
        "least cost",
        "total",
        tuple(cost_terms(d)),
        Sense.AT_MOST,
        cost * (1 + TIE_HOLD) + TIE_HOLD,
        f"cost at most £{cost:,.2f} a year, the least for this plan",
        limit=False,
    )
    split = [] if bounds.splits_change(d) else list(bounds.change_rows(d))
    tie_rows = [*rows, keep, *split]
    change = tuple((bounds.added(loc), 1.0) for loc in d.localities) + tuple(
        (bounds.removed(loc), 1.0) for loc in d.localities
    )
    least = solve(build(d, tie_rows, change), solver)
    if least.status.is_ok and _change(d, least) <= _change(d, cheapest) - TIE_GAIN:
        return tie_rows, least
    return rows, cheapest


def _hold(d: LpData, objective: Objective, first: Solution) -> Row:
    """Stage two's extra row: keep the first stage's optimum while spending least."""
    best = first.objective or 0.0
    if objective is Objective.MAX_COVERAGE:
        return Row(
            "best coverage",
            "total",
            ((THETA, 1.0),),
            Sense.AT_LEAST,
            best * (1 - HOLD),
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
