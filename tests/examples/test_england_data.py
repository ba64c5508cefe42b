"""England data (inputs/england/): raw public files kept unchanged, derived files rebuilt exactly.

The derived files are rebuilt by running `inputs/england/derive.py` as a real process; the
figures are checked against totals stated in inputs/england/SOURCES.md and, for one two-tier
county, against a child-weighted mean computed here by hand from the raw files.
"""

import csv
import hashlib
import importlib.util
import io
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from tests.conftest import ROOT

FOLDER = ROOT / "inputs" / "england"
SCRIPT = FOLDER / "derive.py"
CHILDREN = FOLDER / "utla-children-0-4-mid2023.csv"
POPULATION_5_17 = FOLDER / "utla-population-5-17-mid2023.csv"

# SHA-256 of the public files as obtained (PolicyEngine UK data, humaniverse/IMD,
# MastodonC/witan.population copies); the copies here must stay byte-identical.
RAW_SHA256 = {
    "ons_age_by_local_authority.csv": "9dda3f6e296508fbf33b521ec96f0f9f5f7cf938b01877b6366f08c5b25ca52f",
    "imd2025_england_ltla24.csv": "e312d18224d472284d30c028f8550f2955a8d4f1fd4eab1311377a17da34516a",
    "imd2019_england_ltla23.csv": "4fa2a93a47a6f83a1e5438a0856ae7c73fef2d973dc2d72414cc257fe90c8f04",
    "ltla22_to_utla22_lookup.csv": "be1ac3e16093a4979bf5bb6ea47bb372cdd50363e7c4848d197347277807c670",
}

NEW_UNITARIES_2023 = {
    "E06000063": "Cumberland",
    "E06000064": "Westmorland and Furness",
    "E06000065": "North Yorkshire",
    "E06000066": "Somerset",
}


def _table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a derived file, skipping `#` comment lines as the project reader does."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    return list(reader.fieldnames or []), list(reader)


