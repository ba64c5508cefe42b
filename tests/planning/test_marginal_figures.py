"""Marginal figures against finite differences: closed forms, and scipy re-solves where bounds bite.

Both solvers: HiGHS and CBC report opposite signs for the same dual; after normalisation
(optimiser/lp/status.py, Solution.duals) they must agree with each other and with re-solves.
"""

from dataclasses import replace

import pytest

from optimiser.inputs.scenario import Objective
from optimiser.lp.objectives import THETA, theta_scale
from optimiser.lp.status import SolverChoice
from optimiser.planning.marginal_figures import Steps, cost_of_cap, coverage, figures
from tests.golden_data import TABLE_1
from tests.reference import Instance, max_theta, min_cost

SOLVERS = [SolverChoice.HIGHS, SolverChoice.CBC]
PSSRU_2010_BAND_6 = 38_323
LCR = Instance(
    weighted=tuple(float(caseload) for _, caseload, _ in TABLE_1.values()),
    cap=400,
    cost=PSSRU_2010_BAND_6,
    in_post=tuple(in_post for in_post, _, _ in TABLE_1.values()),
)
TOTAL = sum(LCR.weighted)
TODAY = sum(LCR.in_post) * PSSRU_2010_BAND_6
STEPS = Steps(budget=10_000, cap=10)


def by_key(found) -> dict:
    return {f.key: f for f in found}


