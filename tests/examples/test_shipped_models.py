"""Each shipped model runs from its example, and one locality's weighted caseload checks by hand."""

import csv
import io

import pytest

from tests.conftest import ROOT, plan_json, run_cli

HEALTH_VISITING = ROOT / "examples" / "health-visiting" / "lcr-2010-weighted.yaml"
LINK_WORKERS = ROOT / "examples" / "link-workers" / "pcn-link-workers.yaml"
MATRONS = ROOT / "examples" / "community-matrons" / "matrons.yaml"
LINK_WORKERS_SHORT = ROOT / "examples" / "link-workers" / "pcn-link-workers-short-episodes.yaml"
CYP = ROOT / "examples" / "cyp-link-workers" / "leicestershire.yaml"
EXAMPLES = (HEALTH_VISITING, LINK_WORKERS, MATRONS, LINK_WORKERS_SHORT, CYP)
ENGLAND = tuple(sorted((ROOT / "examples" / "england").glob("*.yaml")))
"""Run by tests/test_england_examples.py once the reader accepts the England file's blank in post."""


def explain_rows(scenario) -> dict[str, dict[str, float]]:
    result = run_cli("explain", scenario, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = csv.DictReader(io.StringIO(result.stdout))
    return {row["locality"]: {k: float(v) for k, v in row.items() if k != "locality"} for row in rows}


@pytest.mark.parametrize("scenario", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json"])
def test_every_example_plans_and_explains(scenario, fmt):
    for command in ("plan", "explain"):
        result = run_cli(command, scenario, "--format", fmt)
        assert result.exit_code == 0, (command, result.stderr)
        assert result.stdout.strip()


def test_every_model_file_has_an_example():
    models = {p.stem for p in (ROOT / "models").glob("*.yaml")}
    used = [p.read_text(encoding="utf-8") for p in (*EXAMPLES, *ENGLAND)]
    for name in models - {"health-visiting-count"}:
        assert any(f"\nmodel: {name}\n" in text for text in used), name


def test_health_visiting_chw_by_hand():
    """CHW: tier counts x tag points, times 0.8 + 0.02 x IMD score 13.238 (Charnwood)."""
    category_weighted = 6589 * 1 + 434 * 3 + 145 * 4 + 72 * 5  # 8,831
    multiplier = 0.8 + 0.02 * 13.238  # 1.06476
    weighted = category_weighted * multiplier  # 9,402.9
    capacity = 400 / 1.22  # a 22% headroom uplift: 327.87 children per WTE
    row = explain_rows(HEALTH_VISITING)["CHW"]
    assert row["raw caseload"] == 7240
    assert row["category-weighted"] == 8831
    assert row["deprivation multiplier"] == pytest.approx(multiplier, rel=1e-12, abs=5e-10)
    assert row["weighted caseload"] == pytest.approx(weighted, rel=1e-12, abs=5e-10)
    assert row["capacity per WTE"] == pytest.approx(capacity, rel=1e-12, abs=5e-10)
    assert row["required WTE"] == pytest.approx(weighted / capacity, rel=1e-12, abs=5e-10)


def test_link_workers_north_pcn_by_hand():
    """North PCN: traffic-light weights, quintile-count deprivation, 3-month episodes, admin day."""
    category_weighted = 300 * 1 + 120 * 1.5 + 60 * 2  # 600 referrals a year, weighted
    multiplier = (200 * 1.2 + 100 * 1.1 + (80 + 60 + 40) * 1.0) / 480  # 530 / 480
    at_once = category_weighted * multiplier * 3 / 12  # 165.625 people held at once
    capacity = 62.5 * (1 - 0.20)  # 250 a year x 3 / 12, less an admin day a week: 50
    row = explain_rows(LINK_WORKERS)["North PCN"]
    assert row["deprivation multiplier"] == pytest.approx(multiplier, rel=1e-12, abs=5e-10)
    assert row["episode months / 12"] == 0.25
    assert row["weighted caseload"] == pytest.approx(at_once, rel=1e-12, abs=5e-10)
    assert at_once == pytest.approx(165.625)
    assert row["capacity per WTE"] == pytest.approx(capacity, rel=1e-12, abs=5e-10)
    plan = {r["name"]: r for r in plan_json(LINK_WORKERS)["localities"]}
    assert plan["North PCN"]["planned_wte"] == pytest.approx(at_once / capacity, rel=1e-9)


def test_community_matrons_coast_by_hand():
    """Coast: decile 4 (x1.05) and 40% rural (x1.05); matron capacity 50 x 0.85 / 1.22."""
    weighted = (150 * 1 + 10 * 1.5) * 1.05 * 1.05  # 181.9125
    capacity = 50 * (1 - 0.15) / (1 + 0.22)
    row = explain_rows(MATRONS)["Coast"]
    assert row["multiplier"] == pytest.approx(1.05 * 1.05, rel=1e-12, abs=5e-10)
    assert row["weighted caseload"] == pytest.approx(weighted, rel=1e-12, abs=5e-10)
    assert row["high-risk weighted"] == pytest.approx(10 * 1.5 * 1.05 * 1.05, rel=1e-12, abs=5e-10)
    plan = {r["name"]: r for r in plan_json(MATRONS)["localities"]}
    assert plan["Coast"]["planned_wte"] == pytest.approx(weighted / capacity, rel=1e-9)


def test_community_matrons_town_is_set_by_the_high_risk_limit():
    """Town's 20 high-risk patients (x1.5, x1.1 deprivation) need more matrons than its caseload."""
    capacity = 50 * (1 - 0.15) / (1 + 0.22)
    for_cap = (100 + 20 * 1.5) * 1.1 / capacity  # 4.10 WTE
    for_high_risk = 20 * 1.5 * 1.1 / (0.15 * capacity)  # 6.32 WTE
    assert for_high_risk > for_cap
    result = plan_json(MATRONS)
    town = next(r for r in result["localities"] if r["name"] == "Town")
    assert town["planned_wte"] == pytest.approx(for_high_risk, rel=1e-9)
    assert "high risk[Town]" in result["binding"]
    assert "cap cover[Town]" not in result["binding"]
    assert "high risk[Coast]" not in result["binding"]


def test_link_worker_episode_lengths_are_both_sourced_and_differ_by_throughput():
    """3-month episodes (250 a year, 62.5 at once less an admin day: 200 a year per WTE) against
    1.6-month episodes (243 a year, 32.5 at once, admin day inside: 243.75 a year per WTE)."""
    three, short = plan_json(LINK_WORKERS), plan_json(LINK_WORKERS_SHORT)
    ratio = three["totals"]["planned_wte"] / short["totals"]["planned_wte"]
    assert ratio == pytest.approx((32.5 * 12 / 1.6) / (62.5 * 12 / 3 * 0.8), rel=1e-9)
    for data in (three, short):
        sources = {a["label"]: a["source"] for a in data["assumptions"]}
        assert sources["Cap"] and sources["Caseload basis"], sources
    north = explain_rows(LINK_WORKERS_SHORT)["North PCN"]
    assert north["capacity per WTE"] == 32.5
    assert north["episode months / 12"] == pytest.approx(1.6 / 12, abs=1e-9)


def test_cyp_link_workers_for_leicestershire_by_hand():
    """1,702 referrals a year: 109,105 aged 5-17 (from the England 5-17 file) x 900,000 / 57,690,323,
    split 60/30/10 green/amber/red; weighted 1, 1.5, 2; x 3/12 at once; one WTE holds 50 x 0.8."""
    rows = [
        line.split(",")
        for line in (ROOT / "inputs" / "england" / "utla-population-5-17-mid2023.csv")
        .read_text()
        .splitlines()
        if line.startswith("Leicestershire,")
    ]
    population = int(rows[0][2])
    referrals = round(population * 900_000 / 57_690_323)
    assert (population, referrals) == (109_105, 1_702)
    green, amber, red = 1021, 511, 170
    assert green + amber + red == referrals
    at_once = (green * 1 + amber * 1.5 + red * 2) * 3 / 12
    capacity = 50 * (1 - 0.20)
    data = plan_json(CYP)
    assert data["totals"]["in_post_wte"] == 0
    assert data["totals"]["planned_wte"] == pytest.approx(at_once / capacity, rel=1e-9)
    assert data["totals"]["cost"] == pytest.approx(at_once / capacity * 42_575, abs=0.01)
    sources = {a["label"]: a["source"] for a in data["assumptions"]}
    for label in (
        "Cap",
        "Cost per WTE",
        "Locality data",
        "Case weights",
        "Time off the cap",
        "Caseload basis",
    ):
        assert sources[label], label
    assert "ILLUSTRATIVE" in sources["Cap"] and "ILLUSTRATIVE" in sources["Locality data"]
