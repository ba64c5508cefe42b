"""The LCR 2010 budget examples, budgets as a change from today's cost, and the JSON keys."""

from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, plan_json, run_cli
from tests.golden_data import TABLE_1

EXAMPLES = ROOT / "examples" / "lcr-2010"
CUT = EXAMPLES / "cut-8-percent.yaml"
PSSRU_2010_BAND_6 = 30_800 + 7_523
TOTAL_CASELOAD = sum(caseload for _, caseload, _ in TABLE_1.values())
TODAY = sum(in_post for in_post, _, _ in TABLE_1.values()) * PSSRU_2010_BAND_6
CUT_BUDGET = TODAY * (1 - 0.08)  # seed 001, para 5.5: "up to 8% cost reduction"


def without_floors(tmp_path: Path) -> Path:
    """The 8% scenario with its floor removed, its locality path made absolute (its model is named)."""
    data = yaml.safe_load(CUT.read_text(encoding="utf-8"))
    del data["keep_share_of_in_post"]
    data["localities"] = str((EXAMPLES / data["localities"]).resolve())
    path = tmp_path / "cut.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_cut_scenario_prints_the_best_achievable_cap_and_the_plan():
    result = run_cli("plan", CUT)
    assert result.exit_code == 0, result.stderr
    assert "The best cap within the budget of" in result.stdout
    assert all(name in result.stdout for name in TABLE_1)
    assert "Total" in result.stdout and "Each extra £10,000 a year lowers" in result.stdout


def test_cut_scenario_without_floors_equals_the_closed_form(tmp_path):
    """Total caseload / (budget / cost per WTE): the whole budget spread evenly over the caseload."""
    closed_form = TOTAL_CASELOAD / (CUT_BUDGET / PSSRU_2010_BAND_6)
    data = plan_json(without_floors(tmp_path))
    assert data["budget"] == pytest.approx(CUT_BUDGET, rel=1e-12, abs=0.005)
    assert abs(data["achievable_cap"] - closed_form) < 0.1
    assert abs(data["totals"]["worst_load_per_wte"] - closed_form) < 0.1
    assert data["totals"]["cost"] <= CUT_BUDGET * (1 + 1e-9)


def test_cut_scenario_gives_the_same_cap_with_cbc(tmp_path):
    closed_form = TOTAL_CASELOAD / (CUT_BUDGET / PSSRU_2010_BAND_6)
    data = plan_json(without_floors(tmp_path), "--solver", "cbc")
    assert data["solver"] == "CBC"
    assert abs(data["achievable_cap"] - closed_form) < 0.1
    assert plan_json(CUT, "--solver", "cbc")["achievable_cap"] == pytest.approx(
        plan_json(CUT)["achievable_cap"]
    )


def test_cut_scenario_with_floors_matches_a_hand_calculation():
    """With 90% floors, NWL, HB and SLH sit on their floors and CHW and MR share what is left:
    best cap = (CHW + MR caseload) / (budget WTE - floors of the other three), worked out here."""
    in_post = {name: p for name, (p, _, _) in TABLE_1.items()}
    floors = 0.9 * (in_post["NWL"] + in_post["HB"] + in_post["SLH"])
    expected = (TABLE_1["CHW"][1] + TABLE_1["MR"][1]) / (CUT_BUDGET / PSSRU_2010_BAND_6 - floors)
    data = plan_json(CUT)
    assert data["achievable_cap"] == pytest.approx(expected, rel=1e-6)
    for name in ("NWL", "HB", "SLH"):  # each below the cap on its floor, so the floor is what holds it
        assert TABLE_1[name][1] / (0.9 * in_post[name]) < expected


def test_cut_scenario_floors_cost_coverage_and_are_held(tmp_path):
    """The 90% floor can only make the best cap worse than the even spread, and every floor holds."""
    floored, even = plan_json(CUT), plan_json(without_floors(tmp_path))
    assert floored["achievable_cap"] >= even["achievable_cap"]
    for row in floored["localities"]:
        assert row["planned_wte"] >= 0.9 * row["in_post_wte"] * (1 - 1e-9), row["name"]
    assert any(name.startswith("keep in post[") for name in floored["binding"])


def test_json_has_objective_budget_theta_cap_binding_and_marginal_with_units():
    data = plan_json(CUT)
    assert data["objective"] == "max-coverage"
    assert data["achievable_cap"] == pytest.approx(data["cap"] / data["theta"], rel=1e-6)
    assert "budget[total]" in data["binding"]
    marginal = {m["key"]: m for m in data["marginal"]}
    assert set(marginal) == {
        "cost_of_cap",
        "extra_budget_for_cap",
        "best_cap_within_budget",
        "cap_change_per_budget_step",
        "cost_of_lowering_cap",
    }
    assert all(m["unit"] for m in marginal.values())
    assert marginal["cost_of_cap"]["value"] == pytest.approx(TOTAL_CASELOAD / 400 * PSSRU_2010_BAND_6)
    assert marginal["extra_budget_for_cap"]["value"] == pytest.approx(
        TOTAL_CASELOAD / 400 * PSSRU_2010_BAND_6 - CUT_BUDGET
    )


def test_budget_option_takes_pounds_or_a_change_from_today():
    assert plan_json(CUT, "--budget", "-8%")["budget"] == pytest.approx(CUT_BUDGET)
    assert plan_json(CUT, "--budget", "+5%")["budget"] == pytest.approx(TODAY * 1.05)
    assert plan_json(CUT, "--budget", "2700000")["budget"] == 2_700_000


def test_metric_450_fits_todays_budget():
    """450 needs 33,217 / 450 = 73.8 WTE, fewer than the 75.17 in post, so today's cost pays for it."""
    data = plan_json(EXAMPLES / "metric-450.yaml")
    assert data["totals"]["planned_wte"] == pytest.approx(TOTAL_CASELOAD / 450)
    marginal = {m["key"]: m["value"] for m in data["marginal"]}
    assert marginal["extra_budget_for_cap"] == 0
    assert marginal["best_cap_within_budget"] == pytest.approx(TOTAL_CASELOAD / (TODAY / PSSRU_2010_BAND_6))


def test_cap_250_establishment_and_cost():
    """Seed 000's 250: 33,217 / 250 = 132.9 WTE."""
    result = run_cli("plan", EXAMPLES / "cap-250.yaml")
    assert result.exit_code == 0, result.stderr
    assert "132.9" in result.stdout and "Lowering the cap by 10 children would cost" in result.stdout
    data = plan_json(EXAMPLES / "cap-250.yaml")
    assert data["totals"]["cost"] == pytest.approx(TOTAL_CASELOAD / 250 * PSSRU_2010_BAND_6)


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_every_example_renders(fmt):
    for path in sorted(
        p for p in EXAMPLES.glob("*.yaml") if "\noptions:" not in p.read_text(encoding="utf-8")
    ):
        command = "years" if "\nhorizon:" in path.read_text(encoding="utf-8") else "plan"
        result = run_cli(command, path, "--format", fmt)
        assert result.exit_code == 0, (path, result.stderr)


def test_the_docs_show_the_real_output_of_the_cut_scenario():
    readme = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    block = readme.split("$ establishment plan examples/lcr-2010/cut-8-percent.yaml\n", 1)[1].split("```", 1)[
        0
    ]
    shown = [line for line in block.splitlines() if line != "Assumptions: ..."]
    result = run_cli("plan", CUT)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[: len(shown)] == shown
