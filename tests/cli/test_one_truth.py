"""One truth for each figure (issue 9.3): plan, compare, sweep, validate and explain agree.

Every expected figure is worked out here from the input files, never copied from the program.
"""

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml

from optimiser.inputs.options_file import lists_options
from tests.conftest import EXAMPLE, ROOT, TABLE1, TABLE_1_WITH, run_cli

WEIGHTED = ROOT / "examples" / "health-visiting" / "lcr-2010-weighted.yaml"
HV_DATA = ROOT / "inputs" / "lcr-2010" / "hv-tiers-imd.csv"
HV_MODEL = ROOT / "models" / "health-visiting.yaml"
COSTS = {"health visitor": 38323, "community nursery nurse": 24854}  # models/health-visiting.yaml
TIER_POINTS = {"universal": 1, "universal_plus": 3, "universal_partnership_plus": 4, "child_protection": 5}
HEADROOM = 1.22  # models/health-visiting.yaml: headroom_percent 22
CORPUS = Path(__file__).parents[1] / "bad_inputs"


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _json(*args) -> dict:
    result = run_cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """The weighted example with 4 of CHW's 14.86 WTE in post as nursery nurses (priced by grade)."""
    shutil.copy(HV_MODEL, tmp_path / "model.yaml")
    text = HV_DATA.read_text(encoding="utf-8").replace("CHW,14.86,14.86,0,", "CHW,14.86,10.86,4,")
    assert "CHW,14.86,10.86,4," in text
    (tmp_path / "data.csv").write_text(text, encoding="utf-8")
    scenario = WEIGHTED.read_text(encoding="utf-8")
    scenario = scenario.replace("model: health-visiting\n", "model: model.yaml\n")
    scenario = scenario.replace("../../inputs/lcr-2010/hv-tiers-imd.csv", "data.csv")
    path = tmp_path / "scenario.yaml"
    path.write_text(scenario, encoding="utf-8")
    return path


# 9.3a: today's cost, recurring cost and cost of change come from one place.


def test_compare_and_plan_agree_on_cost_and_its_change(mixed):
    today = sum(
        float(row[f"in_post_wte:{grade}"]) * cost
        for row in _rows(mixed.parent / "data.csv")
        for grade, cost in COSTS.items()
    )
    assert today == pytest.approx(75.17 * 38323 - 4 * (38323 - 24854))
    plan = _json("plan", mixed)
    today_column, option = _json("compare", mixed)["options"]
    measures = option["measures"]
    assert measures["Recurring cost (£ a year)"] == plan["totals"]["cost"]
    assert measures["Change in recurring cost (£ a year)"] == plan["totals"]["cost_change"]
    assert measures["Total establishment (WTE)"] == plan["totals"]["planned_wte"]
    assert today_column["measures"]["Recurring cost (£ a year)"] == pytest.approx(today, abs=0.005)
    assert plan["totals"]["cost"] - plan["totals"]["cost_change"] == pytest.approx(today, abs=0.01)
    # not the old "WTE in post x main grade's cost", which is £53,876 more
    assert abs(today_column["measures"]["Recurring cost (£ a year)"] - 75.17 * 38323) > 50_000


def test_sweep_and_plan_agree_on_cost(mixed):
    plan = _json("plan", mixed)
    point = _json("sweep", mixed, "--cap", "400")["points"][0]
    assert point["cost"] == pytest.approx(plan["totals"]["cost"], abs=0.01)
    assert point["planned_wte"] == pytest.approx(plan["totals"]["planned_wte"], abs=1e-8)
    assert point["change_wte"] == pytest.approx(plan["totals"]["change_wte"], abs=1e-8)


# 9.3b: validate refuses what plan refuses (before solving) and accepts what it accepts.


def _corpus_cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _agree(scenario: Path, command: str = "plan") -> None:
    plan, validate = run_cli(command, scenario), run_cli("validate", scenario)
    assert (plan.exit_code == 2) == (validate.exit_code == 2), (plan.stderr, validate.stderr)
    assert (validate.exit_code == 0) == (plan.exit_code != 2), (plan.stderr, validate.stderr)
    assert validate.exit_code in (0, 2)


