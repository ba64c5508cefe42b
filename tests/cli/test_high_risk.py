"""The high-risk limit: high-risk weighted cases fill at most a share of each main-grade WTE's capacity."""

import json

import pytest

from tests.conftest import run_cli

MODEL = """\
name: high-risk test
categories:
  - {name: standard, weight: 1}
  - {name: complex, weight: 2}
cap: 50
cost_per_wte: 60000
high_risk: {categories: [complex], max_share: 0.1}
"""
SCENARIO = "name: high-risk test\nmodel: model.yaml\nlocalities: localities.csv\n"


def test_high_risk_limit_binds_where_high_risk_cases_crowd_the_caseload(case):
    """A: 60 + 20 x 2 = 100 weighted needs 2 WTE for the cap, but 40 high-risk / (0.1 x 50) = 8 WTE.

    B: 95 + 5 x 2 = 105 weighted needs 2.1 WTE; its 10 high-risk need only 2, so the cap sets it.
    """
    case.write("scenario.yaml", SCENARIO)
    case.write("model.yaml", MODEL)
    case.write("localities.csv", "locality,in_post_wte,standard,complex\nA,2,60,20\nB,2,95,5\n")
    result = run_cli("plan", case.scenario, "--format", "json")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    rows = {r["name"]: r for r in plan["localities"]}
    assert rows["A"]["planned_wte"] == pytest.approx(40 / (0.1 * 50), rel=1e-9)
    assert rows["B"]["planned_wte"] == pytest.approx(105 / 50, rel=1e-9)
    assert "high risk[A]" in plan["binding"] and "cap cover[A]" not in plan["binding"]
    assert "cap cover[B]" in plan["binding"] and "high risk[B]" not in plan["binding"]


def test_without_the_limit_the_cap_alone_sets_the_establishment(case):
    case.write("scenario.yaml", SCENARIO)
    case.write("model.yaml", MODEL.replace("high_risk: {categories: [complex], max_share: 0.1}\n", ""))
    case.write("localities.csv", "locality,in_post_wte,standard,complex\nA,2,60,20\n")
    result = run_cli("plan", case.scenario, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["localities"][0]["planned_wte"] == pytest.approx(100 / 50, rel=1e-9)
