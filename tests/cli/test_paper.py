"""The board paper: house-style structure, words for people, labels, the part-year effect, the
options file's keys, one document model behind md, html and docx, and no internal documents cited."""

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from optimiser.render.text import visible
from tests.conftest import EXAMPLE, ROOT, run_cli

TOTAL_CASELOAD = 7240 + 5133 + 5323 + 5159 + 10362  # 2010 paper, Table 1
IN_POST = 14.86 + 12.00 + 12.98 + 9.81 + 25.52

BOARD = EXAMPLE.parent / "board-options.yaml"
SECTIONS = [
    "Summary of key points",
    "Implications",
    "1. Introduction",
    "2. The options",
    "3. What each option means",
    "4. The path over several years",
    "5. Conclusion",
    "6. Recommendation",
    "Appendix A: The plan for each option",
    "Appendix B: Method and assumptions",
    "Appendix C: How the figures were worked out",
    "Appendix D: Data provenance",
    "Appendix E: The path over several years",
]
"""The 2010 paper's house style: cover, summary, implications, introduction, the analysis, conclusion,
the decision asked for, appendices (issue 23, point 5)."""
SOLVER_WORDS = re.compile(
    r"binding|constraint|dual price|shadow price|status: optimal|\boptimal|max-coverage|max coverage|"
    r"theta|cap cover|coverage\[|\[CHW|min-cost|objective|pulp|linear programme|\blp\b|solver|"
    r"\.\./|\.py\b|closed form|worst-year cap|\bhash|sha-256|\bvariable",
    re.IGNORECASE,
)
"""Solver, programming and file-system words a board paper never prints (issue 23, point 2)."""
SOFTWARE = re.compile(r"highs|\bcbc\b", re.IGNORECASE)
"""The software that ran: named once, in Appendix C's sentence on the method."""
INTERNAL = re.compile(r"seed 0|seed0|seeds/|REFERENCE\.md|\.\./shared", re.IGNORECASE)


