"""`validate OPTIONS.yaml` checks every option as `validate` checks a scenario: one line per good
option, every problem of every bad one under its label and line, exit 2 when any is bad, and it
refuses exactly what `compare` would refuse as bad input."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LCR = ROOT / "examples" / "lcr-2010"


def _run(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimiser", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


@pytest.fixture
def lcr(tmp_path: Path) -> Path:
    """A copy of the LCR 2010 examples with the models and data they name (paths kept)."""
    for folder in ("models", "inputs/lcr-2010"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copytree(LCR, tmp_path / "examples" / "lcr-2010")
    return tmp_path / "examples" / "lcr-2010"


def _options(folder: Path, *entries: str) -> Path:
    path = folder / "test-options.yaml"
    path.write_text(
        "title: Test options\noptions:\n" + "".join(f"  - {e}\n" for e in entries), encoding="utf-8"
    )
    return path


def test_the_board_options_are_each_valid_one_line_each():
    done = _run("validate", LCR / "board-options.yaml")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    listed = (
        ("A: hold 450", "metric-450.yaml"),
        ("B: cap 400", "appendix3.yaml"),
        ("C: cap 250", "cap-250.yaml"),
    )
    assert len(lines) == len(listed) + 1
    for line, (label, name) in zip(lines[:-1], listed, strict=True):
        assert line.startswith(f"{label}: {LCR / name}: valid.")
        assert "5 localities" in line
    assert lines[-1] == (
        f"Horizon: {LCR / 'three-years.yaml'}: valid; years 2010/11, 2011/12, 2012/13; nothing was solved."
    )


def test_every_bad_option_is_reported_with_its_label_and_line_and_the_good_ones_listed(lcr):
    (lcr / "typo.yaml").write_text(
        (lcr / "cap-250.yaml").read_text(encoding="utf-8").replace("\ncap: 250", "\ncpa: 250"),
        encoding="utf-8",
    )
    options = _options(
        lcr,
        "{scenario: appendix3.yaml, label: 'B: cap 400'}",
        "{scenario: typo.yaml, label: Typo}",
        "missing.yaml",
        "three-years.yaml",
    )
    done = _run("validate", options)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stdout.splitlines() == [
        f"B: cap 400: {lcr / 'appendix3.yaml'}: valid. Model 'Health visiting, unweighted count of children' "
        "(health-visiting-count); 5 localities "
        "(../../inputs/lcr-2010/table1-jan-2010.csv); nothing was solved."
    ]
    said = " ".join(done.stderr.split())
    assert "3 problems found" in said
    assert (
        f"{options}: line 4, option 'Typo': {lcr / 'typo.yaml'}: line 9, key 'cpa': is not a known key "
        "(did you mean 'cap'?)" in said
    )
    assert f"{options}: line 5, option 'Option C': {lcr / 'missing.yaml'}" in said
    assert f"{options}: line 6, option 'Option D': {lcr / 'three-years.yaml'}" in said
    assert "plans several years" in said


def test_options_planning_other_localities_are_refused_as_compare_refuses_them(lcr):
    table = lcr.parent.parent / "inputs" / "lcr-2010" / "table1-jan-2010.csv"
    fewer = [line for line in table.read_text(encoding="utf-8").splitlines() if not line.startswith("SLH,")]
    (lcr / "four.csv").write_text("\n".join(fewer) + "\n", encoding="utf-8")
    scenario = (lcr / "cap-250.yaml").read_text(encoding="utf-8")
    (lcr / "four.yaml").write_text(
        scenario.replace("../../inputs/lcr-2010/table1-jan-2010.csv", "four.csv"), encoding="utf-8"
    )
    options = _options(lcr, "appendix3.yaml", "four.yaml")
    validated, compared = _run("validate", options), _run("compare", options)
    assert (validated.returncode, compared.returncode) == (2, 2)
    message = "localities: differ from"
    assert message in validated.stderr and message in compared.stderr
    assert "missing SLH" in validated.stderr


def test_options_with_the_same_name_are_refused_as_compare_refuses_them(lcr):
    options = _options(lcr, "appendix3.yaml", "appendix3.yaml")
    validated, compared = _run("validate", options), _run("compare", options)
    assert (validated.returncode, compared.returncode) == (2, 2)
    assert "is the same as option 1's name" in validated.stderr
    assert "is the same as option 1's name" in compared.stderr


def test_a_bad_options_file_is_refused_naming_its_line(lcr):
    options = lcr / "test-options.yaml"
    options.write_text("title: t\noptions:\n  - {scenario: appendix3.yaml, lable: A}\n", encoding="utf-8")
    done = _run("validate", options)
    assert done.returncode == 2
    assert "line 3, key 'options.1.lable': is not a known key (did you mean 'label'?)" in " ".join(
        done.stderr.split()
    )


def test_a_horizon_without_a_horizon_block_is_refused_as_report_refuses_it(lcr, tmp_path):
    options = lcr / "test-options.yaml"
    options.write_text("title: t\nhorizon: cap-250.yaml\noptions:\n  - appendix3.yaml\n", encoding="utf-8")
    validated = _run("validate", options)
    reported = _run("report", options, "-o", tmp_path / "pack")
    assert (validated.returncode, reported.returncode) == (2, 2)
    said = " ".join(validated.stderr.split())
    assert f"{options}: line 2, key 'horizon': {lcr / 'cap-250.yaml'}: key 'horizon': is missing" in said
    assert not (tmp_path / "pack").exists()
