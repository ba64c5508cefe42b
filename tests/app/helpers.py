"""Shared by the what-if page's tests: a test client on the page, as `establishment app` serves it
from the repository's folder, and the rows of an HTML table as text."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from html import unescape
from pathlib import Path

from starlette.testclient import TestClient

from optimiser.app.routes import create_app
from optimiser.app.server import config_for
from tests.conftest import ROOT

BOARD = "examples/lcr-2010/board-options.yaml"
APPENDIX3 = "examples/lcr-2010/appendix3.yaml"


@contextmanager
def client(tmp_path: Path, start: str | None = None):
    """The page's app, started in the repository's folder (as the README runs it)."""
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        config = config_for(Path(start) if start else None, tmp_path / "work")
        (tmp_path / "work").mkdir(parents=True, exist_ok=True)
        with TestClient(create_app(config), base_url="http://127.0.0.1") as test_client:
            yield test_client
    finally:
        os.chdir(before)


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """Each row of the table with this id, as its cells' text."""
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, f"no table {table_id}"
    rows = re.findall(r"<tr.*?</tr>", match.group(0), re.S)
    return [
        [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", r, re.S)]
        for r in rows
    ]


def by_name(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    """Rows keyed by their first cell, each cell keyed by its column header."""
    headers = rows[0]
    return {r[0]: dict(zip(headers, r, strict=True)) for r in rows[1:]}
