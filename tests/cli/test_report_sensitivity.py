"""`report --sensitivity`: what moves the cost most closes Appendix B of the paper, in every format,
with the tornado chart the workbook's Sensitivity sheet has beside it."""

import re
import subprocess
import sys
import zipfile

from tests.conftest import ROOT

APPENDIX3 = ROOT / "examples/lcr-2010/appendix3.yaml"


def test_the_sensitivity_closes_appendix_b_in_every_format(tmp_path):
    out = tmp_path / "pack"
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", "report", str(APPENDIX3), "-o", str(out), "--sensitivity"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    md = (out / "report.md").read_text(encoding="utf-8")
    b, c = md.index("## Appendix B"), md.index("## Appendix C")
    heading = md.index("### What moves the cost most")
    assert b < heading < c  # inside Appendix B, at its close
    # the cap's row: ±10% of the Appendix 3 cap of 400, worked out here
    assert re.search(r"\| Cap \| ±10% \| 360 \|.*\| 440 \|", md[heading:c])
    assert "charts/sensitivity-1.svg" in md[heading:c] and (out / "charts/sensitivity-1.png").is_file()
    html = (out / "report.html").read_text(encoding="utf-8")
    b, c = (re.search(rf"<h2[^>]*>Appendix {x}", html).start() for x in "BC")
    assert "What moves the cost most" in html[b:c]
    with zipfile.ZipFile(out / "report.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
        assert "What moves the cost most" in body
        pictures = [n for n in docx.namelist() if n.startswith("word/media/")]
    without = subprocess.run(
        [sys.executable, "-m", "optimiser", "report", str(APPENDIX3), "-o", str(tmp_path / "plain")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert without.returncode == 0, without.stderr
    assert "What moves the cost most" not in (tmp_path / "plain/report.md").read_text(encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "plain/report.docx") as docx:
        assert len([n for n in docx.namelist() if n.startswith("word/media/")]) == len(pictures) - 1
