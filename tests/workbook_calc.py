"""Helpers for the workbook tests: run the CLI as a user does, and recalculate a workbook with
LibreOffice Calc (openpyxl stores formulas without values, so only a spreadsheet program can say
what they come to)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
CALC_LIBRARY = Path("/usr/lib/libreoffice/program/libsclo.so")


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
