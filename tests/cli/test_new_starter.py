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
    assert scenario["model"] == model.stem  # a shipped model's file is named by its name, not copied
    assert not (folder / "model.yaml").exists()
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


def test_a_starter_folder_plans_the_same_after_it_is_moved_from_any_folder(tmp_path):
    """Run from a folder far from the repository, `new` names the shipped model by its name, never
    by a path; the folder, moved elsewhere and planned from yet another folder, plans the same."""
    away, elsewhere = tmp_path / "away", tmp_path / "else" / "where"
    away.mkdir()
    elsewhere.mkdir(parents=True)
    assert run("new", "plan-a", "--model", "health-visiting", cwd=away).returncode == 0
    text = (away / "plan-a" / "scenario.yaml").read_text()
    assert "\nmodel: health-visiting\n" in text and str(ROOT) not in text and "models/" not in text
    before = run("plan", "plan-a/scenario.yaml", "--format", "json", cwd=away)
    (away / "plan-a").rename(elsewhere / "moved")
    after = run("plan", elsewhere / "moved" / "scenario.yaml", "--format", "json", cwd=tmp_path)
    assert before.returncode == after.returncode == 0, after.stderr
    assert json.loads(after.stdout)["localities"] == json.loads(before.stdout)["localities"]


def test_a_model_file_that_is_not_shipped_is_copied_so_the_folder_travels(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_bytes((ROOT / "models" / "community-matron.yaml").read_bytes().replace(b"cap: 50", b"cap: 45"))
    made = run("new", tmp_path / "plan", "--model", mine)
    assert made.returncode == 0, made.stderr
    assert "model.yaml" in made.stdout and "a copy of the model" in made.stdout
    assert (tmp_path / "plan" / "model.yaml").read_bytes() == mine.read_bytes()
    mine.unlink()  # the copy, not the original, is what the scenario plans with
    (tmp_path / "plan").rename(tmp_path / "moved")
    planned = run("plan", tmp_path / "moved" / "scenario.yaml", "--format", "json")
    assert planned.returncode == 0, planned.stderr
    assert json.loads(planned.stdout)["cap"] == 45


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
    assert scenario["model"] == "model.yaml"
    assert (folder / "model.yaml").read_bytes() == model.read_bytes()
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


def test_a_column_read_as_a_score_and_as_a_quintile_gets_an_example_both_accept(tmp_path):
    """Found by the property test: a deprivation score and a quintile multiplier reading one column.
    The example row's value must be a quintile (3), which is a score too; a score's 10 is no quintile."""
    model = {
        "name": "Two readings",
        "case_unit": "cases",
        "staff_title": "worker",
        "cap": 100,
        "cost_per_wte": 40000,
        "categories": [{"name": "open", "weight": 1}],
        "deprivation": {
            "name": "dep",
            "column": "imd",
            "measure": "score",
            "linear": {"intercept": 0.8, "slope": 0.02},
        },
        "multipliers": [
            {
                "name": "band",
                "column": "imd",
                "measure": "quintile",
                "bands": [{"from": 1, "to": 5, "multiplier": 1.0}],
            }
        ],
    }
    (tmp_path / "two.yaml").write_text(yaml.safe_dump(model), encoding="utf-8")
    made = run("new", tmp_path / "plan", "--model", tmp_path / "two.yaml")
    assert made.returncode == 0, made.stderr
    planned = run("plan", tmp_path / "plan" / "scenario.yaml", "--format", "json")
    assert planned.returncode == 0, planned.stderr
    sheet = load_workbook(tmp_path / "plan" / "localities.xlsx")["Localities"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("imd") + 1).value == 3
