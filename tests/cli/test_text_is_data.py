"""Text is data, never markup: hostile names print and render literally in every output.

A scenario whose name, description, source, model case unit and two locality names hold console
markup, emoji codes, mathtext, markdown, HTML and control characters is run through every command
and format as a real subprocess (plain pipes, so Rich adds no colour of its own). Each output shows
the text as documented in README "Trust and limits": exactly in JSON, in its visible form (see
`optimiser.render.text.visible`) everywhere people read it, never executed.
"""

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from markdown_it import MarkdownIt

from optimiser.render.text import markdown_text, safe_cell, visible
from tests.conftest import MODEL, ROOT, TABLE1

MARKUP = "[/x][b][red]:smile:$\\foo$*bold*_em_`code`<script>alert(1)</script>&amp;"
CONTROLS = "\x1b[31m\x07\x08\x7f"
SEPARATORS = "\r\u2028\u2029\u0085"  # a locality file's lines split on these, so names cannot hold them
NAME = f"Plan {MARKUP}{CONTROLS}{SEPARATORS}|end"
OTHER = f"=Other {MARKUP}{CONTROLS}{SEPARATORS}|end"  # a formula-like header in compare's CSV and xlsx
DESCRIPTION = f"Why {MARKUP}{CONTROLS}{SEPARATORS}"
SOURCE = f"Src {MARKUP}{CONTROLS}{SEPARATORS}"
UNIT = f"kids {MARKUP}{CONTROLS}{SEPARATORS}"
LOCALITIES = [f"=CHW {MARKUP}{CONTROLS}|end", f"NWL {MARKUP}{CONTROLS}|end"]
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""What must never reach a terminal: every control character but the line feed, and the separators."""


def _scenario(folder: Path, file: str, name: str, cap: int) -> Path:
    scenario = {
        "name": name,
        "description": DESCRIPTION,
        "model": "model.yaml",
        "localities": "localities.csv",
        "cap": cap,
        "cost_per_wte": 38323,
        "objective": "min-cost",
        "sources": {"cap": SOURCE},
    }
    path = folder / file
    path.write_text(yaml.safe_dump(scenario, allow_unicode=False, width=10_000), encoding="utf-8")
    return path


def _inputs(folder: Path) -> tuple[Path, Path]:
    model = yaml.safe_load(MODEL.read_text(encoding="utf-8"))
    model["case_unit"] = UNIT
    (folder / "model.yaml").write_text(yaml.safe_dump(model, allow_unicode=False, width=10_000), "utf-8")
    rows = list(
        csv.reader(line for line in TABLE1.read_text(encoding="utf-8").splitlines() if line[:1] != "#")
    )
    rows[1][0], rows[2][0] = LOCALITIES
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (folder / "localities.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return _scenario(folder, "plan.yaml", NAME, 400), _scenario(folder, "other.yaml", OTHER, 300)


def _run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "optimiser", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")},
    )


COMMANDS = ("plan", "explain", "compare", "sweep")
FORMATS = ("table", "json", "csv", "md")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """Every command in every format, the board pack and two bad inputs, run at once."""
    folder = tmp_path_factory.mktemp("hostile")
    scenario, other = _inputs(folder)
    arguments = {
        "plan": [scenario],
        "explain": [scenario],
        "compare": [scenario, other],
        "sweep": [scenario, "--cap", "300:400:100"],
    }
    jobs = {(c, f): [c, *arguments[c], "--format", f] for c in COMMANDS for f in FORMATS}
    jobs["report"] = ["report", scenario, other, "-o", folder / "pack"]
    missing = folder / "missing.yaml"
    missing.write_text(
        scenario.read_text("utf-8").replace("localities: localities.csv", 'localities: "[/x]\\e[31m.csv"'),
        "utf-8",
    )
    unknown = folder / "unknown.yaml"
    unknown.write_text(scenario.read_text("utf-8") + '"[b]": 1\n', "utf-8")
    jobs["missing"], jobs["unknown"] = ["plan", missing], ["plan", unknown]
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = dict(zip(jobs, pool.map(lambda a: _run(*a), jobs.values()), strict=True))
    return {"folder": folder, **done}


def _docx_text(path: Path) -> str:
    """Every paragraph and table cell of a Word file, one a line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def _squash(text: str) -> str:
    """Without whitespace, so a title Rich folds over lines still reads as one string."""
    return "".join(text.split())


def _rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


SHOWN = {
    "plan": [NAME, UNIT, SOURCE, *LOCALITIES],
    "explain": [NAME, *LOCALITIES],
    "compare": [NAME, OTHER, *LOCALITIES],
    "sweep": [NAME],
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_format_shows_names_literally(runs, command: str, fmt: str):
    done = runs[command, fmt]
    assert done.returncode == 0, done.stderr
    assert not RAW.search(done.stdout + done.stderr), "a control character reached the terminal"
    texts = SHOWN[command]
    if fmt == "table":
        for text in texts:
            assert _squash(visible(text)) in _squash(done.stdout)
    elif fmt == "json":
        data = json.loads(done.stdout)
        if command == "plan":
            assert data["scenario"] == NAME and data["case_unit"] == UNIT
            assert [x["name"] for x in data["localities"][:2]] == LOCALITIES
            assert data["assumptions"][0]["source"] == SOURCE
        elif command == "explain":
            assert data["scenario"] == NAME
            assert [x["locality"] for x in data["localities"][:2]] == LOCALITIES
        elif command == "compare":
            assert [o["name"] for o in data["options"]][1:] == [NAME, OTHER]
            assert [x["locality"] for x in data["planned_wte"][:2]] == LOCALITIES
        else:
            assert data["scenario"] == NAME
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(done.stdout)))
        if command in ("plan", "explain"):
            assert [r[0] for r in rows[1:3]] == ["'" + visible(LOCALITIES[0]), visible(LOCALITIES[1])]
        elif command == "compare":
            assert rows[0][2:] == [visible(NAME), "'" + visible(OTHER)]
        else:
            assert rows[0][:3] == ["cap", "budget", "status"]
    else:
        page = _rendered(done.stdout)
        for text in [*texts, DESCRIPTION] if command == "plan" else texts:
            assert html.escape(visible(text), quote=False) in page, text
        for tag in ("<script", "<em>", "<code>", "<a ", "<strong>bold", "<h1", "<blockquote"):
            assert tag not in page


