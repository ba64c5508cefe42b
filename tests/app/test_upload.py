"""A locality workbook uploaded from the start page: the CLI's checks and messages beside the field,
the CLI's size limit, and nothing kept outside the page's temporary folder."""

from __future__ import annotations

import io
import re
from html import unescape

from openpyxl import Workbook

from optimiser.app import engine
from tests.app.helpers import by_name, client, table_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(rows: list[tuple]) -> bytes:
    """A workbook in the starter's format (sheet Localities, the model's columns)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Localities"
    sheet.append(("locality", "in_post_wte", "caseload", "floor_wte", "ceiling_wte"))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(c, name: str, data: bytes, model: str = "health-visiting-count"):
    files = {"workbook": (name, data, XLSX)}
    return c.post("/upload", files=files, data={"model": model}, follow_redirects=False)


def _message(page: str) -> str:
    shown = re.search(r'id="workbook-error"[^>]*>(.*?)</div>', page, re.S)
    assert shown, "no message beside the field"
    return unescape(re.sub(r"<[^>]+>", " ", shown.group(1)))


def test_a_good_workbook_is_planned_with_the_chosen_model(tmp_path):
    good = _workbook([("North", 10.0, 4000, None, None), ("South", 5.5, 2600, None, None)])
    with client(tmp_path) as c:
        answer = _upload(c, "my localities.xlsx", good)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/plan?s=upload/uploads/")
        page = c.get(answer.headers["location"]).text
    rows = by_name(table_rows(page, "establishment"))
    cap = 400  # the health-visiting-count model's cap
    for name, caseload in (("North", 4000), ("South", 2600)):
        assert (
            next(v for k, v in rows[name].items() if k.startswith("Establishment")) == f"{caseload / cap:.1f}"
        )
    stored = list((tmp_path / "work" / "uploads").rglob("*"))
    assert {p.name for p in stored if p.is_file()} == {"localities.xlsx", "scenario.yaml"}


def test_a_bad_cell_is_named_by_sheet_row_and_column_beside_the_field(tmp_path):
    bad = _workbook([("North", 10.0, "lots", None, None)])
    with client(tmp_path) as c:
        answer = _upload(c, "localities.xlsx", bad)
    assert answer.status_code == 400
    message = _message(answer.text)
    assert "localities.xlsx" in message and "row 2" in message and "caseload" in message
    assert "'lots'" in message or "lots" in message
    assert "/tmp" not in message  # the user's file name, not the page's temporary copy


def test_a_file_that_is_not_a_workbook_is_refused_with_the_clis_message(tmp_path):
    with client(tmp_path) as c:
        junk = _message(_upload(c, "junk.xlsx", b"this is not a zip file").text)
        wrong = _message(_upload(c, "table.csv", b"locality,caseload\n").text)
        empty = _message(c.post("/upload", data={"model": "health-visiting-count"}).text)
        model = _message(_upload(c, "x.xlsx", _workbook([("N", 1.0, 10, None, None)]), "no-such-model").text)
    assert "junk.xlsx" in junk
    assert "not a .xlsx file" in wrong
    assert "No workbook was chosen" in empty
    assert "no-such-model" in model and "health-visiting-count" in model  # the CLI's list of models


def test_a_workbook_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "MAX_LOCALITY_BYTES", 2_000)
    big = _workbook([(f"Locality {n}", 1.0, 100, None, None) for n in range(200)])
    assert len(big) > 2_000
    with client(tmp_path) as c:
        message = _message(_upload(c, "big.xlsx", big).text)
    assert "at most 2,000" in message
    assert not list((tmp_path / "work").rglob("*.xlsx"))  # the part read is removed


def test_the_limit_is_the_clis_own(tmp_path):
    from optimiser.inputs.rows import MAX_CSV_BYTES

    with client(tmp_path) as c:
        assert f"at most {MAX_CSV_BYTES // 1_000_000} MB" in c.get("/start").text
    assert engine.MAX_LOCALITY_BYTES == MAX_CSV_BYTES
