"""The check stage refuses a plan that breaks a constraint, whatever the solver said."""

import numpy as np
import pytest

from optimiser.lp.check import violations
from optimiser.lp.families import all_rows
from optimiser.lp.model import Model
from optimiser.lp.status import Solution, SolveStatus
from tests.conftest import EXAMPLE, run_cli
from tests.lp_helpers import single_grade


def test_violations_name_the_constraint_in_words():
    data = single_grade({"A": 4000.0, "B": 2000.0}, 400, 1000, ceilings={"B": 3})
    rows = all_rows(data)
    found = violations(rows, {("A", "staff"): 9.0, ("B", "staff"): 6.0})
    names = sorted(v.row.name for v in found)
    assert names == ["cap cover[A]", "ceiling[B]"]
    text = str(next(v for v in found if v.row.name == "cap cover[A]"))
    assert "A: 400 cases per WTE x planned WTE must cover 4,000.0 weighted cases" in text
    assert next(v for v in found if v.row.name == "cap cover[A]").by == pytest.approx(400)


def test_a_plan_that_fails_the_check_is_not_printed(monkeypatch):
    def lying_solver(model):
        x = np.ones(len(model.columns))
        values = model.columns.values(x)
        return Solution(SolveStatus.OPTIMAL, "Liar", float(len(values)), values, {}, x)

    monkeypatch.setattr(Model, "run", lying_solver)
    result = run_cli("plan", EXAMPLE)
    assert result.exit_code == 5
    assert "failed the independent check" in result.stderr
    assert "cap cover[CHW]" in result.stderr
    assert result.stdout == ""
