"""What the page offers for download plans, as the CLI would, to the figures the page shows."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml
from openpyxl import load_workbook

from tests.app.helpers import APPENDIX3, by_name, client, table_rows
from tests.conftest import ROOT

KEPT = f"s={APPENDIX3}&cap=350&pin=s:{APPENDIX3}&pin=s:{APPENDIX3};cap:350"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "optimiser", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def _establishment(html: str) -> dict[str, str]:
    rows = by_name(table_rows(html, "establishment"))
    return {
        name: next(v for k, v in row.items() if k.startswith("Establishment")) for name, row in rows.items()
    }


def test_the_scenario_downloaded_plans_to_the_figures_shown(tmp_path):
    """Round trip: `establishment plan` on the saved YAML gives the page's table, figure for figure."""
    query = f"s={APPENDIX3}&cap=350&cost=41000&budget=5&budget_unit=percent&objective=max-coverage"
    with client(tmp_path) as c:
        shown = _establishment(c.get(f"/plan?{query}").text)
        saved = c.get(f"/download/scenario.yaml?{query}")
    assert saved.headers["content-disposition"] == 'attachment; filename="scenario.yaml"'
    (tmp_path / "elsewhere").mkdir()
    path = tmp_path / "elsewhere" / "what-if.yaml"
    path.write_bytes(saved.content)
    written = yaml.safe_load(saved.content)
    assert (written["cap"], written["cost_per_wte"], written["budget"]) == (350, 41000, "+5%")
    assert written["objective"] == "max-coverage"
    assert "set on the what-if page" in written["sources"]["cap"]
    planned = _cli("plan", str(path), "--format", "csv", cwd=tmp_path)
    assert planned.returncode == 0, planned.stderr
    rows = list(csv.DictReader(io.StringIO(planned.stdout)))
    by_locality = {r["locality"]: float(r["planned_wte"]) for r in rows if r["locality"] != "Total"}
    assert set(by_locality) == set(shown) - {"Total"}
    for name, wte in by_locality.items():
        assert f"{wte:.1f}" == shown[name]


def test_the_plan_csv_is_what_plan_format_csv_writes(tmp_path):
    with client(tmp_path) as c:
        saved = c.get(f"/download/scenario.yaml?s={APPENDIX3}&cap=350").content
        page_csv = c.get(f"/download/plan.csv?s={APPENDIX3}&cap=350").text
    path = tmp_path / "what-if.yaml"
    path.write_bytes(saved)
    assert page_csv == _cli("plan", str(path), "--format", "csv", cwd=tmp_path).stdout


def test_the_plan_workbook_holds_the_plan(tmp_path):
    with client(tmp_path) as c:
        data = c.get(f"/download/plan.xlsx?s={APPENDIX3}&cap=350").content
    book = load_workbook(io.BytesIO(data), data_only=False)
    text = " ".join(str(cell.value) for ws in book for row in ws.iter_rows() for cell in row if cell.value)
    assert "CHW" in text and "SLH" in text and "350" in text


def test_the_board_pack_is_what_report_writes_for_the_options_file(tmp_path):
    """Done means: a pack identical in figures to `establishment report` on the saved options file."""
    with client(tmp_path) as c:
        options = zipfile.ZipFile(io.BytesIO(c.get(f"/download/options.zip?{KEPT}").content))
        pack = zipfile.ZipFile(io.BytesIO(c.get(f"/download/pack.zip?{KEPT}").content))
    assert sorted(options.namelist()) == ["option-a.yaml", "option-b.yaml", "options.yaml"]
    listing = yaml.safe_load(options.read("options.yaml"))
    assert [o["label"] for o in listing["options"]] == ["Option A", "Option B: cap 350"]
    assert {"report.docx", "report.html", "report.md", "report.xlsx"} <= set(pack.namelist())
    options.extractall(tmp_path / "saved")
    made = _cli("report", str(tmp_path / "saved" / "options.yaml"), "-o", str(tmp_path / "cli"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    ours = pack.read("report.md").decode()
    theirs = (tmp_path / "cli" / "report.md").read_text(encoding="utf-8")
    differing = [(a, b) for a, b in zip(ours.splitlines(), theirs.splitlines(), strict=True) if a != b]
    # only the provenance rows differ: the same model and locality files, named from another folder
    assert all(
        a.split("|")[3] != b.split("|")[3] and a.split("|")[4] == b.split("|")[4] for a, b in differing
    )
    assert all(("model" in a or "localities" in a) for a, _ in differing)
    assert "| 94.9 |" in ours or "94.9" in ours


def test_downloads_need_something_to_download(tmp_path):
    with client(tmp_path) as c:
        assert "no option has been kept" in c.get(f"/download/options.zip?s={APPENDIX3}").text
        assert c.get(f"/download/plan.csv?s={APPENDIX3}&cap=0").status_code == 404


def test_nothing_is_written_outside_the_pages_folder(tmp_path):
    before = sorted(p for p in ROOT.rglob("*") if ".git" not in p.parts and ".venv" not in p.parts)
    with client(tmp_path) as c:
        c.get(f"/download/pack.zip?{KEPT}")
        c.get(f"/download/scenario.yaml?s={APPENDIX3}&cap=300")
    after = sorted(p for p in ROOT.rglob("*") if ".git" not in p.parts and ".venv" not in p.parts)
    assert [p for p in after if p not in before and "__pycache__" not in p.parts] == []


def test_an_option_kept_as_typed_is_in_the_pack_and_the_cli_plans_it_with_yes(tmp_path):
    """A cap of 3 kept although it looked like a slip (the page's "Plan these figures as typed"):
    the pack plans it, as `report --yes` does; `report` without --yes asks about it."""
    kept = f"s={APPENDIX3}&pin=s:{APPENDIX3};cap:3;meant:cap%203"
    with client(tmp_path) as c:
        pack = zipfile.ZipFile(io.BytesIO(c.get(f"/download/pack.zip?{kept}").content))
        options = zipfile.ZipFile(io.BytesIO(c.get(f"/download/options.zip?{kept}").content))
    assert "report.md" in pack.namelist()
    assert "Option A: cap 3" in pack.read("report.md").decode()
    options.extractall(tmp_path / "saved")
    saved = str(tmp_path / "saved" / "options.yaml")
    asked = _cli("report", saved, "-o", str(tmp_path / "a"), cwd=tmp_path)
    assert asked.returncode == 2 and "--yes" in asked.stderr
    assert _cli("report", saved, "-o", str(tmp_path / "b"), "--yes", cwd=tmp_path).returncode == 0
