"""LP properties on random single-grade instances, against the closed form x = max(W / C, floor)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimiser.lp.check import violations
from optimiser.lp.families import all_rows
from optimiser.lp.pulp_route import build, solve
from optimiser.lp.status import SolveStatus
from tests.lp_helpers import single_grade

caseloads = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=50_000, allow_nan=False))
"""Weighted caseloads as a locality file may give them: 0, or at least 1e-6 (README, Ranges); below
that HiGHS's feasibility tolerance (1e-7) would let it plan nothing for a caseload of 1e-7."""
instances = st.fixed_dictionaries(
    {
        "weighted": st.lists(caseloads, min_size=1, max_size=12),
        "cap": st.floats(min_value=10, max_value=1_000),
        "cost": st.floats(min_value=1_000, max_value=100_000),
        "floors": st.lists(
            st.one_of(st.none(), st.floats(min_value=0, max_value=60)), min_size=12, max_size=12
        ),
    }
)


def _min_cost(data, rows):
    """The least-cost formulation of `rows` on the CBC route (as the seam hands it over)."""
    return build(data, rows, data.cost_terms())


@settings(max_examples=150, deadline=None)
@given(instances)
def test_min_cost_meets_every_cap_and_matches_closed_form(instance):
    names = [f"L{i}" for i in range(len(instance["weighted"]))]
    weighted = dict(zip(names, instance["weighted"], strict=True))
    floors = {n: f for n, f in zip(names, instance["floors"], strict=False) if f is not None}
    data = single_grade(weighted, instance["cap"], instance["cost"], floors=floors)
    rows = all_rows(data)
    solution = solve(_min_cost(data, rows))
    assert solution.status is SolveStatus.OPTIMAL
    cap = instance["cap"]
    for name, w in weighted.items():
        x = solution.values[(name, "staff")]
        assert x * cap >= w - 1e-6 * max(1.0, w)
    assert violations(rows, solution.values) == []
    # No cheaper plan exists: each locality needs at least max(W/C, floor), and that plan is feasible.
    closed_form = sum(max(w / cap, floors.get(n, 0.0)) for n, w in weighted.items()) * instance["cost"]
    assert solution.objective == pytest.approx(closed_form, rel=1e-7, abs=1e-4)


@settings(max_examples=60, deadline=None)
@given(st.lists(caseloads, min_size=1, max_size=8), st.floats(min_value=10, max_value=1_000))
def test_budget_at_the_closed_form_cost_is_feasible_and_just_below_is_not(weighted_list, cap):
    weighted = {f"L{i}": w for i, w in enumerate(weighted_list)}
    cost = 40_000.0
    need = sum(w / cap for w in weighted.values()) * cost
    enough = solve(_min_cost(*_with_rows(single_grade(weighted, cap, cost, budget=need * (1 + 1e-6) + 1))))
    assert enough.status is SolveStatus.OPTIMAL
    if need > 100:
        short = solve(_min_cost(*_with_rows(single_grade(weighted, cap, cost, budget=need * 0.99))))
        assert short.status is SolveStatus.INFEASIBLE


def _with_rows(data):
    return data, all_rows(data)
