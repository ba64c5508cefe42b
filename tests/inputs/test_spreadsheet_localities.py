"""Locality data from an .xlsx workbook: the same plan as the same figures in a CSV, the sheet key,
cells that cannot be counts named by sheet, row and column, numbers read without loss, the
several-years columns, and provenance of the workbook."""

import datetime as dt
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from optimiser.inputs.caseload_model import load_caseload_model
from optimiser.inputs.localities import load_localities
from optimiser.inputs.provenance import input_files

ROOT = Path(__file__).resolve().parents[2]
COUNT_MODEL = ROOT / "models" / "health-visiting-count.yaml"
CAP, COST = 400, 38323
HEADER = ["locality", "in_post_wte", "caseload"]
ROWS = [
    ["North", 15.51, 7240.123456789012],
    ["South", 10.2, 5120],
    ["East", 0.25, 3333.5],
]


def run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimiser", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def csv_file(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("\n".join(",".join(repr(c) if isinstance(c, float) else str(c) for c in r) for r in rows))
    return path


def scenario(folder: Path, localities: str, extra: str = "", name: str = "scenario.yaml") -> Path:
    path = folder / name
    path.write_text(
        f"name: t\nmodel: {COUNT_MODEL}\nlocalities: {localities}\ncap: {CAP}\ncost_per_wte: {COST}\n{extra}"
    )
    return path


def plan_json(path: Path) -> dict:
    result = run("plan", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_xlsx_plans_as_the_same_figures_in_a_csv(tmp_path):
    csv_file(tmp_path / "l.csv", [HEADER, *ROWS])
    workbook(tmp_path / "l.xlsx", {"Sheet1": [HEADER, *ROWS]})
    from_csv = plan_json(scenario(tmp_path, "l.csv", name="a.yaml"))
    from_xlsx = plan_json(scenario(tmp_path, "l.xlsx", name="b.yaml"))
    assert from_xlsx["localities"] == from_csv["localities"]
    assert from_xlsx["totals"] == from_csv["totals"]
    # and the figures are the cap's arithmetic on the numbers written, worked out here
    for row, (name, _, caseload) in zip(from_xlsx["localities"], ROWS, strict=True):
        assert row["name"] == name
        assert row["required_wte"] == pytest.approx(caseload / CAP, abs=1e-9)
    assert from_xlsx["totals"]["cost"] == pytest.approx(sum(r[2] for r in ROWS) / CAP * COST, abs=0.01)


def as_excel_stores(path: Path, replacements: dict[bytes, str]) -> None:
    """Rewrite a workbook's XML as Excel would have saved it (openpyxl writes fewer digits and no
    formula values)."""
    with zipfile.ZipFile(path) as book:
        parts = {info: book.read(info) for info in book.infolist()}
    with zipfile.ZipFile(path, "w") as book:
        for info, data in parts.items():
            for written, stored in replacements.items():
                data = data.replace(written, stored.encode())
            book.writestr(info, data)


def test_numbers_from_excel_keep_every_digit(tmp_path):
    """Excel stores up to 17 significant digits; openpyxl's writer keeps fewer, so the stored text
    is put in the sheet's XML directly (as Excel would write it)."""
    path = workbook(tmp_path / "l.xlsx", {"Sheet1": [HEADER, *ROWS]})
    as_excel_stores(
        path, {b"<v>0.25</v>": f"<v>{0.1 + 0.2!r}</v>", b"<v>3333.5</v>": f"<v>{10000 / 3!r}</v>"}
    )
    frame = load_localities(path, load_caseload_model(COUNT_MODEL)).frame
    assert frame.loc["North", "caseload"] == 7240.123456789012
    assert frame.loc["East", "in_post_wte"] == 0.1 + 0.2
    assert frame.loc["East", "caseload"] == 10000 / 3


def test_the_sheet_key_chooses_the_sheet_and_the_first_is_the_default(tmp_path):
    workbook(
        tmp_path / "l.xlsx",
        {"Notes": [["read me"], ["figures from the LCR paper"]], "Localities": [HEADER, *ROWS]},
    )
    chosen = plan_json(scenario(tmp_path, "l.xlsx", "localities_sheet: Localities\n"))
    assert [r["name"] for r in chosen["localities"]] == ["North", "South", "East"]

    first = run("plan", scenario(tmp_path, "l.xlsx", name="first.yaml"))
    assert first.returncode == 2
    assert "l.xlsx: sheet 'Notes', row 1, column A 'read me': is not a known column" in first.stderr

    wrong = run("validate", scenario(tmp_path, "l.xlsx", "localities_sheet: Locality\n", name="wrong.yaml"))
    assert wrong.returncode == 2
    assert "has no sheet 'Locality'" in wrong.stderr and "did you mean 'Localities'?" in wrong.stderr

    csv_file(tmp_path / "l.csv", [HEADER, *ROWS])
    on_csv = run("plan", scenario(tmp_path, "l.csv", "localities_sheet: Localities\n", name="csv.yaml"))
    assert on_csv.returncode == 2
    assert "line 6, key 'localities_sheet'" in on_csv.stderr and "not an .xlsx workbook" in on_csv.stderr


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (dt.date(2010, 1, 5), "column C 'caseload': is a date or time (2010-01-05)"),
        (True, "column C 'caseload': is a true/false cell (TRUE)"),
        ("#DIV/0!", "column C 'caseload': is the Excel error #DIV/0!"),
        ("7,240", "column C 'caseload': is '7,240'; expected a plain number"),
        (-3, "column C 'caseload': is '-3'; expected a number of at least 0"),
    ],
)
def test_a_bad_cell_is_named_by_sheet_row_and_column(tmp_path, cell, message):
    rows = [HEADER, ["# a comment row is skipped"], *ROWS]
    rows[3] = ["South", 10.2, cell]
    workbook(tmp_path / "l.xlsx", {"Localities": rows})
    for command in ("plan", "validate"):
        result = run(command, scenario(tmp_path, "l.xlsx"))
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert "l.xlsx: sheet 'Localities', row 4" in result.stderr
        assert message in result.stderr


