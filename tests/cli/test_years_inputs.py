"""Several years, bad and awkward input (issue 20, class 3): every ordinary input a horizon cannot plan
is refused with exit 2 by both `validate` and `years`, naming the place and what is accepted; none
reaches the solver (exit 4) or an internal error (exit 1). What was planned is what the assumptions say.
"""

from pathlib import Path

import pytest

from optimiser.planning.years_pipeline import plan_years
from tests.conftest import run_cli

MODEL = "name: count\ncase_unit: children\nstaff_title: health visitor\n"
FIFTY = "[" + ", ".join(f"Y{i}" for i in range(50)) + "]"


def _scenario(folder: Path, localities: str, extra: str) -> Path:
    (folder / "model.yaml").write_text(MODEL)
    (folder / "localities.csv").write_text(localities)
    scenario = folder / "s.yaml"
    scenario.write_text(
        "name: horizon\nmodel: model.yaml\nlocalities: localities.csv\ncap: 400\ncost_per_wte: 40000\n"
        + extra
    )
    return scenario


def _both_refuse(scenario: Path) -> str:
    """`validate` and `years` both exit 2 with the same message and no traceback; the message."""
    checked, planned = run_cli("validate", scenario), run_cli("years", scenario)
    assert (checked.exit_code, planned.exit_code) == (2, 2), (checked.stderr, planned.stderr)
    assert "Traceback" not in planned.stderr + checked.stderr
    assert planned.stderr.strip() in checked.stderr + checked.stdout
    return planned.stderr


