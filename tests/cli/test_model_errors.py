"""Bad caseload models: exit code 2 and a message naming the model file, the key and what is expected."""

import pytest

from tests.conftest import run_cli

BASE = """\
name: bad model test
case_unit: children
categories:
  - {name: tier1, weight: 1}
  - {name: tier2, weight: 2}
cap: 400
"""
CSV = "locality,in_post_wte,tier1,tier2\nA,10,3000,500\n"
SCORE_CSV = "locality,in_post_wte,tier1,tier2,imd_score\nA,10,3000,500,12.5\n"
DECILE_CSV = "locality,in_post_wte,tier1,tier2,imd_decile\nA,10,3000,500,3.5\n"

DEPRIVATION = """\
deprivation:
  name: deprivation
  column: imd_score
  bands:
    - {{from: 0, to: 10, multiplier: 1}}
    - {{from: {start}, to: 50, multiplier: 1.1}}
"""

GRADES = """\
grades:
  - {name: HV, cost_per_wte: 38323}
  - {name: NN, capacity: 0.7}
"""

CASES = {
    "weight zero": (
        BASE.replace("weight: 2", "weight: 0"),
        ["line 5", "key 'categories.1.weight'", "a number greater than 0"],
    ),
    "weight negative": (BASE.replace("weight: 1}", "weight: -1}"), ["key 'categories.0.weight'"]),
    "bands overlap": (
        BASE + DEPRIVATION.format(start=9),
        ["key 'deprivation.bands'", "overlap", "band 2 starts at 9 (expected 10)"],
    ),
    "bands leave a gap": (
        BASE + DEPRIVATION.format(start=12),
        ["key 'deprivation.bands'", "leave a gap", "band 2 starts at 12 (expected 10)"],
    ),
    "decile bands short of 10": (
        BASE
        + "deprivation: {name: d, column: imd_decile, measure: decile, "
        + "bands: [{from: 1, to: 5, multiplier: 1.1}, {from: 6, to: 9, multiplier: 1}]}\n",
        ["key 'deprivation.bands'", "must cover 1 to 10"],
    ),
    "bands and formula both": (
        BASE
        + "deprivation: {name: d, column: imd_score, linear: {intercept: 1, slope: 0}, "
        + "bands: [{from: 0, to: 50, multiplier: 1}]}\n",
        ["key 'deprivation'", "not both"],
    ),
    "non-clinical above 100": (
        BASE + "non_clinical_percent: 120\n",
        ["key 'non_clinical_percent'", "less than 100"],
    ),
    "headroom below 0": (BASE + "headroom_percent: -5\n", ["key 'headroom_percent'", "at least 0"]),
    "non-clinical plus headroom reach 100": (
        BASE + "non_clinical_percent: 60\nheadroom_percent: 40\n",
        ["key 'headroom_percent'", "reach 100", "below 100"],
    ),
    "grade with no cost": (BASE + GRADES, ["line 9", "key 'grades.1.cost_per_wte'", "is missing"]),
    "minimum share above 1": (
        BASE
        + GRADES.replace("capacity: 0.7", "cost_per_wte: 25000, capacity: 0.7")
        + "min_main_share: 1.2\n",
        ["key 'min_main_share'", "at most 1"],
    ),
    "unknown high-risk category": (
        BASE + "high_risk: {categories: [tier3], max_share: 0.15}\n",
        ["key 'high_risk'", "tier3", "expected names from: tier1, tier2"],
    ),
    "annual basis without episode length": (BASE + "basis: annual\n", ["key 'basis'", "episode_months"]),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_bad_model_is_named_with_its_key(case, text, expected):
    case.write("model.yaml", text)
    case.write("localities.csv", CSV)
    before = case.snapshot()
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert f"{case.model}:" in result.stderr
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert "Traceback" not in result.stderr
    assert case.snapshot() == before


def test_unknown_category_column_names_the_column_and_the_model_file(case):
    case.write("model.yaml", BASE)
    case.write("localities.csv", "locality,in_post_wte,tier1,tier2,tier5\nA,10,3000,500,7\n")
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert f"{case.localities}: line 1, column 'tier5': is not a known column" in result.stderr
    assert f"model file {case.model}, keys 'categories'" in result.stderr


def test_locality_value_outside_the_bands_names_the_line_and_model_key(case):
    case.write("model.yaml", BASE + DEPRIVATION.format(start=10))
    case.write("localities.csv", SCORE_CSV.replace("12.5", "61"))
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert f"{case.localities}: line 2 (locality 'A'), column 'imd_score': is 61" in result.stderr
    assert "a number from 0 to 50 (the bands' range) (model key 'deprivation')" in result.stderr


def test_decile_must_be_a_whole_number(case):
    case.write(
        "model.yaml",
        BASE
        + "deprivation: {name: d, column: imd_decile, measure: decile, "
        + "linear: {intercept: 1.1, slope: -0.01}}\n",
    )
    case.write("localities.csv", DECILE_CSV)
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert "column 'imd_decile': is 3.5" in result.stderr and "a whole number from 1 to 10" in result.stderr


def test_missing_multiplier_column_is_named(case):
    case.write("model.yaml", BASE + DEPRIVATION.format(start=10))
    case.write("localities.csv", "locality,in_post_wte,tier1,tier2\nA,10,3000,500\n")
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert "column 'imd_score' is missing" in result.stderr


def test_decile_out_of_range_is_refused_even_with_a_formula(case):
    case.write(
        "model.yaml",
        BASE
        + "deprivation: {name: d, column: imd_decile, measure: decile, "
        + "linear: {intercept: 1.1, slope: -0.01}}\n",
    )
    case.write("localities.csv", DECILE_CSV.replace("3.5", "11"))
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert "column 'imd_decile': is 11" in result.stderr


def test_quintile_counts_all_zero_with_cases_is_refused(case):
    case.write(
        "model.yaml",
        BASE
        + "deprivation: {name: d, column: imd, measure: quintile_counts, "
        + "bands: [{from: 1, to: 1, multiplier: 1.2}, {from: 2, to: 5, multiplier: 1}]}\n",
    )
    case.write(
        "localities.csv",
        "locality,in_post_wte,tier1,tier2,imd_q1,imd_q2,imd_q3,imd_q4,imd_q5\nA,10,3000,500,0,0,0,0,0\n",
    )
    result = run_cli("plan", case.scenario)
    assert result.exit_code == 2
    assert "line 2 (locality 'A'), columns imd_q1, imd_q2" in result.stderr
    assert "are all 0 but the caseload is 3500" in result.stderr
