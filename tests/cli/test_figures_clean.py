"""Figures that state what they mean (issue 9.7): no float noise in machine outputs, no
"over budget" by solver rounding, an impossible cap refused in terms of the inputs, and a
frontier with every cap swept. Expected figures are worked out here from the inputs."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from optimiser.planning.pipeline import plan_scenario
from optimiser.planning.prepare import prepare
from tests.conftest import EXAMPLE, ROOT, run_cli
from tests.england_loads import needs_england_file, uses_england_file

TABLE_1 = {
    "CHW": (14.86, 7240),
    "NWL": (12.00, 5133),
    "HB": (12.98, 5323),
    "MR": (9.81, 5159),
    "SLH": (25.52, 10362),
}
TOTAL_CASELOAD = sum(caseload for _, caseload in TABLE_1.values())
IN_POST = sum(in_post for in_post, _ in TABLE_1.values())
COST = 38323
COST_OF_400 = TOTAL_CASELOAD / 400 * COST  # £3,182,437.7275
MONEY = {"cost", "cost_change", "one_off_cost", "budget", "cost_per_wte", "cost_of_cap", "shortfall"}
NEGATIVE_ZERO = re.compile(r"-0\.0(?![0-9])")
SCENARIOS = sorted(
    p
    for p in (ROOT / "examples").rglob("*.yaml")
    if "\noptions:" not in (text := p.read_text(encoding="utf-8")) and "\nhorizon:" not in text
)
HORIZONS = sorted(
    p
    for p in (ROOT / "examples").rglob("*.yaml")
    if "\nhorizon:" in (text := p.read_text(encoding="utf-8")) and "\noptions:" not in text
)


def _numbers(data, key: str = ""):
    """(key, number) for every number in plain data."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _numbers(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from _numbers(v, key)
    elif isinstance(data, float | int) and not isinstance(data, bool):
        yield key, data


def _written_at_precision(key: str, value: float) -> bool:
    places = 2 if key in MONEY else 9
    return round(value, places) == value and not (value == 0 and str(value).startswith("-"))


# 9.7a: no float noise in JSON and CSV: pounds to 0.01, everything else to 1e-9, never -0.0.


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_plan_json_and_csv_have_no_float_noise(scenario: Path):
    if uses_england_file(scenario):
        needs_england_file()
    text = run_cli("plan", scenario, "--format", "json").stdout
    assert not NEGATIVE_ZERO.search(text)
    data = json.loads(text)
    for key, value in _numbers({k: v for k, v in data.items() if k != "localities"}):
        assert _written_at_precision(key, value), (key, value)
    for row in data["localities"]:  # the grade breakdown too: pounds to 0.01 (issue 20)
        for key, value in _numbers(row):
            assert _written_at_precision(key, value), (row["name"], key, value)
    rows = list(csv.DictReader(io.StringIO(run_cli("plan", scenario, "--format", "csv").stdout)))
    for row in rows:
        for key, cell in row.items():
            if cell and key != "locality":
                assert _written_at_precision(key, float(cell)), (key, cell)
                assert cell != "-0.0"


@pytest.mark.parametrize("scenario", HORIZONS, ids=lambda p: p.name)
def test_years_json_has_no_negative_zero_or_money_noise(scenario: Path):
    text = run_cli("years", scenario, "--format", "json").stdout
    assert not NEGATIVE_ZERO.search(text)
    for key, value in _numbers(json.loads(text)):
        if key in MONEY:
            assert _written_at_precision(key, value), (key, value)


def test_a_load_of_exactly_the_cap_is_written_as_the_cap():
    """CHW plans 7240 / 400 = 18.1 WTE, so its load is 400 (binary arithmetic gives 399.99999999999994)."""
    assert 7240 / (7240 / 400) != 400  # the noise the output must not show
    data = json.loads(run_cli("plan", EXAMPLE, "--format", "json").stdout)
    chw = next(row for row in data["localities"] if row["name"] == "CHW")
    assert chw["load_per_wte"] == 400.0
    assert data["totals"]["cost"] == round(COST_OF_400, 2)
    assert "399.99" not in run_cli("plan", EXAMPLE, "--format", "csv").stdout


def test_machine_outputs_round_but_the_plan_keeps_every_digit():
    plan = plan_scenario(prepare(EXAMPLE))
    assert plan.totals["cost"] == pytest.approx(COST_OF_400, rel=1e-15)
    assert plan.totals["cost"] != round(plan.totals["cost"], 2)


def test_a_zero_is_never_written_negative(case):
    """A budget of -0.0 (read as 0) and localities with nothing in post and no caseload."""
    case.write("localities.csv", "locality,in_post_wte,caseload\nNorth,0,0\nSouth,0,0\n")
    case.write("scenario.yaml", case.scenario.read_text(encoding="utf-8") + "budget: -0.0\n")
    for fmt in ("json", "csv"):
        result = run_cli("plan", case.scenario, "--format", fmt, "--yes")  # £0 is meant
        assert result.exit_code == 0, result.stderr
        assert not NEGATIVE_ZERO.search(result.stdout)
    assert json.loads(run_cli("plan", case.scenario, "--format", "json", "--yes").stdout)["budget"] == 0


