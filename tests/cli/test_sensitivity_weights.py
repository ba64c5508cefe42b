"""`plan --sensitivity` moves each category weight and each multiplier's slope ±20%: each end is
the plan of a model file written with that one figure changed, planned afresh by the command line."""

import json
import re
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples/health-visiting/lcr-2010-weighted.yaml"
MODEL = ROOT / "models/health-visiting.yaml"


def _plan(scenario, *extra) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", "plan", str(scenario), "--format", "json", *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def moved() -> dict:
    return {row["key"]: row for row in _plan(EXAMPLE, "--sensitivity")["sensitivity"]["inputs"]}


def _replanned(tmp_path, change) -> dict:
    """The example planned with a model file whose one figure `change` altered."""
    model = yaml.safe_load(MODEL.read_text(encoding="utf-8"))
    change(model)
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(model, sort_keys=False), encoding="utf-8")
    text = EXAMPLE.read_text(encoding="utf-8")
    text = re.sub(r"^model: .*$", "model: model.yaml", text, flags=re.M)
    text = re.sub(
        r"^localities: (.*)$", lambda m: f"localities: {(EXAMPLE.parent / m[1]).resolve()}", text, flags=re.M
    )
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    return _plan(tmp_path / "scenario.yaml")


@pytest.mark.parametrize("end, factor", [("low", 0.8), ("high", 1.2)])
def test_a_category_weight_moved_is_the_plan_of_that_model(tmp_path, moved, end, factor):
    def change(model):
        category = next(c for c in model["categories"] if c["name"] == "universal")
        category["weight"] = category["weight"] * factor

    plan = _replanned(tmp_path, change)
    figures = moved["weight:universal"][end]
    assert figures["planned_wte"] == pytest.approx(plan["totals"]["planned_wte"], rel=1e-9)
    assert figures["cost"] == pytest.approx(plan["totals"]["cost"], abs=0.01)


@pytest.mark.parametrize("end, factor", [("low", 0.8), ("high", 1.2)])
def test_the_deprivation_slope_moved_is_the_plan_of_that_model(tmp_path, moved, end, factor):
    def change(model):
        model["deprivation"]["linear"]["slope"] = model["deprivation"]["linear"]["slope"] * factor

    plan = _replanned(tmp_path, change)
    figures = moved["slope:deprivation"][end]
    assert figures["planned_wte"] == pytest.approx(plan["totals"]["planned_wte"], rel=1e-9)
    assert figures["cost"] == pytest.approx(plan["totals"]["cost"], abs=0.01)
