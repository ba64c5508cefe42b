"""A mistyped key or choice in a scenario, model or options file names the known one it is nearest
to, with the file and line, run as a user runs `establishment validate`."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SCENARIO_TEXT


def _validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimiser", "validate", str(path)], capture_output=True, text=True
    )


def _refused(path: Path) -> str:
    """The one-paragraph refusal: exit 2, no traceback."""
    done = _validate(path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    return " ".join(done.stderr.split())


def test_a_transposed_scenario_key_suggests_cap(case):
    case.write("scenario.yaml", SCENARIO_TEXT.replace("cap: 400", "cpa: 400"))
    said = _refused(case.scenario)
    assert f"{case.scenario}: line 4, key 'cpa': is not a known key (did you mean 'cap'?)" in said


def test_a_key_inside_a_block_is_checked_against_the_blocks_own_keys(case):
    case.write("scenario.yaml", SCENARIO_TEXT + "uncertainty:\n  relative: 0.1\n  relatve: 0.2\n")
    said = _refused(case.scenario)
    assert "line 9, key 'uncertainty.relatve': is not a known key (did you mean 'relative'?)" in said
    assert "expected one of: distribution, relative, column, shared, draws, seed" in said


def test_a_horizon_key_is_checked_against_the_horizons_keys(case):
    case.write(
        "scenario.yaml", SCENARIO_TEXT + "horizon:\n  years: [2010/11, 2011/12]\n  leavers_rate: 0.1\n"
    )
    said = _refused(case.scenario)
    assert "line 9, key 'horizon.leavers_rate': is not a known key (did you mean 'leaver_rate'?)" in said
    assert "expected one of: years, caseload_growth," in said


def test_an_unknown_objective_suggests_the_nearest_choice(case):
    case.write("scenario.yaml", SCENARIO_TEXT.replace("objective: min-cost", "objective: min-cots"))
    said = _refused(case.scenario)
    assert "line 6, key 'objective': is 'min-cots' (did you mean 'min-cost'?)" in said


def test_a_model_grade_key_and_a_band_alias_suggest_their_own_keys(case):
    model = case.model.read_text(encoding="utf-8").replace("cap: 400\n", "")
    model += (
        "grades:\n"
        "  - {name: health visitor, cost_per_wte: 38323, capcity: 1}\n"
        "deprivation:\n"
        "  name: deprivation\n"
        "  column: imd\n"
        "  measure: decle\n"
        "  bands:\n"
        "    - {from: 1, too: 10, multiplier: 1}\n"
    )
    case.write("model.yaml", model)
    said = _refused(case.scenario)
    assert "key 'grades.0.capcity': is not a known key (did you mean 'capacity'?)" in said
    assert "key 'deprivation.measure': is 'decle' (did you mean 'decile'?)" in said
    assert "key 'deprivation.bands.0.too': is not a known key (did you mean 'to'?)" in said


def test_an_unknown_high_risk_category_suggests_a_category(case):
    model = case.model.read_text(encoding="utf-8")
    model += "categories:\n  - {name: universal, weight: 1}\n  - {name: targeted, weight: 2}\n"
    model += "high_risk: {categories: [targetted], max_share: 0.15}\n"
    case.write("model.yaml", model)
    said = _refused(case.scenario)
    assert "high-risk categories targetted (did you mean 'targeted'?) are not case categories" in said


def test_an_options_file_label_key_suggests_label(case):
    options = case.write(
        "options.yaml", "title: t\nhorizn: h.yaml\noptions:\n  - {scenario: scenario.yaml, lable: A}\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", "compare", str(options)], capture_output=True, text=True
    )
    assert done.returncode == 2
    said = " ".join(done.stderr.split())
    assert (
        "line 4, key 'options.1.lable': is not a known key (did you mean 'label'?); "
        "expected one of: scenario, label" in said
    )
    assert "line 2, key 'horizn': is not a known key (did you mean 'horizon'?)" in said


@pytest.mark.parametrize("typo", ["zzzz", "qwerty"])
def test_nothing_close_suggests_nothing(case, typo):
    case.write("scenario.yaml", SCENARIO_TEXT + f"{typo}: 1\n")
    said = _refused(case.scenario)
    assert f"key '{typo}': is not a known key; expected one of: name," in said