def test_a_formula_gives_the_value_excel_stored(tmp_path):
    rows = [HEADER, *ROWS]
    rows[2] = ["South", 10.2, "=C2*2"]
    path = workbook(tmp_path / "l.xlsx", {"Localities": rows})
    as_excel_stores(path, {b"<f>C2*2</f><v></v>": f"<f>C2*2</f><v>{7240.123456789012 * 2!r}</v>"})
    frame = load_localities(path, load_caseload_model(COUNT_MODEL)).frame
    assert frame.loc["South", "caseload"] == 7240.123456789012 * 2


def test_a_formula_without_a_stored_value_is_refused(tmp_path):
    rows = [HEADER, *ROWS]
    rows[2] = ["South", 10.2, "=C2*2"]  # openpyxl stores the formula, never its value
    workbook(tmp_path / "l.xlsx", {"Localities": rows})
    result = run("plan", scenario(tmp_path, "l.xlsx"))
    assert result.returncode == 2
    assert (
        "sheet 'Localities', row 3, column C 'caseload': is a formula (=C2*2) with no value" in result.stderr
    )


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    (tmp_path / "l.xlsx").write_text("locality,in_post_wte,caseload\nNorth,1,2\n")
    result = run("plan", scenario(tmp_path, "l.xlsx"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "l.xlsx: locality file is not an Excel workbook" in result.stderr


def test_the_size_limits_hold_for_workbooks(tmp_path, monkeypatch):
    import optimiser.inputs.localities as localities

    path = workbook(tmp_path / "l.xlsx", {"Localities": [HEADER, *ROWS]})
    monkeypatch.setattr(localities, "MAX_LOCALITIES", 2)
    with pytest.raises(Exception, match=r"3 or more rows.*at most 2 localities"):
        load_localities(path, load_caseload_model(COUNT_MODEL))
    monkeypatch.setattr(localities, "MAX_CSV_BYTES", 100)
    with pytest.raises(Exception, match=r"bytes; expected at most 100 bytes"):
        load_localities(path, load_caseload_model(COUNT_MODEL))


YEARS = "horizon:\n  years: [Y1, Y2]\n  caseload_growth_column: growth\n"


def test_the_several_years_columns_are_read_from_a_workbook(tmp_path):
    header = ["Locality", "In Post WTE", "Caseload", "Caseload: Y2", "growth"]
    rows = [header, ["North", 15.51, 7240.5, 7600.25, 0.02], ["South", 10.2, 5120, None, 0.035]]
    csv_file(
        tmp_path / "l.csv",
        [
            [h.lower().replace(" ", "") for h in header],
            *[[c if c is not None else "" for c in r] for r in rows[1:]],
        ],
    )
    workbook(tmp_path / "l.xlsx", {"Localities": rows})
    results = []
    for name in ("l.csv", "l.xlsx"):
        result = run("years", scenario(tmp_path, name, YEARS, name=f"{name}.yaml"), "--format", "json")
        assert result.returncode == 0, result.stderr
        results.append(json.loads(result.stdout))
    assert results[0]["by_year"] == results[1]["by_year"]
    assert results[0]["localities"] == results[1]["localities"]
    # Y2's weighted caseload: North's stated count, South's grown by its own rate (worked out here)
    second = results[1]["by_year"][1]
    assert second["weighted_caseload"] == pytest.approx(7600.25 + 5120 * 1.035, abs=1e-6)

    rows[2][3] = dt.date(2011, 4, 1)
    workbook(tmp_path / "l.xlsx", {"Localities": rows})
    bad = run("years", tmp_path / "l.xlsx.yaml")
    assert bad.returncode == 2
    place = "l.xlsx: sheet 'Localities', row 3 (locality 'South'), column D 'caseload:Y2'"
    assert f"{place}: is a date or time (2011-04-01)" in bad.stderr


def test_provenance_hashes_the_workbook(tmp_path):
    path = workbook(tmp_path / "l.xlsx", {"Localities": [HEADER, *ROWS]})
    (found,) = input_files([("localities", path)])
    assert found.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_table_may_start_anywhere_but_data_needs_a_header(tmp_path):
    rows = [[None, "# LCR localities, January 2010"], [], [None, *HEADER], *[[None, *r] for r in ROWS]]
    path = workbook(tmp_path / "l.xlsx", {"Localities": rows})
    frame = load_localities(path, load_caseload_model(COUNT_MODEL)).frame
    assert list(frame.index) == ["North", "South", "East"]
    assert list(frame["caseload"]) == [r[2] for r in ROWS]

    rows[4] = [*rows[4], None, "stray"]
    workbook(tmp_path / "l.xlsx", {"Localities": rows})
    result = run("plan", scenario(tmp_path, "l.xlsx"))
    assert result.returncode == 2
    assert "sheet 'Localities', row 5, column F: holds 'stray' but the column has no header" in result.stderr
    rows[4] = [1, *rows[4][1:4]]
    workbook(tmp_path / "l.xlsx", {"Localities": rows})
    result = run("plan", scenario(tmp_path, "l.xlsx"))
    assert "sheet 'Localities', row 5, column A: holds '1' but the column has no header" in result.stderr


def test_later_checks_place_a_row_by_its_sheet_and_row(tmp_path):
    rows = [HEADER, *ROWS]
    rows[2] = ["South", None, 5120]  # in post not known, which no_cuts needs
    workbook(tmp_path / "l.xlsx", {"Localities": rows})
    result = run("plan", scenario(tmp_path, "l.xlsx", "no_cuts: true\n"))
    assert result.returncode == 2
    assert "sheet 'Localities', row 3 ('South')" in result.stderr
    assert "line 3" not in result.stderr
