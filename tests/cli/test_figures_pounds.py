"""JSON and CSV pounds are to 0.01 everywhere, and every other figure to 1e-9, never -0.0 (README,
"--format" and "Figures state what they mean"): every number of every JSON and CSV output of
`plan` (with --explain and --confidence, and its infeasible answer), `compare`, `sweep` (caps and
budgets, and confidence levels) and `explain`, walked key by key. Which keys are pounds is written
out here from the README, not taken from the package."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, SCENARIO_TEXT, TABLE_1_WITH, run_cli
from tests.england_loads import uses_england_file

POUNDS = {
    "cost",
    "cost_change",
    "one_off_cost",
    "budget",
    "cost_per_wte",
    "cost_of_cap",
    "shortfall",
    "extra_cost",
    "central_cost",
}
"""Keys and CSV columns in pounds: the plan's (README, JSON output), the infeasible answer's, the
sweep's, and the cost of confidence's."""
NEGATIVE_ZERO = re.compile(r"(?<![0-9.e])-0\.0(?![0-9])")
LCR = ROOT / "examples" / "lcr-2010"
SCENARIOS = sorted(
    p
    for p in (ROOT / "examples").rglob("*.yaml")
    if "\noptions:" not in (text := p.read_text(encoding="utf-8"))
    and "\nhorizon:" not in text
    and not uses_england_file(p)
)
"""Every example `plan` takes (the England ones read a large file, and are tested with it elsewhere)."""
OPTIONS = [LCR / "board-options.yaml", ROOT / "examples" / "link-workers" / "episode-lengths.yaml"]
RISK = LCR / "appendix3-90-percent.yaml"


def pounds(key: str, parent: dict | None = None, field: str = "") -> bool:
    """Whether a figure is in pounds: by its key; a marginal figure by its unit ('£ a year', and a
    step 'per £10,000'); a comparison's measure by its name ('Recurring cost (£ a year)')."""
    unit = (parent or {}).get("unit")
    if isinstance(unit, str) and field in ("value", "step"):
        return unit.startswith("£") if field == "value" else "per £" in unit
    return key in POUNDS or "(£" in key


def walk(data, key: str = "", parent: dict | None = None):
    """(key, value, is pounds) for every float in plain data."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from walk(v, str(k), data)
    elif isinstance(data, list):
        for v in data:
            yield from walk(v, key, parent)
    elif isinstance(data, float):
        yield key, data, pounds(key, parent, key)


def at_precision(value: float, money: bool) -> bool:
    places = 2 if money else 9
    return round(value, places) == value


def check_json(text: str, what: str) -> dict:
    assert not NEGATIVE_ZERO.search(text), what
    data = json.loads(text)
    for key, value, money in walk(data):
        assert at_precision(value, money), (what, key, value, "pounds" if money else "1e-9")
    return data


def check_csv(text: str, what: str, by_row: bool = False) -> None:
    """Each cell at its column's precision (a comparison's CSV has measures as rows: by its row)."""
    assert not NEGATIVE_ZERO.search(text), what
    table = list(csv.reader(io.StringIO(text)))
    header = table[0]
    for row in table[1:]:
        for column, cell in zip(header[1:], row[1:], strict=True):
            if cell and re.fullmatch(r"-?[0-9.e+-]+", cell):
                money = pounds(row[0] if by_row else column)
                assert at_precision(float(cell), money), (what, row[0], column, cell)


def run(*args) -> str:
    result = run_cli(*args)
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_plan_json_and_csv_pounds_are_to_the_penny(scenario: Path):
    data = check_json(run("plan", scenario, "--format", "json"), scenario.name)
    check_csv(run("plan", scenario, "--format", "csv"), scenario.name)
    grade_costs = [g["cost"] for row in data["localities"] for g in row["grades"]]
    assert grade_costs and all(at_precision(c, True) for c in grade_costs)


def test_per_grade_costs_are_to_the_penny_where_the_arithmetic_gives_more():
    """38,323 x 12.8325 WTE is £491,779.8975: the grade's row and its total say £491,779.90."""
    data = check_json(run("plan", EXAMPLE, "--format", "json"), "appendix3")
    nwl = next(r for r in data["localities"] if r["name"] == "NWL")
    assert nwl["grades"][0]["cost"] == round(38323 * 5133 / 400, 2) == 491779.9
    assert data["grades"][0]["cost"] == round(38323 * 33217 / 400, 2)


