"""Bad budgets, objectives, priority columns and bounds: one clear message, exit 2 (or 3), no traceback."""

import pytest

from optimiser.errors import ExitCode
from tests.conftest import SCENARIO_TEXT, TABLE_1_WITH, run_cli


def failed(case, *args, code=ExitCode.BAD_INPUT) -> str:
    result = run_cli("plan", case.scenario, *args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    return result.stderr


@pytest.mark.parametrize("value", ["-5", "lots", "-8", "8 per cent", "-100%", "true"])
def test_bad_budget_in_the_scenario_names_the_line_and_key(case, value):
    case.write("scenario.yaml", SCENARIO_TEXT + f"budget: {value}\n")
    message = failed(case)
    assert "line 7, key 'budget'" in message
    assert "pounds a year" in message and '"-8%"' in message


@pytest.mark.parametrize("value", ["-5", "lots", "-120%"])
def test_bad_budget_option_names_the_option(case, value):
    message = failed(case, "--budget", value)
    assert "option --budget" in message and "expected pounds a year" in message


def test_unknown_objective_lists_the_known_ones(case):
    message = failed(case, "--objective", "cheapest")
    assert "cheapest" in message and "max-coverage" in message
    case.write("scenario.yaml", SCENARIO_TEXT.replace("min-cost", "cheapest"))
    message = failed(case)
    assert "key 'objective'" in message and "'min-cost', 'max-coverage' or 'priority'" in message


def test_max_coverage_needs_a_budget(case):
    message = failed(case, "--objective", "max-coverage")
    assert "key 'budget'" in message and "max-coverage needs a budget" in message


def test_priority_needs_a_column(case):
    message = failed(case, "--objective", "priority")
    assert "key 'priority'" in message


def test_priority_column_missing_from_the_locality_file(case):
    case.write("scenario.yaml", SCENARIO_TEXT + "priority: deprivation\n")
    message = failed(case, "--objective", "priority")
    assert "localities.csv" in message and "column 'deprivation'" in message
    assert "is not in the locality file" in message
    case.write("scenario.yaml", SCENARIO_TEXT + "priority: need\n")
    message = failed(case, "--objective", "priority")
    assert "column 'need'" in message and "is not in the locality file" in message


def test_priority_column_negative_or_blank(case):
    case.write("localities.csv", TABLE_1_WITH.format(column="deprivation", a=13, b=-1, c=13, d=12, e=""))
    case.write("scenario.yaml", SCENARIO_TEXT + "priority: deprivation\n")
    message = failed(case, "--objective", "priority")
    assert "line 3 (locality 'NWL'), column 'deprivation'" in message and "-1" in message


@pytest.mark.parametrize("objective", ["min-cost", "max-coverage", "priority"])
def test_floors_costing_more_than_the_budget_are_bad_input_with_figures(case, objective):
    case.write("localities.csv", TABLE_1_WITH.format(column="deprivation", a=1, b=1, c=1, d=1, e=1))
    case.write("scenario.yaml", SCENARIO_TEXT + "no_cuts: true\nbudget: 2000000\npriority: deprivation\n")
    message = failed(case, "--objective", objective)
    today = 75.17 * 38_323
    assert f"£{today:,.0f}" in message and f"£{today - 2_000_000:,.0f}" in message
    assert "option --budget" in message


def test_contradictory_bounds_name_the_locality(case):
    case.write("localities.csv", TABLE_1_WITH.format(column="ceiling_wte", a=14, b=13, c=13, d=10, e=30))
    case.write("scenario.yaml", SCENARIO_TEXT + "no_cuts: true\n")
    message = failed(case)
    assert "locality 'CHW'" in message and "at least 14.86" in message and "at most 14" in message


def test_budget_too_small_for_the_cap_is_infeasible_with_the_shortfall_and_best_cap(case):
    cost = 33_217 / 400 * 38_323
    message = failed(case, "--budget", "3000000", code=ExitCode.INFEASIBLE)
    assert f"£{cost:,.0f}" in message and f"£{cost - 3_000_000:,.0f} short" in message
    assert f"{33_217 / (3_000_000 / 38_323):,.1f} weighted children per WTE" in message


def test_recruitment_limit_below_what_the_cap_needs_is_infeasible(case):
    case.write("scenario.yaml", SCENARIO_TEXT + "max_new_wte_total: 5\nno_cuts: true\n")
    message = failed(case, code=ExitCode.INFEASIBLE)
    assert "recruitment in total at most 5 WTE" in message


def test_a_zero_budget_is_an_answer_not_a_crash(case):
    result = run_cli("plan", case.scenario, "--budget", "0", "--objective", "max-coverage", "--yes")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert "No plan fits the budget of £0 a year: it pays for no WTE where there are cases." in result.stdout
    message = failed(case, "--budget", "0", "--yes", code=ExitCode.INFEASIBLE)
    assert f"£0, £{33_217 / 400 * 38_323:,.0f} short" in message
