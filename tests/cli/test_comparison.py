"""The scenario's optional `comparison`: a published total set beside the plan's establishment, in
the sentences and the assumptions, with its source; never used by the plan, never split by locality."""

import json

from tests.conftest import SCENARIO_TEXT, run_cli

COMPARISON = """\
comparison:
  label: health visitors in post in the county, March 2010
  value: 80
  source: County workforce return, March 2010
"""


def test_comparison_is_stated_with_its_source_and_changes_nothing(case):
    plain = json.loads(run_cli("plan", case.scenario, "--format", "json").stdout)
    case.write("scenario.yaml", SCENARIO_TEXT + COMPARISON)
    compared = json.loads(run_cli("plan", case.scenario, "--format", "json").stdout)
    assert compared["localities"] == plain["localities"] and compared["totals"] == plain["totals"]
    item = compared["assumptions"][-1]
    assert item == {
        "label": "Comparison (not used by the plan)",
        "value": "health visitors in post in the county, March 2010: 80 WTE",
        "source": "County workforce return, March 2010",
    }
    table = " ".join(run_cli("plan", case.scenario).stdout.split())
    assert (
        "For comparison, health visitors in post in the county, March 2010: 80 WTE (County workforce return, "
        "March 2010); this plan needs 83.0 WTE, 3.0 more." in table
    )
    markdown = run_cli("plan", case.scenario, "--format", "md").stdout
    assert "For comparison, health visitors in post in the county" in markdown


def test_a_scenario_without_comparison_reads_as_before(case):
    text = run_cli("plan", case.scenario).stdout
    assert "For comparison" not in text and "Comparison" not in text


def test_a_bad_comparison_names_the_key(case):
    case.write("scenario.yaml", SCENARIO_TEXT + "comparison:\n  value: -5\n  label: x\n")
    before = case.snapshot()
    result = run_cli("validate", case.scenario)
    assert result.exit_code == 2
    assert "comparison.value" in result.stderr and "comparison.source" in result.stderr
    assert case.snapshot() == before
