"""A block (a constraint family's rows as arrays, lp/blocks) says what its family's rows in words
say (lp/families, lp/bounds, lp/objectives), row for row: the same family, subject, sense, right-hand
side and coefficients. The arrays build and solve the LP; the words check and explain it."""

import math
from dataclasses import replace
from pathlib import Path

import pytest

from optimiser.errors import InputError
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.scenario import Objective
from optimiser.lp.data import LpData
from optimiser.lp.objectives import model
from optimiser.lp.status import SolverChoice
from optimiser.planning.prepare import prepare
from tests.lp_helpers import single_grade

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(
    p
    for p in (ROOT / "examples").glob("*/*.yaml")
    if "options" not in p.name and "three-years" not in p.name and "episode-lengths" not in p.name
)


def _prepared_data(path: Path, objective: Objective) -> LpData:
    try:
        return prepare(path, Overrides(objective=objective.value)).data
    except InputError as exc:  # an objective this scenario cannot plan for (no budget, say)
        pytest.skip(f"{path.name}: no {objective} plan ({type(exc).__name__})")


def _same_rows(d: LpData, objective: Objective) -> int:
    """Compare every block row with its row in words; the number of rows compared."""
    m = model(d, objective, SolverChoice.HIGHS)
    keys = m.columns.keys
    compared = 0
    for block in m.blocks:
        words = block.rows()
        assert len(words) == len(block), block.family
        for r, row in enumerate(words):
            span = slice(block.indptr[r], block.indptr[r + 1])
            arrays = {}
            for j, c in zip(block.indices[span].tolist(), block.data[span].tolist(), strict=True):
                arrays[keys[j]] = arrays.get(keys[j], 0.0) + c
            in_words = {}
            for key, c in row.terms:
                in_words[key] = in_words.get(key, 0.0) + c
            in_words = {k: c for k, c in in_words.items() if c != 0.0}
            assert (block.family_of(r), block.subjects[r]) == (row.family, row.subject)
            assert block.sense is row.sense, row.name
            assert math.isclose(float(block.rhs[r]), row.rhs, rel_tol=1e-12, abs_tol=1e-12), row.name
            assert arrays.keys() == in_words.keys(), row.name
            for key, c in in_words.items():
                assert math.isclose(arrays[key], c, rel_tol=1e-12), (row.name, key)
            compared += 1
    return compared


@pytest.mark.parametrize("objective", list(Objective), ids=lambda o: o.value)
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_block_says_what_its_words_say(path, objective):
    d = _prepared_data(path, objective)
    assert _same_rows(d, objective) >= len(d.localities)  # at least the cap cover rows were compared


def test_every_bound_family_is_built_and_compared():
    """A small case that switches on the families the examples leave off: ceilings, no cuts,
    recruitment limits (per locality and in total), and the change split that prices recruitment
    and removal."""
    d = replace(
        single_grade({"A": 800.0, "B": 400.0, "C": 1200.0}, 400, 40_000.0, floors={"A": 1.0}, budget=1e6),
        ceilings={"C": 5.0},
        in_post={"A": 2.0, "B": 1.0, "C": 2.5},
        keep_share=1.0,
        max_new_per_locality=2.0,
        max_new_total=3.0,
        recruitment_cost=5_000.0,
        removal_cost=2_000.0,
    )
    m = model(d, Objective.MIN_COST, SolverChoice.HIGHS)
    built = {block.family for block in m.blocks}
    assert {"cap cover", "floor", "ceiling", "budget", "no cuts", "recruitment"} <= built, built
    assert "posts added|posts removed" in built
    assert _same_rows(d, Objective.MIN_COST) == sum(len(b) for b in m.blocks)