def _raw_rows(name: str, encoding: str = "utf-8") -> list[dict[str, str]]:
    with (FOLDER / name).open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def _run(script: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(script), *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_raw_files_are_the_published_files_unchanged():
    for name, expected in RAW_SHA256.items():
        assert hashlib.sha256((FOLDER / name).read_bytes()).hexdigest() == expected, name


def test_rebuilding_gives_the_committed_files_byte_for_byte(tmp_path):
    children, population = tmp_path / "children.csv", tmp_path / "population.csv"
    done = _run(SCRIPT, "--out", str(children), "--out-5-17", str(population))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert children.read_bytes() == CHILDREN.read_bytes()
    assert population.read_bytes() == POPULATION_5_17.read_bytes()
    # No temporary files left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["children.csv", "population.csv"]


def test_children_file_covers_every_upper_tier_authority():
    header, rows = _table(CHILDREN)
    assert header == ["locality", "area_code", "in_post_wte", "caseload", "deprivation"]
    assert len(rows) == 153
    codes = [row["area_code"] for row in rows]
    assert len(set(codes)) == len(codes)
    assert all(code.startswith("E") for code in codes)
    assert codes == sorted(codes)
    assert len({row["locality"].casefold() for row in rows}) == len(rows)
    assert all(row["in_post_wte"] == "" for row in rows)
    assert all(row["caseload"].isdigit() for row in rows)
    assert sum(int(row["caseload"]) for row in rows) == 3_064_637
    by_name = {row["locality"]: row for row in rows}
    assert int(by_name["Isles of Scilly"]["caseload"]) == 89
    assert int(by_name["Kent"]["caseload"]) == 87_463
    assert min(int(row["caseload"]) for row in rows) == 89
    assert max(int(row["caseload"]) for row in rows) == 87_463
    by_code = {row["area_code"]: row for row in rows}
    for code, name in NEW_UNITARIES_2023.items():
        assert by_code[code]["locality"] == name
    for row in rows:
        whole, _, places = row["deprivation"].partition(".")
        assert whole.isdigit() and len(places) == 3, row
        assert 5.0 < float(row["deprivation"]) < 45.0, row


def test_children_file_header_states_sources_rule_and_rebuild_command():
    comments = [line for line in CHILDREN.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = " ".join(line.lstrip("# ").strip() for line in comments)
    assert CHILDREN.read_text(encoding="utf-8").startswith("#")
    assert (
        "deprivation: IMD 2025 average score, the mean of the authority's districts weighted by "
        "children aged 0-4" in text
    )
    assert "rebuild with: python inputs/england/derive.py" in text
    assert "Open Government Licence v3.0" in text
    for source in ("ONS", "MHCLG", "English Indices of Deprivation 2025", "December 2022"):
        assert source in text, source


def test_population_5_17_file_matches_the_raw_ages():
    header, rows = _table(POPULATION_5_17)
    assert header == ["locality", "area_code", "population_5_17"]
    _, children = _table(CHILDREN)
    assert [(r["locality"], r["area_code"]) for r in rows] == [
        (r["locality"], r["area_code"]) for r in children
    ]
    assert all(row["population_5_17"].isdigit() for row in rows)
    england = [row for row in _raw_rows("ons_age_by_local_authority.csv") if row["code"].startswith("E")]
    expected = sum(round(float(row[str(age)])) for row in england for age in range(5, 18))
    assert sum(int(row["population_5_17"]) for row in rows) == expected == 8_934_009


def test_child_weighted_imd_of_a_two_tier_county_by_hand():
    """Leicestershire (E10000018, seven districts), computed from the raw files with csv only."""
    county = "E10000018"
    lookup = _raw_rows("ltla22_to_utla22_lookup.csv", encoding="utf-8-sig")
    districts = {row["LTLA22CD"] for row in lookup if row["UTLA22CD"] == county}
    assert len(districts) == 7
    ages = {row["code"]: row for row in _raw_rows("ons_age_by_local_authority.csv")}
    scores = {row["ltla24_code"]: row["imd_average_score"] for row in _raw_rows("imd2025_england_ltla24.csv")}
    children = {code: sum(round(float(ages[code][str(age)])) for age in range(5)) for code in districts}
    weighted = sum(Fraction(children[code]) * Fraction(scores[code]) for code in districts)
    mean = weighted / sum(children.values())

    _, rows = _table(CHILDREN)
    row = next(r for r in rows if r["area_code"] == county)
    assert row["locality"] == "Leicestershire"
    assert int(row["caseload"]) == sum(children.values())
    assert abs(Fraction(row["deprivation"]) - mean) <= Fraction(1, 2000)
    # The weighting matters: the plain mean of the districts' scores is a different number.
    plain = sum(Fraction(scores[code]) for code in districts) / len(districts)
    assert abs(plain - mean) > Fraction(1, 2000)


def test_a_new_unitary_authority_keeps_its_own_score():
    """A one-district authority's child-weighted mean is that district's score."""
    scores = {row["ltla24_code"]: row["imd_average_score"] for row in _raw_rows("imd2025_england_ltla24.csv")}
    _, rows = _table(CHILDREN)
    for row in rows:
        if row["area_code"] in NEW_UNITARIES_2023:
            own = Fraction(scores[row["area_code"]])
            assert abs(Fraction(row["deprivation"]) - own) <= Fraction(1, 2000), row


def _copy_folder(tmp_path: Path) -> Path:
    copy = tmp_path / "england"
    shutil.copytree(FOLDER, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_an_unmapped_district_that_is_not_unitary_stops_the_script(tmp_path):
    copy = _copy_folder(tmp_path)
    lookup = copy / "ltla22_to_utla22_lookup.csv"
    lines = lookup.read_bytes().split(b"\n")
    kept = [line for line in lines if not line.startswith(b"E07000129,")]  # Blaby, Leicestershire
    assert len(kept) == len(lines) - 1
    lookup.write_bytes(b"\n".join(kept))
    before = {p.name: p.read_bytes() for p in copy.iterdir()}

    out, out_5_17 = tmp_path / "children.csv", tmp_path / "population.csv"
    done = _run(copy / "derive.py", "--out", str(out), "--out-5-17", str(out_5_17))
    assert done.returncode != 0
    assert "E07000129" in done.stderr
    assert "Blaby" in done.stderr
    assert "ltla22_to_utla22_lookup.csv" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() and not out_5_17.exists()
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


def test_the_script_refuses_to_write_over_a_raw_file(tmp_path):
    copy = _copy_folder(tmp_path)
    for name in RAW_SHA256:
        done = _run(copy / "derive.py", "--out", str(copy / name), "--out-5-17", str(tmp_path / "p.csv"))
        assert done.returncode != 0
        assert "refusing to write over" in done.stderr
        assert hashlib.sha256((copy / name).read_bytes()).hexdigest() == RAW_SHA256[name]
    assert not (tmp_path / "p.csv").exists()


def test_derive_is_importable_and_agrees_with_the_file(monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # no __pycache__ among the inputs
    spec = importlib.util.spec_from_file_location("england_derive", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    frame = module.derive(FOLDER)
    assert list(frame.columns) == ["locality", "area_code", "in_post_wte", "caseload", "deprivation"]
    _, rows = _table(CHILDREN)
    assert frame["area_code"].tolist() == [row["area_code"] for row in rows]
    assert [int(c) for c in frame["caseload"]] == [int(row["caseload"]) for row in rows]
    assert module.children_csv(FOLDER) == CHILDREN.read_text(encoding="utf-8")
    with pytest.raises(module.DeriveError, match="refusing"):
        module._check_target(FOLDER / "imd2025_england_ltla24.csv", FOLDER)
