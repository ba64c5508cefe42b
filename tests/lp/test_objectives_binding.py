"""The binding list by block arithmetic names the same rows, in the same order, as reading every
row in words; and a block's names are its words' names."""

from pathlib import Path

import numpy as np
import pytest

from optimiser.errors import InputError
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.scenario import Objective
from optimiser.lp.check import binding, binding_rows
from optimiser.lp.objectives import optimise
from optimiser.lp.status import SolverChoice
from optimiser.planning.prepare import prepare

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(
    p
    for p in (ROOT / "examples").glob("*/*.yaml")
    if "options" not in p.name and "three-years" not in p.name and "episode-lengths" not in p.name
)


def _prepared(path: Path, objective: Objective):
    try:
        return prepare(path, Overrides(objective=objective.value))
    except InputError as exc:  # an objective this scenario cannot plan for (no budget, say)
        pytest.skip(f"{path.name}: no {objective} plan ({type(exc).__name__})")


@pytest.mark.parametrize("objective", list(Objective), ids=lambda o: o.value)
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_binding_by_blocks_is_binding_by_words(path, objective):
    prepared = _prepared(path, objective)
    outcome = optimise(prepared.data, objective, SolverChoice.HIGHS)
    if not outcome.solution.status.is_ok:
        pytest.skip(f"{path.name} has no plan for {objective}")
    x, values = outcome.solution.x, outcome.solution.values
    assert binding(outcome.blocks, x, values) == binding_rows(outcome.rows, values)
    for block in outcome.blocks:
        assert block.names(np.arange(len(block))) == [row.name for row in block.rows()]


def test_a_row_at_the_threshold_is_decided_by_its_words():
    """Move a plan so that one cap cover row's slack sits exactly at the binding threshold: the
    block and the words must still agree (the words decide it)."""
    prepared = prepare(ROOT / "examples/lcr-2010/appendix3.yaml")
    outcome = optimise(prepared.data, Objective.MIN_COST, SolverChoice.HIGHS)
    block = next(b for b in outcome.blocks if b.family == "cap cover")
    row = block.rows(np.array([0]))[0]
    x = outcome.solution.x.copy()
    (key, coef), *_ = row.terms
    column = outcome.solution.x.tolist().index(outcome.solution.values[key])
    for shift in (0.999999, 1.0, 1.000001):
        x[column] = (row.rhs + shift * 1e-6 * max(1.0, abs(row.rhs))) / coef
        values = dict(outcome.solution.values)
        values[key] = float(x[column])
        assert binding(outcome.blocks, x, values) == binding_rows(outcome.rows, values)
