"""Skill mix: the LP buys the cheaper grade up to the minimum share of the main grade, no further."""

import json

import pytest

from tests.conftest import run_cli

HV, NN = 38323, 25000  # cost per WTE of a health visitor and a nursery nurse


def skill_mix_model(nursery_cost: float, share: float = 0.6) -> str:
    return f"""\
name: skill mix test
case_unit: children
cap: 400
grades:
  - {{name: HV, cost_per_wte: {HV}}}
  - {{name: NN, cost_per_wte: {nursery_cost}, capacity: 0.8}}
min_main_share: {share}
"""


def plan(case) -> dict:
    result = run_cli("plan", case.scenario, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_cheaper_grade_is_bought_up_to_the_minimum_share(case):
    """NN costs 25,000 / 0.8 = 31,250 per HV-equivalent, under 38,323, so the LP uses as much as it may.

    At the limit HV = 0.6 T and NN = 0.4 T, and 400 x (0.6 T + 0.8 x 0.4 T) = W, so T = W / (400 x 0.92).
    """
    case.write("model.yaml", skill_mix_model(NN))
    result = plan(case)
    for row in result["localities"]:
        total = row["weighted_caseload"] / (400 * (0.6 + 0.8 * 0.4))
        grades = {g["grade"]: g for g in row["grades"]}
        assert grades["HV"]["planned_wte"] == pytest.approx(0.6 * total, rel=1e-7)
        assert grades["NN"]["planned_wte"] == pytest.approx(0.4 * total, rel=1e-7)
        assert row["planned_wte"] == pytest.approx(total, rel=1e-7)
        assert row["cost"] == pytest.approx(0.6 * total * HV + 0.4 * total * NN, rel=1e-7, abs=0.005)
        assert f"min share[{row['name']}]" in result["binding"]
    chw = next(r for r in result["localities"] if r["name"] == "CHW")
    assert chw["planned_wte"] == pytest.approx(7240 / 368)  # 19.67 WTE: 11.80 HV and 7.87 NN


def test_dearer_grade_is_not_bought(case):
    """At 35,000 / 0.8 = 43,750 per HV-equivalent the nursery nurse is dearer: all health visitors."""
    case.write("model.yaml", skill_mix_model(35000))
    result = plan(case)
    for row in result["localities"]:
        grades = {g["grade"]: g for g in row["grades"]}
        assert grades["NN"]["planned_wte"] == pytest.approx(0, abs=1e-9)
        assert grades["HV"]["planned_wte"] == pytest.approx(row["weighted_caseload"] / 400, rel=1e-9)
        assert f"min share[{row['name']}]" not in result["binding"]


def test_reports_show_each_grade_and_the_total(case):
    case.write("model.yaml", skill_mix_model(NN))
    table = run_cli("plan", case.scenario)
    assert table.exit_code == 0, table.stderr
    assert "HV" in table.stdout and "NN" in table.stdout
    md = run_cli("plan", case.scenario, "--format", "md").stdout
    assert "| Locality | In post (WTE) |" in md and "Establishment HV (WTE)" in md
    assert "Establishment NN (WTE)" in md
    rows = run_cli("plan", case.scenario, "--format", "csv").stdout.splitlines()
    assert rows[0].endswith("planned_wte:HV,planned_wte:NN")
    totals = dict(zip(rows[0].split(","), rows[-1].split(","), strict=True))
    t = 33217 / 368
    assert float(totals["planned_wte:HV"]) == pytest.approx(0.6 * t, rel=1e-7)
    assert float(totals["planned_wte"]) == pytest.approx(t, rel=1e-7)


def test_in_post_by_grade_prices_the_change(case):
    """With in post by grade, the cost of the change is planned cost less what the staff in post cost."""
    case.write("model.yaml", skill_mix_model(NN))
    case.write(
        "localities.csv",
        "locality,in_post_wte,in_post_wte:HV,in_post_wte:NN,caseload\nA,10,8,2,4000\n",
    )
    row = plan(case)["localities"][0]
    total = 4000 / 368
    planned_cost = 0.6 * total * HV + 0.4 * total * NN
    assert row["cost_change"] == pytest.approx(planned_cost - (8 * HV + 2 * NN), rel=1e-7, abs=0.005)
    assert {g["grade"]: g["in_post_wte"] for g in row["grades"]} == {"HV": 8, "NN": 2}


def test_in_post_by_grade_must_add_up(case):
    case.write("model.yaml", skill_mix_model(NN))
    case.write(
        "localities.csv", "locality,in_post_wte,in_post_wte:HV,in_post_wte:NN,caseload\nA,10,8,1,4000\n"
    )
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert "localities.csv: line 2 (locality 'A'), column 'in_post_wte'" in result.stderr
    assert "adds to 9" in result.stderr


def test_cost_option_replaces_the_main_grade_cost(case):
    """At £30,000 a health visitor is cheaper per unit of capacity than NN (31,250): all HV."""
    case.write("model.yaml", skill_mix_model(NN))
    result = run_cli("plan", case.scenario, "--cost-per-wte", "30000", "--format", "json")
    assert result.exit_code == 0, result.stderr
    for row in json.loads(result.stdout)["localities"]:
        assert row["cost"] == pytest.approx(row["weighted_caseload"] / 400 * 30000, rel=1e-9, abs=0.005)
