"""Golden test: the LCR 2010 Appendix 3 table, with figures typed in from the seed paper."""

import json

import pytest

from tests.conftest import EXAMPLE, run_cli
from tests.golden_data import TABLE_1, TABLE_1_TOTAL_LOAD

# Seed 001, Appendix 3: establishment required for 400 (WTE) and the change (WTE).
APPENDIX_3 = {
    "CHW": ("18.1", "3.2"),
    "NWL": ("12.8", "0.8"),
    "HB": ("13.3", "0.3"),
    "MR": ("12.9", "3.1"),
    "SLH": ("25.9", "0.4"),
}
APPENDIX_3_TOTAL = ("83.0", "7.9")
SEED_COST_OF_CHANGE = 300_000  # "approximate cost of £300k p.a."
PSSRU_2010_BAND_6 = 30_800 + 7_523  # REFERENCE.md: salary plus on-costs


@pytest.fixture(scope="module")
def plan_json() -> dict:
    result = run_cli("plan", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_required_and_change_match_appendix_3(plan_json):
    rows = {row["name"]: row for row in plan_json["localities"]}
    assert list(rows) == list(APPENDIX_3)
    for name, (required, change) in APPENDIX_3.items():
        assert f"{rows[name]['planned_wte']:.1f}" == required, name
        assert f"{rows[name]['change_wte']:.1f}" == change, name
    totals = plan_json["totals"]
    assert f"{totals['planned_wte']:.1f}" == APPENDIX_3_TOTAL[0]
    assert f"{totals['change_wte']:.1f}" == APPENDIX_3_TOTAL[1]


def test_total_change_is_rounded_from_unrounded_rows(plan_json):
    """The seed's rounded rows add to 7.8 but its total says 7.9: totals come from unrounded values."""
    rounded_rows = sum(float(change) for _, change in APPENDIX_3.values())
    assert round(rounded_rows, 1) == 7.8
    assert f"{plan_json['totals']['change_wte']:.1f}" == "7.9"


def test_cost_of_change_is_about_300k(plan_json):
    independent = sum(
        (caseload / 400 - in_post) * PSSRU_2010_BAND_6 for in_post, caseload, _ in TABLE_1.values()
    )
    assert plan_json["totals"]["cost_change"] == pytest.approx(independent, rel=1e-9, abs=0.005)
    assert abs(plan_json["totals"]["cost_change"] - SEED_COST_OF_CHANGE) < 5_000


def test_load_per_wte_before_matches_table_1(plan_json):
    rows = {row["name"]: row for row in plan_json["localities"]}
    for name, (_, _, load) in TABLE_1.items():
        assert round(rows[name]["load_per_wte_before"]) == load, name
    assert round(plan_json["totals"]["load_per_wte_before"]) == TABLE_1_TOTAL_LOAD


def test_every_locality_is_at_the_cap_after(plan_json):
    for row in plan_json["localities"]:
        assert row["load_per_wte"] == pytest.approx(400)


def test_markdown_table_shows_appendix_3_rows():
    result = run_cli("plan", EXAMPLE, "--format", "md")
    assert result.exit_code == 0, result.stderr
    cells = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
        for line in result.stdout.splitlines()
        if line.startswith("| ") and not line.startswith("| Locality")
    }
    for name, (required, change) in APPENDIX_3.items():
        assert required in cells[name] and f"+{change}" in cells[name], (name, cells[name])
    assert cells["**Total**"][:1] == ["**75.17**"]
    assert "**83.0**" in cells["**Total**"] and "**+7.9**" in cells["**Total**"]


def test_terminal_table_has_total_row_and_never_truncates():
    result = run_cli("plan", EXAMPLE)
    assert result.exit_code == 0, result.stderr
    total = next(line for line in result.stdout.splitlines() if "Total" in line)
    for figure in ("75.17", "33,217", "442", "83.0", "+7.9", "+£301,698"):
        assert figure in total
    assert "…" not in result.stdout
