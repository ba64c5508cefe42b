"""Ties between equally good, equally cheap plans go to the plan that changes today's establishment least."""

import pytest

from optimiser.inputs.scenario import Objective
from optimiser.lp.data import Grade, LpData
from optimiser.lp.objectives import optimise
from optimiser.lp.status import SolverChoice


def _tied(in_post: float) -> LpData:
    """Two grades at the same cost per unit of capacity (£40,000 for 1.0, £28,000 for 0.7): every mix
    that holds the cap costs the same £400,000, so only the tie-break decides the mix."""
    return LpData(
        localities=("A",),
        grades=(Grade("health visitor", 40_000, 1.0), Grade("nursery nurse", 28_000, 0.7)),
        weighted={"A": 4_000.0},
        cap=400.0,
        floors={},
        ceilings={},
        budget=None,
        case_unit="children",
        in_post={"A": in_post},
    )


@pytest.mark.parametrize("solver", [SolverChoice.HIGHS, SolverChoice.CBC])
def test_equal_cost_mixes_go_to_the_least_change(solver):
    # By hand: h + n = 12 (no change from 12 in post) and h + 0.7 n = 10 (the cap) give
    # n = 2 / 0.3 = 6.667 and h = 5.333; every other mix changes the establishment.
    outcome = optimise(_tied(12.0), Objective.MIN_COST, solver)
    values = outcome.solution.values
    assert values[("A", "nursery nurse")] == pytest.approx(2 / 0.3, rel=1e-6)
    assert values[("A", "health visitor")] == pytest.approx(12 - 2 / 0.3, rel=1e-6)
    cost = 40_000 * values[("A", "health visitor")] + 28_000 * values[("A", "nursery nurse")]
    assert cost == pytest.approx(400_000, rel=1e-8)


def test_least_change_when_today_is_too_small_is_all_main_grade():
    # 10 in post: ten health visitors hold the cap with no change at all.
    values = optimise(_tied(10.0), Objective.MIN_COST, SolverChoice.HIGHS).solution.values
    assert values[("A", "health visitor")] == pytest.approx(10, rel=1e-6)
    assert values[("A", "nursery nurse")] == pytest.approx(0, abs=1e-6)


def test_the_cost_stage_still_prices_the_cap():
    """Duals for the marginal figures come from the least-cost stage, not the tie-break."""
    outcome = optimise(_tied(12.0), Objective.MIN_COST, SolverChoice.HIGHS)
    assert outcome.priced.duals["cap cover", "A"] == pytest.approx(40_000 / 400, rel=1e-9)
