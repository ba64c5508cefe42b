"""Locality CSV text parsed to the same rows, with the same line numbers, on the quick path (no
quotes: split at commas) as through csv.reader; the reader's imports stay shallow."""

import csv
import functools
import io
import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from optimiser.inputs.localities import ALL_PLAIN, SEPARATOR
from optimiser.inputs.table_rows import parse_csv
from tests.conftest import ROOT
from tests.test_imports import PACKAGE, graph


def oracle(text: str) -> tuple[list[int], list[list[str]]]:
    """Line numbers and cells as the csv module reads them, comments and blank lines skipped: a
    line is skipped when it is blank or its first character that is not a space is '#'."""
    numbered = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#")
    ]
    return [n for n, _ in numbered], list(csv.reader(io.StringIO("\n".join(line for _, line in numbered))))


CSV_TEXT = st.text(alphabet=st.sampled_from(list('ab1.,,, #\t\n\n\r\x0b\x85\u2028£"')), max_size=80)


@settings(max_examples=500, deadline=None)
@given(CSV_TEXT)
def test_any_text_parses_as_the_csv_module_reads_it(text):
    rows = parse_csv(text, "f.csv")
    assert (rows.numbers, rows.rows) == oracle(text)


@settings(max_examples=300, deadline=None)
@given(CSV_TEXT.filter(lambda t: '"' not in t))
def test_unquoted_text_gives_each_row_its_own_line_number(text):
    rows = parse_csv(text, "f.csv")
    assert (rows.numbers, rows.rows) == oracle(text)
    assert len(rows.numbers) == len(rows.rows)


def run_plan(tmp_path, localities: str) -> subprocess.CompletedProcess:
    (tmp_path / "localities.csv").write_text(localities, encoding="utf-8")
    (tmp_path / "model.yaml").write_text("name: m\ncase_unit: children\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text(
        "name: s\nmodel: model.yaml\nlocalities: localities.csv\ncap: 400\ncost_per_wte: 38323\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "optimiser", "plan", str(tmp_path / "s.yaml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_a_bad_cell_is_placed_on_its_line_past_comments_and_blank_lines(tmp_path):
    done = run_plan(
        tmp_path,
        "# comment\nlocality,in_post_wte,caseload\n\n  # indented comment\nA,1,400\n   \nB,2,lots\n",
    )
    assert done.returncode == 2
    assert "line 7 (locality 'B'), column 'caseload'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_quoted_cell_is_read_as_the_csv_module_reads_it(tmp_path):
    done = run_plan(tmp_path, 'locality,in_post_wte,caseload\n"A, north",1,400\n"B",2,"x"\n')
    assert done.returncode == 2
    assert "line 3 (locality 'B'), column 'caseload'" in done.stderr


def test_the_csv_parser_imports_only_first_level_modules():
    """Issue 15: table_rows parses text it is given (the caller reads the file and picks CSV or
    .xlsx), so it needs neither the YAML reader nor the spreadsheet reader."""
    deps = graph(PACKAGE)

    @functools.cache
    def level(module: str) -> int:
        return 1 + max((level(d) for d in deps[module]), default=0)

    assert level("optimiser.inputs.table_rows") == 2
    assert level("optimiser.inputs.localities") == 3
    readers = {"optimiser.inputs.yamlio", "optimiser.inputs.spreadsheet"}
    assert not deps["optimiser.inputs.table_rows"] & readers


CELL = st.text(alphabet=st.sampled_from(list("0123456789..eE+-x ")), max_size=6)


@settings(max_examples=1000, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=8))
def test_a_column_is_all_plain_exactly_when_every_cell_is_a_plain_number(cells):
    """The one-pass column check (a possessive repeat) against each cell checked on its own by a
    pattern written here."""
    plain = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
    each = all(plain.fullmatch(cell) for cell in cells)
    assert bool(ALL_PLAIN.fullmatch(SEPARATOR.join(cells))) is each
