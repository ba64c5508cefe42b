"""Property tests on random small instances, checked against scipy's linprog (tests/reference.py)."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from optimiser.inputs.scenario import Objective
from optimiser.lp.data import Aux, LpData
from optimiser.lp.objectives import optimise
from optimiser.lp.status import SolverChoice
from optimiser.planning.marginal_figures import coverage
from tests.reference import Instance, max_theta, min_cost

SETTINGS = settings(max_examples=40, deadline=None)
TOL = 1e-6


@st.composite
def instances(draw, budgeted: bool = True) -> Instance:
    n = draw(st.integers(1, 5))
    weighted = tuple(draw(st.floats(50, 12_000)) for _ in range(n))
    in_post = tuple(draw(st.floats(0, 30)) for _ in range(n))
    cap = draw(st.floats(150, 600))
    cost = draw(st.floats(20_000, 60_000))
    floors = {i: draw(st.floats(0, 10)) for i in range(n) if draw(st.booleans())}
    ceilings = {i: floors.get(i, 0) + draw(st.floats(1, 40)) for i in range(n) if draw(st.booleans())}
    inst = Instance(weighted, cap, cost, in_post, None, floors, ceilings)
    if budgeted:
        floor_cost = cost * sum(floors.values())
        inst = inst.with_budget(floor_cost + draw(st.floats(1_000, 4_000_000)))
    return inst


def planned(d: LpData, values: dict) -> dict[str, float]:
    return {loc: sum(values[(loc, g.name)] for g in d.grades) for loc in d.localities}


def cost_of(d: LpData, values: dict) -> float:
    return sum(c * values[key] for key, c in d.cost_terms())


def worst_load(d: LpData, wte: dict[str, float]) -> float:
    return max(d.weighted[loc] / wte[loc] if wte[loc] > 0 else np.inf for loc in d.localities)


@SETTINGS
@given(instances(budgeted=False))
def test_min_cost_meets_every_cap_and_matches_linprog(inst):
    d = inst.data()
    solution = optimise(d, Objective.MIN_COST, SolverChoice.HIGHS).solution
    expected = min_cost(inst)
    assert solution.status.is_ok == (expected is not None)
    if expected is None:
        return
    wte = planned(d, solution.values)
    for loc in d.localities:
        assert d.cap * wte[loc] >= d.weighted[loc] * (1 - TOL)
    assert cost_of(d, solution.values) == pytest.approx(expected, rel=1e-6)


@settings(max_examples=30, deadline=None)
@given(instances(), st.sampled_from(list(Objective)), st.sampled_from([SolverChoice.HIGHS, SolverChoice.CBC]))
def test_cost_within_budget_in_every_mode(inst, objective, solver):
    d = replace(inst.data(), priority={loc: 1.0 + i for i, loc in enumerate(inst.names)})
    outcome = optimise(d, objective, solver)
    if objective is Objective.MIN_COST and not outcome.solution.status.is_ok:
        cheapest = min_cost(inst)
        assert cheapest is None or cheapest > inst.budget * (1 - TOL)  # the cap is not affordable
        return
    assert outcome.solution.status.is_ok
    assert cost_of(d, outcome.solution.values) <= inst.budget * (1 + TOL)


@SETTINGS
@given(instances(), st.data())
def test_max_coverage_worst_load_is_no_worse_than_any_feasible_plan(inst, data):
    d = inst.data()
    outcome = optimise(d, Objective.MAX_COVERAGE, SolverChoice.HIGHS)
    assert outcome.solution.status.is_ok
    ours = worst_load(d, planned(d, outcome.solution.values))
    # the independent formulation's optimum
    theta = max_theta(inst)
    assert theta is not None
    assert ours == pytest.approx(inst.cap / theta, rel=1e-6)
    # and a random feasible plan: floors, then the rest of the budget shared at random within ceilings
    shares = np.array([data.draw(st.floats(0.01, 1)) for _ in inst.names])
    lower = np.array([lo for lo, _ in inst.bounds()])
    upper = np.array([np.inf if hi is None else hi for _, hi in inst.bounds()])
    spare = inst.budget / inst.cost - lower.sum()
    other = np.minimum(lower + spare * shares / shares.sum(), upper)
    theirs = worst_load(d, dict(zip(inst.names, other, strict=True)))
    assert ours <= theirs * (1 + TOL)


@SETTINGS
@given(instances(), st.floats(1_000, 2_000_000))
def test_raising_the_budget_never_raises_the_achievable_cap(inst, more):
    d = inst.data()
    now, richer = (
        coverage(d, SolverChoice.HIGHS),
        coverage(replace(d, budget=inst.budget + more), SolverChoice.HIGHS),
    )
    theta = Aux("coverage ratio", "theta")
    assert d.cap / richer.values[theta] <= d.cap / now.values[theta] * (1 + TOL)


@SETTINGS
@given(instances(budgeted=False), st.floats(1, 100))
def test_raising_the_cap_never_raises_the_min_cost(inst, more):
    d = inst.data()
    low = optimise(d, Objective.MIN_COST, SolverChoice.HIGHS).solution
    assume(low.status.is_ok)
    high = optimise(replace(d, cap=d.cap + more), Objective.MIN_COST, SolverChoice.HIGHS).solution
    assert high.status.is_ok
    assert cost_of(d, high.values) <= cost_of(d, low.values) * (1 + TOL)
