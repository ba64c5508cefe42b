"""What stops a board paper, as a board secretary meets it (issue 23, points 1, 4 and 5): text the
starter wrote to be replaced (report refuses, naming each by file and line, unless --draft, which
stamps DRAFT), two start months, a several-years path that follows no option, and cover keys left
empty (validate names them). Commands run as subprocesses, on copies of the shipped examples."""

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tests.conftest import ROOT

LCR = ROOT / "examples" / "lcr-2010"


def _run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimiser", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )


def _said(done: subprocess.CompletedProcess) -> str:
    return " ".join(done.stderr.split())


@pytest.fixture
def lcr(tmp_path: Path) -> Path:
    """A copy of the LCR 2010 examples with the models and data they name (paths kept)."""
    for folder in ("models", "inputs/lcr-2010"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copytree(LCR, tmp_path / "examples" / "lcr-2010")
    return tmp_path / "examples" / "lcr-2010"


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "service"
    done = _run("new", folder, "--model", "health-visiting")
    assert done.returncode == 0, done.stderr
    return folder


def _marked_lines(path: Path) -> list[int]:
    """The lines of a scenario the starter wrote to be replaced, found here by reading the file."""
    return [n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if "Replace with" in line]


def test_report_refuses_a_starter_scenario_naming_each_placeholder(starter, tmp_path):
    scenario = starter / "scenario.yaml"
    done = _run("report", scenario, "-o", tmp_path / "pack")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    said = _said(done)
    lines = _marked_lines(scenario)
    assert len(lines) == 3
    for line in lines:
        assert f"{scenario}: line {line}, key '" in said
    assert "Replace with the question this scenario answers." in said
    assert f"{starter / 'localities.xlsx'}: sheet 'Localities', row 2" in said and "Example locality" in said
    assert not (tmp_path / "pack").exists()  # nothing written


def test_draft_stamps_every_page(starter, tmp_path):
    out = tmp_path / "pack"
    done = _run("report", starter / "scenario.yaml", "-o", out, "--draft")
    assert done.returncode == 0, done.stderr
    assert "DRAFT: 4 placeholder(s) remain" in _said(done)
    assert (out / "report.md").read_text("utf-8").startswith("**DRAFT")
    page = (out / "report.html").read_text("utf-8")
    assert "<div class='draft'>DRAFT</div>" in page and "position: fixed" in page  # repeated when printed
    document = docx.Document(str(out / "report.docx"))
    for section in document.sections:
        assert "DRAFT" in " ".join(p.text for p in section.header.paragraphs)


def test_validate_warns_of_placeholders_and_passes(starter):
    done = _run("validate", starter / "scenario.yaml")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 4
    assert all("was written to be replaced; `report` refuses it" in w for w in warnings)


def test_validate_names_the_cover_keys_left_empty(tmp_path):
    listing = tmp_path / "options.yaml"
    listing.write_text(
        f"title: T\nmeeting: Board\noptions: [{(LCR / 'appendix3.yaml').as_posix()}]\n", encoding="utf-8"
    )
    done = _run("validate", listing)
    assert done.returncode == 0, done.stderr
    assert (
        f"warning: {listing}: leaves empty: date, author, presented_by, purpose, introduction, "
        "implications.patient_care, implications.governance, implications.legal, "
        "implications.equality_and_quality, conclusion, board_asked_to" in _said(done)
    )
    shipped = _run("validate", LCR / "board-options.yaml")
    assert shipped.returncode == 0 and "warning" not in shipped.stderr  # the example fills every key


def test_two_start_months_are_refused_naming_both(lcr, tmp_path):
    options = lcr / "board-options.yaml"
    options.write_text(
        options.read_text("utf-8").replace("\nstart_month: July\n", "\nstart_month: October\n"), "utf-8"
    )
    done = _run("report", options, "-o", tmp_path / "pack")
    assert done.returncode == 2, done.stderr
    said = _said(done)
    assert f"{options}: line" in said and "key 'start_month'" in said
    assert (
        "the options' changes start in October, but the horizon's first-year changes take effect in July"
        in said
    )
    assert "key 'horizon.start_month' is 7" in said


def test_a_horizon_following_another_option_is_refused(lcr, tmp_path):
    options = lcr / "board-options.yaml"
    options.write_text(
        options.read_text("utf-8").replace('horizon_follows: "B: cap 400"', 'horizon_follows: "A: hold 450"'),
        "utf-8",
    )
    done = _run("report", options, "-o", tmp_path / "pack")
    assert done.returncode == 2, done.stderr
    assert "follows 'A: hold 450', but its cap is 400, the option's 450" in _said(done)


def test_a_horizon_following_no_option_is_refused(lcr, tmp_path):
    options = lcr / "board-options.yaml"
    text = options.read_text("utf-8").replace('horizon_follows: "B: cap 400"\n', "")
    options.write_text(text.replace('  - {scenario: appendix3.yaml, label: "B: cap 400"}\n', ""), "utf-8")
    done = _run("report", options, "-o", tmp_path / "pack")
    assert done.returncode == 2, done.stderr
    assert "which follows none of the options (none plans its cap of 400" in _said(done)


def test_the_paper_says_which_option_the_horizon_follows(tmp_path):
    out = tmp_path / "pack"
    assert _run("report", LCR / "board-options.yaml", "-o", out).returncode == 0
    paper = " ".join((out / "report.md").read_text("utf-8").split())
    assert (
        "The path over several years follows option B: cap 400: the cap of 400 with the same model" in paper
    )