@pytest.fixture(scope="module")
def board(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("board") / "pack"
    result = run_cli("report", BOARD, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def _sections(markdown: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", markdown, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_house_style_order_in_every_format(board):
    paper = (board / "report.md").read_text("utf-8")
    assert [h for h in re.findall(r"^## (.+)$", paper, flags=re.M)] == SECTIONS
    cover = paper.split("## Summary", 1)[0]
    for label, value in (("Meeting", "LCR CHS Board"), ("Date", "2 March 2010"), ("Report by", "Associate")):
        assert re.search(rf"\*\*{label}\*\* \| {value}", cover), label
    page = (board / "report.html").read_text("utf-8")
    assert [h for h in re.findall(r"<h2[^>]*>(.+?)</h2>", page)] == SECTIONS
    document = docx.Document(str(board / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [
        "Health visiting establishment options, LCR 2010"
    ]


def test_summary_is_plain_words_and_complete(board):
    summary = _sections((board / "report.md").read_text("utf-8"))["Summary of key points"]
    bullets = [line for line in summary.splitlines() if line.startswith("- ")]
    assert 4 <= len(bullets) <= 6
    assert bullets[0].startswith("- Today 75.17 WTE health visitors are in post, costing £2,880,740 a year")
    assert "B: cap 400: 83.0 WTE (7.9 WTE more than today) at £3,182,438 a year (£301,698 more)" in summary
    assert "lowest cap every locality could be held to is 442" in summary  # what the budget buys
    assert "No option is recommended" in summary


def test_no_solver_words_anywhere_and_the_software_named_once_in_appendix_c(board):
    for name in ("report.md", "report.html"):
        text = (board / name).read_text("utf-8")
        assert not SOLVER_WORDS.search(text), SOLVER_WORDS.search(text)
        technical = text.split("Appendix C: How the figures were worked out", 1)[1].split("Appendix D", 1)[0]
        assert [m.group() for m in SOFTWARE.finditer(text)] == ["HiGHS"]  # what ran (the default)
        assert "linear optimisation with the open-source HiGHS software" in technical
        # What limits the answer, in words, and what £10,000 buys, checked by planning again.
        assert "What holds the answer where it is: the cap of 450 in every locality." in technical
        assert "Each further £10,000 a year would bring that cap down by about" in technical


def test_one_options_table_with_today_first_and_labels(board):
    paper = (board / "report.md").read_text("utf-8")
    assert paper.count("| Locality (WTE) | Today (in post) | A: hold 450 | B: cap 400 | C: cap 250 |") == 1
    assert "| CHW | 14.86 | 16.1 | 18.1 | 29.0 |" in paper
    assert "| **Total establishment (WTE)** | **75.17** | **73.8** | **83.0** | **132.9** |" in paper
    svg = (board / "charts/load.svg").read_text("utf-8")
    for label in ("A: hold 450", "B: cap 400", "C: cap 250", "Today"):
        assert label in svg
    frontier = (board / "charts/frontier.svg").read_text("utf-8")
    # Each option marked at its cost, to the pound as in Table 1.
    assert "B: cap 400: 400, £3,182,438" in frontier and "Today's cost: £2,880,740" in frontier


def _first_year(cap: float) -> str:
    """The first-year change from July (9 of 12 months), worked out here: every LCR locality's
    establishment is its caseload over the cap (Table 1 of the 2010 paper)."""
    change = (TOTAL_CASELOAD / cap - IN_POST) * 38323 * 9 / 12
    return f"{'+' if change > 0 else '-'}£{abs(change):,.0f}"


def test_part_year_effect_from_july_one_start_month(board):
    paper = (board / "report.md").read_text("utf-8")
    sections = _sections(paper)
    assert "From July, 9 months of each change fall in the first financial year." in sections["Implications"]
    row = f"| Change in the first year, from July (£) |  | {_first_year(450)} | {_first_year(400)} |"
    assert row in paper
    # The several-years path starts in the same month: its first year bears 9 months (75%).
    assert (
        "2010/11's changes are in force for 75% of the year"
        in sections["Appendix E: The path over several years"]
    )
    assert "October" not in paper and "6/12" not in paper


def test_provenance_is_relative_with_short_hashes(board):
    provenance = _sections((board / "report.md").read_text("utf-8"))["Appendix D: Data provenance"]
    # Each input by its title and file name, a short fingerprint; the full ones are in the workbook.
    assert "| table1-jan-2010.csv | Locality data: LCR CHS Board paper, 2 March 2010, Table 1" in provenance
    assert (
        "| appendix3.yaml | Option: LCR 2010 Appendix 3, cap of 400 children per health visitor |"
        in provenance
    )
    assert "The full fingerprints are in the workbook" in provenance
    assert not re.search(r"[0-9a-f]{64}", provenance) and re.search(r"\| [0-9a-f]{12} \|", provenance)
    assert "../" not in provenance and not re.search(r"[\w.-]+/[\w.-]+\.(yaml|csv)", provenance)


def test_word_document_is_a4_with_repeating_header_rows_and_charts(board):
    document = docx.Document(str(board / "report.docx"))
    for section in document.sections:
        size = sorted((round(section.page_width.mm), round(section.page_height.mm)))
        assert size == [210, 297]
    for table in document.tables[2:]:  # after the cover's two label-and-text tables
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert len(document.inline_shapes) == 3  # Charts 1 and 2, and Chart 3 from `horizon:`


def test_the_same_plans_give_the_same_word_file(board, tmp_path):
    again = tmp_path / "again"
    assert run_cli("report", BOARD, "-o", again).exit_code == 0
    for name in ("report.docx", "report.html", "report.md", "charts/load.svg"):
        assert (again / name).read_bytes() == (board / name).read_bytes(), name


def test_effective_capacity_is_said_where_headroom_changes_it(tmp_path):
    out = tmp_path / "pack"
    scenario = ROOT / "examples/health-visiting/lcr-2010-weighted.yaml"
    assert run_cli("report", scenario, "-o", out).exit_code == 0
    paper = (out / "report.md").read_text("utf-8")
    # Headroom is an uplift: 400 / 1.22 = 327.9, not 400 less 22% (312).
    held = f"{400 / 1.22:.0f}"
    assert (
        f"A health visitor's effective capacity is {held} weighted children: the cap of 400, divided by "
        f"1.22 for 22% headroom (400 / 1.22 = {held})." in " ".join(paper.split())
    )
    assert "less 22%" not in paper
    assert f"one WTE holds {held} (cap 400)" in (out / "charts/load.svg").read_text("utf-8")


def _options(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "options.yaml"
    path.write_text(text.replace("EX/", f"{EXAMPLE.parent.as_posix()}/"), encoding="utf-8")
    return path


def test_recommendation_and_name_and_plain_paths(tmp_path):
    listing = _options(
        tmp_path,
        'name: Old style name\nrecommendation: "Option [B]: *agree* <b>400</b>\\e"\n'
        "options:\n  - EX/metric-450.yaml\n  - {scenario: EX/appendix3.yaml}\n",
    )
    out = tmp_path / "pack"
    result = run_cli("report", listing, "-o", out)
    assert result.exit_code == 0, result.stderr
    paper = (out / "report.md").read_text("utf-8")
    assert paper.startswith("# Old style name\n")
    assert "| Locality (WTE) | Today (in post) | Option A | Option B |" in paper
    assert "No option is recommended" not in paper
    assert r"Option [B]: \*agree\* \<b>400\</b>\\x1b" in paper  # literal, control character visible
    page = (out / "report.html").read_text("utf-8")
    assert "Option [B]: *agree* &lt;b&gt;400&lt;/b&gt;\\x1b" in page
    words = "\n".join(p.text for p in docx.Document(str(out / "report.docx")).paragraphs)
    assert visible("Option [B]: *agree* <b>400</b>\x1b") in words


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "title: T\noptions:\n  - {scenario: EX/appendix3.yaml, lable: A}\n",
            "line 3, key 'options.1.lable'",
        ),
        ("title: T\nmeeting_date: x\noptions: [EX/appendix3.yaml]\n", "line 2, key 'meeting_date'"),
        ("title: T\nstart_month: Octember\noptions: [EX/appendix3.yaml]\n", "line 2, key 'start_month'"),
        ("options: [EX/appendix3.yaml]\n", "needs a title"),
    ],
)
def test_options_file_errors_name_file_line_and_key(tmp_path, text, shown):
    listing = _options(tmp_path, text)
    result = run_cli("report", listing, "-o", tmp_path / "pack")
    assert result.exit_code == 2
    assert str(listing) in result.stderr and shown in result.stderr


def _shipped_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [ROOT / name for name in listed.split("\0") if name and not name.startswith("tests/")]


def test_no_shipped_file_or_output_cites_internal_documents(board):
    shipped = _shipped_files()
    assert any(p.name == "README.md" for p in shipped)
    found = []
    for path in [*shipped, *(p for p in board.rglob("*") if p.is_file())]:
        data = path.read_bytes()
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                data = b"\n".join(archive.read(name) for name in archive.namelist())
        text = data.decode("utf-8", errors="replace")
        found += [f"{path}: {m.group()}" for m in INTERNAL.finditer(text)]
    assert not found


def test_appendix_c_names_the_solver_that_ran(tmp_path):
    out = tmp_path / "pack"
    result = run_cli("report", EXAMPLE, "--solver", "cbc", "-o", out)
    assert result.exit_code == 0, result.stderr
    paper = (out / "report.md").read_text("utf-8")
    technical = paper.split("## Appendix C", 1)[1]
    assert "linear optimisation with the open-source CBC software" in technical
    assert [m.group() for m in SOFTWARE.finditer(paper)] == ["CBC"] and "PuLP" not in paper