def test_board_pack_shows_names_literally(runs):
    done, pack = runs["report"], runs["folder"] / "pack"
    assert done.returncode == 0, done.stderr
    assert not RAW.search(done.stdout + done.stderr)
    page = _rendered((pack / "report.md").read_text("utf-8"))
    paper = (pack / "report.html").read_text("utf-8")
    for text in (NAME, OTHER, DESCRIPTION, SOURCE, UNIT, *LOCALITIES):
        assert html.escape(visible(text), quote=False) in page
        assert html.escape(visible(text)) in paper
    assert "<script" not in page and "<em>" not in page
    assert "<script" not in paper and "<em>" not in paper and "<code>" not in paper
    assert "<img alt='Chart 2: load per WTE by locality'" in paper
    words = _docx_text(pack / "report.docx")
    for text in (NAME, OTHER, DESCRIPTION, SOURCE, UNIT, *LOCALITIES):
        assert visible(text) in words, text
    assert not RAW.search(words.replace("\n", ""))

    book = openpyxl.load_workbook(pack / "report.xlsx")
    assert [c.value for c in book["Options"][1]][2:] == ["Option A", "Option B"]  # labels head the options
    named = [str(row[0]) for row in book["Assumptions"].iter_rows(values_only=True)]
    assert any(visible(OTHER) in n for n in named) and any(visible(NAME) in n for n in named)
    plan = book["Option A"]  # the first option's plan, named by its (default) label
    assert [plan.cell(r, 1).value for r in (2, 3)] == [visible(n) for n in LOCALITIES]
    assert plan.cell(2, 1).quotePrefix and plan.cell(2, 1).data_type == "s"
    sources = [row[3] for row in book["Assumptions"].iter_rows(values_only=True)]
    assert visible(SOURCE) in sources

    for kind in ("load", "frontier"):
        assert (pack / f"charts/{kind}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert not RAW.search((pack / f"charts/{kind}.svg").read_text("utf-8"))
    svg = (pack / "charts/load.svg").read_text("utf-8")
    for text in (*LOCALITIES, f"Weighted {UNIT} per WTE"):
        assert html.escape(visible(text), quote=False) in svg


@pytest.mark.parametrize(
    ("case", "shown"), [("missing", "[/x]\\x1b[31m.csv: locality file not found"), ("unknown", "key '[b]'")]
)
def test_error_messages_name_the_text_literally(runs, case: str, shown: str):
    done = runs[case]
    assert done.returncode == 2, done.stderr
    assert shown in done.stderr
    assert done.stderr.startswith("error: ") and not RAW.search(done.stderr)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ab\x1bc", "ab\\x1bc"),
        ("\x07\t\r\x7f\x85\x9b", "\\x07\\x09\\x0d\\x7f\\x85\\x9b"),
        ("a\u2028b\u2029c\u202ed", "a\\u2028b\\u2029c\\u202ed"),
        ("two\nlines", "two\nlines"),
        ("\ufffe\uffff\ud800", "\\ufffe\\uffff\\ud800"),
    ],
)
def test_visible_rule(text: str, shown: str):
    assert visible(text) == shown


def test_text_xml_cannot_hold_reaches_the_workbook_and_word_file_visibly(tmp_path):
    """U+FFFE, U+FFFF and lone surrogates are not XML: a name holding one stopped the board pack
    (exit 1, lxml refused it); now it is written in its visible form, as control characters are."""
    shutil.copy(MODEL, tmp_path / "model.yaml")
    (tmp_path / "l.csv").write_text("locality,in_post_wte,caseload\nA\uffffB,10,4000\nC,5,2000\n", "utf-8")
    scenario = {"name": "x\ufffey", "model": "model.yaml", "localities": "l.csv", "cap": 400}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump({**scenario, "cost_per_wte": 38323}), "utf-8")
    done = _run("report", tmp_path / "s.yaml", "-o", tmp_path / "pack")
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(tmp_path / "pack" / "report.xlsx")
    assert book["Option A"]["A2"].value == "A\\uffffB"
    words = _docx_text(tmp_path / "pack" / "report.docx")
    assert "x\\ufffey" in words and "A\\uffffB" in words


ORDINARY = [
    "LCR 2010 Appendix 3, cap of 400 children per health visitor",
    "universal_plus x3 (source: seed 001, para 2.2): £38,323 = 14% + on-costs; cover[CHW] >= 1-5",
    "Ynys Môn / Gwynedd \u2013 North",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_unchanged(text: str):
    assert visible(text) == text
    assert markdown_text(text) == text
    assert safe_cell(text) == text
