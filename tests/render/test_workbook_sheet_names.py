"""Every sheet name the tool writes is one Excel accepts (issue 20, class 5): at most 31 characters
(UTF-16 units, as Excel counts), no []:*?/\\, no apostrophe at either end, not empty, on one line,
not 'History', and distinct from the others beyond case. Checked as a property of the naming
function over arbitrary labels, then on real workbooks reopened by openpyxl and by LibreOffice."""

import re
import subprocess
import unicodedata

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from optimiser.render.workbook import Sheet, sheet_titles
from optimiser.render.workbook_book import FIXED_SHEETS, option_sheet_titles
from optimiser.render.workbook_cells import name
from optimiser.render.workbook_writer import workbook_bytes
from tests.workbook_calc import ROOT, cli, need_calc, soffice_convert

FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f-\x9f\u2028\u2029]")
NASTY = [
    "A: hold 450",
    "'quoted'",
    "x" * 30 + "'y",  # an apostrophe that a cut at 31 would leave at the end
    "\U0001f600" * 20,  # 40 UTF-16 units in 20 characters
    "History",
    "HISTORY",
    "Inputs",
    "inputs",
    "Straße",
    "STRASSE",
    "two\nlines",
    "tab\there",
    "[]:*?/\\",
    "'",
    "",
    "   ",
    "=SUM(A1)",
    "e\u0301",
    "\u00e9",
    "a\u2028b",
    "\x1b[31mred",
    "Ynys Môn \u2013 North and a label of more than thirty-one characters",
]
LABELS = st.lists(st.one_of(st.text(max_size=45), st.sampled_from(NASTY)), max_size=8)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _key(text: str) -> str:
    """As Excel might compare two names: ignoring case, and any Unicode form."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _assert_excel_accepts(titles: list[str], taken: tuple[str, ...] = ()) -> None:
    for title in titles:
        assert title and _units(title) <= 31, title
        assert not FORBIDDEN.search(title), title
        assert title[0] != "'" and title[-1] != "'", title
        assert title == title.strip(), title
        assert _key(title) != _key("History"), title
    keys = [_key(t) for t in (*taken, *titles)]
    assert len(set(keys)) == len(keys), titles


@settings(max_examples=300)
@given(labels=LABELS)
def test_any_labels_make_names_excel_accepts(labels):
    titles = sheet_titles(labels, FIXED_SHEETS)
    assert len(titles) == len(labels)
    _assert_excel_accepts(titles, FIXED_SHEETS)
    assert sheet_titles([*FIXED_SHEETS, *titles]) == [*FIXED_SHEETS, *titles]  # valid names stay as they are


@settings(max_examples=200)
@given(labels=LABELS)
def test_plan_and_weighting_sheets_of_any_labels_are_valid_and_distinct(labels):
    pairs = option_sheet_titles(labels)
    _assert_excel_accepts([t for pair in pairs for t in pair], FIXED_SHEETS)


def test_a_cut_never_leaves_an_apostrophe_or_splits_an_emoji():
    cut, emoji = sheet_titles(["x" * 30 + "'y", "\U0001f600" * 20])
    assert cut == "x" * 30
    assert emoji == "\U0001f600" * 15  # 30 units: a 16th would make 32


def _sheets(labels: list[str]) -> list[Sheet]:
    """A sheet per label, each with a defined name on a number and a formula using it."""
    sheets = []
    for i, label in enumerate(labels):
        rows = [["a", float(i + 1)], ["twice", name(f"n_{i}", float(i + 1)) * 2]]
        sheets.append(Sheet(label, ["what", "value"], rows, [None, "0.0"], names=((f"n_{i}", 0, 1),)))
    return sheets


@pytest.fixture(scope="module")
def nasty_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("names")
    path = folder / "names.xlsx"
    path.write_bytes(workbook_bytes(_sheets(NASTY)))
    return folder, path


def test_a_real_workbook_reopens_with_every_name_valid_and_its_defined_names_found(nasty_book):
    _, path = nasty_book
    book = load_workbook(path)
    assert book.sheetnames == sheet_titles(NASTY)
    _assert_excel_accepts(book.sheetnames)
    for i, title in enumerate(book.sheetnames):
        ((sheet, cell),) = book.defined_names[f"n_{i}"].destinations
        assert sheet == title and book[sheet][cell.replace("$", "")].value == i + 1


def test_libreoffice_keeps_every_sheet_name_and_prints_every_sheet(nasty_book):
    need_calc()
    folder, path = nasty_book
    again = load_workbook(soffice_convert(path, "xlsx", folder / "calc", folder / "profile"), data_only=True)
    assert again.sheetnames == load_workbook(path).sheetnames  # none renamed or refused
    for i, title in enumerate(again.sheetnames):
        assert again[title]["B3"].value == 2 * (i + 1), title  # the defined name reached its cell
    pdf = soffice_convert(path, "pdf", folder / "pdf", folder / "profile")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) == len(NASTY)


def test_a_report_with_nasty_option_labels_opens_with_valid_sheet_names(tmp_path):
    """Labels an options file allows (up to 40 characters), end to end through `report`."""
    labels = ["A: 'hold' 450?", "a: 'HOLD' 450*", "History", "[B] cap/400 \\ " + "x" * 14 + "'" + "y" * 7]
    scenarios = ["metric-450.yaml", "appendix3.yaml", "cap-250.yaml", "cut-8-percent.yaml"]
    listing = tmp_path / "options.yaml"
    folder = ROOT / "examples" / "lcr-2010"
    options = [{"scenario": str(folder / s), "label": t} for s, t in zip(scenarios, labels, strict=True)]
    listing.write_text(yaml.safe_dump({"title": "Nasty labels", "options": options}), encoding="utf-8")
    cli("report", listing, "-o", tmp_path / "pack")
    names = load_workbook(tmp_path / "pack" / "report.xlsx").sheetnames
    _assert_excel_accepts(names)
    assert names[3:5] == ["A - 'hold' 450", "A - 'hold' 450 weighting"]
    assert names[5] == "a - 'HOLD' 450 (2)" and "History (2)" in names
    assert "B - cap - 400 - " + "x" * 14 in names  # cut at 31 ends with the apostrophe: dropped
