"""The board paper's path over several years: an options file's `horizon:` scenario, planned with
`plan_years`, in the paper (md, html, docx), the workbook's Years sheets, Chart 3 and the provenance;
bad `horizon:` values refused naming the options file, line and key; nothing changes without it."""

import hashlib
import re
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from optimiser.planning.results import LOCALITY_COLUMNS, YEAR_COLUMNS
from optimiser.planning.years_pipeline import plan_years
from optimiser.render.charts import to_png
from optimiser.render.workbook_years import HEADERS
from optimiser.render.years_chart import trajectory_chart
from tests.conftest import EXAMPLE, ROOT, run_cli

BOARD = EXAMPLE.parent / "board-options.yaml"
THREE_YEARS = EXAMPLE.parent / "three-years.yaml"
SECTION = "4. The path over several years"
TITLE = "The path over several years"
APPENDIX = "Appendix E: The path over several years"
MONEY = {
    "full_year_cost",
    "in_year_cost",
    "change_in_year",
    "change_full_year",
    "budget",
    "one_off_cost",
    "cost",
}
NOT_WTE = {"weighted_caseload", "load_per_wte", "worst_load_per_wte"}


def _options(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "options.yaml"
    path.write_text(text.replace("EX/", f"{EXAMPLE.parent.as_posix()}/"), encoding="utf-8")
    return path


def _report(listing: Path, out: Path) -> Path:
    result = run_cli("report", listing, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def years():
    return plan_years(THREE_YEARS)


@pytest.fixture(scope="module")
def board(tmp_path_factory) -> Path:
    """The shipped board paper: board-options.yaml names `horizon: three-years.yaml`."""
    assert re.search(r"^horizon: three-years\.yaml$", BOARD.read_text("utf-8"), flags=re.M)
    return _report(BOARD, tmp_path_factory.mktemp("years") / "pack")


@pytest.fixture(scope="module")
def without(tmp_path_factory) -> Path:
    """The same options file without its `horizon:` line."""
    folder = tmp_path_factory.mktemp("without")
    text = BOARD.read_text("utf-8").replace("horizon: three-years.yaml\n", "")
    listing = folder / "board-options.yaml"
    listing.write_text(text.replace("scenario: ", f"scenario: {EXAMPLE.parent.as_posix()}/"), "utf-8")
    return _report(listing, folder / "pack")


def _h2(markdown: str) -> list[str]:
    return re.findall(r"^## (.+)$", markdown, flags=re.M)


def test_section_and_appendix_in_every_format(board):
    paper = (board / "report.md").read_text("utf-8")
    heads = _h2(paper)
    assert heads.index(SECTION) == heads.index("3. What each option means") + 1
    assert heads.index(SECTION) + 1 == heads.index("5. Conclusion")
    assert heads[-1] == APPENDIX
    page = (board / "report.html").read_text("utf-8")
    assert re.findall(r"<h2[^>]*>(.+?)</h2>", page) == heads
    assert page.count("<img ") == 3 and page.count("data:image/svg+xml;base64,") == 3
    document = docx.Document(str(board / "report.docx"))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == heads
    assert len(document.inline_shapes) == 3


def test_body_summarises_and_shows_chart_3(board, years):
    paper = (board / "report.md").read_text("utf-8")
    body = paper.split(f"## {SECTION}", 1)[1].split("## 5. Conclusion", 1)[0]
    best = f"{years.best_cap:,.0f}"  # loads in whole children, as in the tables
    assert (
        "The budgets cannot hold the cap of 400 in any year: the best they buy is "
        f"{best} weighted children per WTE, in 2012/13." in body
    )
    assert "follows option B: cap 400" in body
    assert "The establishment goes from 75.17 WTE in post to 69.2 in 2012/13" in body
    assert "![Chart 3: load per WTE and establishment by year](charts/years.svg)" in body
    assert "| " not in body  # the tables are in Appendix E


def test_appendix_tables_and_sentences_match_plan_years(board, years):
    appendix = (board / "report.md").read_text("utf-8").split(f"## {APPENDIX}", 1)[1]
    assert "| Locality | Today | 2010/11 | 2011/12 | 2012/13 |" in appendix
    t, loc = years.by_year, years.localities
    chw = " | ".join(f"{loc.loc[('CHW', y), 'planned_wte']:.1f}" for y in years.years)
    assert f"| CHW | 14.86 | {chw} |" in appendix
    totals = " | ".join(f"**{t.loc[y, 'planned_wte']:.1f}**" for y in years.years)
    assert f"| **Total** | **75.17** | {totals} |" in appendix
    recruits = " | ".join(f"{t.loc[y, 'recruits']:.1f}" for y in years.years)
    assert f"| Recruits (WTE) | {recruits} |" in appendix
    costs = " | ".join(f"£{t.loc[y, 'full_year_cost']:,.0f}" for y in years.years)
    assert f"| Full-year cost (£) | {costs} |" in appendix
    in_year = " | ".join(f"£{t.loc[y, 'in_year_cost']:,.0f}" for y in years.years)
    assert f"| Cost in the year (£) | {in_year} |" in appendix
    for label in ("Leavers (WTE)", "Budget (£)"):
        assert f"| {label} |" in appendix
    worst = " | ".join(f"{t.loc[y, 'worst_load_per_wte']:.0f}" for y in years.years)
    assert f"| Heaviest locality load per WTE | {worst} |" in appendix
    assert "2010/11's changes are in force for 75% of the year" in appendix  # from July, as the options
    assert "| Leaver rate | 10.0% of WTE in post" in appendix
    paper = (board / "report.md").read_text("utf-8")
    assert "coverage[" not in paper  # no constraint labels anywhere (issue 23)
    technical = paper.split("## Appendix C", 1)[1].split("## Appendix D")[0]
    assert f"### {TITLE}: {years.scenario}" in technical


def test_years_sheet_equals_plan_years(board, years):
    """The Years sheets as a reader that does not calculate sees them (XlsxWriter stores each
    formula's value), headed in words (render/workbook_years.HEADERS), column by column."""
    book = load_workbook(board / "report.xlsx", data_only=True)
    assert book.sheetnames[-3:] == ["Years", "Years by locality", "Assumptions"]
    sheet = book["Years"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ["Year", *(HEADERS[c] for c in YEAR_COLUMNS)]
    assert [r[0] for r in rows[1:]] == [*years.years, "Total"]
    for n, year in enumerate(years.years, start=2):
        for c, column in enumerate(YEAR_COLUMNS, start=2):
            cell = sheet.cell(n, c)
            expected = float(years.by_year.loc[year, column])
            if expected != expected:  # no budget that year: blank
                assert cell.value is None
                continue
            assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool)  # a number
            assert cell.value == pytest.approx(expected, abs=0.5 if column in MONEY else 0.005)
            wanted = "£#,##0" if column in MONEY else "#,##0" if column in NOT_WTE else ("0.00", "0.0")
            assert cell.number_format in wanted, (column, cell.number_format)
    total = dict(zip(["year", *YEAR_COLUMNS], rows[-1], strict=True))
    assert total["recruits"] == pytest.approx(float(years.by_year["recruits"].sum()), abs=0.005)
    assert total["in_year_cost"] == pytest.approx(float(years.by_year["in_year_cost"].sum()), abs=0.5)
    assert total["planned_wte"] is None  # a stock does not add over years
    assert sheet.cell(len(rows), 1).font.b and not sheet.cell(2, 1).font.b
    assert sheet.freeze_panes == "B2"

    detail = book["Years by locality"]
    header, *body = list(detail.iter_rows(values_only=True))
    assert list(header) == ["Year", "Locality", *(HEADERS[c] for c in LOCALITY_COLUMNS)]
    for row in body:
        year, name, *values = row
        if name == "Total":
            assert values[LOCALITY_COLUMNS.index("planned_wte")] == pytest.approx(
                float(years.by_year.loc[year, "planned_wte"]), abs=0.005
            )
            continue
        for column, value in zip(LOCALITY_COLUMNS, values, strict=True):
            expected = float(years.localities.loc[(name, year), column])
            assert value == pytest.approx(expected, abs=0.5 if column in MONEY else 0.005), (
                name,
                year,
                column,
            )
    assert len(body) == len(years.years) * 6


def test_chart_file_is_the_trajectory_chart(board, years):
    assert (board / "charts/years.png").read_bytes() == to_png(trajectory_chart(years))
    assert (board / "charts/years.svg").read_text("utf-8").lstrip().startswith("<?xml")


def test_provenance_lists_the_horizon_files(board):
    provenance = (
        (board / "report.md").read_text("utf-8").split("## Appendix D", 1)[1].split("## Appendix E")[0]
    )
    digest = hashlib.sha256(THREE_YEARS.read_bytes()).hexdigest()
    assert f"| three-years.yaml | {TITLE}: LCR 2010/11 to 2012/13" in provenance
    assert f"| Appendix E | {digest[:12]} |" in provenance
    assumptions = list(load_workbook(board / "report.xlsx")["Assumptions"].iter_rows(values_only=True))
    full = hashlib.sha256(THREE_YEARS.read_bytes()).hexdigest()
    assert any(r[1] == "scenario file" and r[3] == f"SHA-256 {full}" for r in assumptions)
    assert any(str(r[0]).startswith("Years: ") and r[1] == "Leaver rate" for r in assumptions)
    page = (board / "report.html").read_text("utf-8")
    assert "three-years.yaml" in page
    words = "\n".join(c.text for t in docx.Document(str(board / "report.docx")).tables for c in t._cells)
    assert "three-years.yaml" in words


def _strip_years(markdown: str) -> str:
    """The paper with everything the horizon adds taken out."""
    markdown = re.sub(rf"## {SECTION}\n.*?(?=## 5\. Conclusion)", "", markdown, flags=re.S)
    markdown = markdown.replace("## 5. Conclusion", "## 4. Conclusion").replace(
        "## 6. Recommendation", "## 5. Recommendation"
    )
    markdown = re.sub(rf"### {TITLE}: .*?(?=## Appendix D)", "", markdown, flags=re.S)
    markdown = re.sub(r"^\| three-years\.yaml \|.*\n", "", markdown, flags=re.M)
    return re.sub(rf"\n+## {APPENDIX}\n.*", "\n", markdown, flags=re.S)


def test_without_horizon_nothing_changes(board, without):
    paper = (without / "report.md").read_text("utf-8")
    assert "several years" not in paper and "Appendix E" not in paper
    assert _strip_years((board / "report.md").read_text("utf-8")) == paper
    assert sorted(p.name for p in (without / "charts").iterdir()) == [
        "frontier.png",
        "frontier.svg",
        "load.png",
        "load.svg",
    ]
    assert "Years" not in load_workbook(without / "report.xlsx").sheetnames
    assert len(docx.Document(str(without / "report.docx")).inline_shapes) == 2
    page = (without / "report.html").read_text("utf-8")
    assert "several years" not in page and page.count("<img ") == 2


@pytest.mark.parametrize(
    ("horizon", "shown"),
    [
        ("EX/no-such-file.yaml", "not found"),
        ("EX/appendix3.yaml", "a scenario without a horizon block"),
        ("EX/", "not a .yaml or .yml file"),
        ("EX/../../inputs/lcr-2010/table1-jan-2010.csv", "not a .yaml or .yml file"),
    ],
)
def test_bad_horizon_names_options_file_line_and_key(tmp_path, horizon, shown):
    listing = _options(tmp_path, f"title: T\nhorizon: {horizon}\noptions: [EX/appendix3.yaml]\n")
    out = tmp_path / "pack"
    result = run_cli("report", listing, "-o", out)
    assert result.exit_code == 2, result.stderr
    assert str(listing) in result.stderr and "line 2, key 'horizon'" in result.stderr
    assert shown in result.stderr
    assert not out.exists()


def test_horizon_with_other_localities_is_refused(tmp_path):
    rows = (ROOT / "inputs/lcr-2010/table1-jan-2010.csv").read_text("utf-8").splitlines()
    (tmp_path / "two.csv").write_text("\n".join(r for r in rows if not r.startswith(("HB", "MR", "SLH"))))
    scenario = THREE_YEARS.read_text("utf-8")
    scenario = scenario.replace("../../inputs/lcr-2010/table1-jan-2010.csv", "two.csv")
    scenario = scenario.replace("../../models/", f"{(ROOT / 'models').as_posix()}/")
    (tmp_path / "two.yaml").write_text(scenario, "utf-8")
    listing = _options(tmp_path, "title: T\noptions: [EX/appendix3.yaml]\nhorizon: two.yaml\n")
    result = run_cli("report", listing, "-o", tmp_path / "pack")
    assert result.exit_code == 2, result.stderr
    assert str(listing) in result.stderr and "line 3, key 'horizon'" in result.stderr
    assert "missing HB, MR, SLH" in result.stderr


def test_compare_ignores_the_horizon(tmp_path):
    listing = _options(tmp_path, "title: T\nhorizon: EX/three-years.yaml\noptions: [EX/appendix3.yaml]\n")
    result = run_cli("compare", listing, "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "several years" not in result.stdout