def test_sweep_outputs_have_no_float_noise():
    args = ("sweep", EXAMPLE, "--cap", "250:450:50", "--budget", "-8%:+8%:8%")
    data = json.loads(run_cli(*args, "--format", "json").stdout)
    for key, value in _numbers(data):
        assert _written_at_precision(key, value), (key, value)
    lines = run_cli(*args, "--format", "csv").stdout.splitlines()
    assert lines[0] == "cap,budget,status,planned_wte,change_wte,cost,worst_load_per_wte,achievable_cap"
    for row in csv.DictReader(lines):
        for key, cell in row.items():
            if cell and key != "status":
                assert _written_at_precision(key, float(cell)), (key, cell)
    today = IN_POST * COST
    budgets = sorted({p["budget"] for p in data["points"]})
    assert budgets == [round(today * f, 2) for f in (0.92, 1.0, 1.08)]


def test_compare_json_has_no_float_noise():
    data = json.loads(
        run_cli("compare", ROOT / "examples/lcr-2010/board-options.yaml", "--format", "json").stdout
    )
    for option in data["options"]:
        for measure, value in option["measures"].items():
            places = 2 if "£" in measure else 9
            assert value is None or round(value, places) == value, (measure, value)


# 9.7b: a cost over the budget only within the solver's tolerance is not over the budget.


