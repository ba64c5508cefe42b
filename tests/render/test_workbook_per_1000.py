"""WTE per 1,000 cases in the plan's JSON and CSV (issue #11, item 5: the Institute of Health
Visiting's floor is 3 WTE per 1,000 children): the unweighted caseload as the locality file gives
it, and planned and in-post WTE per 1,000 of it, per locality and in total, worked out here from
the input files."""

import csv
import io

import pytest
import yaml

from tests.workbook_calc import ROOT, cli, plan_json

APPENDIX3 = ROOT / "examples" / "lcr-2010" / "appendix3.yaml"
WEIGHTED = ROOT / "examples" / "health-visiting" / "lcr-2010-weighted.yaml"
FLOOR = ROOT / "examples" / "england" / "floor-3-per-1000.yaml"


def _rows(path) -> dict[str, dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["locality"]: row for row in csv.DictReader(lines)}


def test_per_1000_of_the_count_in_the_file():
    rows = _rows(ROOT / "inputs" / "lcr-2010" / "table1-jan-2010.csv")
    plan = plan_json(APPENDIX3)
    for locality in plan["localities"]:
        given = rows[locality["name"]]
        cases, in_post = float(given["caseload"]), float(given["in_post_wte"])
        assert locality["caseload"] == cases
        assert locality["planned_wte_per_1000"] == pytest.approx(
            locality["planned_wte"] / cases * 1000, abs=1e-9
        )
        assert locality["in_post_wte_per_1000"] == pytest.approx(in_post / cases * 1000, abs=1e-9)
        assert locality["planned_wte_per_1000"] == pytest.approx(1000 / 400, abs=1e-9)  # the cap, unweighted
    cases = sum(float(r["caseload"]) for r in rows.values())
    in_post = sum(float(r["in_post_wte"]) for r in rows.values())
    totals = plan["totals"]
    assert totals["caseload"] == cases == 33217
    assert totals["in_post_wte_per_1000"] == pytest.approx(in_post / cases * 1000, abs=1e-9)
    assert totals["planned_wte_per_1000"] == pytest.approx(totals["planned_wte"] / cases * 1000, abs=1e-9)


def test_cases_are_the_category_counts_unweighted():
    scenario = yaml.safe_load(WEIGHTED.read_text(encoding="utf-8"))
    model = yaml.safe_load((ROOT / "models" / f"{scenario['model']}.yaml").read_text(encoding="utf-8"))
    categories = [c["name"] for c in model["categories"]]
    rows = _rows(WEIGHTED.parent / scenario["localities"])
    for locality in plan_json(WEIGHTED)["localities"]:
        cases = sum(float(rows[locality["name"]][c]) for c in categories)
        assert locality["caseload"] == cases and cases != locality["weighted_caseload"]
        # every grade counts: health visitors and nursery nurses together
        planned = sum(g["planned_wte"] for g in locality["grades"])
        assert locality["planned_wte_per_1000"] == pytest.approx(planned / cases * 1000, abs=1e-8)


def test_the_ihv_floor_of_3_per_1000_and_in_post_not_known():
    plan = plan_json(FLOOR)  # cap 333.33 children per WTE, counting every child once
    for locality in plan["localities"]:
        assert locality["planned_wte_per_1000"] == pytest.approx(1000 / 333.33, abs=1e-9)
        assert locality["in_post_wte_per_1000"] is None  # in post is not published
    assert plan["totals"]["planned_wte_per_1000"] == pytest.approx(1000 / 333.33, abs=1e-9)
    assert plan["totals"]["in_post_wte_per_1000"] is None


def test_csv_carries_the_same_columns_and_total_row():
    text = cli("plan", APPENDIX3, "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(text)))
    assert {"caseload", "planned_wte_per_1000", "in_post_wte_per_1000"} <= set(table[0])
    total = table[-1]
    assert total["locality"] == "Total"
    assert float(total["planned_wte_per_1000"]) == pytest.approx(
        float(total["planned_wte"]) / float(total["caseload"]) * 1000, abs=1e-8
    )
    rows = _rows(ROOT / "inputs" / "lcr-2010" / "table1-jan-2010.csv")
    for row in table[:-1]:
        given = rows[row["locality"]]
        expected = float(given["in_post_wte"]) / float(given["caseload"]) * 1000
        assert float(row["in_post_wte_per_1000"]) == pytest.approx(expected, abs=1e-8)
