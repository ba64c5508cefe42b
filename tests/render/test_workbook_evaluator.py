"""The pure-Python formula engine the workbook tests use where LibreOffice is missing (issue 20,
class 7): it works out the functions, defined names and cross-sheet references the workbooks use,
as figured by hand here; it refuses what it cannot work out; and on its own, with LibreOffice
hidden, it fails a report whose required WTE forgets the grade's capacity."""

import re

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.workbook.defined_name import DefinedName

from tests.render.test_workbook_recalc import GRADES, check_grades
from tests.workbook_calc import HIDE, calc_missing, calculate, cli, evaluated


def _book(path, formulas: dict[str, str]) -> None:
    """Inputs!B2:B4 hold 3, 4 and blank; `rate` names Inputs!B5 (0.25); `formulas` go on 'Sums & more'."""
    book = Workbook()
    inputs = book.active
    inputs.title = "Inputs"
    for row, value in ((2, 3), (3, 4), (5, 0.25)):
        inputs.cell(row, 2).value = value
    book.defined_names["rate"] = DefinedName("rate", attr_text="Inputs!$B$5")
    sheet = book.create_sheet("Sums & more")
    for cell, formula in formulas.items():
        sheet[cell] = "=" + formula
    book.save(path)


FORMULAS = {
    "A1": "SUM(Inputs!B2:B4)",
    "A2": "MAX(Inputs!B2:B4)*rate",
    "A3": "MIN(Inputs!B2:B3)",
    "A4": "ROUND(Inputs!B3/Inputs!B2,2)",
    "A5": 'IF(COUNT(Inputs!B2:B4)<ROWS(Inputs!B2:B4),"",SUM(Inputs!B2:B4))',
    "A6": 'IF(N(Inputs!B4)=0,"",Inputs!B2/Inputs!B4)',
    "A7": "A1*rate/(1+rate)",
    "A8": "'Sums & more'!A1-Inputs!B2",
}


def test_the_engine_works_out_what_the_workbooks_use(tmp_path):
    _book(tmp_path / "book.xlsx", FORMULAS)
    values = calculate(tmp_path / "book.xlsx")
    got = {cell: values.cells["Sums & more", cell] for cell in FORMULAS}
    assert got["A1"] == 7 and got["A2"] == pytest.approx(1.0) and got["A3"] == 3
    assert got["A4"] == pytest.approx(1.33)
    assert got["A5"] == "" and got["A6"] == ""  # a blank in the range: a blank total, never 0
    assert got["A7"] == pytest.approx(7 * 0.25 / 1.25) and got["A8"] == 4
    assert values.names["rate"] == 0.25


def test_setting_a_named_input_recalculates_what_rests_on_it(tmp_path):
    _book(tmp_path / "book.xlsx", FORMULAS)
    values = calculate(tmp_path / "book.xlsx", {"rate": 0.5})
    assert values.names["rate"] == 0.5
    assert values.cells["Sums & more", "A2"] == pytest.approx(2.0)
    assert values.cells["Sums & more", "A7"] == pytest.approx(7 * 0.5 / 1.5)
    book = evaluated(tmp_path / "book.xlsx", {"rate": 0.5}, blanks=True)
    assert book["Inputs"]["B5"].value == 0.5 and book["Sums & more"]["A2"].value == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("formula", "shown"),
    [
        ("Inputs!B2/Inputs!B4", "#DIV/0!"),
        ("NOSUCHFUNCTION(1)", "#NAME?"),
        ("no_such_name*2", "#REF!"),  # Excel says #NAME?; either way the evaluation fails
    ],
)
def test_an_error_fails_the_evaluation_naming_the_cell(tmp_path, formula, shown):
    _book(tmp_path / "book.xlsx", {"C3": formula})
    with pytest.raises(AssertionError, match=re.escape(f"Sums & more!C3 ={formula} came to {shown}")):
        evaluated(tmp_path / "book.xlsx")


def test_a_blank_result_fails_unless_blanks_are_expected(tmp_path):
    _book(tmp_path / "book.xlsx", {"A6": FORMULAS["A6"]})
    with pytest.raises(AssertionError, match="came to a blank"):
        evaluated(tmp_path / "book.xlsx")
    assert evaluated(tmp_path / "book.xlsx", blanks=True)["Sums & more"]["A6"].value is None


CAPACITY = re.compile(r"\*opt1_capacity\w*")


def _without_capacity(source, target) -> int:
    """The report with each locality's required WTE worked out as weighted / cap, the capacity
    per WTE (headroom, a grade's share of the cap) forgotten: a deliberately wrong formula."""
    book = load_workbook(source)
    sheet = book["Option A"]
    column = next(c.column_letter for c in sheet[1] if str(c.value).startswith("Required"))
    changed = 0
    for row in range(2, sheet.max_row + 1):
        cell = sheet[f"{column}{row}"]
        if isinstance(cell.value, str) and CAPACITY.search(cell.value):
            cell.value = CAPACITY.sub("", cell.value)  # =F2/(opt1_cap*opt1_capacity_hv) -> =F2/(opt1_cap)
            changed += 1
    book.save(target)
    return changed


def test_a_wrong_required_wte_formula_fails_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv(HIDE, "1")
    assert calc_missing() is not None  # LibreOffice cannot be used: the engine alone decides
    cli("report", GRADES, "-o", tmp_path / "pack")
    check_grades(evaluated(tmp_path / "pack" / "report.xlsx"))  # the workbook as written passes
    assert _without_capacity(tmp_path / "pack" / "report.xlsx", tmp_path / "wrong.xlsx") == 5
    with pytest.raises(AssertionError, match="required_wte"):
        check_grades(evaluated(tmp_path / "wrong.xlsx"))
