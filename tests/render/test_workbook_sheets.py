"""The workbook's shape as finance and board secretaries meet it: sheets named from option labels,
named input cells with their units and sources, A4 landscape one page wide with the header on every
page (read back with openpyxl, and printed by LibreOffice to count the pages of each sheet)."""

import re
import subprocess

import pytest
import yaml
from openpyxl import load_workbook

from optimiser.render.workbook import sheet_titles
from optimiser.render.workbook_book import FIXED_SHEETS, option_sheet_titles
from tests.workbook_calc import ROOT, cli, need_calc, soffice_convert

BOARD = ROOT / "examples" / "lcr-2010" / "board-options.yaml"
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def test_sheet_titles_are_names_excel_accepts():
    long = "A very long label for an option, forty c"
    titles = sheet_titles(
        ["A: hold 450", "x/y[z]*?", long, "Same", "same", "'quoted'", "History", ":::", "Inputs"],
        FIXED_SHEETS,
    )
    assert titles[:2] == ["A - hold 450", "x - y - z"]
    assert titles[2] == long[:31] and titles[3:5] == ["Same", "same (2)"]  # Excel ignores case
    assert titles[5:] == ["quoted", "History (2)", "Sheet", "Inputs (2)"]
    for title in titles:
        assert len(title) <= 31 and not FORBIDDEN.search(title) and not title.startswith("'")


def test_each_option_has_a_plan_and_a_weighting_sheet_named_from_its_label():
    long = "B" * 40
    pairs = option_sheet_titles(["A: cap 400", "A/ cap 400", long])
    assert pairs[0] == ("A - cap 400", "A - cap 400 weighting")
    assert pairs[1] == ("A - cap 400 (2)", "A - cap 400 (2) weighting")
    assert pairs[2] == ("B" * 31, "B" * 21 + " weighting")
    every = [t for pair in pairs for t in pair]
    assert len({t.casefold() for t in every}) == len(every)


def test_labels_name_the_sheets_of_a_real_pack(board_pack):
    book = load_workbook(board_pack / "pack" / "report.xlsx")
    assert book.sheetnames == [
        "Options",
        "Planned WTE",
        "Inputs",
        "A - hold 450",
        "A - hold 450 weighting",
        "B - cap 400",
        "B - cap 400 weighting",
        "C - cap 250",
        "C - cap 250 weighting",
        "Years",
        "Years by locality",
        "Assumptions",
    ]


def test_inputs_are_named_cells_with_unit_and_source(board_pack):
    book = load_workbook(board_pack / "pack" / "report.xlsx")
    listing = yaml.safe_load(BOARD.read_text(encoding="utf-8"))
    inputs = book["Inputs"]
    header = [c.value for c in inputs[1]]
    assert header == ["Option", "Input", "Value", "Unit", "Name", "Source"]
    for number, entry in enumerate(listing["options"], start=1):
        scenario = yaml.safe_load((BOARD.parent / entry["scenario"]).read_text(encoding="utf-8"))
        for key, expected, source in (
            ("cap", scenario["cap"], scenario["sources"]["cap"]),
            (
                "cost",
                scenario["cost_per_wte"],
                scenario["sources"]["cost_per_wte"],
            ),
        ):
            ((sheet, cell),) = book.defined_names[f"opt{number}_{key}"].destinations
            assert sheet == "Inputs"
            row = [c.value for c in inputs[int(cell.split("$")[-1])]]
            option, _what, value, unit, name, given = row
            assert option == entry["label"] and value == expected and name == f"opt{number}_{key}"
            assert unit and " ".join(given.split()) == " ".join(source.split())
    budget = book.defined_names["opt1_budget"]  # metric-450 has a budget: no change on today's cost
    ((_, cell),) = budget.destinations
    assert inputs[cell.replace("$", "")].number_format == "£#,##0"
    assert "opt2_budget" not in book.defined_names


def test_print_setup_is_a4_landscape_one_page_wide_with_headers_repeated(board_pack):
    book = load_workbook(board_pack / "pack" / "report.xlsx")
    for ws in book.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9, ws.title  # 9: A4
        # fitToWidth left out means 1 (the OOXML default), as XlsxWriter writes it
        assert int(setup.fitToWidth or 1) == 1 and int(setup.fitToHeight) == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows in ("1:1", "$1:$1"), ws.title
        assert ws.freeze_panes == "B2", ws.title
        assert 0 < ws.page_margins.left <= 1 and 0 < ws.page_margins.top <= 1, ws.title


