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
    assert "| rurality multiplier | 1 | 1.05 | 1.1 |" in md
    assert "- rurality (multipliers.0, score): bands 0-30: x1, 30-60: x1.05, 60-100: x1.1" in md
