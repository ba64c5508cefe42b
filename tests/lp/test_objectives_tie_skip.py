"""Issue #15: the tie-break is skipped only when the optimum is provably unique.

When `_unique` says so, forcing the tie-break anyway must change nothing; when costs tie, it must
not say so (the least-change mix lies between vertices, so a wrongly skipped tie-break shows).
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimiser.inputs.scenario import Objective
from optimiser.lp import objectives
from optimiser.lp.data import Grade, LpData
from optimiser.lp.objectives import optimise
from optimiser.lp.status import SolverChoice


def _data(costs: list[float], capacities: list[float], caseloads: list[float], in_post: list[float], share):
    names = tuple(f"L{i}" for i in range(len(caseloads)))
    return LpData(
        localities=names,
        grades=tuple(
            Grade(f"grade {j}", c, k) for j, (c, k) in enumerate(zip(costs, capacities, strict=True))
        ),
        weighted=dict(zip(names, caseloads, strict=True)),
        cap=400.0,
        floors={},
        ceilings={},
        budget=None,
        case_unit="children",
        min_main_share=share,
        in_post=dict(zip(names, in_post, strict=True)),
    )


def _spied(monkeypatch) -> list[bool]:
    said: list[bool] = []
    real = objectives._unique

    def spy(m):
        said.append(real(m))
        return said[-1]

    monkeypatch.setattr(objectives, "_unique", spy)
    return said


@settings(max_examples=60, deadline=None)
@given(
    grades=st.lists(
        st.tuples(st.floats(20_000, 60_000), st.floats(0.5, 1.0)),
        min_size=2,
        max_size=3,
        unique_by=lambda g: g[0],
    ),
    localities=st.lists(st.tuples(st.floats(100, 20_000), st.floats(0, 40)), min_size=1, max_size=6),
    share=st.one_of(st.none(), st.floats(0.3, 0.9)),
    tied=st.booleans(),
)
def test_a_skipped_tie_break_would_have_changed_nothing(grades, localities, share, tied):
    costs = [c for c, _ in grades]
    if tied:  # the second grade costs the same per unit of capacity as the first: the optimum may tie
        costs[1] = costs[0] / grades[0][1] * grades[1][1]
    d = _data(
        costs,
        [k for _, k in grades],
        [w for w, _ in localities],
        [p for _, p in localities],
        share,
    )
    with pytest.MonkeyPatch.context() as mp:
        said = _spied(mp)
        skipped = optimise(d, Objective.MIN_COST, SolverChoice.HIGHS)
    if said != [True]:
        return  # the tie-break ran: nothing skipped to check
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(objectives, "_unique", lambda m: False)
        forced = optimise(d, Objective.MIN_COST, SolverChoice.HIGHS)
    for key, value in skipped.solution.values.items():
        assert forced.solution.values[key] == pytest.approx(value, rel=1e-6, abs=1e-6), key


def test_distinct_costs_per_capacity_are_found_unique(monkeypatch):
    # £40,000 for 1.0 against £30,000 for 0.7 (£42,857 per unit): health visitors only, one way.
    said = _spied(monkeypatch)
    optimise(
        _data([40_000, 30_000], [1.0, 0.7], [4_000, 6_000], [12, 9], None),
        Objective.MIN_COST,
        SolverChoice.HIGHS,
    )
    assert said == [True]


def test_equal_costs_per_capacity_are_not_found_unique(monkeypatch):
    # £40,000 for 1.0 and £28,000 for 0.7: every mix costs the same, so the optimum is not unique.
    said = _spied(monkeypatch)
    optimise(_data([40_000, 28_000], [1.0, 0.7], [4_000], [12], None), Objective.MIN_COST, SolverChoice.HIGHS)
    assert said == [False]