CASES = {
    "in post not known": (
        "locality,in_post_wte,caseload\nA,,4000\nB,3,2000\n",
        "horizon:\n  years: [Y1, Y2]\n",
        [
            "column 'in_post_wte', line 2 ('A')",
            "is blank (not known) in 1 of 2 rows",
            "starts from the WTE in post",
        ],
    ),
    "50 years of 10-fold growth": (
        "locality,in_post_wte,caseload\nA,8,4000\n",
        f"horizon:\n  years: {FIFTY}\n  caseload_growth: 10\n",
        # 4,000 x 11^8 = 857,435,524,000 children need 2.14e9 WTE at 400: the first year past 1e9 WTE
        [
            "line 8, key 'horizon.caseload_growth'",
            "Y8's weighted caseload in locality 'A' 8.57436e+11",
            "from 1e-06 weighted children to what 1,000,000,000 WTE hold at the cap (4e+11)",
        ],
    ),
    "caseloads shrinking to nothing": (
        "locality,in_post_wte,caseload\nA,8,4000\n",
        f"horizon:\n  years: {FIFTY}\n  caseload_growth: -0.99\n",
        # 4,000 x 0.01^5 = 4e-7, below the 1e-6 a locality file accepts
        ["key 'horizon.caseload_growth'", "Y5's weighted caseload in locality 'A' 4e-07"],
    ),
    "a year's caseload column too small": (
        "locality,in_post_wte,caseload,caseload:Y2\nA,8,4000,1e-300\n",
        "horizon:\n  years: [Y1, Y2]\n",
        ["caseload:<year> columns", "Y2's weighted caseload in locality 'A' 1e-300"],
    ),
    "budgets compounding past 1e12": (
        "locality,in_post_wte,caseload\nA,8,4000\n",
        "objective: max-coverage\nhorizon:\n  years: [Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7]\n"
        "  budgets: [" + ", ".join(["+1000%"] * 8) + "]\n",
        # today 8 x £40,000 = £320,000, x 11 a year: Y6's is 320,000 x 11^7 = £6.24e12
        ["key 'horizon.budgets'", "Y6's budget £6.23589e+12", "at most £1,000,000,000,000"],
    ),
    "max-coverage with no caseload in any year": (
        "locality,in_post_wte,caseload\nA,8,0\nB,2,0\n",
        "objective: max-coverage\nbudget: 500000\nhorizon:\n  years: [Y1, Y2]\n",
        ["every locality's weighted caseload is 0 in every year"],
    ),
    "confidence": (
        "locality,in_post_wte,caseload\nA,8,4000\n",
        "uncertainty:\n  distribution: uniform\n  relative: 0.1\nconfidence: 0.9\n"
        "horizon:\n  years: [Y1, Y2]\n",
        ["line 9, key 'confidence'", "line 6, key 'uncertainty'", "would be ignored"],
    ),
    "uncertainty alone": (
        "locality,in_post_wte,caseload\nA,8,4000\n",
        "uncertainty:\n  distribution: uniform\n  relative: 0.1\nhorizon:\n  years: [Y1, Y2]\n",
        ["key 'uncertainty'", "no uncertainty in a horizon scenario"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_refused_by_validate_and_years_alike(tmp_path, name):
    localities, extra, said = CASES[name]
    message = _both_refuse(_scenario(tmp_path, localities, extra))
    for part in said:
        assert part in message, (part, message)


def test_growth_within_range_still_plans(tmp_path):
    """Seven years of 10-fold growth stay in range (4,000 x 11^6 needs 1.8e7 WTE): planned, not refused."""
    scenario = _scenario(
        tmp_path,
        "locality,in_post_wte,caseload\nA,8,4000\n",
        "horizon:\n  years: [Y0, Y1, Y2, Y3, Y4, Y5, Y6]\n  caseload_growth: 10\n",
    )
    result = plan_years(scenario)
    assert result.by_year.loc["Y6", "required_wte"] == pytest.approx(4000 * 11**6 / 400)


@pytest.mark.parametrize(
    ("growth", "cells", "said"),
    [
        # North from its column; South grown 10% a year: 1 locality-year grown
        (
            "caseload_growth: 0.1",
            "4400,",
            "'caseload:Y2' where they give a figure; the other 1 locality-years",
        ),
        (
            "caseload_growth: 0.1",
            "4400,2200",
            "in every later year; the growth (+10.0% a year) applies to none",
        ),
        (
            "caseload_growth_column: growth",
            "4400,",
            "grown from the locality file's caseload by locality column 'growth'",
        ),
    ],
)
def test_growth_and_caseload_columns_together_are_stated_as_planned(tmp_path, growth, cells, said):
    """With both, each later locality-year takes its column's figure where there is one and is grown
    otherwise (South: 2,000 x 1.1 = 2,200 children either way here); the assumptions say which."""
    north, south = cells.split(",")
    column, rate = (",growth", ",0.1") if "column" in growth else ("", "")
    scenario = _scenario(
        tmp_path,
        f"locality,in_post_wte,caseload,caseload:Y2{column}\nNorth,8,4000,{north}{rate}\n"
        f"South,5,2000,{south}{rate}\n",
        f"horizon:\n  years: [Y1, Y2]\n  {growth}\n",
    )
    checked = run_cli("validate", scenario)
    assert checked.exit_code == 0, checked.stderr
    result = plan_years(scenario)
    assert result.localities.loc[("North", "Y2"), "weighted_caseload"] == pytest.approx(4400)
    assert result.localities.loc[("South", "Y2"), "weighted_caseload"] == pytest.approx(2200)
    assert said in dict(result.assumptions)["Caseload by year"]


def test_caseload_columns_are_what_the_assumptions_state(tmp_path):
    """Y2 from its column (4,400 children, 11.0 WTE); Y3 has no column, so the file's 4,000 (10.0 WTE);
    the assumptions name the columns, and no growth rate."""
    scenario = _scenario(
        tmp_path,
        "locality,in_post_wte,caseload,caseload:Y2\nA,8,4000,4400\n",
        "horizon:\n  years: [Y1, Y2, Y3]\n",
    )
    result = plan_years(scenario)
    assert result.by_year.loc["Y2", "planned_wte"] == pytest.approx(11.0)
    assert result.by_year.loc["Y3", "planned_wte"] == pytest.approx(10.0)
    said = dict(result.assumptions)
    assert "'caseload:Y2'" in said["Caseload by year"]
    assert "Caseload growth" not in said