@pytest.mark.parametrize("solver", SOLVERS)
def test_budget_step_matches_the_closed_form_finite_difference(solver):
    """No bounds, one grade: best cap = W c / B, so a step s changes it by W c (1/(B+s) - 1/B)."""
    budget = 0.92 * TODAY
    found = by_key(figures(LCR.with_budget(budget).data(), STEPS, solver, Objective.MIN_COST))
    best = TOTAL / (budget / PSSRU_2010_BAND_6)
    step = TOTAL * PSSRU_2010_BAND_6 * (1 / (budget + 10_000) - 1 / budget)
    assert found["best_cap_within_budget"].value == pytest.approx(best, rel=1e-6)
    assert found["cap_change_per_budget_step"].value == pytest.approx(step, rel=0.01)
    assert found["cap_change_per_budget_step"].method == "dual"
    assert found["extra_budget_for_cap"].value == pytest.approx(
        TOTAL / 400 * PSSRU_2010_BAND_6 - budget, rel=1e-6
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_cap_step_matches_the_closed_form_finite_difference(solver):
    """No bounds: cost = c W / C, so lowering the cap by 10 costs c W (1/(C-10) - 1/C)."""
    found = by_key(figures(LCR.data(), STEPS, solver, Objective.MIN_COST))
    expected = PSSRU_2010_BAND_6 * TOTAL * (1 / 390 - 1 / 400)
    assert found["cost_of_lowering_cap"].value == pytest.approx(expected, rel=0.01)
    assert found["cost_of_lowering_cap"].method == "dual"
    assert found["cost_of_cap"].value == pytest.approx(PSSRU_2010_BAND_6 * TOTAL / 400, rel=1e-6)


@pytest.mark.parametrize("solver", SOLVERS)
def test_budget_dual_is_normalised_and_agrees_with_a_re_solve(solver):
    """d theta / d budget >= 0 from both solvers, equal to scipy's finite difference within 1%. Stage
    one maximises theta over its scale (lp/objectives.theta_scale), so the dual is per unit of that."""
    inst = LCR.with_budget(0.92 * TODAY)
    price = coverage(inst.data(), solver).duals["budget", "total"] * theta_scale(inst.data())
    delta = 1_000.0
    finite = (max_theta(inst.with_budget(inst.budget + delta)) - max_theta(inst)) / delta
    assert price > 0
    assert price == pytest.approx(finite, rel=0.01)


@pytest.mark.parametrize("solver", SOLVERS)
def test_cap_cover_duals_are_normalised_and_agree_with_a_re_solve(solver):
    """d cost / d weighted caseload = c / C for each binding cap row, positive from both solvers."""
    at_cap = cost_of_cap(LCR.data(), solver)
    bumped = replace(LCR, weighted=(LCR.weighted[0] + 10, *LCR.weighted[1:]))
    finite = (min_cost(bumped) - min_cost(LCR)) / 10
    assert at_cap.duals["cap cover", "L0"] == pytest.approx(finite, rel=0.01)
    assert finite > 0


@pytest.mark.parametrize("solver", SOLVERS)
def test_budget_step_re_solves_when_a_ceiling_starts_to_bind_within_the_step(solver):
    """A ceiling just above L0's plan: the dual price would overstate the step, so re-solve."""
    budget = 0.92 * TODAY
    theta = max_theta(LCR.with_budget(budget))
    at_plan = theta * LCR.weighted[0] / LCR.cap
    inst = replace(LCR, budget=budget, ceilings={0: at_plan + 0.05})
    found = by_key(figures(inst.data(), STEPS, solver, Objective.MIN_COST))
    finite = LCR.cap / max_theta(inst.with_budget(budget + 10_000)) - LCR.cap / max_theta(inst)
    figure = found["cap_change_per_budget_step"]
    assert figure.method == "re-solve"
    assert figure.value == pytest.approx(finite, rel=0.01)


@pytest.mark.parametrize("solver", SOLVERS)
def test_cap_step_re_solves_when_a_floor_stops_binding_within_the_step(solver):
    """A floor between L0's need at 400 and at 390: no price on its cap row at 400; the step crosses it."""
    need_400, need_390 = LCR.weighted[0] / 400, LCR.weighted[0] / 390
    inst = replace(LCR, floors={0: (need_400 + need_390) / 2})
    found = by_key(figures(inst.data(), STEPS, solver, Objective.MIN_COST))
    finite = min_cost(replace(inst, cap=390)) - min_cost(inst)
    figure = found["cost_of_lowering_cap"]
    assert figure.method == "re-solve"
    assert figure.value == pytest.approx(finite, rel=0.01)


def test_solvers_agree_on_every_figure():
    inst = replace(LCR, budget=0.92 * TODAY, floors={4: 24.0}, ceilings={3: 13.5})
    highs = by_key(figures(inst.data(), STEPS, SolverChoice.HIGHS, Objective.MIN_COST))
    cbc = by_key(figures(inst.data(), STEPS, SolverChoice.CBC, Objective.MIN_COST))
    assert highs.keys() == cbc.keys()
    for key, figure in highs.items():
        assert cbc[key].value == pytest.approx(figure.value, rel=1e-4), key


def test_theta_key_is_the_coverage_ratio():
    inst = LCR.with_budget(0.92 * TODAY)
    assert coverage(inst.data(), SolverChoice.HIGHS).values[THETA] == pytest.approx(max_theta(inst), rel=1e-6)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize(("bound", "sign"), [("floor", -1), ("ceiling", 1)])
def test_bound_duals_in_a_maximisation_have_the_documented_sign(solver, bound, sign):
    """max-coverage with a binding floor (a >= row: raising it can only lower theta) and a binding
    ceiling (a <= row: raising it can only raise theta), each against scipy's finite difference."""
    budget = 0.92 * TODAY
    even = max_theta(LCR.with_budget(budget)) * LCR.weighted[3] / LCR.cap  # MR's WTE with no bounds
    level = even * (1.1 if bound == "floor" else 0.9)
    inst = replace(LCR, budget=budget, **{f"{bound}s": {3: level}})
    price = coverage(inst.data(), solver).duals[bound, "L3"] * theta_scale(inst.data())  # per theta
    delta = 0.01
    moved = replace(inst, **{f"{bound}s": {3: level + delta}})
    finite = (max_theta(moved) - max_theta(inst)) / delta
    assert price * sign > 0
    assert price == pytest.approx(finite, rel=0.01)
