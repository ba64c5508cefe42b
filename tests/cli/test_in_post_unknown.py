"""In post not known (issue 14, item 2): a blank `in_post_wte` plans the establishment a cap
requires and its cost; every figure measured from today is not known (null in JSON, blank in
CSV, NaN in totals, never a partial sum); whatever needs in post is refused with exit 2.

Every expected figure is worked out here from the input files, never copied from the program.
"""

import csv
import io
import json
import math
from pathlib import Path

import pytest

from optimiser.inputs.bundle import load_inputs
from optimiser.inputs.costs import in_post_costs, today_cost
from optimiser.lp.objectives import optimise
from optimiser.lp.status import SolverChoice
from optimiser.planning.extract import make_plan
from optimiser.planning.plan import Plan, column_total, totals_agree
from optimiser.planning.prepare import prepare
from optimiser.render.machine import plan_csv, plan_dict
from tests.conftest import ROOT, run_cli

ENGLAND = ROOT / "inputs" / "england" / "utla-children-0-4-mid2023.csv"
COUNT_MODEL = ROOT / "models" / "health-visiting-count.yaml"
KNOWN_ONLY_WITH_IN_POST = ("in_post_wte", "change_wte", "cost_change", "load_per_wte_before")
TOTALS_NOT_KNOWN = (*KNOWN_ONLY_WITH_IN_POST, "posts_added", "posts_removed", "one_off_cost")
COST = 45_000


def _england_rows() -> list[dict[str, str]]:
    lines = [line for line in ENGLAND.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _scenario(folder: Path, localities: Path, extra: str = "", model: Path = COUNT_MODEL) -> Path:
    path = folder / "scenario.yaml"
    path.write_text(
        f"name: England at 250\nmodel: {model}\nlocalities: {localities}\n"
        f"cap: 250\ncost_per_wte: {COST}\n{extra}",
        encoding="utf-8",
    )
    return path


def _unchecked_plan(scenario: Path) -> Plan:
    """The plan as make_plan extracts it, before the independent check (see _cli_json)."""
    prepared = prepare(scenario)
    outcome = optimise(prepared.data, prepared.inputs.scenario.objective, SolverChoice.AUTO)
    assert outcome.solution.status.is_ok
    return make_plan(prepared.inputs, prepared.data, outcome.binding(), outcome.solution)


def _cli(scenario: Path, fmt: str) -> str:
    """`plan` through the CLI: the check takes a total that is not known in every row as not known."""
    result = run_cli("plan", scenario, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def england(tmp_path: Path) -> Path:
    return _scenario(tmp_path, ENGLAND)


def test_england_plans_at_250_and_requires_children_over_250(england):
    children = sum(int(row["caseload"]) for row in _england_rows())
    data = plan_dict(_unchecked_plan(england))
    assert data["totals"]["required_wte"] == pytest.approx(children / 250, abs=0.1)
    assert data["totals"]["planned_wte"] == pytest.approx(children / 250, abs=0.1)
    assert data["totals"]["cost"] == pytest.approx(children / 250 * COST, rel=1e-9)
    assert len(data["localities"]) == 153


def test_england_change_columns_are_null_in_json(england):
    rows = {row["locality"]: row for row in _england_rows()}
    data = plan_dict(_unchecked_plan(england))
    for locality in data["localities"]:
        row = rows[locality["name"]]
        assert locality["area_code"] == row["area_code"]
        assert list(locality)[:2] == ["name", "area_code"]
        for key in KNOWN_ONLY_WITH_IN_POST:
            assert locality[key] is None, (locality["name"], key)
        assert locality["required_wte"] == pytest.approx(int(row["caseload"]) / 250, rel=1e-9)
        assert locality["cost"] == pytest.approx(locality["planned_wte"] * COST, rel=1e-9)
        assert locality["grades"][0]["in_post_wte"] is None
    for key in TOTALS_NOT_KNOWN:
        assert data["totals"][key] is None, key
    assert data["grades"][0]["in_post_wte"] is None
    json.dumps(data, allow_nan=False)  # no NaN leaks into the JSON


def test_england_change_columns_are_blank_in_csv(england):
    table = list(csv.DictReader(io.StringIO(plan_csv(_unchecked_plan(england)))))
    assert len(table) == 154 and table[-1]["locality"] == "Total"
    for row in table:
        for key in KNOWN_ONLY_WITH_IN_POST:
            assert row[key] == "", (row["locality"], key)
        assert float(row["planned_wte"]) > 0 and float(row["cost"]) > 0


def test_england_through_the_cli(england):
    children = sum(int(row["caseload"]) for row in _england_rows())
    data = json.loads(_cli(england, "json"))
    assert data["totals"]["required_wte"] == pytest.approx(children / 250, abs=0.1)
    assert all(data["totals"][key] is None for key in TOTALS_NOT_KNOWN)
    total = list(csv.DictReader(io.StringIO(_cli(england, "csv"))))[-1]
    assert all(total[key] == "" for key in KNOWN_ONLY_WITH_IN_POST)


def _mixed(tmp_path: Path, in_post: str = "") -> Path:
    data = tmp_path / "mixed.csv"
    data.write_text(f"locality,in_post_wte,caseload\nNorth,{in_post},4000\nSouth,5,2500\n", encoding="utf-8")
    return _scenario(tmp_path, data)


def test_some_rows_blank_gives_known_rows_their_change_and_no_partial_totals(tmp_path: Path):
    data = plan_dict(_unchecked_plan(_mixed(tmp_path)))
    north, south = data["localities"]
    assert north["in_post_wte"] is None and north["change_wte"] is None and north["cost_change"] is None
    assert south["in_post_wte"] == 5
    assert south["change_wte"] == pytest.approx(2500 / 250 - 5)
    assert south["cost_change"] == pytest.approx((2500 / 250 - 5) * COST)
    assert south["load_per_wte_before"] == pytest.approx(500)
    for key in TOTALS_NOT_KNOWN:
        assert data["totals"][key] is None, key  # never 5 WTE, a partial sum, as the total in post
    assert data["totals"]["planned_wte"] == pytest.approx(6500 / 250)
    assert "area_code" not in north


def test_blank_is_not_zero(tmp_path: Path):
    data = plan_dict(_unchecked_plan(_mixed(tmp_path, in_post="0")))
    north = data["localities"][0]
    assert north["in_post_wte"] == 0
    assert north["change_wte"] == pytest.approx(4000 / 250)
    assert north["load_per_wte_before"] is None  # nobody in post: no load per WTE
    assert data["totals"]["in_post_wte"] == 5
    assert data["totals"]["change_wte"] == pytest.approx(6500 / 250 - 5)


def test_costs_of_today_are_not_known_rather_than_partial(tmp_path: Path):
    inputs = load_inputs(_mixed(tmp_path))
    costs = in_post_costs(inputs)
    assert math.isnan(costs["North"]) and costs["South"] == 5 * COST
    assert math.isnan(today_cost(inputs))


def test_totals_helpers_treat_not_known_as_not_known():
    import pandas as pd

    assert math.isnan(column_total(pd.Series([1.0, float("nan")])))
    assert column_total(pd.Series([1.0, 2.0])) == 3.0
    assert totals_agree(float("nan"), float("nan"))
    assert not totals_agree(float("nan"), 5.0) and not totals_agree(5.0, float("nan"))
    assert totals_agree(3.0, 3.0 + 1e-12) and not totals_agree(3.0, 3.1)


# Refusals: whatever needs WTE in post, with in post blank, is exit 2 naming the file and rows.

GRADES_MODEL = """\
name: two grades
case_unit: children
grades:
  - {name: health visitor, cost_per_wte: 45000, capacity: 1.0}
  - {name: nursery nurse, cost_per_wte: 25000, capacity: 0.6}
"""


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ('budget: "-8%"\n', "key 'budget'"),
        ("no_cuts: true\n", "key 'no_cuts'"),
        ("keep_share_of_in_post: 0.9\n", "key 'keep_share_of_in_post'"),
        ("max_new_wte_per_locality: 5\n", "key 'max_new_wte_per_locality'"),
        ("max_new_wte_total: 100\n", "key 'max_new_wte_total'"),
        ("recruitment_cost: 5000\n", "key 'recruitment_cost'"),
        ("removal_cost: 5000\n", "key 'removal_cost'"),
        ("objective: priority\npriority: deprivation\n", "key 'objective'"),
    ],
)
def test_what_needs_in_post_is_refused(tmp_path: Path, extra: str, key: str):
    scenario = _scenario(tmp_path, ENGLAND, extra)
    lines = ENGLAND.read_text(encoding="utf-8").splitlines()
    data = [(number, line) for number, line in enumerate(lines, start=1) if line and not line.startswith("#")]
    first = [(number, line.split(",")[0]) for number, line in data[1:4]]
    for command in ("plan", "validate"):
        result = run_cli(command, scenario)
        assert result.exit_code == 2, (command, result.stderr)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert str(ENGLAND) in result.stderr and key in result.stderr
        assert "'in_post_wte'" in result.stderr and "153 of 153 rows" in result.stderr
        for line, name in first:
            assert f"line {line} ('{name}')" in result.stderr
        assert "and 150 more" in result.stderr


