"""Bounds families (no cuts, keep a share, recruitment limits, posts added and removed) and priority."""

import json

import pytest

from optimiser.errors import ExitCode
from tests.conftest import SCENARIO_TEXT, run_cli
from tests.golden_data import TABLE_1

COST = 38_323
CAP = 400
# Illustrative priorities (not data): higher means the locality's shortfall matters more.
PRIORITY = {"CHW": 5.0, "NWL": 4.0, "HB": 3.0, "MR": 2.0, "SLH": 1.0}


def plan_json(case, *args) -> dict:
    result = run_cli("plan", case.scenario, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def rows(data: dict) -> dict[str, dict]:
    return {row["name"]: row for row in data["localities"]}


def test_no_cuts_keeps_every_locality_at_or_above_its_in_post(case):
    """At cap 450 min-cost would cut NWL, HB and SLH; with no_cuts none goes below its in post."""
    case.write("scenario.yaml", SCENARIO_TEXT.replace("cap: 400", "cap: 450") + "no_cuts: true\n")
    data = plan_json(case)
    for name, (in_post, caseload, _) in TABLE_1.items():
        assert rows(data)[name]["planned_wte"] == pytest.approx(max(in_post, caseload / 450)), name
    assert {"no cuts[NWL]", "no cuts[HB]", "no cuts[SLH]"} <= set(data["binding"])


def test_recruitment_limit_per_locality_and_in_total(case):
    """Max-coverage with today's budget +10%; at most 3 WTE recruited per locality and 3 in all."""
    extra = 'budget: "+10%"\nno_cuts: true\nmax_new_wte_per_locality: 3\nmax_new_wte_total: 3\n'
    case.write("scenario.yaml", SCENARIO_TEXT + extra)
    data = plan_json(case, "--objective", "max-coverage")
    added = [max(0.0, r["change_wte"]) for r in data["localities"]]
    assert max(added) <= 3 + 1e-6 and sum(added) <= 3 + 1e-6
    assert data["totals"]["posts_added"] == pytest.approx(sum(added))
    assert "recruitment[total]" in data["binding"]
    assert not any(
        name.startswith(("posts added", "posts removed", "best coverage")) for name in data["binding"]
    )
    marginal = {m["key"]: m for m in data["marginal"]}
    assert marginal["cap_change_per_budget_step"]["value"] == pytest.approx(0, abs=1e-6)


def test_one_off_costs_are_reported_apart_from_the_budget(case):
    extra = "recruitment_cost: 5000\nremoval_cost: 20000\n"
    case.write("scenario.yaml", SCENARIO_TEXT.replace("cap: 400", "cap: 450") + extra)
    data = plan_json(case)
    gained = sum(max(0.0, c / 450 - p) for p, c, _ in TABLE_1.values())
    lost = sum(max(0.0, p - c / 450) for p, c, _ in TABLE_1.values())
    assert data["totals"]["posts_added"] == pytest.approx(gained)
    assert data["totals"]["posts_removed"] == pytest.approx(lost)
    assert data["totals"]["one_off_cost"] == pytest.approx(gained * 5000 + lost * 20000)
    assert data["totals"]["cost"] == pytest.approx(sum(c for _, c, _ in TABLE_1.values()) / 450 * COST)


def test_priority_fills_the_highest_priority_localities_first(case):
    """One grade, one cost, no floors: a pound cuts shortfall by priority x cap / cost, so the LP
    fills localities to the cap in priority order until the money runs out (worked out here)."""
    lines = ["locality,in_post_wte,caseload,deprivation"]
    lines += [f"{n},{p},{c},{PRIORITY[n]}" for n, (p, c, _) in TABLE_1.items()]
    case.write("localities.csv", "\n".join(lines) + "\n")
    budget = 2_500_000
    case.write("scenario.yaml", SCENARIO_TEXT + f"priority: deprivation\nbudget: {budget}\n")
    data = plan_json(case, "--objective", "priority")
    money, expected = budget / COST, {}
    for name in sorted(TABLE_1, key=lambda n: -PRIORITY[n]):
        expected[name] = min(TABLE_1[name][1] / CAP, money)
        money -= expected[name]
    for name, wte in expected.items():
        assert rows(data)[name]["planned_wte"] == pytest.approx(wte, rel=1e-6, abs=1e-5), name
    first_short = next(n for n in expected if expected[n] < TABLE_1[n][1] / CAP - 1e-9)
    goes_to = [m for m in data["marginal"] if m["key"] == "next_budget_step"]
    assert [(m["locality"], m["unit"]) for m in goes_to] == [(first_short, "WTE per £10,000")]
    assert goes_to[0]["value"] == pytest.approx(10_000 / COST, rel=1e-6)


def test_priority_prints_where_the_next_pound_goes(case):
    lines = ["locality,in_post_wte,caseload,deprivation"]
    lines += [f"{n},{p},{c},{PRIORITY[n]}" for n, (p, c, _) in TABLE_1.items()]
    case.write("localities.csv", "\n".join(lines) + "\n")
    case.write("scenario.yaml", SCENARIO_TEXT + "priority: deprivation\nno_cuts: true\nbudget: 3000000\n")
    result = run_cli("plan", case.scenario, "--objective", "priority")
    assert result.exit_code == ExitCode.OK, result.stderr
    # no cuts: the 3,000,000 - 75.17 x cost left over all goes to CHW (priority 5), which stays short of
    # 7240 / 400 WTE; the next £10k tops CHW up to the cap and the rest goes to NWL (priority 4)
    chw_short = 7240 / CAP - 14.86 - (3_000_000 / COST - 75.17)
    step = 10_000 / COST
    expected = f"would go to CHW (+{chw_short:.2f} WTE), then NWL (+{step - chw_short:.2f} WTE)"
    assert expected in result.stdout


def test_a_ceiling_crossed_within_the_budget_step_is_reported_from_a_re_solve(case):
    """CHW's even-spread plan at the 8% budget is 7240 / 480.3 = 15.07 WTE; a ceiling of 15.1
    starts to bind within the next £10,000, so the dual price would overstate that step."""
    lines = ["locality,in_post_wte,caseload,ceiling_wte"]
    lines += [f"{n},{p},{c},{15.1 if n == 'CHW' else ''}" for n, (p, c, _) in TABLE_1.items()]
    case.write("localities.csv", "\n".join(lines) + "\n")
    case.write("scenario.yaml", SCENARIO_TEXT.replace("min-cost", "max-coverage") + 'budget: "-8%"\n')
    result = run_cli("plan", case.scenario)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert "lowers the best achievable cap by" in result.stdout
    assert "(by re-solving: the dual price changes within the step" in result.stdout