def test_printed_every_sheet_is_one_page_wide(board_pack):
    need_calc()
    pdf = soffice_convert(
        board_pack / "pack" / "report.xlsx", "pdf", board_pack / "pdf", board_pack / "profile"
    )
    info = subprocess.run(
        ["pdfinfo", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    assert len(sizes) == pages
    for width, height in sizes:  # A4 landscape: 842 x 595 points
        assert float(width) == pytest.approx(842, abs=1) and float(height) == pytest.approx(595, abs=1)
    # Each page's running header is its sheet's name: count the pages of each sheet.
    per_sheet: dict[str, int] = {}
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        name = text.strip().splitlines()[0].strip()
        per_sheet[name] = per_sheet.get(name, 0) + 1
    names = load_workbook(board_pack / "pack" / "report.xlsx").sheetnames
    assert set(per_sheet) == set(names)
    # Every sheet but the long Assumptions fits one page; two pages across would make it two.
    assert {n: c for n, c in per_sheet.items() if n != "Assumptions"} == {
        n: 1 for n in names if n != "Assumptions"
    }


def test_a_plan_by_the_caps_rule_has_its_establishment_as_a_formula(board_pack):
    book = load_workbook(board_pack / "pack" / "report.xlsx")
    for title in ("A - hold 450", "B - cap 400", "C - cap 250"):  # least cost, one grade: held at the cap
        ws = book[title]
        header = {c.value: c for c in ws[1]}
        required, planned = header["Required\nfor cap\n(WTE)"], header["Establishment\n(WTE)"]
        assert not [c for c in ws[1] if c.comment is not None], title  # no optimiser's column
        for r in range(2, 7):
            assert ws[f"{planned.column_letter}{r}"].value == f"={required.column_letter}{r}", title


def test_the_optimisers_choice_is_marked_and_stored_as_values(tmp_path):
    cli("report", ROOT / "examples" / "lcr-2010" / "cut-8-percent.yaml", "-o", tmp_path / "pack")
    book = load_workbook(tmp_path / "pack" / "report.xlsx")
    ws = book["Option A"]
    header = {c.value: c for c in ws[1]}
    planned = header["Establishment\n(optimiser)\n(WTE)"]
    assert planned.comment is not None and "optimiser" in planned.comment.text
    assert [c for c in ws[1] if c.comment is not None] == [planned]  # only the optimiser's column is marked
    column = planned.column_letter
    assert all(isinstance(ws[f"{column}{r}"].value, float) for r in range(2, 7))
    assert ws[f"{column}2"].fill.fgColor.rgb.endswith("DDEBF7")  # shaded as a decision
    assert ws[f"{column}7"].value == f"=SUM({column}2:{column}6)"
    notes = [str(row[0]) for row in ws.iter_rows(values_only=True) if row[0]]
    assert any(n.startswith("Blue cells are the optimiser's choice") for n in notes)
    inputs = [str(row[0]) for row in book["Inputs"].iter_rows(values_only=True) if row[0]]
    assert any("run `establishment report`" in n for n in inputs)  # what to re-run when an input changes


def test_grade_names_become_distinct_parts_of_defined_names():
    from optimiser.render.workbook_inputs import _grade_parts, name_part

    assert name_part("Community nursery nurse (band 4)") == "community_nursery_nurse_band_4"
    assert name_part("***") == "grade" and len(name_part("x" * 300)) == 200
    assert _grade_parts(("Health visitor", "health-visitor", "HV")) == [
        "health_visitor",
        "health_visitor_2",
        "hv",
    ]


def test_the_weighting_sheets_inputs_are_shaded_and_its_formulas_are_not(tmp_path):
    """Finance changes the yellow cells: each locality's counts and the deprivation score it is
    weighted by are inputs; weighted counts, caseloads and multipliers are formulas of them and of
    the Inputs sheet, and are not shaded (a reader would overwrite a formula)."""
    cli("report", ROOT / "examples" / "health-visiting" / "lcr-2010-weighted.yaml", "-o", tmp_path / "pack")
    ws = load_workbook(tmp_path / "pack" / "report.xlsx")["Option A weighting"]
    headers = [c.value for c in ws[1]]
    inputs = [h for h in headers if h.endswith("\ncount") or h == "deprivation\nimd_score"]
    assert len(inputs) == 5
    for row in ws.iter_rows(min_row=2, max_row=6):  # the five localities
        for header, cell in zip(headers, row, strict=True):
            shaded = cell.fill.fill_type is not None and cell.fill.fgColor.rgb.endswith("FFF2CC")
            formula = isinstance(cell.value, str) and cell.value.startswith("=")
            assert shaded == (header in inputs), (header, cell.coordinate)
            assert formula == (header not in inputs and header != "Locality"), (header, cell.coordinate)
