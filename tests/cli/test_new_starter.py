"""`establishment new DIR --model MODEL`: a scenario and a locality workbook that plan as written,
with the columns the reader expects for the model; never over files already there."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from optimiser.inputs.caseload_model import load_caseload_model
from optimiser.inputs.localities import IN_POST, NAME, expected_columns, factor_columns

ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "models").glob("*.yaml"))


def run(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimiser", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


@pytest.mark.parametrize("model", MODELS, ids=[m.stem for m in MODELS])
def test_new_writes_a_scenario_and_workbook_that_plan(tmp_path, model):
    folder = tmp_path / "my plan"
    made = run("new", folder, "--model", model)
    assert made.returncode == 0, made.stderr
    assert f"establishment plan {folder / 'scenario.yaml'}" in made.stdout

    book = load_workbook(folder / "localities.xlsx")
    assert book.sheetnames == ["Localities", "Instructions"]
    header, example = ([c.value for c in row] for row in book["Localities"].iter_rows(max_row=2))
    loaded = load_caseload_model(model)
    needed = [NAME, IN_POST, *expected_columns(loaded), *factor_columns(loaded)]
    assert header == [*needed, "floor_wte", "ceiling_wte"]
    explained = {row[0].value for row in book["Instructions"].iter_rows()}
    assert set(header) <= explained

    scenario = yaml.safe_load((folder / "scenario.yaml").read_text())
    assert (folder / scenario["model"]).resolve() == model.resolve()
    assert scenario["localities"] == "localities.xlsx" and scenario["localities_sheet"] == "Localities"

    planned = run("plan", folder / "scenario.yaml", "--format", "json")
    assert planned.returncode == 0, planned.stderr
    (row,) = json.loads(planned.stdout)["localities"]
    assert row["name"] == example[0] and row["in_post_wte"] == example[1]
    assert run("validate", folder / "scenario.yaml").returncode == 0


def test_the_count_model_plans_the_example_row_by_hand(tmp_path):
    model = ROOT / "models" / "health-visiting-count.yaml"
    assert run("new", tmp_path, "--model", "health-visiting-count").returncode == 0  # a shipped model by name
    sheet = load_workbook(tmp_path / "localities.xlsx")["Localities"]
    values = dict(zip(*([c.value for c in row] for row in sheet.iter_rows(max_row=2)), strict=True))
    scenario = yaml.safe_load((tmp_path / "scenario.yaml").read_text())
    cap = yaml.safe_load(model.read_text())["cap"]
    planned = json.loads(run("plan", tmp_path / "scenario.yaml", "--format", "json").stdout)
    (row,) = planned["localities"]
    assert row["required_wte"] == pytest.approx(values["caseload"] / cap)
    # the model has no cost per WTE: the scenario states a placeholder, marked as such
    assert "ILLUSTRATIVE" in scenario["sources"]["cost_per_wte"]
    assert row["cost"] == pytest.approx(row["planned_wte"] * scenario["cost_per_wte"], abs=0.01)


@pytest.mark.parametrize("present", ["scenario.yaml", "localities.xlsx"])
def test_new_refuses_a_folder_that_already_holds_its_files(tmp_path, present):
    (tmp_path / present).write_text("mine\n")
    result = run("new", tmp_path, "--model", ROOT / "models" / "health-visiting-count.yaml")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"already holds {present}; nothing was written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [present]
    assert (tmp_path / present).read_text() == "mine\n"


def test_new_names_the_shipped_models_when_the_model_is_unknown(tmp_path):
    result = run("new", tmp_path / "x", "--model", "health-visitng")
    assert result.returncode == 2
    assert "is neither a model file nor the name of a shipped model" in result.stderr
    assert "health-visiting-count" in result.stderr
    assert "(did you mean 'health-visiting'" in result.stderr
    assert not (tmp_path / "x").exists()


def test_a_model_name_is_found_in_the_working_folder_as_an_ordinary_install_runs(tmp_path, monkeypatch):
    """An ordinary (not editable) install has no models/ beside the package: the README's quick
    start runs from the repository, so `--model health-visiting` is found in ./models."""
    from optimiser import starter

    monkeypatch.setattr(starter, "MODELS", tmp_path / "no-such-folder")
    monkeypatch.chdir(ROOT)
    assert starter.model_path("health-visiting") == Path("models/health-visiting.yaml")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Exception, match="neither a model file nor the name"):
        starter.model_path("health-visiting")


def test_the_starter_workbook_prints_one_page_wide(tmp_path):
    """Both sheets print A4 landscape, one page wide; a column is as wide as its example."""
    assert run("new", tmp_path / "s", "--model", "health-visiting").returncode == 0
    book = load_workbook(tmp_path / "s" / "localities.xlsx")
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    localities = book.worksheets[0]
    example = localities["A2"].value
    assert localities.column_dimensions["A"].width >= len(example)


NASTY_MODEL = {
    "name": "Nasty\nname: injected # comment",
    "case_unit": "kids: x # y",
    "staff_title": "HV\ncap: 1\n---\n- '\u2028\"",
    "cap": 400,
    "categories": [
        {"name": "=SUM(1,2)", "weight": 1, "description": "@cmd|' /C calc'!A0"},
        {"name": "-2+3", "weight": 2},
        {"name": "@at", "weight": 3},
        {"name": "\t=tab", "weight": 4},
        {"name": "yes: no # 1e5", "weight": 5},
    ],
    "grades": [
        {"name": "+HV: 'a' # b", "cost_per_wte": 38323},
        {"name": "*nn\n&x", "cost_per_wte": 24854, "capacity": 0.7},
    ],
    "deprivation": {
        "name": "dep # x",
        "column": "=imd",
        "measure": "score",
        "linear": {"intercept": 0.8, "slope": 0.02},
    },
}


def test_a_model_of_awkward_text_makes_a_starter_that_plans_as_a_user_runs_it(tmp_path):
    """YAML syntax, line breaks and formula-like names in every field: the scenario keeps its keys,
    no workbook cell becomes a formula, and plan and validate accept the starter as written."""
    from optimiser.starter import yaml_text

    model = tmp_path / "it's: a # folder" / "model.yaml"
    model.parent.mkdir()
    model.write_text(yaml_text(NASTY_MODEL), encoding="utf-8")
    folder = tmp_path / "out\n- x"
    made = run("new", folder, "--model", model)
    assert made.returncode == 0, made.stderr
    scenario = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))
    assert scenario["name"] == f"New scenario, {NASTY_MODEL['staff_title']} establishment"
    assert (folder / scenario["model"]).resolve() == model.resolve()
    assert set(scenario) == {
        "name",
        "description",
        "model",
        "localities",
        "localities_sheet",
        "objective",
        "data_date",
        "sources",
    }
    book = load_workbook(folder / "localities.xlsx")
    header = list(book["Localities"][1])
    names = [c["name"] for c in NASTY_MODEL["categories"]]
    expected = ["locality", "in_post_wte", *names, "=imd", "floor_wte", "ceiling_wte"]
    assert [c.value for c in header] == expected
    for sheet in book.worksheets:
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"], sheet.title
    assert all(c.quotePrefix for c in header if c.value.startswith(("=", "-", "@")))
    planned = run("plan", folder / "scenario.yaml", "--format", "json")
    assert planned.returncode == 0, planned.stderr
    assert run("validate", folder / "scenario.yaml").returncode == 0


@pytest.mark.parametrize(
    ("category", "shown"),
    [
        ("a\x01b", "column 'a\\x01b' holds a character a workbook cannot hold (\\x01)"),
        ("#N/A", "column '#N/A' would read back from a workbook as an Excel error value"),
        ("Floor-WTE", "key 'categories.1.name'"),  # the model itself is refused: a reserved column
    ],
)
def test_names_a_workbook_cannot_carry_are_refused_naming_the_key(tmp_path, category, shown):
    from optimiser.starter import yaml_text

    model = tmp_path / "model.yaml"
    categories = [{"name": "ok", "weight": 1}, {"name": category, "weight": 2}]
    model.write_text(yaml_text({"name": "m", "cap": 400, "categories": categories}), encoding="utf-8")
    made = run("new", tmp_path / "out", "--model", model)
    assert made.returncode == 2 and "Traceback" not in made.stderr
    assert shown in made.stderr
    if category != "Floor-WTE":
        assert "key 'categories.1.name'" in made.stderr
    assert not (tmp_path / "out").exists()


def test_multipliers_that_read_one_column_get_one_column_and_the_starter_plans(tmp_path):
    """Two multipliers may read the same locality column (spelt alike or not): the starter writes it
    once, so the locality reader does not refuse its own starter as two columns that fold alike."""
    from optimiser.starter import yaml_text

    model = tmp_path / "model.yaml"
    deprivation = {"name": "d", "column": "IMD", "linear": {"intercept": 0.5, "slope": 0.05}}
    other = {"name": "e", "column": "imd", "linear": {"intercept": 2, "slope": -0.04}}
    data = {
        "name": "m",
        "cap": 400,
        "cost_per_wte": 38323,
        "deprivation": deprivation,
        "multipliers": [other],
    }
    model.write_text(yaml_text(data), encoding="utf-8")
    made = run("new", tmp_path / "out", "--model", model)
    assert made.returncode == 0, made.stderr
    header = [c.value for c in load_workbook(tmp_path / "out" / "localities.xlsx")["Localities"][1]]
    assert [h for h in header if h and h.lower() == "imd"] == ["IMD"]
    planned = run("plan", tmp_path / "out" / "scenario.yaml", "--format", "json")
    assert planned.returncode == 0, planned.stderr
