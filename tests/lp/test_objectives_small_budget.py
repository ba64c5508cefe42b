"""Max-coverage where two grades differ by pennies: the best plan is found whatever share of the cap
the budget buys.

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


def test_a_budget_far_above_the_cap_is_spent_on_the_cheaper_grade_too(case):
    """The other end (theta 64,000: 160 WTE in post against 1 child): the cheaper grade, 50p a year
    less, gained 8e-8 per WTE in the scaled objective, under HiGHS's default dual tolerance (1e-7),
    and `plan` kept 160 WTE of the dearer one with £80 unspent (lp/model.DUAL_TOLERANCE)."""
    case.write(
        "model.yaml",
        "name: two grades\ncase_unit: children\nstaff_title: health visitor\ngrades:\n"
        "  - {name: dear, cost_per_wte: 38323.00, capacity: 1.0}\n"
        "  - {name: cheap, cost_per_wte: 38322.50, capacity: 1.0}\n",
    )
    case.write("localities.csv", "locality,in_post_wte,caseload\nL0,40,0\nL1,40,0\nL2,40,0\nL3,40,1\n")
    case.write(
        "scenario.yaml",
        "name: large budget\nmodel: model.yaml\nlocalities: localities.csv\ncap: 400\n"
        'cost_per_wte: 38323\nobjective: max-coverage\nbudget: "+0%"\n',
    )
    result = run_cli("plan", case.scenario, "--format", "json", "--yes")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    wte = 160 * 38_323 / 38_322.5
    assert found["totals"]["planned_wte"] == pytest.approx(wte, rel=1e-9)
    assert found["totals"]["cost"] == pytest.approx(160 * 38_323, abs=0.01)
    assert found["theta"] == pytest.approx(wte * 400, rel=1e-9)
