"""`report --sensitivity`: the workbook's Sensitivity sheet carries every option's re-plans (the same
figures `plan --sensitivity` prints), the change at each end as a formula of them, and a tornado
chart; the pack holds each option's tornado chart as PNG and SVG."""

import json
import zipfile

import pytest
from openpyxl import load_workbook

from tests.workbook_calc import ROOT, calculate, cli

SCENARIO = ROOT / "examples" / "lcr-2010" / "appendix3.yaml"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sensitivity")
    cli("report", SCENARIO, "-o", folder / "pack", "--sensitivity")
    return folder / "pack"


def test_the_sheet_carries_the_re_plans_and_their_changes_as_formulas(pack):
    found = json.loads(cli("plan", SCENARIO, "--sensitivity", "--format", "json").stdout)["sensitivity"]
    source = pack / "report.xlsx"
    book = load_workbook(source)
    ws = book["Sensitivity"]
    headers = [c.value for c in ws[1]]
    rows = [
        dict(zip(headers, r, strict=True))
        for r in ws.iter_rows(min_row=2, max_row=1 + len(found["inputs"]), values_only=True)
    ]
    worked = calculate(source)
    base = found["base"]["cost"]
    for r, (row, expected) in enumerate(zip(rows, found["inputs"], strict=True), start=2):
        assert row["Input"] == expected["label"] and row["Step"] == expected["step"]
        assert row["Plan's figure"] == pytest.approx(base, abs=0.01)
        for end, column, change in (("low", "F", "H"), ("high", "G", "I")):
            if expected[end] is None:
                continue
            assert ws[f"{column}{r}"].value == pytest.approx(expected[end]["cost"], abs=0.01)
            assert ws[f"{change}{r}"].value == f"={column}{r}-E{r}"  # a formula of the re-plan
            difference = worked.cells["Sensitivity", f"{change}{r}"]
            assert difference == pytest.approx(expected[end]["cost"] - base, abs=0.01)
    with zipfile.ZipFile(source) as archive:
        assert any(n.startswith("xl/charts/chart") for n in archive.namelist())  # the tornado chart


def test_the_pack_holds_the_tornado_chart(pack):
    assert (pack / "charts" / "sensitivity-1.png").read_bytes().startswith(b"\x89PNG")
    assert b"What moves the cost most" in (pack / "charts" / "sensitivity-1.svg").read_bytes()


def test_without_the_option_there_is_no_sensitivity_sheet(board_pack):
    assert "Sensitivity" not in load_workbook(board_pack / "pack" / "report.xlsx").sheetnames
