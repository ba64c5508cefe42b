"""A model whose weights and multipliers are all 1, with no time off the cap, is the identity."""

import json

import pytest

from tests.conftest import run_cli

UNIT_MODEL = """\
name: every weight 1
case_unit: children
categories:
  - {name: younger, weight: 1}
  - {name: older, weight: 1}
deprivation: {name: deprivation, column: imd_score, linear: {intercept: 1, slope: 0}}
non_clinical_percent: 0
headroom_percent: 0
"""

# Seed 001 Table 1 caseloads, split arbitrarily into two categories, with IMD 2019 scores.
ROWS = {"CHW": (3000, 4240, 13.238), "NWL": (2133, 3000, 14.573), "MR": (159, 5000, 10.783)}
IN_POST = {"CHW": 14.86, "NWL": 12.00, "MR": 9.81}


def test_unit_weights_reproduce_the_plain_count(case):
    case.write("model.yaml", UNIT_MODEL)
    lines = ["locality,in_post_wte,younger,older,imd_score"]
    lines += [f"{n},{IN_POST[n]},{a},{b},{s}" for n, (a, b, s) in ROWS.items()]
    case.write("localities.csv", "\n".join(lines) + "\n")
    result = run_cli("plan", case.scenario, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {r["name"]: r for r in json.loads(result.stdout)["localities"]}
    # Appendix 3: CHW 7240 / 400 = 18.1, NWL 5133 / 400 = 12.8325, MR 5159 / 400 = 12.8975.
    assert rows["CHW"]["planned_wte"] == pytest.approx(18.1, rel=1e-12)
    assert rows["NWL"]["planned_wte"] == pytest.approx(12.8325, rel=1e-12)
    assert rows["MR"]["planned_wte"] == pytest.approx(12.8975, rel=1e-12)
    assert rows["CHW"]["cost_change"] == pytest.approx((18.1 - 14.86) * 38323, rel=1e-9)
