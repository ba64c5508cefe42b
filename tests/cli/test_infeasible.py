"""A budget or ceiling that cannot meet the cap is an answer (exit 3) with its figures, not a crash."""

import json

import pytest

from tests.conftest import SCENARIO_TEXT, run_cli

CSV = "locality,in_post_wte,caseload,ceiling_wte\nA,10,4000,\nB,5,2000,\n"


def test_budget_too_small_reports_cost_and_shortfall(case):
    case.write("localities.csv", CSV)
    # Independent: meeting 400 needs 4000/400 + 2000/400 = 15 WTE at £38,323.
    cost_of_cap = 15 * 38323
    case.write("scenario.yaml", SCENARIO_TEXT + "budget: 500000\n")
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 3
    assert f"£{cost_of_cap:,}" in result.stderr
    assert f"£{cost_of_cap - 500000:,} short" in result.stderr
    assert "Traceback" not in result.stderr

    as_json = run_cli("plan", case.scenario, "--format", "json")
    assert as_json.exit_code == 3
    data = json.loads(as_json.stdout)
    assert data["status"] == "infeasible"
    assert data["cost_of_cap"] == pytest.approx(cost_of_cap)
    assert data["shortfall"] == pytest.approx(cost_of_cap - 500000)


def test_budget_just_enough_is_feasible(case):
    case.write("localities.csv", CSV)
    case.write("scenario.yaml", SCENARIO_TEXT + f"budget: {15 * 38323 + 1}\n")
    result = run_cli("plan", case.scenario, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["totals"]["cost"] == pytest.approx(15 * 38323)
    assert "budget[total]" not in data["binding"]  # £1 to spare
    assert "cap cover[A]" in data["binding"]


def test_ceiling_below_need_names_the_locality(case):
    case.write("localities.csv", "locality,in_post_wte,caseload,ceiling_wte\nA,10,4000,8\nB,5,2000,\n")
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 3
    assert "A: its ceiling of 8 WTE" in result.stderr
    assert "needs 10.0 WTE" in result.stderr
