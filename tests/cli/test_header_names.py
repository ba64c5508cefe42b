"""Names that become locality headers are compared as headers are (issue 20, class 2).

A column the scenario names (`uncertainty.column`, `priority`) is found by the same forgiving rule
as every other column, in a CSV or an .xlsx file (an .xlsx file with `uncertainty.column` was an
internal error); a missing one says "did you mean". Names a model or a horizon gives that headers
could not tell apart (categories, grades, year labels) are refused where they are written, and
two multipliers spelling one column differently read the one header.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.header_tables import FORMATS, write_table

COUNT = "name: count\ncase_unit: children\n"
TABLE = [["North", 10, 4000, 0.1], ["South", 5, 2500, 0.2]]
IMD_TABLE = [["North", 10, 4000, 30], ["South", 5, 2500, 10]]


def _folder(
    folder: Path, fmt: str, header: list[str], model: str, scenario: str, rows: list[list] | None = None
) -> Path:
    """A scenario folder; the table's columns are `rows`, or the first of TABLE's that `header` names."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.yaml").write_text(model, encoding="utf-8")
    table = write_table(folder, fmt, header, rows or [row[: len(header)] for row in TABLE])
    path = folder / "scenario.yaml"
    path.write_text(
        f"name: t\nmodel: model.yaml\nlocalities: {table}\ncap: 400\ncost_per_wte: 38323\n{scenario}",
        encoding="utf-8",
    )
    return path


def _run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimiser", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )


def _refused_alike(scenario: Path, said: str, command: str = "plan") -> None:
    """The planning command and `validate` both refuse with exit 2 and say the same thing."""
    for name in (command, "validate"):
        result = run_cli(name, scenario)
        assert result.exit_code == 2, (name, result.stderr)
        assert said in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.stderr


UNCERTAIN = "uncertainty: {distribution: uniform, column: REL ERROR, draws: 1000, seed: 3}\nconfidence: 0.9\n"


