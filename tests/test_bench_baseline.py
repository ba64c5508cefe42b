"""The direct-HiGHS baseline in bench/ solves the project's LP: same optimum, same plan.

At tiny size and in-process, so the baseline cannot drift silently from the project's
formulation (bench/versus_highs.py times the two against each other). Nothing is timed here.
"""

import pytest

from bench.cases import CAP_STEP, figure, project_plan, write_case
from bench.highs_direct import TOLERANCE, agreement, read_inputs, solve


@pytest.mark.parametrize("grades", [1, 3])
def test_baseline_optimum_is_the_plans_cost(tmp_path, grades):
    scenario = write_case(tmp_path, 20, grades)
    result = solve(read_inputs(scenario, grades), CAP_STEP)
    data, text = project_plan(scenario)
    assert data["status"] == "optimal" and text
    assert agreement(data["totals"]["cost"], result.cost) <= TOLERANCE
    assert len(data["grades"]) == grades
    planned = [row["planned_wte"] for row in data["localities"]]
    assert result.planned_wte.tolist() == pytest.approx(planned, rel=1e-6)
    costs = [row["cost"] for row in data["localities"]]
    assert result.locality_cost.tolist() == pytest.approx(costs, rel=1e-6)
    loads = [row["load_per_wte"] for row in data["localities"]]
    assert result.load_per_wte.tolist() == pytest.approx(loads, rel=1e-6)
    step = figure(data, "cost_of_lowering_cap")
    assert result.cost_of_lowering_cap == pytest.approx(step, rel=1e-6)


def test_three_grades_use_the_mix_at_its_minimum_share(tmp_path):
    """The three-grade case is priced so the skill mix matters: a binding 60% share, nursery nurses."""
    scenario = write_case(tmp_path, 20, 3)
    inputs = read_inputs(scenario, 3)
    result = solve(inputs)
    share = result.wte[:, 0] / result.planned_wte
    assert share == pytest.approx([inputs.min_main_share] * 20, rel=1e-6)
    assert (result.wte[:, 1] > 0).all() and result.wte[:, 2] == pytest.approx([0.0] * 20, abs=1e-9)
