"""The seam's HiGHS model and the PuLP build of the same rows describe the same LP (Appendix 3)."""

from pathlib import Path

import highspy
import numpy as np

from optimiser.inputs.scenario import Objective
from optimiser.lp.objectives import model
from optimiser.lp.pulp_route import formulation_of
from optimiser.lp.quiet import solver_output_silenced
from optimiser.lp.status import SolverChoice
from optimiser.planning.prepare import prepare

EXAMPLE = "examples/lcr-2010/appendix3.yaml"


def _rows(path: str) -> list[tuple]:
    """Each row as (sorted coefficients, lower, upper), read back by HiGHS."""
    with solver_output_silenced():
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.readModel(path)
    lp = h.getLp()
    a = np.zeros((lp.num_row_, lp.num_col_))
    m = lp.a_matrix_
    for j in range(lp.num_col_):
        for k in range(m.start_[j], m.start_[j + 1]):
            a[m.index_[k], j] = m.value_[k]
    return sorted(
        (tuple(sorted(np.round(a[i][a[i] != 0], 9))), lp.row_lower_[i], lp.row_upper_[i])
        for i in range(lp.num_row_)
    )


def test_pulp_and_highs_write_the_same_lp(tmp_path):
    m = model(prepare(Path(EXAMPLE)).data, Objective.MIN_COST, SolverChoice.HIGHS)
    formulation_of(m).problem.writeLP(str(tmp_path / "pulp.lp"))  # the CBC route's own problem
    assert m.highs is not None
    with solver_output_silenced():
        m.highs.writeModel(str(tmp_path / "highs.lp"))
    ours, theirs = _rows(str(tmp_path / "pulp.lp")), _rows(str(tmp_path / "highs.lp"))
    assert len(ours) == 5
    assert ours == theirs