@pytest.mark.parametrize("share", [1 - 5e-8, 1 + 5e-8])
def test_a_budget_met_within_the_solver_tolerance_is_met(share):
    budget = COST_OF_400 * share
    result = run_cli("plan", EXAMPLE, "--budget", repr(budget), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "the plan leaves £0 of it unspent." in result.stdout
    assert "-£" not in result.stdout
    assert "pays for the cap; no extra budget is needed" in result.stdout
    data = json.loads(run_cli("plan", EXAMPLE, "--budget", repr(budget), "--format", "json").stdout)
    extra = next(f for f in data["marginal"] if f["key"] == "extra_budget_for_cap")
    assert extra["value"] == 0
    point = json.loads(run_cli("sweep", EXAMPLE, "--budget", repr(budget), "--format", "json").stdout)
    assert point["points"][0]["status"] == "meets cap"


def test_a_budget_short_by_more_than_the_tolerance_is_short():
    budget = COST_OF_400 * (1 - 1e-6)  # £3.18 short, beyond 1e-7
    result = run_cli("plan", EXAMPLE, "--budget", repr(budget), "--format", "json", "--objective", "min-cost")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["shortfall"] == pytest.approx(COST_OF_400 - budget, abs=0.01)
    assert "£3.18 short" not in result.stderr and "£3 short" in result.stderr
    point = json.loads(run_cli("sweep", EXAMPLE, "--budget", repr(budget), "--format", "json").stdout)
    assert point["points"][0]["status"] == "budget-limited"


def test_a_shortfall_under_a_pound_is_shown_in_pence():
    budget = COST_OF_400 - 0.5  # 1.6e-7 of the cost: beyond the solver's tolerance, under £1
    result = run_cli("plan", EXAMPLE, "--budget", repr(budget), "--objective", "min-cost")
    assert result.exit_code == 3
    assert "£0.50 short" in result.stderr


# 9.7c: a cap that implies absurd WTE is refused in terms of the inputs, by plan, validate and sweep.


def _least_cap() -> float:
    return max(caseload for _, caseload in TABLE_1.values()) / 1e9  # SLH at 1e9 WTE


def test_an_impossible_cap_is_refused_with_the_wte_it_implies(tmp_path):
    out = tmp_path / "plan.json"
    result = run_cli("plan", EXAMPLE, "--cap", "1e-300", "-o", out)
    assert result.exit_code == 2
    message = result.stderr
    assert "option --cap" in message and str(EXAMPLE) in message
    assert f"would need {10362 / 1e-300:.3g} WTE in locality 'SLH'" in message
    least = float(re.search(r"expected a cap of at least ([0-9.e+-]+),", message).group(1))
    assert _least_cap() <= least <= _least_cap() * 1.01
    assert not out.exists() and "bounds given" not in message
    assert run_cli("plan", EXAMPLE, "--cap", repr(least), "--format", "json", "--yes").exit_code == 0


def test_validate_and_sweep_refuse_the_impossible_cap_too(case):
    case.write(
        "scenario.yaml", case.scenario.read_text(encoding="utf-8").replace("cap: 400", "cap: 1.0e-300")
    )
    result = run_cli("validate", case.scenario)
    assert (
        result.exit_code == 2
        and "key 'cap'" in result.stderr
        and "expected a cap of at least" in result.stderr
    )
    for jobs in ("1", "2"):
        swept = run_cli("sweep", EXAMPLE, "--cap", "1e-300", "--jobs", jobs)
        assert swept.exit_code == 2, swept.stderr
        assert "option --cap" in swept.stderr and "expected a cap of at least" in swept.stderr


# 9.7d: the sweep's frontier is the cost of meeting every cap swept, null where the bounds forbid it.


def test_frontier_has_every_cap_even_where_the_budget_limits_the_points():
    budget = 2_650_281  # the 8% cut: every cap from 250 to 450 is beyond it
    data = json.loads(
        run_cli("sweep", EXAMPLE, "--cap", "250:450:50", "--budget", str(budget), "--format", "json").stdout
    )
    assert {p["status"] for p in data["points"]} == {"budget-limited"}
    assert [f["cap"] for f in data["frontier"]] == [250, 300, 350, 400, 450]
    for point in data["frontier"]:
        assert point["cost"] == pytest.approx(TOTAL_CASELOAD / point["cap"] * COST, abs=0.01)


def test_frontier_is_null_where_the_bounds_forbid_the_cap(case):
    """North may have at most 12 WTE: 4,000 children need a cap of at least 333.3."""
    case.write(
        "localities.csv", "locality,in_post_wte,caseload,ceiling_wte\nNorth,10,4000,12\nSouth,5,2500,\n"
    )
    data = json.loads(run_cli("sweep", case.scenario, "--cap", "300:400:50", "--format", "json").stdout)
    frontier = {f["cap"]: f["cost"] for f in data["frontier"]}
    assert frontier[300] is None
    for cap in (350, 400):
        assert frontier[cap] == pytest.approx((4000 + 2500) / cap * COST, abs=0.01)
    assert [p["status"] for p in data["points"]] == ["infeasible", "meets cap", "meets cap"]


def test_a_change_within_the_solvers_tolerance_is_written_as_zero():
    """At a 0% budget change the max-coverage plan's total change is the solver's tolerance
    (-0.0000075 WTE, -£0.29): written as 0, while real per-locality changes are kept."""
    example = ROOT / "examples" / "lcr-2010" / "cut-8-percent.yaml"
    result = run_cli("plan", example, "--budget", "0%", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["totals"]["change_wte"] == 0.0 and data["totals"]["cost_change"] == 0.0
    changes = [row["change_wte"] for row in data["localities"]]
    assert all(abs(c) > 0.1 for c in changes)  # CHW +1.5, SLH -2.1, ...: moved, not noise
    assert abs(sum(changes)) < 1e-4  # the rows keep their figures; only the total was tolerance
    rows = list(
        csv.DictReader(io.StringIO(run_cli("plan", example, "--budget", "0%", "--format", "csv").stdout))
    )
    assert rows[-1]["locality"] == "Total" and float(rows[-1]["change_wte"]) == 0.0


def test_the_same_change_is_zero_in_sweep_compare_and_confidence_too(tmp_path):
    """The 0% budget of the 8% cut, as a sweep point, a compared option and a confidence level:
    each writes the change as 0 and the same establishment and cost as `plan` (before, the sweep
    and the confidence sweep said -0.000007517 WTE, and compare -£0.29, beside plan's 0)."""
    example = ROOT / "examples" / "lcr-2010" / "cut-8-percent.yaml"
    plan = json.loads(run_cli("plan", example, "--budget", "0%", "--format", "json").stdout)["totals"]
    point = json.loads(run_cli("sweep", example, "--budget", "0%", "--format", "json").stdout)["points"][0]
    assert point["change_wte"] == 0.0
    assert (
        (point["planned_wte"], point["cost"]) == (plan["planned_wte"], plan["cost"]) == (IN_POST, 2880739.91)
    )
    option = json.loads(run_cli("compare", example, "--budget", "0%", "--format", "json").stdout)["options"][
        1
    ]
    measures = option["measures"]
    assert (
        measures["Change from today (WTE)"] == 0.0 and measures["Change in recurring cost (£ a year)"] == 0.0
    )
    uncertain = tmp_path / "uncertain.yaml"
    text = example.read_text(encoding="utf-8").replace("../../", f"{example.parents[2]}/")
    text = re.sub(r"^budget: .*$", 'budget: "+0%"', text, flags=re.MULTILINE)
    uncertain.write_text(text + "uncertainty: {distribution: uniform, relative: 0.1}\n", encoding="utf-8")
    levels = json.loads(run_cli("sweep", uncertain, "--confidence", "0.6:0.9:0.3", "--format", "json").stdout)
    assert [p["change_wte"] for p in levels["points"]] == [0.0, 0.0]
    assert {p["planned_wte"] for p in levels["points"]} == {IN_POST}
    level = json.loads(run_cli("plan", uncertain, "--confidence", "0.9", "--format", "json").stdout)
    assert level["risk"]["cost_of_confidence"]["planned_wte"] == level["totals"]["planned_wte"] == IN_POST
    assert level["risk"]["cost_of_confidence"]["extra_wte"] == 0.0 and level["totals"]["change_wte"] == 0.0
