"""Forgiving header matching never merges two columns (issue 20, class 2).

In every place a locality column is looked up (a fixed column, a case category, a multiplier, in
post by grade, the scenario's priority and uncertainty columns, a year's caseload, the growth
column), for CSV and .xlsx alike: a header spelt another way (case, spaces, underscores, hyphens)
is found, with the same figures as the usual spelling and as worked out here; and two headers that
fold to the same name are refused by the planning command and by `validate` alike, naming both
headers as written and their columns (numbers in a CSV, letters in a sheet).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from optimiser.errors import InputError
from optimiser.inputs.localities import LocalityTable
from optimiser.inputs.years_columns import read_columns
from tests.conftest import run_cli
from tests.header_tables import FORMATS, places, write_table

CAP, COST = 400, 38323
NAMES = ["North", "South"]
IN_POST, CASELOAD = [10.0, 5.0], [4000.0, 2500.0]
COUNT = "name: count\ncase_unit: children\n"
MODELS = {
    "count": COUNT,
    "categories": COUNT + "categories:\n  - {name: low, weight: 1}\n  - {name: high, weight: 3}\n",
    "imd": COUNT
    + "deprivation:\n  name: deprivation\n  column: imd_score\n  linear: {intercept: 0.8, slope: 0.02}\n",
    "grades": COUNT
    + "grades:\n  - {name: nurse, cost_per_wte: 40000}\n"
    + "  - {name: assistant, cost_per_wte: 20000, capacity: 0.5}\n",
}
FOLDING = "name the same column (headers are compared ignoring case, spaces, underscores and hyphens)"


def _by(out: dict, key: str) -> list[float]:
    return [row[key] for row in out["localities"]]


def _year(out: dict, year: str, key: str) -> list[float]:
    return [row[key] for row in out["localities"] if row["year"] == year]


def _check_categories(out: dict) -> None:
    assert _by(out, "required_wte") == pytest.approx([(3000 + 3 * 400) / CAP, (2000 + 3 * 100) / CAP])


def _check_imd(out: dict) -> None:
    expected = [c * (0.8 + 0.02 * s) for c, s in zip(CASELOAD, [30, 10], strict=True)]
    assert _by(out, "weighted_caseload") == pytest.approx(expected)


def _check_grades(out: dict) -> None:
    assert [[g["in_post_wte"] for g in row["grades"]] for row in out["localities"]] == [[8, 2], [5, 0]]


def _check_priority(out: dict) -> None:
    # The budget buys 10 WTE: South (priority 5) is covered first, 2500 / 400; North has the rest.
    assert _by(out, "planned_wte") == pytest.approx([10 - 2500 / CAP, 2500 / CAP], abs=1e-6)


def _check_uncertainty(out: dict) -> None:
    risk = out["risk"]["localities"]
    assert [r["relative_error"] for r in risk] == [0.1, 0.2]
    # uniform error at confidence 0.9: the caseload held is W x (1 + r x (2 x 0.9 - 1))
    assert [r["confidence_caseload"] for r in risk] == pytest.approx([4000 * 1.08, 2500 * 1.16])


def _check_year(out: dict) -> None:
    assert _year(out, "Y2", "weighted_caseload") == pytest.approx([4400, 2600])


def _check_growth(out: dict) -> None:
    assert _year(out, "Y2", "weighted_caseload") == pytest.approx([4000 * 1.1, 2500 * 0.8])


@dataclass(frozen=True)
class Place:
    """One place a column is looked up: the model, scenario and table that reach it."""

    model: str
    scenario: str
    columns: dict[str, list[float]]
    """The table's columns besides the locality, under the usual headers."""
    target: str
    variant: str
    """Another spelling of `target` that must be found."""
    check: Callable[[dict], None]
    command: str = "plan"


HORIZON = "horizon:\n  years: [Y1, Y2]\n"
PLACES = {
    "fixed column": Place(
        "count",
        "",
        {"in_post_wte": IN_POST, "caseload": CASELOAD},
        "in_post_wte",
        "In-Post WTE",
        lambda out: _by(out, "in_post_wte") == IN_POST or pytest.fail("in post was not read"),
    ),
    "category": Place(
        "categories",
        "",
        {"in_post_wte": IN_POST, "low": [3000, 2000], "high": [400, 100]},
        "high",
        " HIGH ",
        _check_categories,
    ),
    "multiplier": Place(
        "imd",
        "",
        {"in_post_wte": IN_POST, "caseload": CASELOAD, "imd_score": [30, 10]},
        "imd_score",
        "IMD Score",
        _check_imd,
    ),
    "in post by grade": Place(
        "grades",
        "",
        {
            "in_post_wte": IN_POST,
            "caseload": CASELOAD,
            "in_post_wte:nurse": [8, 5],
            "in_post_wte:assistant": [2, 0],
        },
        "in_post_wte:assistant",
        "In Post WTE: Assistant",
        _check_grades,
    ),
    "priority": Place(
        "count",
        "objective: priority\npriority: Need Score\nbudget: 383230\n",
        {"in_post_wte": IN_POST, "caseload": CASELOAD, "Need Score": [1, 5]},
        "Need Score",
        "need_score",
        _check_priority,
    ),
    "uncertainty": Place(
        "count",
        "uncertainty: {distribution: uniform, column: Rel Error, draws: 1000, seed: 1}\nconfidence: 0.9\n",
        {"in_post_wte": IN_POST, "caseload": CASELOAD, "Rel Error": [0.1, 0.2]},
        "Rel Error",
        "rel_error",
        _check_uncertainty,
    ),
    "year caseload": Place(
        "count",
        HORIZON,
        {"in_post_wte": IN_POST, "caseload": CASELOAD, "caseload:Y2": [4400, 2600]},
        "caseload:Y2",
        "Caseload: y2",
        _check_year,
        "years",
    ),
    "growth column": Place(
        "count",
        HORIZON + "  caseload_growth_column: growth\n",
        {"in_post_wte": IN_POST, "caseload": CASELOAD, "growth": [0.1, -0.2]},
        "growth",
        "GROWTH",
        _check_growth,
        "years",
    ),
}