@pytest.mark.parametrize("case", _corpus_cases(), ids=lambda p: p.name)
def test_validate_and_plan_agree_on_the_corpus(case: Path, tmp_path: Path):
    for source in (CORPUS / "_base", case):
        shutil.copytree(source, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.yaml"))
    _agree(tmp_path / "scenario.yaml")


@pytest.mark.parametrize(
    "example", sorted((ROOT / "examples").rglob("*.yaml")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_validate_and_plan_agree_on_the_examples(example: Path):
    # an options file is compared; a scenario with a horizon is planned by `years`
    has_horizon = "horizon" in (yaml.safe_load(example.read_text()) or {})
    _agree(example, "compare" if lists_options(example) else "years" if has_horizon else "plan")


def test_validate_refuses_a_horizon_scenario_as_years_does(tmp_path: Path):
    """Without any budget, a max-coverage horizon has nothing to limit it: `years` refuses it, and
    so must `validate`, while the same file with its budgets is valid for both."""
    good = ROOT / "examples" / "lcr-2010" / "three-years.yaml"
    data = yaml.safe_load(good.read_text())
    assert data["objective"] == "max-coverage" and data["horizon"]["budgets"]
    del data["horizon"]["budgets"]
    data["localities"] = str((good.parent / data["localities"]).resolve())
    bad = tmp_path / "no-budgets.yaml"
    bad.write_text(yaml.safe_dump(data))
    years, validate = run_cli("years", bad), run_cli("validate", bad)
    assert years.exit_code == validate.exit_code == 2
    assert "max-coverage needs a budget" in validate.stderr
    assert run_cli("validate", good).exit_code == 0


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("objective: max-coverage\n", ["key 'budget'", "max-coverage needs a budget"]),
        ("objective: priority\n", ["key 'priority'"]),
        ("objective: priority\npriority: need\n", ["column 'need'", "not in the locality file"]),
        ("no_cuts: true\nbudget: 1000000\n", ["key 'budget'", "floors and bounds alone cost at least"]),
        ("cap: 1.0e-300\n", ["key 'cap'", "expected a cap of at least"]),
    ],
)
def test_validate_lists_what_plan_refuses_before_solving(case, extra, words):
    text = _scenario(case)
    if extra.startswith("cap:"):
        case.write("scenario.yaml", text.replace("cap: 400\n", extra))
    else:
        case.write("scenario.yaml", text + extra)
    before = case.snapshot()
    for command in ("plan", "validate"):
        result = run_cli(command, case.scenario)
        assert result.exit_code == 2, (command, result.stderr)
        assert str(case.scenario) in result.stderr or str(case.localities) in result.stderr
        for word in words:
            assert word in result.stderr, (command, word, result.stderr)
    assert case.snapshot() == before


def test_validate_lists_every_prepare_problem_at_once(case):
    """max-coverage without a budget and an impossible cap: both named in one run."""
    text = _scenario(case).replace("cap: 400", "cap: 1.0e-300")
    case.write("scenario.yaml", text + "objective: max-coverage\n")
    result = run_cli("validate", case.scenario)
    assert result.exit_code == 2
    assert "2 problems found" in result.stderr
    assert "key 'budget'" in result.stderr and "key 'cap'" in result.stderr


# 9.3c: a priority may name any numeric locality column.


def _scenario(case) -> str:
    """The test scenario without its objective line, for a test to add its own."""
    return case.scenario.read_text(encoding="utf-8").replace("objective: min-cost\n", "")


PRIORITY = "objective: priority\nbudget: 2900000\npriority: {column}\n"


def test_priority_may_name_any_numeric_column(case):
    """The same numbers under an unknown column name and under `deprivation` give the same plan."""
    values = {"a": 3, "b": 9, "c": 1, "d": 7, "e": 2}
    base = _scenario(case)
    plans = {}
    for column in ("deprivation", "need_rank"):
        case.write("localities.csv", TABLE_1_WITH.format(column=column, **values))
        case.write("scenario.yaml", base + PRIORITY.format(column=column))
        plans[column] = _json("plan", case.scenario)
    assert plans["need_rank"]["objective"] == "priority"
    planned = {c: [row["planned_wte"] for row in p["localities"]] for c, p in plans.items()}
    assert planned["need_rank"] == planned["deprivation"]
    assert {"label": "Priority column", "value": "need_rank", "source": ""} in plans["need_rank"][
        "assumptions"
    ]
    assert run_cli("validate", case.scenario).exit_code == 0


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ({"b": ""}, ["line 3 (locality 'NWL'), column 'need_rank'", "is blank"]),
        ({"b": "-1"}, ["line 3 (locality 'NWL'), column 'need_rank'", "at least 0"]),
        ({"b": "high"}, ["line 3 (locality 'NWL'), column 'need_rank'", "plain number"]),
    ],
)
def test_a_bad_priority_column_is_refused_with_its_row(case, cells, words):
    values = {"a": 3, "b": 9, "c": 1, "d": 7, "e": 2} | cells
    case.write("localities.csv", TABLE_1_WITH.format(column="need_rank", **values))
    case.write("scenario.yaml", _scenario(case) + PRIORITY.format(column="need_rank"))
    before = case.snapshot()
    out = case.folder / "plan.json"
    for command in (("plan", case.scenario, "-o", out), ("validate", case.scenario)):
        result = run_cli(*command)
        assert result.exit_code == 2, result.stderr
        assert str(case.localities) in result.stderr
        for word in words:
            assert word in result.stderr
    assert case.snapshot() == before and not out.exists()


