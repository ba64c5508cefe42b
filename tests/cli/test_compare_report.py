"""Options side by side and the board pack: workbook, HTML, charts, provenance, safe output folders."""

import hashlib
import json
import struct
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import EXAMPLE, run_cli

TOTAL_CASELOAD = 7240 + 5133 + 5323 + 5159 + 10362  # seed 001, Table 1
IN_POST = 14.86 + 12.00 + 12.98 + 9.81 + 25.52


@pytest.fixture
def cap450(tmp_path: Path) -> Path:
    """The Appendix 3 scenario at the earlier commissioning metric of 450 (seed 001, para 1.2)."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("cap: 400", "cap: 450")
    text = text.replace(
        "name: LCR 2010 Appendix 3, cap of 400 children per health visitor", "name: Cap of 450"
    )
    text = text.replace("../../", f"{EXAMPLE.parents[2].as_posix()}/")
    path = tmp_path / "cap450.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_compare_json_measures_against_hand_figures(cap450):
    result = run_cli("compare", EXAMPLE, cap450, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    names = [o["name"] for o in data["options"]]
    assert names == [
        "Today (in post), against cap 400",
        "LCR 2010 Appendix 3, cap of 400 children per health visitor",
        "Cap of 450",
    ]
    today, at400, at450 = (o["measures"] for o in data["options"])
    assert today["Total establishment (WTE)"] == pytest.approx(IN_POST)
    assert today["Localities over the cap"] == 5  # every Table 1 locality is above 400
    assert at400["Total establishment (WTE)"] == pytest.approx(TOTAL_CASELOAD / 400)
    assert at450["Total establishment (WTE)"] == pytest.approx(TOTAL_CASELOAD / 450)
    assert at450["Change in recurring cost (£ a year)"] == pytest.approx(
        (TOTAL_CASELOAD / 450 - IN_POST) * 38323
    )
    assert at450["Worst load per WTE"] == pytest.approx(450)
    assert [row["locality"] for row in data["planned_wte"]] == ["CHW", "NWL", "HB", "MR", "SLH"]


def test_compare_from_an_options_file(tmp_path, cap450):
    listing = tmp_path / "options.yaml"
    listing.write_text(f"name: Board options\noptions:\n  - {EXAMPLE}\n  - cap450.yaml\n", encoding="utf-8")
    result = run_cli("compare", listing, "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("## Board options")
    assert "| Total establishment (WTE) | 75.17 | 83.0 | 73.8 |" in result.stdout


def test_compare_refuses_different_locality_sets(tmp_path, cap450):
    csv = tmp_path / "other.csv"
    csv.write_text("locality,in_post_wte,caseload\nCHW,14.86,7240\nNorth,3,1000\n", encoding="utf-8")
    other = tmp_path / "other.yaml"
    text = cap450.read_text(encoding="utf-8").replace("name: Cap of 450", "name: Other")
    other.write_text(
        text.replace(str(EXAMPLE.parents[2] / "inputs/lcr-2010/table1-jan-2010.csv"), "other.csv")
    )
    result = run_cli("compare", EXAMPLE, other)
    assert result.exit_code == 2
    assert "missing HB, MR, NWL, SLH" in result.stderr and "not in the first option: North" in result.stderr


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_report_pack(tmp_path, cap450):
    out = tmp_path / "pack"
    result = run_cli("report", EXAMPLE, cap450, "-o", out, "--title", "Health visiting options")
    assert result.exit_code == 0, result.stderr
    pngs = sorted((out / "charts").glob("*.png"))
    assert [p.name for p in pngs] == ["frontier.png", "load.png"]  # one of each for the whole paper
    assert len(list((out / "charts").glob("*.svg"))) == 2
    for png in pngs:
        assert _png_size(png) == (800, 460)
    assert (out / "report.docx").read_bytes()[:2] == b"PK"

    book = load_workbook(out / "report.xlsx")
    # Sheets named from the options' labels (the defaults, without an options file).
    assert {
        "Options",
        "Planned WTE",
        "Inputs",
        "Option A",
        "Option B",
        "Option A weighting",
        "Assumptions",
    } <= set(book.sheetnames)
    plan = book["Option A"]
    assert plan.freeze_panes == "B2"
    header = [c.value for c in plan[1]]
    chw = dict(zip(header, [c for c in plan[2]], strict=True))
    planned, required = "Establishment\n(WTE)", chw["Required\nfor cap\n(WTE)"]
    assert chw["Locality"].value == "CHW"
    assert chw[planned].value == f"={required.column_letter}2"  # held at the cap: the cap's rule, a formula
    assert chw[planned].number_format == "0.00"
    cost = chw["Cost\n(£ a year)"]
    assert cost.data_type == "f" and "opt1_cost" in cost.value and cost.number_format == "£#,##0"
    total = dict(zip(header, [c.value for c in plan[7]], strict=True))
    assert (
        total["Locality"] == "Total"
        and total[planned] == f"=SUM({chw[planned].column_letter}2:{chw[planned].column_letter}6)"
    )
    assumptions = [[c.value for c in row] for row in book["Assumptions"].iter_rows(min_row=2)]
    sha = hashlib.sha256(
        (EXAMPLE.parents[2] / "inputs/lcr-2010/table1-jan-2010.csv").read_bytes()
    ).hexdigest()
    assert any(row[3] == f"SHA-256 {sha}" for row in assumptions)

    # The paper names each input file by a short hash; the full SHA-256 is in the workbook only.
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("<table>") >= 4 and page.count("data:image/png;base64,") == 2
    assert "<td class='n'>18.1</td>" in page and sha[:12] in page and sha not in page
    paper = (out / "report.md").read_text(encoding="utf-8")
    assert "![" in paper and "(charts/load.png)" in paper and sha[:12] in paper and sha not in paper


def test_report_refuses_a_folder_of_other_files_unless_forced(tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    (out / "minutes.docx").write_bytes(b"board minutes")
    refused = run_cli("report", EXAMPLE, "-o", out)
    assert refused.exit_code == 2 and "minutes.docx" in refused.stderr and "--force" in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["minutes.docx"]
    forced = run_cli("report", EXAMPLE, "-o", out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (out / "minutes.docx").read_bytes() == b"board minutes" and (out / "report.xlsx").is_file()


def test_report_reruns_into_its_own_folder(tmp_path):
    out = tmp_path / "pack"
    assert run_cli("report", EXAMPLE, "-o", out).exit_code == 0
    first = (out / "report.md").read_bytes()
    assert run_cli("report", EXAMPLE, "-o", out).exit_code == 0
    assert (out / "report.md").read_bytes() == first
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_workbook_keeps_formula_like_names_as_text(case, tmp_path):
    case.write("localities.csv", "locality,in_post_wte,caseload\n=1+2,10,4000\n@SUM(A1),5,2000\n")
    out = tmp_path / "pack"
    assert run_cli("report", case.scenario, "-o", out).exit_code == 0
    plan = load_workbook(out / "report.xlsx")["Option A"]
    assert [plan["A2"].value, plan["A3"].value] == ["=1+2", "@SUM(A1)"]
    assert plan["A2"].data_type == "s" and plan["A2"].quotePrefix


def test_shipped_board_options_compare_and_report(tmp_path):
    listing = EXAMPLE.parent / "board-options.yaml"
    data = json.loads(run_cli("compare", listing, "--format", "json").stdout)
    totals = [o["measures"]["Total establishment (WTE)"] for o in data["options"]]
    assert totals == pytest.approx(
        [IN_POST, TOTAL_CASELOAD / 450, TOTAL_CASELOAD / 400, TOTAL_CASELOAD / 250]
    )
    out = tmp_path / "board-pack"
    assert run_cli("report", listing, "-o", out).exit_code == 0
    # Chart 1 (frontier), Chart 2 (load) and Chart 3 (the horizon's path: `horizon: three-years.yaml`)
    assert sorted(p.name for p in (out / "charts").glob("*.png")) == ["frontier.png", "load.png", "years.png"]
    paper = (out / "report.md").read_text(encoding="utf-8")
    assert "| Locality (WTE) | Today (in post) | A: hold 450 | B: cap 400 | C: cap 250 |" in paper