def test_a_percentage_budget_option_is_refused(england):
    result = run_cli("plan", england, "--budget", "-8%")
    assert result.exit_code == 2 and "key 'budget'" in result.stderr and str(ENGLAND) in result.stderr


def test_a_budget_in_pounds_and_max_coverage_need_no_in_post(england):
    children = sum(int(row["caseload"]) for row in _england_rows())
    budget = children / 250 * COST * 0.9
    text = england.read_text(encoding="utf-8") + f"objective: max-coverage\nbudget: {budget}\n"
    england.write_text(text, encoding="utf-8")
    plan = _unchecked_plan(england)
    assert plan.totals["cost"] == pytest.approx(budget, rel=1e-6)
    assert math.isnan(plan.totals["change_wte"])


def test_several_grades_are_refused_while_ties_go_to_the_least_change(tmp_path: Path):
    model = tmp_path / "grades.yaml"
    model.write_text(GRADES_MODEL, encoding="utf-8")
    result = run_cli("plan", _scenario(tmp_path, ENGLAND, model=model))
    assert result.exit_code == 2
    assert str(model) in result.stderr and str(ENGLAND) in result.stderr and "grades" in result.stderr


def test_in_post_by_grade_without_in_post_is_refused(tmp_path: Path):
    model = tmp_path / "grades.yaml"
    model.write_text(GRADES_MODEL, encoding="utf-8")
    data = tmp_path / "by-grade.csv"
    data.write_text(
        "locality,in_post_wte,caseload,in_post_wte:health visitor,in_post_wte:nursery nurse\nA,,4000,3,1\n",
        encoding="utf-8",
    )
    result = run_cli("validate", _scenario(tmp_path, data, model=model))
    assert result.exit_code == 2
    assert "line 2 (locality 'A'), column 'in_post_wte'" in result.stderr
    assert "in-post by grade adds to 4" in result.stderr
