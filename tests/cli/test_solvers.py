"""Solver choice: HiGHS in-process by default, CBC as a tested fallback; duals checked by re-solves."""

import subprocess
import sys

import highspy
import pulp
import pytest

import optimiser.lp.pulp_route as solve_module
from optimiser.errors import SolverError
from optimiser.lp.families import all_rows
from optimiser.lp.pulp_route import build, make_solver, solve
from optimiser.lp.status import SolverChoice, SolveStatus
from tests.conftest import EXAMPLE, run_cli
from tests.lp_helpers import single_grade

WEIGHTED = {"CHW": 7240.0, "NWL": 5133.0, "HB": 5323.0, "MR": 5159.0, "SLH": 10362.0}
FLOORS = {"HB": 14.0}


def _min_cost(data, rows):
    """The least-cost formulation of `rows` on the CBC route (as the seam hands it over)."""
    return build(data, rows, data.cost_terms())


def _solve(data, choice):
    rows = all_rows(data)
    return solve(_min_cost(data, rows), choice)


def test_default_is_highs_in_process():
    solver, name = make_solver(SolverChoice.AUTO)
    assert name == "HiGHS"
    assert isinstance(solver, pulp.HiGHS)


@pytest.mark.parametrize("choice", [SolverChoice.HIGHS, SolverChoice.CBC])
def test_both_solvers_give_the_same_plan(choice):
    data = single_grade(WEIGHTED, 400, 38323, floors=FLOORS)
    solution = _solve(data, choice)
    assert solution.status is SolveStatus.OPTIMAL
    for name, w in WEIGHTED.items():
        expected = max(w / 400, FLOORS.get(name, 0.0))
        assert solution.values[(name, data.grades[0].name)] == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("choice", [SolverChoice.HIGHS, SolverChoice.CBC])
def test_duals_match_finite_difference_re_solves(choice):
    """Our duals mean d(cost)/d(rhs); check that sign and size against re-solves with each solver."""
    data = single_grade(WEIGHTED, 400, 38323, floors=FLOORS)
    base = _solve(data, choice)
    step = 10.0
    bumped = _solve(
        single_grade({**WEIGHTED, "CHW": WEIGHTED["CHW"] + step}, 400, 38323, floors=FLOORS), choice
    )
    by_resolve = (bumped.objective - base.objective) / step
    assert base.duals["cap cover", "CHW"] == pytest.approx(by_resolve, rel=1e-6)
    assert base.duals["cap cover", "CHW"] == pytest.approx(38323 / 400, rel=1e-9)  # closed form c / C
    floor_up = _solve(single_grade(WEIGHTED, 400, 38323, floors={"HB": 14.5}), choice)
    assert base.duals["floor", "HB"] == pytest.approx((floor_up.objective - base.objective) / 0.5, rel=1e-6)
    assert base.duals["cap cover", "HB"] == pytest.approx(0.0, abs=1e-9)  # the floor binds in HB, not the cap


def test_cbc_asked_for_and_missing_is_exit_4_with_the_fix(monkeypatch):
    monkeypatch.setattr(solve_module, "_cbc", lambda: None)
    with pytest.raises(SolverError, match=r"pip install 'pulp\[cbc\]'"):
        make_solver(SolverChoice.CBC)
    result = run_cli("plan", EXAMPLE, "--solver", "cbc")
    assert result.exit_code == 4
    assert "CBC is not available" in result.stderr and "pulp[cbc]" in result.stderr
    assert "Traceback" not in result.stderr
    assert run_cli("plan", EXAMPLE).exit_code == 0  # HiGHS, the default, needs no CBC


def test_cbc_on_the_command_line():
    result = run_cli("plan", EXAMPLE, "--solver", "cbc", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"solver": "CBC"' in result.stdout


def test_a_solver_that_crashes_is_exit_4_not_an_internal_error(monkeypatch):
    def crash(self, solver=None, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(pulp.LpProblem, "solve", crash)
    monkeypatch.setattr(highspy.Highs, "run", crash)  # the seam's in-process HiGHS model
    result = run_cli("plan", EXAMPLE)
    assert result.exit_code == 4
    assert "The HiGHS solver failed (IndexError" in result.stderr and "Traceback" not in result.stderr


def test_plan_with_highs_never_loads_pulp():
    """PuLP is the CBC route and LP files; a plan solved by HiGHS never loads it."""
    code = (
        "import sys\n"
        "from optimiser.cli import main\n"
        f"sys.argv = ['establishment', 'plan', {str(EXAMPLE)!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
        "print('PULP LOADED' if 'pulp' in sys.modules else 'NO PULP', file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "NO PULP"
    assert '"solver": "HiGHS"' in done.stdout
