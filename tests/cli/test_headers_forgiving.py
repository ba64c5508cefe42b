"""Locality headers match ignoring case, spaces and underscores; clashes, unknown and missing
columns are named; and the messages about the input files themselves (a missing locality file,
a locality table given as the scenario)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNT_MODEL = ROOT / "models" / "health-visiting-count.yaml"
TIERED_MODEL = ROOT / "models" / "health-visiting.yaml"
DATA = [("CHW", 14.86, 7240), ("NWL", 10.2, 5120)]


def run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimiser", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )


def case(folder: Path, header: str, model: Path = COUNT_MODEL, rows: list[str] | None = None) -> Path:
    lines = [header, *(rows if rows is not None else [f"{n},{w},{c}" for n, w, c in DATA])]
    (folder / "localities.csv").write_text("\n".join(lines) + "\n")
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        f"name: t\nmodel: {model}\nlocalities: localities.csv\ncap: 400\ncost_per_wte: 38323\n"
    )
    return scenario


@pytest.mark.parametrize(
    "header",
    [
        "Locality,In Post WTE,Caseload",
        "LOCALITY , in post wte, CASELOAD",
        "locality,In_Post_WTE,case_load",
        "Locality,in-post-wte,Case Load",
    ],
)
def test_headers_match_ignoring_case_spaces_and_underscores(tmp_path, header):
    result = run("plan", case(tmp_path, header), "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["localities"]
    assert [(r["name"], r["in_post_wte"], r["required_wte"]) for r in rows] == [
        (name, wte, caseload / 400) for name, wte, caseload in DATA
    ]


def test_category_headers_fold_too(tmp_path):
    header = (
        "Locality,In Post WTE,Universal,Universal Plus,Universal Partnership Plus,Child Protection,IMD Score"
    )
    scenario = case(tmp_path, header, TIERED_MODEL, ["CHW,14.86,6500,400,300,40,20.5"])
    result = run("plan", scenario, "--format", "json")
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)["localities"]
    # weights 1, 3, 4, 5 and the model's formula 0.8 + 0.02 x IMD score, worked out here
    assert row["weighted_caseload"] == pytest.approx(
        (6500 + 3 * 400 + 4 * 300 + 5 * 40) * (0.8 + 0.02 * 20.5)
    )


def test_two_headers_that_fold_alike_appear_more_than_once(tmp_path):
    scenario = case(tmp_path, "locality,In Post WTE,in_post_wte,caseload", rows=["CHW,14.86,14.86,7240"])
    for command in ("plan", "validate"):
        result = run(command, scenario)
        assert result.returncode == 2
        assert (
            "localities.csv: line 1, columns 2 and 3: headers 'In Post WTE' and 'in_post_wte' name the same "
            "column (headers are compared ignoring case, spaces, underscores and hyphens), so it appears "
            "more than once; expected each column once" in result.stderr
        )


def test_an_unknown_column_suggests_the_nearest_known_one(tmp_path):
    result = run("plan", case(tmp_path, "locality,in_post_wte,caseloads"))
    assert result.returncode == 2
    assert "line 1, column 'caseloads': is not a known column (did you mean 'caseload'?)" in result.stderr
    far = run("plan", case(tmp_path, "locality,in_post_wte,caseload,notes", rows=["CHW,14.86,7240,busy"]))
    assert "column 'notes': is not a known column;" in far.stderr  # nothing close: no suggestion


def test_a_missing_locality_column_says_so(tmp_path):
    result = run("plan", case(tmp_path, "area,in_post_wte,caseload"))
    assert result.returncode == 2
    assert "line 1: column 'locality' is missing; expected a column naming each locality" in result.stderr
    assert "total caseload" not in result.stderr.split("'locality' is missing")[1].split("\n")[0]


def test_a_missing_in_post_column_says_so(tmp_path):
    result = run("plan", case(tmp_path, "locality,caseload", rows=["CHW,7240"]))
    assert result.returncode == 2
    assert "column 'in_post_wte' is missing; expected a column of WTE in post today" in result.stderr


def test_a_missing_locality_file_names_the_scenario_line_and_the_path_it_resolved_to(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        f"name: t\nmodel: {COUNT_MODEL}\n# the data\nlocalities: ../data/localities.csv\n"
        "cap: 400\ncost_per_wte: 1\n"
    )
    resolved = (tmp_path / "data" / "localities.csv").resolve()
    for command in ("plan", "validate"):
        result = run(command, scenario)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert (
            f"scenario.yaml: line 4, key 'localities': ../data/localities.csv: locality file not found "
            f"(looked for {resolved})" in result.stderr
        )


@pytest.mark.parametrize("name", ["localities.csv", "localities.xlsx", "table.txt"])
def test_a_locality_table_given_as_the_scenario_says_so(tmp_path, name):
    case(tmp_path, "locality,in_post_wte,caseload")
    table = tmp_path / name
    if name != "localities.csv":
        table.write_bytes((tmp_path / "localities.csv").read_bytes())
    for command in ("plan", "validate"):
        result = run(command, table)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert f"{name}: this looks like a locality table, not a scenario" in result.stderr
        assert "the scenario YAML that names it" in result.stderr