@pytest.mark.parametrize(
    "args",
    [
        ("--explain",),
        ("--confidence", "0.8"),
        ("--budget", "-8%", "--objective", "max-coverage"),
        ("--objective", "priority", "--budget", "3000000"),
    ],
    ids=["explain", "confidence", "max-coverage", "priority"],
)
def test_plan_json_with_options_pounds_are_to_the_penny(args, case):
    scenario = RISK if "--confidence" in args else EXAMPLE
    if "priority" in args:
        case.write("localities.csv", TABLE_1_WITH.format(column="need", a=3, b=1, c=2, d=5, e=1))
        case.write("scenario.yaml", SCENARIO_TEXT.replace("min-cost", "priority\npriority: need"))
        scenario = case.scenario
    data = check_json(run("plan", scenario, "--format", "json", *args), str(args))
    if "--confidence" in args:
        cost = data["risk"]["cost_of_confidence"]
        assert {"cost", "central_cost", "extra_cost"} <= set(cost)
    if "--confidence" not in args and "--explain" not in args:
        assert any(pounds(f["key"], f, "step") for f in data["marginal"] if f["step"] is not None)
    if "--confidence" in args:
        check_csv(run("plan", scenario, "--format", "csv", *args), str(args))


def test_an_infeasible_answer_s_pounds_are_to_the_penny():
    result = run_cli(
        "plan", EXAMPLE, "--budget", "3000000.123", "--format", "json", "--objective", "min-cost"
    )
    assert result.exit_code == 3
    data = check_json(result.stdout, "infeasible")
    assert data["budget"] == 3000000.12
    assert abs(data["shortfall"] - (data["cost_of_cap"] - data["budget"])) <= 0.01 + 1e-9  # each rounded


@pytest.mark.parametrize("options", OPTIONS, ids=lambda p: p.name)
def test_compare_json_and_csv_pounds_are_to_the_penny(options: Path):
    data = check_json(run("compare", options, "--format", "json"), options.name)
    assert any("(£" in m for m in data["options"][0]["measures"])
    check_csv(run("compare", options, "--format", "csv"), options.name, by_row=True)


@pytest.mark.parametrize(
    "args",
    [
        ("--cap", "250:450:50", "--budget", "-8%:+8%:4%"),
        ("--budget", "2600000.005:2700000:33333.333"),
        ("--confidence", "0.5:0.95:0.15"),
    ],
    ids=["grid", "odd-budgets", "confidence"],
)
def test_sweep_json_and_csv_pounds_are_to_the_penny(args):
    scenario = RISK if "--confidence" in args else EXAMPLE
    check_json(run("sweep", scenario, "--format", "json", *args), str(args))
    check_csv(run("sweep", scenario, "--format", "csv", *args), str(args))


@pytest.mark.parametrize("scenario", [EXAMPLE, ROOT / "examples/health-visiting/lcr-2010-weighted.yaml"])
def test_explain_json_and_csv_figures_are_to_1e_9(scenario: Path):
    check_json(run("explain", scenario, "--format", "json"), scenario.name)
    check_csv(run("explain", scenario, "--format", "csv"), scenario.name)


def test_a_budget_step_in_pounds_is_to_the_penny(case):
    """A step of £12,345.678 of budget is written £12,345.68, as every pound; the cap step (cases)
    keeps 1e-9."""
    case.write(
        "scenario.yaml", SCENARIO_TEXT + "budget: 3000000\nbudget_step: 12345.678\ncap_step: 7.0000000004\n"
    )
    scenario = case.write("cover.yaml", case.scenario.read_text().replace("min-cost", "max-coverage"))
    data = check_json(run("plan", scenario, "--format", "json"), "steps")
    steps = {f["key"]: f["step"] for f in data["marginal"] if f["step"] is not None}
    assert steps["cap_change_per_budget_step"] == 12345.68
    assert steps["cost_of_lowering_cap"] == 7.0
