"""The shipped models and examples (inputs/shipped.py): found by name from any folder, and a scenario
that names one plans the same wherever it is; pyproject.toml puts every package and every shipped
file into the wheel (tests/cli/test_install_anywhere.py installs it)."""

import tomllib
from pathlib import Path

import pytest

from optimiser.inputs import shipped
from tests.conftest import ROOT, plan_json, run_cli

PACKAGE = ROOT / "optimiser"


def test_the_shipped_folders_are_the_repositorys_in_a_checkout():
    assert shipped.models_folder() == ROOT / "models"
    assert shipped.examples_folder() == ROOT / "examples"
    assert shipped.model_names() == sorted(p.stem for p in (ROOT / "models").glob("*.yaml"))


@pytest.mark.parametrize(
    ("ref", "named"),
    [
        ("health-visiting", True),
        ("community-matron", True),
        ("model.yaml", False),
        ("models/health-visiting.yaml", False),
        ("../x", False),
        ("sub\\x", False),
        ("x.txt", False),
        ("", False),
        ("  ", False),
    ],
)
def test_a_name_is_a_model_without_a_folder_or_a_suffix(ref, named):
    assert shipped.is_model_name(ref) is named


def test_a_shipped_model_is_known_however_its_path_is_spelt(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT / "examples")
    assert shipped.shipped_name(Path("../models/health-visiting.yaml")) == "health-visiting"
    (tmp_path / "health-visiting.yaml").write_bytes((ROOT / "models" / "health-visiting.yaml").read_bytes())
    assert shipped.shipped_name(tmp_path / "health-visiting.yaml") is None  # a copy is the user's own
    assert shipped.model_file("no-such-model") is None


def test_a_copied_example_finds_its_model_by_name_and_names_the_folder_its_data_was_looked_for_in(tmp_path):
    text = (ROOT / "examples" / "lcr-2010" / "appendix3.yaml").read_text(encoding="utf-8")
    assert "\nmodel: health-visiting-count\n" in text
    copy = tmp_path / "appendix3.yaml"
    copy.write_text(text, encoding="utf-8")
    done = run_cli("plan", copy)
    assert done.exit_code == 2
    said = " ".join(done.stderr.split())
    assert (
        "line 8, key 'localities': ../../inputs/lcr-2010/table1-jan-2010.csv: locality file not found" in said
    )
    assert f"relative to the scenario's own folder, {tmp_path.resolve()}" in said
    assert f"expected the key 'localities' changed to the file's path from {tmp_path.resolve()}" in said
    table = (ROOT / "inputs" / "lcr-2010" / "table1-jan-2010.csv").resolve()
    hint = f"the shipped file it names is {table}: copy it beside the scenario and write "
    assert hint + "'localities: table1-jan-2010.csv'" in said
    (tmp_path / table.name).write_bytes(table.read_bytes())  # the user follows the hint
    copy.write_text(text.replace("../../inputs/lcr-2010/", ""), encoding="utf-8")
    ours = plan_json(ROOT / "examples" / "lcr-2010" / "appendix3.yaml")
    assert plan_json(copy)["totals"] == ours["totals"]


def test_a_model_named_wrongly_is_refused_with_the_names_and_a_path_with_its_folder(tmp_path):
    scenario = tmp_path / "s.yaml"
    table = ROOT / "inputs" / "lcr-2010" / "table1-jan-2010.csv"
    scenario.write_text(f"name: t\nmodel: health-visitng-count\nlocalities: {table}\n", encoding="utf-8")
    for command in ("plan", "validate"):
        done = run_cli(command, scenario)
        said = " ".join(done.stderr.split())
        assert done.exit_code == 2 and "Traceback" not in said
        assert "line 2, key 'model': 'health-visitng-count' is not the name of a shipped model" in said
        assert "(did you mean 'health-visiting-count'" in said and "community-matron" in said
    scenario.write_text(f"name: t\nmodel: ../models/x.yaml\nlocalities: {table}\n", encoding="utf-8")
    said = " ".join(run_cli("plan", scenario).stderr.split())
    assert (
        f"../models/x.yaml: model file not found (looked for {(tmp_path.parent / 'models/x.yaml')})" in said
    )
    assert f"relative to the scenario's own folder, {tmp_path.resolve()}" in said
    assert "or to a shipped model's name (health-visiting)" in said


def test_pyproject_lists_every_package_and_ships_the_top_folders_whole():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    code = {
        ".".join(p.relative_to(ROOT).parent.parts) for p in PACKAGE.rglob("*.py") if "static" not in p.parts
    }
    shipped_folders = {"models", "inputs", "examples"}
    assert set(settings["packages"]) == code | {f"optimiser.shipped.{f}" for f in shipped_folders}
    assert settings["package-dir"] == {f"optimiser.shipped.{f}": f for f in shipped_folders}
    for folder in shipped_folders:
        assert settings["package-data"][f"optimiser.shipped.{folder}"] == ["**/*"]
