"""Locality tables with any headers, written as CSV or as an .xlsx sheet, for the header tests."""

import csv
from pathlib import Path

from openpyxl import Workbook

FORMATS = ("csv", "xlsx")


def write_table(folder: Path, fmt: str, header: list[str], rows: list[list[object]]) -> str:
    """The table as `localities.<fmt>` in `folder` (numbers as numbers in a sheet); its file name."""
    name = f"localities.{fmt}"
    if fmt == "csv":
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows([repr(c) if isinstance(c, float) else c for c in row] for row in rows)
        return name
    book = Workbook()
    sheet = book.active
    sheet.title = "Localities"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(folder / name)
    return name


def letter(position: int) -> str:
    """Column letter of a 0-based position (A to Z is enough here)."""
    return chr(ord("A") + position)


def places(fmt: str, first: int, second: int) -> str:
    """How a message places two header cells: `line 1, columns 2 and 4` or `sheet ..., columns B and D`."""
    if fmt == "csv":
        return f"line 1, columns {first + 1} and {second + 1}"
    return f"sheet 'Localities', row 1, columns {letter(first)} and {letter(second)}"