def _case(folder: Path, place: Place, fmt: str, header: list[str], columns: list[list[float]]) -> Path:
    """A scenario folder whose table has these headers over these columns."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.yaml").write_text(MODELS[place.model], encoding="utf-8")
    rows = [[name, *(column[i] for column in columns)] for i, name in enumerate(NAMES)]
    table = write_table(folder, fmt, ["locality", *header], rows)
    scenario = folder / "scenario.yaml"
    figures = f"cap: {CAP}\ncost_per_wte: {COST}\n"
    scenario.write_text(
        f"name: t\nmodel: model.yaml\nlocalities: {table}\n{figures}{place.scenario}", encoding="utf-8"
    )
    return scenario


def _planned(place: Place, scenario: Path) -> dict:
    result = run_cli(place.command, scenario, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert run_cli("validate", scenario).exit_code == 0
    return json.loads(result.stdout)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("where", sorted(PLACES))
def test_a_header_spelt_another_way_is_found(tmp_path: Path, where: str, fmt: str):
    place = PLACES[where]
    usual = list(place.columns)
    variant = [place.variant if h == place.target else h for h in usual]
    values = list(place.columns.values())
    found = _planned(place, _case(tmp_path / "variant", place, fmt, variant, values))
    place.check(found)
    assert found == _planned(place, _case(tmp_path / "usual", place, fmt, usual, values))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("where", sorted(PLACES))
def test_two_headers_for_one_column_are_refused_naming_both(tmp_path: Path, where: str, fmt: str):
    place = PLACES[where]
    header = [*place.columns, place.variant]
    values = [*place.columns.values(), [2 * v for v in place.columns[place.target]]]  # not the same
    scenario = _case(tmp_path, place, fmt, header, values)
    first = 1 + list(place.columns).index(place.target)  # the locality column comes first
    said = (
        f"{places(fmt, first, len(header))}: headers '{place.target}' and '{place.variant.strip()}' "
        f"{FOLDING}, so it appears more than once; expected each column once"
    )
    for command in (place.command, "validate"):
        result = run_cli(command, scenario)
        assert result.exit_code == 2, result.stderr
        assert said in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_headers_that_fold_alike_are_refused_even_where_no_column_is_asked_for(tmp_path: Path, fmt: str):
    place = PLACES["fixed column"]
    header = ["in_post_wte", "caseload", "notes", "No-Tes"]
    scenario = _case(tmp_path, place, fmt, header, [IN_POST, CASELOAD, [1, 2], [3, 4]])
    for command in ("plan", "validate"):
        result = run_cli(command, scenario)
        assert result.exit_code == 2
        assert f"{places(fmt, 3, 4)}: headers 'notes' and 'No-Tes' {FOLDING}" in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_three_spellings_are_named_together(tmp_path: Path, fmt: str):
    header = ["in_post_wte", "caseload", "Caseload", "case load"]
    scenario = _case(tmp_path, PLACES["fixed column"], fmt, header, [IN_POST, CASELOAD, CASELOAD, CASELOAD])
    result = run_cli("plan", scenario)
    assert result.exit_code == 2
    columns = "columns 3, 4 and 5" if fmt == "csv" else "columns C, D and E"
    assert f"{columns}: headers 'caseload', 'Caseload' and 'case load' {FOLDING}" in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_header_written_twice_is_refused_naming_both_columns(tmp_path: Path, fmt: str):
    header = ["in_post_wte", "caseload", "caseload"]
    scenario = _case(tmp_path, PLACES["fixed column"], fmt, header, [IN_POST, CASELOAD, CASELOAD])
    for command in ("plan", "validate"):
        result = run_cli(command, scenario)
        assert result.exit_code == 2
        assert f"{places(fmt, 2, 3)}: header 'caseload' appears more than once" in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_horizons_reader_refuses_headers_that_fold_alike_on_its_own(tmp_path: Path, fmt: str):
    """The year columns are read again from the file; that reader applies the same rule, so it
    cannot take one of two spellings either, whoever read the table before it."""
    header = ["locality", "in_post_wte", "caseload", "caseload:Y2", "Caseload: y2"]
    name = write_table(tmp_path, fmt, header, [["North", 10, 4000, 4400, 8000]])
    table = LocalityTable(
        tmp_path / name, pd.DataFrame(), ("caseload",), {}, "Localities" if fmt == "xlsx" else None
    )
    with pytest.raises(InputError) as refused:
        read_columns(table, ("caseload:Y2",), 0.0, True)
    (problem,) = refused.value.problems
    assert f"{problem.where}: {problem.what}".startswith(
        f"{places(fmt, 3, 4)}: headers 'caseload:Y2' and 'Caseload: y2' {FOLDING}"
    )