def test_a_priority_column_not_in_the_file_is_named(case):
    case.write("scenario.yaml", _scenario(case) + PRIORITY.format(column="need_rank"))
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert str(case.localities) in result.stderr and "column 'need_rank'" in result.stderr
    assert "not in the locality file" in result.stderr and "key 'priority'" in result.stderr


# 9.3d: required WTE is in main-grade WTE: weighted caseload / (cap x the main grade's capacity).


def test_required_wte_is_main_grade_wte_on_the_weighted_example():
    plan = {row["name"]: row for row in _json("plan", WEIGHTED)["localities"]}
    explain = {row["locality"]: row for row in _json("explain", WEIGHTED)["localities"]}
    for row in _rows(HV_DATA):
        weighted = sum(float(row[c]) * p for c, p in TIER_POINTS.items()) * (
            0.8 + 0.02 * float(row["imd_score"])
        )
        required = weighted / (400 / HEADROOM)
        assert plan[row["locality"]]["required_wte"] == pytest.approx(required, rel=1e-9)
        assert explain[row["locality"]]["required WTE"] == pytest.approx(required, rel=1e-9)


def test_required_wte_uses_the_main_grade_not_the_most_capable(case):
    """A senior grade counting 1.25 against the cap does not change what 'required' means."""
    case.write(
        "model.yaml",
        "name: m\ncase_unit: children\ncap: 400\nheadroom_percent: 22\ngrades:\n"
        "  - {name: HV, cost_per_wte: 38323}\n"
        "  - {name: senior, cost_per_wte: 60000, capacity: 1.25}\n",
    )
    case.write("scenario.yaml", _scenario(case).replace("cost_per_wte: 38323\n", ""))
    plan = {row["name"]: row for row in _json("plan", case.scenario)["localities"]}
    explain = {row["locality"]: row for row in _json("explain", case.scenario)["localities"]}
    for row in _rows(TABLE1):
        required = float(row["caseload"]) / (400 * 1.0 / HEADROOM)
        assert plan[row["locality"]]["required_wte"] == pytest.approx(required, rel=1e-9)
        assert explain[row["locality"]]["required WTE"] == pytest.approx(required, rel=1e-9)


# 9.3e: compare's today column says which cap it is measured against; in post to 2 decimals.


@pytest.fixture
def cap450(tmp_path: Path) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data |= {"name": "Cap of 450", "cap": 450}
    data["model"] = str(ROOT / "models" / "health-visiting-count.yaml")
    data["localities"] = str(TABLE1)
    path = tmp_path / "cap450.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _over(cap: float) -> int:
    return sum(float(r["caseload"]) / float(r["in_post_wte"]) > cap for r in _rows(TABLE1))


@pytest.mark.parametrize("first_cap", [450, 400])
def test_today_is_measured_against_the_cap_it_names(cap450, first_cap):
    order = (cap450, EXAMPLE) if first_cap == 450 else (EXAMPLE, cap450)
    today = _json("compare", *order)["options"][0]
    assert today["name"] == f"Today (in post), against cap {first_cap}"
    assert today["measures"]["Cap (weighted cases per WTE)"] == first_cap
    assert today["measures"]["Localities over the cap"] == _over(first_cap)
    assert _over(450) == 2 and _over(400) == 5


def test_today_in_post_shows_two_decimals_as_recorded(cap450):
    in_post = sum(float(r["in_post_wte"]) for r in _rows(TABLE1))
    shown = f"{in_post:.2f}"
    assert shown == "75.17"
    for fmt in ("md", "table"):
        out = run_cli("compare", cap450, EXAMPLE, "--format", fmt).stdout
        line = next(line for line in out.splitlines() if "Total establishment (WTE)" in line)
        assert f" {shown} " in line, line
    md = run_cli("compare", cap450, EXAMPLE, "--format", "md").stdout
    assert "| Measure | Today (in post), against cap 450 |" in md
