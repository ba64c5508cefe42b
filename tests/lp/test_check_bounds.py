"""The independent check reads the new families' rows, so a plan that breaks one is refused."""

from dataclasses import replace

import pytest

from optimiser.inputs.scenario import Objective
from optimiser.lp.bounds import added, removed
from optimiser.lp.check import violations
from optimiser.lp.families import all_rows
from optimiser.lp.objectives import THETA, families, shortfall
from tests.reference import Instance

INST = Instance(weighted=(4000.0, 2000.0), cap=400, cost=38_323, in_post=(12.0, 4.0), budget=800_000)


def staff(a: float, b: float) -> dict:
    return {("L0", "health visitor"): a, ("L1", "health visitor"): b}


def broken(d, objective, values) -> set[str]:
    return {v.row.name for v in violations(all_rows(d, families(objective)), values)}


def test_no_cuts_and_keep_share_rows_catch_a_cut():
    d = replace(INST.data(), keep_share=1.0)
    assert broken(d, Objective.MIN_COST, staff(10.0, 5.0)) == {"no cuts[L0]"}
    d = replace(INST.data(), keep_share=0.9)
    assert broken(d, Objective.MIN_COST, staff(10.0, 5.0)) == {"keep in post[L0]"}


def test_recruitment_rows_catch_too_many_new_posts():
    d = replace(INST.data(), max_new_per_locality=1.0, max_new_total=1.5, budget=None)
    removals = {removed("L0"): 2.0, removed("L1"): 0.0}
    values = {**staff(10.0, 5.5), **removals, added("L0"): 0.0, added("L1"): 1.5}
    assert broken(d, Objective.MIN_COST, values) == {"recruitment[L1]"}
    values = {**staff(10.0, 5.5), **removals, added("L0"): 0.0, added("L1"): 1.0}  # added understated
    assert broken(d, Objective.MIN_COST, values) == {"recruitment[L1]", "posts added[L1]"}


def test_coverage_rows_catch_an_overstated_theta():
    d = INST.data()
    values = {**staff(10.0, 6.0), THETA: 1.1}  # L0 covers 1.0 of its caseload at the cap, L1 1.2
    assert broken(d, Objective.MAX_COVERAGE, values) == {"coverage[L0]"}


@pytest.mark.parametrize("objective", list(Objective))
def test_budget_row_is_checked_in_every_mode(objective):
    d = replace(INST.data(), priority={"L0": 1.0, "L1": 1.0})
    values = {**staff(15.0, 10.0), THETA: 0.0, shortfall("L0"): 0.0, shortfall("L1"): 0.0}
    assert "budget[total]" in broken(d, objective, values)