def test_an_uncertainty_column_in_an_xlsx_file_plans_as_in_a_csv(tmp_path: Path):
    """Was `internal error: UnicodeDecodeError` (exit 1): the column was looked for by reading the
    .xlsx file as CSV text."""
    header = ["locality", "in_post_wte", "caseload", "rel_error"]
    out = {}
    for fmt in FORMATS:
        scenario = _folder(tmp_path / fmt, fmt, header, COUNT, UNCERTAIN)
        assert _run("validate", scenario).returncode == 0
        result = _run("plan", scenario, "--format", "json")
        assert result.returncode == 0, result.stderr
        out[fmt] = json.loads(result.stdout)
    risk = out["xlsx"]["risk"]["localities"]
    assert [r["relative_error"] for r in risk] == [0.1, 0.2]
    assert [r["confidence_caseload"] for r in risk] == pytest.approx([4000 * 1.08, 2500 * 1.16])
    assert out["xlsx"]["risk"] == out["csv"]["risk"]
    assert out["xlsx"]["localities"] == out["csv"]["localities"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_uncertainty_column_says_did_you_mean(tmp_path: Path, fmt: str):
    """Not in the file, with `relative` to fall back on: refused before planning, with the nearest header."""
    header = ["locality", "in_post_wte", "caseload", "deprivation"]
    block = "uncertainty: {distribution: uniform, relative: 0.1, column: deprivaton}\n"
    scenario = _folder(tmp_path, fmt, header, COUNT, block)
    _refused_alike(
        scenario,
        f"localities.{fmt}: column 'deprivaton': is not in the locality file (the scenario's key "
        "'uncertainty.column' names it) (did you mean 'deprivation'?)",
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "scenario",
    [
        "uncertainty: {distribution: uniform, column: rel eror}\n",
        "objective: priority\npriority: rel eror\nbudget: 1e6\n",
    ],
    ids=["uncertainty", "priority"],
)
def test_a_named_column_the_plan_needs_says_did_you_mean(tmp_path: Path, fmt: str, scenario: str):
    """Needed in every row, and not in the file: the loader names it and the header it may be."""
    header = ["locality", "in_post_wte", "caseload", "rel_error"]
    path = _folder(tmp_path, fmt, header, COUNT, scenario)
    key = "uncertainty.column" if "uncertainty" in scenario else "priority"
    _refused_alike(
        path,
        f"column 'rel eror' is not in the locality file (the scenario's key '{key}' names it) "
        "(did you mean 'rel_error'?)",
    )


IMD = (
    COUNT
    + "deprivation:\n  name: deprivation\n  column: imd_score\n  linear: {intercept: 0.8, slope: 0.02}\n"
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_priority_column_that_is_a_model_column_spelt_otherwise_is_that_column(tmp_path: Path, fmt: str):
    """`priority: IMD Score` is the model's `imd_score`: one header, read for both."""
    header = ["locality", "in_post_wte", "caseload", "imd_score"]
    plans = {}
    for spelling in ("IMD Score", "imd_score"):
        scenario = _folder(
            tmp_path / spelling,
            fmt,
            header,
            IMD,
            f"objective: priority\npriority: {spelling}\nbudget: 383230\n",
            IMD_TABLE,
        )
        result = run_cli("plan", scenario, "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert run_cli("validate", scenario).exit_code == 0
        plans[spelling] = json.loads(result.stdout)["localities"]
    # North (imd 30, priority 30) is covered first: 4000 x (0.8 + 0.02 x 30) / 400 = 14 WTE > 10 bought
    assert [row["planned_wte"] for row in plans["IMD Score"]] == pytest.approx([10, 0], abs=1e-6)
    assert plans["IMD Score"] == plans["imd_score"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_priority_column_that_folds_to_the_names_is_refused(tmp_path: Path, fmt: str):
    header = ["locality", "in_post_wte", "caseload"]
    scenario = _folder(tmp_path, fmt, header, COUNT, "objective: priority\npriority: LOCALITY\nbudget: 1e6\n")
    _refused_alike(scenario, "column 'locality': holds names, but the scenario's key 'priority' names it")


@pytest.mark.parametrize(
    ("labels", "said"),
    [
        ("[a, A]", "years 'a' and 'A' differ only in case"),
        ("['2010 11', 2010-11]", "years '2010 11' and '2010-11' differ only in case, spaces, underscores"),
    ],
)
def test_year_labels_that_fold_alike_are_refused_at_the_horizon_key(tmp_path: Path, labels: str, said: str):
    header = ["locality", "in_post_wte", "caseload"]
    scenario = _folder(tmp_path, "csv", header, COUNT, f"horizon:\n  years: {labels}\n")
    expected = f"scenario.yaml: line 7, key 'horizon.years': {said}"
    _refused_alike(scenario, expected, "years")
    assert expected in run_cli("plan", scenario).stderr


def _model_refused(tmp_path: Path, model: str, said: str) -> None:
    scenario = _folder(tmp_path, "csv", ["locality", "in_post_wte", "caseload"], model, "")
    _refused_alike(scenario, said)


def test_categories_that_differ_in_underscores_and_hyphens_are_refused(tmp_path: Path):
    model = COUNT + "categories:\n  - {name: tier_1, weight: 1}\n  - {name: Tier-1, weight: 2}\n"
    _model_refused(
        tmp_path,
        model,
        "model.yaml: line 3, key 'categories': category names must be unique (compared ignoring case, "
        "spaces, underscores and hyphens); repeated: 'tier_1' and 'Tier-1'",
    )


def test_grades_that_differ_in_hyphens_are_refused(tmp_path: Path):
    model = COUNT + "grades:\n  - {name: band-6, cost_per_wte: 1}\n  - {name: Band 6, cost_per_wte: 2}\n"
    _model_refused(tmp_path, model, "repeated: 'band-6' and 'Band 6'")


def test_a_category_spelt_like_in_post_is_refused(tmp_path: Path):
    model = COUNT + "categories:\n  - {name: In Post WTE, weight: 1}\n"
    _model_refused(tmp_path, model, "category 'In Post WTE' is named like the locality column 'in_post_wte'")


def test_a_multiplier_column_spelt_like_a_category_is_refused(tmp_path: Path):
    model = COUNT + (
        "categories:\n  - {name: tier_1, weight: 1}\n"
        "deprivation: {name: d, column: Tier 1, linear: {intercept: 1, slope: 0}}\n"
    )
    _model_refused(
        tmp_path, model, "multiplier 'd' reads column 'Tier 1', which is also the case category 'tier_1'"
    )


def test_a_multiplier_column_spelt_like_a_reserved_column_is_refused(tmp_path: Path):
    model = COUNT + "deprivation: {name: d, column: Floor-WTE, linear: {intercept: 1, slope: 0}}\n"
    _model_refused(tmp_path, model, "reads column 'Floor-WTE', named like the locality column 'floor_wte'")


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_multipliers_that_spell_one_column_differently_read_the_one_header(tmp_path: Path, fmt: str):
    model = COUNT + (
        "deprivation: {name: d, column: IMD, linear: {intercept: 0.5, slope: 0.05}}\n"
        "multipliers:\n  - {name: e, column: imd, linear: {intercept: 2, slope: -0.04}}\n"
    )
    scenario = _folder(tmp_path, fmt, ["locality", "in_post_wte", "caseload", "Imd"], model, "", IMD_TABLE)
    result = run_cli("plan", scenario, "--format", "json")
    assert result.exit_code == 0, result.stderr
    weighted = [row["weighted_caseload"] for row in json.loads(result.stdout)["localities"]]
    expected = [c * (0.5 + 0.05 * v) * (2 - 0.04 * v) for c, v in ((4000, 30), (2500, 10))]
    assert weighted == pytest.approx(expected)
