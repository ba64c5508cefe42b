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

BOARD = EXAMPLE.parent / "board-options.yaml"
SECTIONS = [
    "Summary of key points",
    "The options",
    "Implications",
    "The path over several years",
    "Recommendation",
    "Appendix A: The plan for each option",
    "Appendix B: Method and assumptions",
    "Appendix C: Technical detail",
    "Appendix D: Data provenance",
    "Appendix E: The path over several years",
]
SOLVER_WORDS = re.compile(
    r"binding constraint|dual price|status: optimal|highs|max-coverage|max coverage|theta|cap cover\[|"
    r"min-cost|objective",
    re.IGNORECASE,
)
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


def test_body_has_no_solver_words_and_constraint_labels_only_in_appendix_c(board):
    for name in ("report.md", "report.html"):
        text = (board / name).read_text("utf-8")
        body, technical = text.split("Appendix C: Technical detail", 1)
        technical = technical.split("Appendix D", 1)[0]
        assert not SOLVER_WORDS.search(body), SOLVER_WORDS.search(body)
        assert "cap cover[CHW]" in technical
        assert "solved with HiGHS in process, then checked" in technical  # what ran (the default)
        assert "PuLP" not in text  # the HiGHS route never loads PuLP, so the paper never names it


def test_one_options_table_with_today_first_and_labels(board):
    paper = (board / "report.md").read_text("utf-8")
    assert paper.count("| Locality (WTE) | Today (in post) | A: hold 450 | B: cap 400 | C: cap 250 |") == 1
    assert "| CHW | 14.86 | 16.1 | 18.1 | 29.0 |" in paper
    assert "| **Total establishment (WTE)** | **75.17** | **73.8** | **83.0** | **132.9** |" in paper
    svg = (board / "charts/load.svg").read_text("utf-8")
    for label in ("A: hold 450", "B: cap 400", "C: cap 250", "Today"):
        assert label in svg
    frontier = (board / "charts/frontier.svg").read_text("utf-8")
    assert "B: cap 400" in frontier and "£2.88m" in frontier


def test_part_year_effect_from_october(board):
    implications = _sections((board / "report.md").read_text("utf-8"))["Implications"]
    # B: +£301,698 a year in full; from October 6 months of 12 fall in the first financial year.
    assert (
        "Starting in October, 6/12 of the full-year change falls in the first financial year: +£150,849"
        in (implications)
    )
    assert "| First-year change, from October (£) |  | -£25,953 | +£150,849 | +£1,105,580 |" in (
        (board / "report.md").read_text("utf-8")
    )
    assert "localities" in implications and "localitys" not in implications


def test_provenance_is_relative_with_short_hashes(board):
    provenance = _sections((board / "report.md").read_text("utf-8"))["Appendix D: Data provenance"]
    assert "../../inputs/lcr-2010/table1-jan-2010.csv" in provenance
    assert "| B: cap 400 | scenario | `appendix3.yaml` |" in provenance or "appendix3.yaml" in provenance
    assert not re.search(r"[0-9a-f]{64}", provenance) and re.search(r"\| [0-9a-f]{12} \|", provenance)
    assert "/work/" not in provenance and str(ROOT) not in provenance


def test_word_document_is_a4_with_repeating_header_rows_and_charts(board):
    document = docx.Document(str(board / "report.docx"))
    for section in document.sections:
        size = sorted((round(section.page_width.mm), round(section.page_height.mm)))
        assert size == [210, 297]
    for table in document.tables[1:]:
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
    assert (
        "A health visitor's effective capacity is 328 weighted children: the cap of 400 less 22% headroom."
        in paper
    )
    assert "one WTE holds 328 (cap 400)" in (out / "charts/load.svg").read_text("utf-8")


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
    technical = (out / "report.md").read_text("utf-8").split("## Appendix C", 1)[1]
    assert "written with PuLP and solved with CBC, then checked" in technical
    assert "HiGHS" not in technical
