"""Today's cost (the base of a "-8%" budget and of the cost of change) uses WTE in post by grade."""

import csv
import json
import shutil

import pytest

from tests.conftest import ROOT, run_cli

EXAMPLE = ROOT / "examples" / "health-visiting" / "lcr-2010-weighted.yaml"
DATA = ROOT / "inputs" / "lcr-2010" / "hv-tiers-imd.csv"
COSTS = {"health visitor": 38323, "community nursery nurse": 24854}  # models/health-visiting.yaml


@pytest.fixture
def mixed(tmp_path):
    """The weighted example with 4 of CHW's 14.86 WTE in post as nursery nurses."""
    shutil.copy(ROOT / "models" / "health-visiting.yaml", tmp_path / "model.yaml")
    text = DATA.read_text(encoding="utf-8").replace("CHW,14.86,14.86,0,", "CHW,14.86,10.86,4,")
    assert "CHW,14.86,10.86,4," in text
    (tmp_path / "data.csv").write_text(text, encoding="utf-8")
    scenario = EXAMPLE.read_text(encoding="utf-8")
    scenario = scenario.replace("model: health-visiting\n", "model: model.yaml\n")
    scenario = scenario.replace("../../inputs/lcr-2010/hv-tiers-imd.csv", "data.csv")
    (tmp_path / "scenario.yaml").write_text(scenario, encoding="utf-8")
    return tmp_path


def _today(path) -> float:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return sum(
        float(row[f"in_post_wte:{grade}"]) * cost
        for row in csv.DictReader(lines)
        for grade, cost in COSTS.items()
    )


def test_a_zero_change_budget_is_the_cost_of_staff_in_post_by_grade(mixed):
    today = _today(mixed / "data.csv")
    assert today == pytest.approx(75.17 * 38323 - 4 * (38323 - 24854))
    result = run_cli(
        "plan", mixed / "scenario.yaml", "--budget", "+0%", "--objective", "max-coverage", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["budget"] == pytest.approx(today, rel=1e-12)
    assert data["totals"]["cost"] - data["totals"]["cost_change"] == pytest.approx(today, rel=1e-9)
