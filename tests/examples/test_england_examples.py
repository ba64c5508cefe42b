"""The England examples (issue 14): what the Institute of Health Visiting's caps need across England's
153 upper-tier authorities, unweighted and weighted by IMD 2025 deprivation, costed, with the
national in-post figure as a stated comparison and every change column "not known".

Two sets of tests. Those on the real files (`examples/england/*.yaml`) skip, saying why, only while
the locality reader refuses a blank `in_post_wte` or the `area_code` column; they run once it
accepts them. Those on a working copy of the children file (in post 0, no area_code) run now and
check the same closed forms, so the examples' arithmetic is tested either way. Expected figures are
computed here from the CSV, never taken from the tool.
"""

import csv
import io
import json
import math
import re
from fractions import Fraction
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.england_loads import ROWS, TOTAL_CHILDREN, needs_england_file

ENGLAND = ROOT / "examples" / "england"
CAPS = {"ihv-250": 250, "floor-3-per-1000": 333.33, "cap-400": 400}
COST_PER_WTE = 52067
COMPARISON = 6688
SCENARIOS = sorted(p for p in ENGLAND.glob("*.yaml") if "\noptions:" not in p.read_text(encoding="utf-8"))


def _plan(scenario: Path, *args: str) -> dict:
    result = run_cli("plan", scenario, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_data_is_what_the_examples_say():
    assert len(ROWS) == 153
    assert TOTAL_CHILDREN == 3_064_637
    assert all(r["in_post_wte"] == "" for r in ROWS)  # not published, so not invented


@pytest.mark.parametrize(("stem", "cap"), CAPS.items())
def test_unweighted_england_is_children_over_the_cap(stem, cap, working_copy):
    """Closed form: total children / cap (3,064,637 / 250 = 12,258.5 WTE), to 0.1 WTE, costed."""
    totals = _plan(working_copy / f"{stem}.yaml")["totals"]
    assert abs(totals["planned_wte"] - TOTAL_CHILDREN / cap) <= 0.1
    assert totals["planned_wte"] == pytest.approx(TOTAL_CHILDREN / cap, rel=1e-9)
    assert totals["cost"] == pytest.approx(TOTAL_CHILDREN / cap * COST_PER_WTE, abs=0.01)


def test_the_ihv_250_headline(working_copy):
    totals = _plan(working_copy / "ihv-250.yaml")["totals"]
    assert round(totals["planned_wte"], 1) == 12_258.5
    assert round(totals["cost"]) == 638_265_819


@pytest.mark.parametrize(("stem", "cap"), CAPS.items())
def test_weighting_moves_staff_but_keeps_englands_total(stem, cap, working_copy):
    """The deprivation multiplier is normalised so England's child-weighted mean is 1: the national
    total matches the unweighted plan, and more deprived authorities get more per child."""
    plain = _plan(working_copy / f"{stem}.yaml")
    weighted = _plan(working_copy / f"{stem}-imd2025.yaml")
    assert weighted["totals"]["weighted_caseload"] == pytest.approx(TOTAL_CHILDREN, rel=1e-12)
    assert abs(weighted["totals"]["planned_wte"] - plain["totals"]["planned_wte"]) <= 1e-6
    score = {r["locality"]: float(r["deprivation"]) for r in ROWS}
    children = {r["locality"]: int(r["caseload"]) for r in ROWS}
    mean = sum(Fraction(children[n]) * Fraction(r["deprivation"]) for r in ROWS for n in [r["locality"]])
    mean /= TOTAL_CHILDREN
    for row in weighted["localities"]:
        name = row["name"]
        multiplier = 1 + 0.02 * (score[name] - float(mean))
        assert row["planned_wte"] == pytest.approx(children[name] * multiplier / cap, rel=1e-9, abs=1e-8)
    by_name = {r["name"]: r for r in weighted["localities"]}
    plain_by_name = {r["name"]: r for r in plain["localities"]}
    most, least = max(score, key=score.get), min(score, key=score.get)
    assert by_name[most]["planned_wte"] > plain_by_name[most]["planned_wte"]
    assert by_name[least]["planned_wte"] < plain_by_name[least]["planned_wte"]


def test_every_figure_names_its_source(working_copy):
    """Cap, cost per WTE, locality data, deprivation and the comparison each carry a source."""
    for scenario in sorted(working_copy.glob("*.yaml")):
        if "\noptions:" in scenario.read_text(encoding="utf-8"):
            continue
        assumptions = {a["label"]: a for a in _plan(scenario)["assumptions"]}
        needed = ["Cap", "Cost per WTE", "Locality data", "Comparison (not used by the plan)"]
        if "imd2025" in scenario.name:
            needed.append("Multiplier: deprivation")
        for label in needed:
            assert assumptions[label]["source"].strip(), (scenario.name, label)
        comparison = assumptions["Comparison (not used by the plan)"]
        assert "6,688 FTE" in comparison["value"]
        assert (
            "NHS England" in comparison["source"] and "Institute of Health Visiting" in comparison["source"]
        )
        assert "£40,823" in assumptions["Cost per WTE"]["source"]


def test_the_comparison_is_stated_nationally_never_by_locality(working_copy):
    result = run_cli("plan", working_copy / "ihv-250.yaml")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "For comparison, health visitors in post in England, April 2023: 6,688 FTE (NHS England" in text
    assert "this plan needs 12,258.5 WTE, 5,570.5 more." in text
    assert "6,688" not in result.stdout.split("Total")[0]  # not in any locality's row


def test_the_terminal_shows_top_and_bottom_at_national_scale(working_copy):
    result = run_cli("plan", working_copy / "ihv-250.yaml")
    lines = result.stdout.splitlines()
    rows = [line for line in lines if line.startswith("│")]
    assert len(rows) == 10 + 1 + 10 + 1  # top, "… 133 more", bottom, total
    assert "… 133 more" in rows[10]
    names = [row.split("│")[1].strip() for row in rows]
    assert names[0] == "Kent" and names[20] == "Isles of Scilly" and names[-1] == "Total"
    wte = [float(row.split("│")[5].replace(",", "")) for i, row in enumerate(rows) if i not in (10, 21)]
    assert wte == sorted(wte, reverse=True)
    assert "--format csv or --format json" in " ".join(lines)
    assert "12,258.5" in rows[-1]  # the total is over every locality


def test_csv_and_json_have_every_locality(working_copy):
    result = run_cli("plan", working_copy / "ihv-250.yaml", "--format", "csv")
    assert len(result.stdout.splitlines()) == 1 + 153 + 1
    assert len(_plan(working_copy / "ihv-250.yaml")["localities"]) == 153


# On the real files: they light up once the reader accepts a blank in_post_wte and area_code.


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_real_example_plans_in_every_format(scenario):
    needs_england_file()
    for fmt in ("table", "md", "csv", "json"):
        result = run_cli("plan", scenario, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)


def test_real_unweighted_england_at_250_is_children_over_250_to_a_tenth():
    needs_england_file()
    totals = _plan(ENGLAND / "ihv-250.yaml")["totals"]
    assert abs(totals["planned_wte"] - TOTAL_CHILDREN / 250) <= 0.1


def test_real_change_columns_are_not_known_in_every_format():
    needs_england_file()
    scenario = ENGLAND / "ihv-250.yaml"
    data = _plan(scenario)
    for row in data["localities"]:
        for key in ("in_post_wte", "change_wte", "cost_change", "load_per_wte_before"):
            assert row[key] is None, (row["name"], key)
    for key in ("in_post_wte", "change_wte", "cost_change", "load_per_wte_before"):
        assert data["totals"][key] is None, key
    table = run_cli("plan", scenario, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    assert all(r["in_post_wte"] == "" and r["change_wte"] == "" and r["cost_change"] == "" for r in rows)
    for fmt in ("table", "md"):
        shown = run_cli("plan", scenario, "--format", fmt).stdout
        assert "not known" in shown
        assert not re.search(r"\bnan\b", shown, re.IGNORECASE)
        assert "For comparison, health visitors in post in England, April 2023: 6,688 FTE" in " ".join(
            shown.split()
        )


def test_real_board_pack_builds(tmp_path):
    needs_england_file()
    result = run_cli("report", ENGLAND / "options.yaml", "-o", tmp_path / "pack")
    assert result.exit_code == 0, result.stderr
    paper = (tmp_path / "pack" / "report.md").read_text("utf-8")
    assert "not known" in paper and not re.search(r"\bnan\b", paper, re.IGNORECASE)
    assert "… 133 more" in paper


def test_no_nan_leaks_into_a_working_copy_plan(working_copy):
    for fmt in ("table", "md"):
        text = run_cli("plan", working_copy / "ihv-250-imd2025.yaml", "--format", fmt).stdout
        assert not re.search(r"\bnan\b", text, re.IGNORECASE)
    assert math.isclose(TOTAL_CHILDREN / 250, 12_258.548, abs_tol=1e-9)
