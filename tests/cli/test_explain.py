"""`explain` prints every factor from raw count to capacity per WTE, per locality, in every format."""

import json

from tests.conftest import ROOT, run_cli

LINK_WORKERS = ROOT / "examples" / "link-workers" / "pcn-link-workers.yaml"
MATRONS = ROOT / "examples" / "community-matrons" / "matrons.yaml"

FACTORS = (
    "green count",
    "green weight",
    "green weighted",
    "raw caseload",
    "category-weighted",
    "deprivation imd_q1",
    "deprivation multiplier",
    "multiplier",
    "episode months / 12",
    "weighted caseload",
    "cap",
    "non-clinical %",
    "headroom %",
    "capacity per WTE",
    "required WTE",
)


def test_csv_has_every_factor_in_order():
    result = run_cli("explain", LINK_WORKERS, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0].split(",")
    positions = [header.index(f) for f in FACTORS]
    assert positions == sorted(positions)


def test_table_reads_down_each_locality_and_states_the_rules():
    result = run_cli("explain", LINK_WORKERS)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("North PCN" in line and "West PCN" in line for line in lines)
    north = next(line for line in lines if "weighted caseload " in line and "│" in line)
    assert "165.625" in north  # (300 + 120 x 1.5 + 60 x 2) x 530 / 480 x 3 / 12
    text = " ".join(result.stdout.split())
    assert "cases held at any one time = annual x 3 / 12" in text
    assert "capacity per WTE = cap x (1 - non-clinical %) / (1 + headroom %)" in text


def test_json_and_markdown_carry_the_notes():
    data = json.loads(run_cli("explain", MATRONS, "--format", "json").stdout)
    assert any("15%" in note and "community matron" in note for note in data["notes"])
    assert data["localities"][0]["community matron WTE for high-risk limit"] > 0
    md = run_cli("explain", MATRONS, "--format", "md").stdout
    assert "| rurality multiplier | 1.00 | 1.05 | 1.10 |" in md  # one row, one number of places
    assert "- rurality (multipliers.0, score): bands 0-30: x1, 30-60: x1.05, 60-100: x1.1" in md


def test_a_row_keeps_one_number_of_places_and_no_row_repeats_another():
    """Issue 24: '9,402.9 | 6,834.72' in one row, and 'deprivation multiplier' beside a 'multiplier'
    row of the same figures. Each row's figures, worked out here from the json, to the row's places."""
    scenario = "examples/health-visiting/lcr-2010-weighted.yaml"
    data = json.loads(run_cli("explain", scenario, "--format", "json").stdout)["localities"]
    rows = {}
    for line in run_cli("explain", scenario).stdout.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if cells:
            rows[cells[0]] = cells[1:]
    assert rows["weighted caseload"] == [f"{loc['weighted caseload']:,.2f}" for loc in data]
    assert rows["weighted caseload"][0] == "9,402.90"
    assert "multiplier" not in rows and "deprivation multiplier" in rows
    for name, cells in rows.items():
        places = {len(c.split(".")[1]) if "." in c else 0 for c in cells}
        assert len(places) == 1, f"{name}: {cells}"
