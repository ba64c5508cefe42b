"""The paper printed for real: report.html through headless Chromium and report.docx through
LibreOffice, each to PDF, then read back with pypdf. Skipped only when the tool is absent
(.ci/run installs both)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import EXAMPLE, run_cli

BOARD = EXAMPLE.parent / "board-options.yaml"
A4 = (595, 842)
TOLERANCE = 2
BODY_PAGES = 6
"""The LCR 2010 board-options paper fits in at most 6 pages before the appendices."""
ROWS = {  # locality: in post, then A, B and C's establishment (Table 1)
    "CHW": ("14.86", "16.1", "18.1", "29.0"),
    "NWL": ("12.00", "11.4", "12.8", "20.5"),
    "HB": ("12.98", "11.8", "13.3", "21.3"),
    "MR": ("9.81", "11.5", "12.9", "20.6"),
    "SLH": ("25.52", "23.0", "25.9", "41.4"),
}


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("print") / "pack"
    result = run_cli("report", BOARD, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def _html_pdf(pack: Path, tmp: Path) -> Path:
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed")
    pdf = tmp / "html.pdf"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp / 'chromium'}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            (pack / "report.html").as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    return pdf


def _docx_pdf(pack: Path, tmp: Path) -> Path:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={(tmp / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(pack / "report.docx"),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return tmp / "report.pdf"


@pytest.fixture(scope="module", params=["html", "docx"])
def printed(request, pack, tmp_path_factory) -> list[str]:
    tmp = tmp_path_factory.mktemp(f"pdf-{request.param}")
    pdf = (_html_pdf if request.param == "html" else _docx_pdf)(pack, tmp)
    reader = PdfReader(pdf)
    for number, page in enumerate(reader.pages, start=1):
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert abs(size[0] - A4[0]) <= TOLERANCE and abs(size[1] - A4[1]) <= TOLERANCE, (number, size)
    return [re.sub(r"[ \t]+", " ", page.extract_text()) for page in reader.pages]


def test_summary_on_page_one(printed):
    assert "Summary of key points" in printed[0]
    assert "Today 75.17 WTE health visitors are in post" in printed[0]
    assert "Health visiting establishment options, LCR 2010" in printed[0]


def test_body_fits_before_the_appendices(printed):
    first = next(n for n, text in enumerate(printed) if "Appendix A: The plan for each option" in text)
    assert first <= BODY_PAGES, f"{first} pages before the appendices"
    assert any("Recommendation" in text for text in printed[:first])


def test_no_table_row_split_across_pages(printed):
    # Table 1 is kept whole: every locality's row, the total and the header on one page.
    table = [n for n, text in enumerate(printed) if "Locality (WTE)" in text]
    assert len(table) == 1
    page = printed[table[0]]
    for name, figures in ROWS.items():
        assert re.search(rf"\b{name}\b", page), name
        assert all(f in page for f in figures), (name, figures)
    assert "Total establishment" in page and "132.9" in page
    # Appendix A: each plan's locality rows come out whole (name, in post and six more figures on
    # one line of one page), once per option.
    for name, (in_post, *_) in ROWS.items():
        whole = re.compile(rf"^{name} {re.escape(in_post)}( \S+){{6}}$", re.M)
        assert sum(len(whole.findall(text)) for text in printed) == 3, name
