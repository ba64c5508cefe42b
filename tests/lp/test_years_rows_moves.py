"""Moves between localities cannot create staff (issue 20, class 3): a locality moves out at most the
staff it has after leavers, so one locality's recruits are never booked against another's limit.

The adversarial case: locality A has nobody in post and no caseload; B has 10 WTE and 6,400 children
(16.0 WTE at a cap of 400); each locality may recruit at most 3 WTE a year. Without the rule, A
recruits 3 and "moves" them to B, so B reaches 10 + 3 + 3 = 16 and the cap is met. With it, B can
reach at most 10 + 3 = 13 WTE.
"""

from pathlib import Path

import pytest

from optimiser.inputs.scenario import Objective
from optimiser.lp import years_rows
from optimiser.lp.status import SolverChoice
from optimiser.lp.years_objectives import optimise_years
from optimiser.lp.years_rows import MOVED_OUT, RECRUITS, WTE, YearVar
from optimiser.planning.years_data import prepare_years
from optimiser.planning.years_pipeline import plan_years
from tests.conftest import run_cli

LIMIT = 3.0


def _scenario(folder: Path, objective: str, extra: str = "") -> Path:
    (folder / "model.yaml").write_text("name: count\ncase_unit: children\nstaff_title: health visitor\n")
    (folder / "localities.csv").write_text("locality,in_post_wte,caseload\nA,0,0\nB,10,6400\n")
    scenario = folder / "s.yaml"
    scenario.write_text(
        "name: moves\nmodel: model.yaml\nlocalities: localities.csv\ncap: 400\ncost_per_wte: 40000\n"
        f"objective: {objective}\n{extra}horizon:\n  years: [Y1]\n  max_recruits_per_locality: {LIMIT:g}\n"
    )
    return scenario


def _independent_check(result) -> None:
    """From the plan's own table: nobody moves out more than they had after leavers, no locality recruits
    more than its limit, and so no locality ends above its kept staff + its limit + the staff the others
    kept and could send."""
    table = result.localities
    for (loc, year), r in table.iterrows():
        kept = r["start_wte"] - r["leavers"]
        assert r["moved_out"] <= kept + 1e-9, (loc, year)
        assert r["recruits"] <= LIMIT + 1e-9, (loc, year)
        others = table.xs(year, level="year").drop(loc)
        sendable = float((others["start_wte"] - others["leavers"]).sum())
        assert r["planned_wte"] <= kept + LIMIT + sendable + 1e-9, (loc, year)


def test_the_old_formulation_booked_recruits_against_another_locality(tmp_path, monkeypatch):
    """The case is adversarial: without the moves-out rows, A recruits 3 WTE and moves them to B."""
    d = prepare_years(_scenario(tmp_path, "min-cost")).data
    monkeypatch.setattr(
        years_rows, "MIN_COST", tuple(f for f in years_rows.MIN_COST if f is not years_rows.define_moves_out)
    )
    import optimiser.lp.years_objectives as objectives

    monkeypatch.setattr(objectives, "MIN_COST", years_rows.MIN_COST)
    values = optimise_years(d, Objective.MIN_COST, SolverChoice.HIGHS).solution.values
    assert values[YearVar(RECRUITS, "A", "health visitor", "Y1")] == pytest.approx(LIMIT)
    assert values[YearVar(MOVED_OUT, "A", "health visitor", "Y1")] == pytest.approx(LIMIT)
    assert values[YearVar(WTE, "B", "health visitor", "Y1")] == pytest.approx(16.0)


def test_min_cost_cannot_meet_the_cap_by_moving_recruits(tmp_path):
    """B needs 6.0 WTE recruited against its limit of 3.0: exit 3, naming B, not a plan."""
    result = run_cli("years", _scenario(tmp_path, "min-cost"))
    assert result.exit_code == 3, result.stderr
    assert "Y1: meeting the cap needs 6.0 WTE recruited in B; the recruitment limit is 3.0" in result.stderr


@pytest.mark.parametrize("solver", [SolverChoice.HIGHS, SolverChoice.CBC])
def test_max_coverage_holds_every_locality_to_its_own_recruits(tmp_path, solver):
    """With money for 16 WTE, B still reaches only 13: the best cap is 6,400 / 13 = 492.3 children per WTE."""
    result = plan_years(_scenario(tmp_path, "max-coverage", "budget: 1000000\n"), solver)
    _independent_check(result)
    b = result.localities.loc[("B", "Y1")]
    assert b["planned_wte"] == pytest.approx(13.0, rel=1e-6)
    assert result.best_cap == pytest.approx(6400 / 13, rel=1e-6)
    assert result.localities.loc[("A", "Y1"), "moved_out"] == pytest.approx(0.0, abs=1e-9)


def test_staff_in_post_may_still_move(tmp_path):
    """A locality with staff to spare sends them: A keeps 4 of its 5 after 20% leave and needs 1, so 3
    move to B, which recruits its own 3 as well (B: 8 kept + 3 moved + 3 recruited = 14 = 5,600 / 400)."""
    (tmp_path / "model.yaml").write_text("name: count\ncase_unit: children\nstaff_title: health visitor\n")
    (tmp_path / "localities.csv").write_text("locality,in_post_wte,caseload\nA,5,400\nB,10,5600\n")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "name: moves\nmodel: model.yaml\nlocalities: localities.csv\ncap: 400\ncost_per_wte: 40000\n"
        f"horizon:\n  years: [Y1]\n  leaver_rate: 0.2\n  max_recruits_per_locality: {LIMIT:g}\n"
    )
    result = plan_years(scenario)
    _independent_check(result)
    assert result.localities.loc[("A", "Y1"), "moved_out"] == pytest.approx(3.0, rel=1e-6)
    assert result.localities.loc[("B", "Y1"), "recruits"] == pytest.approx(3.0, rel=1e-6)
    assert result.localities.loc[("B", "Y1"), "planned_wte"] == pytest.approx(14.0, rel=1e-6)
