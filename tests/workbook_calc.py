"""Helpers for the workbook tests: run the CLI as a user does, and work out what a workbook's
formulas come to (openpyxl stores formulas without values) two ways: with LibreOffice Calc, and with
a pure-Python formula engine (`formulas`), which is always there, so a wrong formula fails the suite
on a machine without LibreOffice. Set HIDE_LIBREOFFICE=1 to run as such a machine does."""

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

ROOT = Path(__file__).resolve().parents[1]
CALC_LIBRARY = Path("/usr/lib/libreoffice/program/libsclo.so")
HIDE = "HIDE_LIBREOFFICE"
"""Set (to anything but '' or 0) to make LibreOffice unavailable to the tests: the formula checks
then run on the pure-Python engine alone, as on a machine without LibreOffice."""
ENGINES = ("python", "libreoffice")


def cli(*args: object) -> subprocess.CompletedProcess:
    """`establishment ARGS...` as a subprocess; fails the test unless it exits 0."""
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done


def plan_json(scenario: Path) -> dict:
    return json.loads(cli("plan", scenario, "--format", "json").stdout)


def calc_missing() -> str | None:
    """Why LibreOffice Calc cannot recalculate here, or None when it can."""
    if os.environ.get(HIDE, "") not in ("", "0"):
        return f"LibreOffice is hidden ({HIDE} is set)"
    if shutil.which("soffice") is None:
        return "soffice (LibreOffice) is not installed"
    if CALC_LIBRARY.exists():
        return None
    known = (
        subprocess.run(["dpkg", "-s", "libreoffice-calc"], capture_output=True)
        if shutil.which("dpkg")
        else None
    )
    return None if known is not None and known.returncode == 0 else "LibreOffice Calc is not installed"


def need_calc() -> None:
    reason = calc_missing()
    if reason:
        pytest.skip(reason)


def soffice_convert(source: Path, to: str, out: Path, profile: Path) -> Path:
    """Convert with LibreOffice headless (its own profile, so runs do not share one)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    converted = out / f"{source.stem}.{to}"
    assert converted.is_file(), f"LibreOffice wrote no {converted.name}"
    return converted


def recalculated(source: Path, out: Path, profile: Path, blanks: bool = False):
    """The workbook as LibreOffice calculates it, read back as values; every formula of the source
    must have a value there (or the file was not recalculated), unless `blanks` are expected (a
    formula that comes to "" reads back as None)."""
    again = soffice_convert(source, "xlsx", out, profile)
    values = load_workbook(again, data_only=True)
    formulas = load_workbook(source)
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and not blanks:
                    got = values[ws.title][cell.coordinate].value
                    assert got is not None, f"{ws.title}!{cell.coordinate} {cell.value} was not calculated"
    return values


def table(ws) -> tuple[list[str], dict[str, dict[str, object]]]:
    """A plan sheet's headers and its rows by locality (the Total row included), up to the blank row."""
    headers = [c.value for c in ws[1]]
    rows = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] is None:
            break
        rows[str(row[0])] = dict(zip(headers, row, strict=True))
    return headers, rows


def note(ws, label: str) -> object:
    """The figure beside a note under the table."""
    for row in ws.iter_rows(values_only=True):
        if row[0] == label:
            return row[1]
    raise AssertionError(f"no note {label!r} on {ws.title}")


@dataclass(frozen=True)
class Calculation:
    """What every formula of a workbook comes to: by sheet and cell, and by defined name."""

    cells: dict[tuple[str, str], object]
    """(sheet title, 'B7') -> value, for every cell (a formula's value; a value as stored)."""
    names: dict[str, object]
    """Defined name -> the value of the cell it names."""


KEY = re.compile(r"^'\[(?P<book>[^\]]*)\](?P<sheet>(?:[^']|'')*)'!(?P<ref>[A-Z]+[0-9]+)$")
"""A single cell in the formula engine's answer: `'[book.xlsx]SHEET NAME'!B7` (the sheet in upper
case, an apostrophe doubled); ranges and defined names are left out."""


def named_cell(book: Workbook, name: str) -> tuple[str, str]:
    """The sheet and cell ('Inputs', 'C4') a defined name refers to."""
    ((sheet, cell),) = book.defined_names[name].destinations
    return sheet, cell.replace("$", "")


def calculate(source: Path, inputs: Mapping[str, object] | None = None) -> Calculation:
    """The workbook calculated by the pure-Python engine, after setting each named input cell of
    `inputs` (defined name -> value). Excel's errors (#DIV/0!, #NAME? for a function the engine
    lacks) come back as their text."""
    import formulas  # a test dependency, loaded only where a workbook is calculated

    stored = load_workbook(source)
    titles = {title.upper(): title for title in stored.sheetnames}
    engine = formulas.ExcelModel().loads(str(source)).finish()
    given = {}
    for name, value in (inputs or {}).items():
        sheet, cell = named_cell(stored, name)
        quoted = sheet.upper().replace("'", "''")
        given[f"'[{source.name}]{quoted}'!{cell}"] = value
    solution = engine.calculate(inputs=given)
    cells = {}
    for key, ranges in solution.items():
        match = KEY.match(key)
        if match is not None:
            sheet = titles[match["sheet"].replace("''", "'")]
            cells[(sheet, match["ref"])] = _plain(ranges.value[0, 0])
    names = {name: cells.get(named_cell(stored, name)) for name in stored.defined_names}
    return Calculation(cells, names)


def _plain(value: object) -> object:
    """A value of the engine as openpyxl gives one: a number, text, True/False, or None (blank)."""
    import schedula

    if value is schedula.EMPTY:
        return None
    if hasattr(value, "item"):  # a numpy number
        return value.item()
    return value if isinstance(value, int | float | str | bool) else str(value)


def evaluated(source: Path, inputs: Mapping[str, object] | None = None, blanks: bool = False) -> Workbook:
    """The workbook as the pure-Python engine calculates it, read as values: what `recalculated`
    gives for LibreOffice. Every formula must come to a value that is not an Excel error (a formula
    that comes to "" reads back as None, allowed only when `blanks` are expected)."""
    calculation = calculate(source, inputs)
    book = load_workbook(source)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                where = f"{ws.title}!{cell.coordinate} {cell.value}"
                assert (ws.title, cell.coordinate) in calculation.cells, f"{where} was not calculated"
                value = calculation.cells[ws.title, cell.coordinate]
                assert not (isinstance(value, str) and value.startswith("#")), f"{where} came to {value}"
                value = None if value == "" else value
                assert value is not None or blanks, f"{where} came to a blank"
                cell.value = value
    for name, value in (inputs or {}).items():
        sheet, cell = named_cell(book, name)
        book[sheet][cell].value = value
    return book


def calculated(engine: str, source: Path, out: Path, blanks: bool = False) -> Workbook:
    """The workbook's values as `engine` ('python' or 'libreoffice') works them out."""
    if engine == "python":
        return evaluated(source, blanks=blanks)
    need_calc()
    return recalculated(source, out / "calc", out / "profile", blanks)
