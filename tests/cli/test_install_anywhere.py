"""Install once, use anywhere (issue 24): after an ordinary (not editable) `pip install` of the project
into a fresh environment, a new user in a folder of their own starts a scenario for a shipped model,
fills the workbook, plans, compares and writes a board paper, without the repository.

The project is copied (its tracked and new files, as a clean checkout has them) and installed from
the copy, so the build leaves nothing in the repository. Only the dependencies are borrowed from the
environment running the tests (a .pth file), so the test needs no network; the package itself, its
models and its examples come from the wheel the install built.
"""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT

WEIGHTS = {"universal": 1, "universal_plus": 3, "universal_partnership_plus": 4, "child_protection": 5}
"""models/health-visiting.yaml's tag points, as its description states them."""
HEADROOM = 1.22
"""The same model's 22% headroom: one WTE holds 400 / 1.22 weighted children."""


def _copy_of_the_project(to: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file() and not name.startswith("tests/"):
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, to / name)
    return to


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh environment with the project installed from a copy, not editable; its bin folder."""
    base = tmp_path_factory.mktemp("install")
    source = _copy_of_the_project(base / "source")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, capture_output=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", str(source)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    shutil.rmtree(source)  # nothing the installed tool reads may come from the copy
    return venv / "bin"


def _run(bin_: Path, cwd: Path, *args: object) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COLUMNS")}
    return subprocess.run(
        [bin_ / "establishment", *map(str, args)], cwd=cwd, capture_output=True, text=True, env=environ
    )


def _fill(workbook: Path, rows: list[dict[str, str]]) -> None:
    """Replace the example row with `rows`, column by column as the header names them."""
    book = load_workbook(workbook)
    sheet = book["Localities"]
    header = [c.value for c in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append([float(row[h]) if h != "locality" and row.get(h) else row.get(h) for h in header])
    book.save(workbook)


def _lcr_rows() -> list[dict[str, str]]:
    text = (ROOT / "inputs" / "lcr-2010" / "hv-tiers-imd.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def test_the_installed_package_is_not_the_repository(installed, tmp_path):
    where = subprocess.run(
        [installed / "python", "-c", "import optimiser; print(optimiser.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(ROOT) not in where and "site-packages" in where
    listed = _run(installed, tmp_path, "models")
    assert listed.returncode == 0, listed.stderr
    assert "\nhealth-visiting\n" in listed.stdout and "Source of cap:" in listed.stdout


OWN_WORDS = re.compile(r"^(\s*[\w.]+: *)['\"]?Replace with.*$", re.M)
"""A scenario line holding the starter's words to replace (description, data date, sources)."""


def test_a_new_user_plans_compares_and_writes_a_paper_from_their_own_folder(installed, tmp_path):
    made = _run(installed, tmp_path, "new", "my-plan", "--model", "health-visiting")
    assert made.returncode == 0, made.stderr
    rows = _lcr_rows()
    _fill(tmp_path / "my-plan" / "localities.xlsx", rows)
    planned = _run(installed, tmp_path, "plan", "my-plan/scenario.yaml", "--format", "json")
    assert planned.returncode == 0, planned.stderr
    by_name = {r["name"]: r for r in json.loads(planned.stdout)["localities"]}
    for row in rows:  # the weighting and the cap, worked out here from the model's stated figures
        weighted = sum(float(row[c]) * w for c, w in WEIGHTS.items()) * (0.8 + 0.02 * float(row["imd_score"]))
        assert by_name[row["locality"]]["weighted_caseload"] == pytest.approx(weighted, rel=1e-9)
        assert by_name[row["locality"]]["required_wte"] == pytest.approx(
            weighted / (400 / HEADROOM), rel=1e-9
        )

    scenario = (tmp_path / "my-plan" / "scenario.yaml").read_text(encoding="utf-8")
    scenario = scenario.replace("# cap: 400", "cap: 350").replace("name: New scenario", "name: Cap 350")
    (tmp_path / "my-plan" / "cap-350.yaml").write_text(scenario, encoding="utf-8")
    compared = _run(
        installed, tmp_path, "compare", "my-plan/scenario.yaml", "my-plan/cap-350.yaml", "--format", "json"
    )
    assert compared.returncode == 0, compared.stderr
    caps = [o["measures"]["Cap (weighted cases per WTE)"] for o in json.loads(compared.stdout)["options"]]
    assert caps[1:] == [400, 350]

    options = ("report", "my-plan/scenario.yaml", "my-plan/cap-350.yaml", "-o", "pack")
    refused = _run(installed, tmp_path, *options)  # the starter's words to replace never reach a board
    assert refused.returncode == 2 and "placeholder" in refused.stderr and not (tmp_path / "pack").exists()
    for name in ("scenario.yaml", "cap-350.yaml"):  # the user writes their own words in their place
        path = tmp_path / "my-plan" / name
        path.write_text(OWN_WORDS.sub(r"\1'Our own words, December 2026'", path.read_text("utf-8")), "utf-8")
    paper = _run(installed, tmp_path, *options)
    assert paper.returncode == 0, paper.stderr
    written = {p.name for p in (tmp_path / "pack").iterdir()}
    assert {"report.docx", "report.html", "report.md", "report.xlsx"} <= written


def test_the_shipped_examples_plan_from_the_installed_package(installed, tmp_path):
    """The examples are package data too (the what-if page lists them): planned where they were
    installed, from a folder of the user's own, they reproduce Appendix 3's total."""
    found = subprocess.run(
        [
            installed / "python",
            "-c",
            "from optimiser.inputs import shipped; print(shipped.examples_folder())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert str(ROOT) not in found
    planned = _run(
        installed, tmp_path, "plan", Path(found) / "lcr-2010" / "appendix3.yaml", "--format", "json"
    )
    assert planned.returncode == 0, planned.stderr
    assert json.loads(planned.stdout)["totals"]["required_wte"] == pytest.approx(33217 / 400)


def test_a_copied_example_finds_its_model_and_says_where_its_shipped_data_is(installed, tmp_path):
    """A user copies a shipped example into their own folder: the model is found by its name; the
    data path, which no longer reaches the data, is refused with the installed file to copy, and
    once the user has followed that hint the copy plans as the example does where it was shipped."""
    examples = Path(_run_python(installed, tmp_path, "print(shipped.examples_folder())"))
    shipped_example = examples / "health-visiting" / "lcr-2010-weighted.yaml"
    copy = tmp_path / "mine.yaml"
    shutil.copy(shipped_example, copy)
    refused = _run(installed, tmp_path, "plan", "mine.yaml")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    said = " ".join(refused.stderr.split())
    data = (
        Path(_run_python(installed, tmp_path, "print(shipped.inputs_folder())"))
        / "lcr-2010"
        / "hv-tiers-imd.csv"
    )
    assert str(ROOT) not in str(data) and data.is_file()
    assert f"the shipped file it names is {data}: copy it beside the scenario" in said
    shutil.copy(data, tmp_path / data.name)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("../../inputs/lcr-2010/", ""), encoding="utf-8")
    mine = _run(installed, tmp_path, "plan", "mine.yaml", "--format", "json")
    theirs = _run(installed, tmp_path, "plan", shipped_example, "--format", "json")
    assert mine.returncode == 0 == theirs.returncode, mine.stderr + theirs.stderr
    assert json.loads(mine.stdout)["totals"] == json.loads(theirs.stdout)["totals"]


def _run_python(bin_: Path, cwd: Path, code: str) -> str:
    """One line the installed package prints about itself, run from `cwd`."""
    return subprocess.run(
        [bin_ / "python", "-c", f"from optimiser.inputs import shipped; {code}"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
