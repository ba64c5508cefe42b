"""Answer first for `explain`, `compare` and `sweep` (issue 24): on an 80x40 terminal each prints
its table's total and its sentences on the last screen (at most 39 lines: the prompt takes one);
`explain --details` and piped output keep the full audit. Run through a real pseudo-terminal."""

import json
import math
import re
import subprocess
import sys

import pytest

from tests.cli.test_answer_first import SCENARIOS, SCREEN
from tests.conftest import ROOT
from tests.pseudo_terminal import run_in_terminal

OPTIONS_FILES = sorted(
    str(p.relative_to(ROOT))
    for p in (ROOT / "examples").glob("*/*.yaml")
    if re.search(r"^options:", p.read_text(encoding="utf-8"), re.MULTILINE)
)
HINT = "--details adds every count, weight and factor, and the rules."


def _shown(*args: str) -> list[str]:
    code, shown, stderr = run_in_terminal(list(args), 80)
    assert code == 0, stderr
    return shown.rstrip("\n").split("\n")


def _piped(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _after_table(lines: list[str]) -> str:
    end = max(i for i, line in enumerate(lines) if line.startswith("└"))
    return " ".join(line.strip() for line in lines[end + 1 :])


def _localities(scenario: str) -> list[dict]:
    return json.loads(_piped("explain", scenario, "--format", "json"))["localities"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_explain_shows_each_locality_its_total_and_sentences_on_one_screen(scenario: str):
    """The total WTE is worked out here from each locality's weighted caseload over its capacity per
    WTE (JSON carries both); the locality needing the most is the largest of those."""
    lines = _shown("explain", scenario)
    assert len(lines) <= SCREEN - 1, f"{len(lines)} lines\n" + "\n".join(lines)
    assert all(len(line) <= 80 for line in lines)
    rows = _localities(scenario)
    need = {r["locality"]: r["weighted caseload"] / r["capacity per WTE"] for r in rows}
    total = next(line for line in lines if line.startswith("│ Total"))
    assert f"{sum(need.values()):,.2f}" in total
    said = _after_table(lines)
    most = max(need, key=lambda name: need[name])
    assert f"{most} needs the most ({need[most]:,.2f} WTE)" in said
    assert said.startswith("Weighted caseload = category-weighted x multiplier")
    assert said.endswith(HINT)
    for detail in ("│ capacity per WTE", "│ raw caseload", "multiplier = "):
        assert detail not in "\n".join(lines), detail


def test_explain_names_the_factor_moving_each_locality_most_and_what_one_wte_holds():
    """models/health-visiting.yaml, CHW (examples' locality file): category-weighted 8,831 from a raw
    7,240 (x1.22) moves it more than deprivation (0.8 + 0.02 x 13.238 = x1.065); one WTE holds
    400 / 1.22 = 328 weighted cases after 22% headroom."""
    lines = _shown("explain", "examples/health-visiting/lcr-2010-weighted.yaml")
    chw = next(line for line in lines if line.startswith("│ CHW"))
    weights, deprivation = 8831 / 7240, 0.8 + 0.02 * 13.238
    assert abs(math.log(weights)) > abs(math.log(deprivation))
    assert f"weights x{weights:.2f}" in chw and "7,240" in chw and "9,402.9" in chw
    said = _after_table(lines)
    assert f"One health visitor WTE holds {round(400 / 1.22)} weighted cases, not the cap of 400" in said


def test_explain_details_and_piped_output_keep_the_full_audit():
    scenario = "examples/health-visiting/lcr-2010-weighted.yaml"
    full = ("universal_plus weight", "deprivation multiplier", "capacity per WTE", "multiplier = 0.8 + 0.02")
    for shown in ("\n".join(_shown("explain", scenario, "--details")), _piped("explain", scenario)):
        for row in full:
            assert row in shown, row
        assert HINT not in shown


@pytest.mark.parametrize("options", OPTIONS_FILES)
def test_compare_shows_its_options_and_totals_on_one_screen(options: str):
    lines = _shown("compare", options)
    assert len(lines) <= SCREEN - 1, f"{len(lines)} lines\n" + "\n".join(lines)
    assert all(len(line) <= 80 for line in lines)
    assert any(line.startswith("│ Today") for line in lines)
    said = _after_table(lines)
    assert any(line.startswith("│ Total") for line in lines) or said.endswith(
        "--details adds the planned WTE by locality (the 10 needing the most and the least)."
    ), said
    assert "Assumptions" not in "\n".join(lines)


def test_a_national_compare_keeps_its_locality_table_for_details():
    """England's options file, 153 authorities: the locality table (10 at each end, a total over all)
    is left to --details on a terminal, and piped output always has it."""
    args = ("compare", "examples/england/options.yaml")
    assert "Planned WTE by locality" not in "\n".join(_shown(*args))
    for shown in ("\n".join(_shown(*args, "--details")), _piped(*args)):
        assert "Planned WTE by locality" in shown and "… 133 more" in shown and "│ Total" in shown


SWEPT = [
    "examples/lcr-2010/appendix3.yaml",  # five localities, the published example
    "examples/health-visiting/lcr-2010-weighted.yaml",  # skill mix and headroom
    "examples/england/cap-400-imd2025.yaml",  # 153 localities: the widest
    "examples/link-workers/pcn-link-workers.yaml",  # annual counts
]
"""Every shipped scenario's sweep prints 14 to 16 lines (checked when this was written); these four
span the kinds of model, so the sweep's table stays one row a point whatever the model."""


@pytest.mark.parametrize("scenario", SWEPT)
def test_sweep_shows_every_point_on_one_screen(scenario: str):
    lines = _shown("sweep", scenario, "--cap", "250:450:50")
    assert len(lines) <= SCREEN - 1, "\n".join(lines)
    points = [line for line in lines if re.match(r"│\s*(250|300|350|400|450)\s*│", line)]
    assert len(points) == 5, "\n".join(lines)
    assert lines[0].strip().startswith("Sweep:") and lines[-1].startswith("└")  # nothing after the table
