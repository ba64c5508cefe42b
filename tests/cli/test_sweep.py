"""Sweeps: closed forms on the LCR data, warm re-solves against fresh plans, bad ranges, formats."""

import json

import pytest

from tests.conftest import EXAMPLE, ROOT, run_cli

TOTAL_CASELOAD = 7240 + 5133 + 5323 + 5159 + 10362  # seed 001, Table 1
IN_POST = 14.86 + 12.00 + 12.98 + 9.81 + 25.52
COST = 38323  # PSSRU 2010 band 6


def _points(*args: str) -> list[dict]:
    result = run_cli("sweep", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["points"]


def test_cap_sweep_cost_is_the_closed_form():
    points = _points(str(EXAMPLE), "--cap", "250:450:50")
    assert [p["cap"] for p in points] == [250, 300, 350, 400, 450]
    for p in points:
        assert p["status"] == "meets cap"
        assert p["cost"] == pytest.approx(TOTAL_CASELOAD / p["cap"] * COST, rel=1e-9, abs=0.005)
        assert p["change_wte"] == pytest.approx(TOTAL_CASELOAD / p["cap"] - IN_POST, rel=1e-9)


def test_budget_sweep_best_cap_is_the_closed_form():
    today = IN_POST * COST
    points = _points(str(EXAMPLE), "--budget", "-20%:0%:5%")
    assert len(points) == 5
    for p, change in zip(points, (-20, -15, -10, -5, 0), strict=True):
        budget = today * (1 + change / 100)
        assert p["budget"] == pytest.approx(budget)
        assert p["achievable_cap"] == pytest.approx(TOTAL_CASELOAD / (budget / COST), abs=0.05)
        assert p["status"] == "budget-limited"  # every budget here is below the £3.18m the 400 cap costs
        assert p["cost"] <= budget * (1 + 1e-7)


def test_grid_status_follows_the_achievable_cap():
    points = _points(str(EXAMPLE), "--cap", "400:500:20", "--budget", "2600000:3200000:200000")
    assert len(points) == 6 * 4
    for p in points:
        if p["status"] == "meets cap":
            assert p["cap"] >= p["achievable_cap"] - 1e-6 and p["cost"] <= p["budget"] * (1 + 1e-7)
        else:
            assert p["status"] == "budget-limited" and p["cap"] < p["achievable_cap"]
            assert p["worst_load_per_wte"] == pytest.approx(p["achievable_cap"], rel=1e-6)


@pytest.mark.parametrize(
    "example",
    ["examples/health-visiting/lcr-2010-weighted.yaml", "examples/community-matrons/matrons.yaml"],
)
def test_warm_re_solves_match_fresh_plans(example):
    """Grades, minimum shares and high-risk rows change with the cap: each point must equal a fresh plan."""
    caps = "300:420:60" if "health" in example else "40:70:15"
    points = _points(str(ROOT / example), "--cap", caps)  # one sweep: the later points are warm re-solves
    assert len(points) == 3
    by_cap = {p["cap"]: p for p in points}
    for cap in sorted(by_cap):
        fresh = run_cli("plan", ROOT / example, "--cap", str(cap), "--format", "json")
        assert fresh.exit_code == 0, fresh.stderr
        plan = json.loads(fresh.stdout)
        assert by_cap[cap]["cost"] == pytest.approx(plan["totals"]["cost"], rel=1e-7)
        assert by_cap[cap]["planned_wte"] == pytest.approx(plan["totals"]["planned_wte"], rel=1e-6)


def test_two_processes_give_the_same_rows():
    one = run_cli("sweep", EXAMPLE, "--cap", "250:450:5", "--format", "csv", "--jobs", "1").stdout
    two = run_cli("sweep", EXAMPLE, "--cap", "250:450:5", "--format", "csv", "--jobs", "2").stdout
    assert one == two and len(one.splitlines()) == 42


def test_formats_and_frontier():
    data = json.loads(run_cli("sweep", EXAMPLE, "--cap", "300:400:50", "--format", "json").stdout)
    assert [f["cap"] for f in data["frontier"]] == [300, 350, 400]
    md = run_cli("sweep", EXAMPLE, "--cap", "300:400:50", "--format", "md").stdout
    assert md.startswith("## Sweep:") and "| 350 |" in md
    csv = run_cli("sweep", EXAMPLE, "--cap", "300:400:50", "--format", "csv").stdout.splitlines()
    assert csv[0] == "cap,budget,status,planned_wte,change_wte,cost,worst_load_per_wte,achievable_cap"
    assert csv[1].startswith("300.0,,meets cap,")
    table = run_cli("sweep", EXAMPLE, "--cap", "300:400:50").stdout
    assert "Sweep: LCR 2010" in table and "£4,243,250" in table


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--cap", "450:250:10"), ["--cap", "backwards"]),
        (("--cap", "250:450:0"), ["--cap", "step", "above 0"]),
        (("--cap", "250:450"), ["--cap", "not a range"]),
        (("--cap", "0:100:10"), ["--cap", "a cap of 0"]),
        (("--cap", "abc"), ["--cap", "not a range"]),
        (("--budget", "-100%:0%:10%"), ["--budget", "-100%"]),
        (("--budget", "-5:10:5"), ["--budget", "0 or more"]),
        (("--cap", "1:200001:1"), ["200,001 points", "--yes"]),
    ],
)
def test_bad_ranges_are_refused(args, words):
    result = run_cli("sweep", EXAMPLE, *args)
    assert result.exit_code == 2, result.stdout
    for word in words:
        assert word in result.stderr
    assert "Traceback" not in result.stderr
