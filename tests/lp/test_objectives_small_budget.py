"""Max-coverage where the budget buys a small share of the cap: the best plan is still found.

The solver's tolerances are absolute (about 1e-7). With theta at 0.0015 (the budget buys 0.1 WTE
against 65 needed), a grade 25p a year cheaper raised theta by 1e-8, under that tolerance, and
HiGHS stopped at the dearer grade: £0.03 of the budget unspent, and a one-year horizon (another LP)
planned more. Stage one maximises theta over the ratio the budget roughly buys
(lp/objectives.coverage_scale), so such choices are told apart at any budget. The figures are worked
out here: all of the budget on the cheaper grade."""

import json

import pytest

from tests.conftest import run_cli

CHEAP, DEAR = 38_322.75, 38_323.00
CASELOADS = {"L0": 518, "L1": 11_793, "L2": 11_851}


@pytest.mark.parametrize("budget", ['"+0%"', "3832.3", "40000"])
@pytest.mark.parametrize("command", ["plan", "years"])
def test_the_budget_buys_the_cheaper_grade_when_it_buys_little(case, budget, command):
    case.write(
        "model.yaml",
        "name: two grades\ncase_unit: children\nstaff_title: health visitor\nheadroom_percent: 8\ngrades:\n"
        f"  - {{name: dear, cost_per_wte: {DEAR:.2f}, capacity: 1.0}}\n"
        f"  - {{name: cheap, cost_per_wte: {CHEAP:.2f}, capacity: 1.0}}\n",
    )
    case.write("localities.csv", "locality,in_post_wte,caseload\nL0,0,518\nL1,0,11793\nL2,0.1,11851\n")
    horizon = "horizon:\n  years: [Y1]\n" if command == "years" else ""
    case.write(
        "scenario.yaml",
        "name: small budget\nmodel: model.yaml\nlocalities: localities.csv\ncap: 400\n"
        f"cost_per_wte: {DEAR}\nobjective: max-coverage\nbudget: {budget}\n{horizon}",
    )
    result = run_cli(command, case.scenario, "--format", "json", "--yes")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    pounds = 0.1 * DEAR if budget == '"+0%"' else float(budget)
    wte = pounds / CHEAP  # every pound on the cheaper grade
    theta = wte * 400 / 1.08 / sum(CASELOADS.values())  # 8% headroom: one WTE holds 400 / 1.08
    assert found["theta"] == pytest.approx(theta, rel=2e-7)
    planned = found["totals"]["planned_wte"] if command == "plan" else found["by_year"][0]["planned_wte"]
    assert planned == pytest.approx(wte, rel=2e-7)
    if command == "plan":
        assert found["totals"]["planned_wte:dear"] == pytest.approx(0.0, abs=1e-9)
