"""stdout carries only the requested output: every command and format run as a real process.

In-process tests cannot see what a C library writes to file descriptor 1 (highspy 1.16 prints a
banner there when a model is made), so these run the installed command and parse what it prints.
"""

import csv
import io
import json
import subprocess
import sys
from importlib.metadata import version

import pytest

from tests.conftest import ROOT

APPENDIX3 = "examples/lcr-2010/appendix3.yaml"
OPTIONS = "examples/lcr-2010/board-options.yaml"
CUT = "examples/lcr-2010/cut-8-percent.yaml"

COMMANDS = {
    "plan": ["plan", APPENDIX3],
    "plan-max-coverage": ["plan", CUT],
    "plan-grades": ["plan", "examples/health-visiting/lcr-2010-weighted.yaml"],
    "explain": ["explain", APPENDIX3],
    "compare": ["compare", OPTIONS],
    "sweep": ["sweep", APPENDIX3, "--cap", "300:400:50", "--budget", "-8%:0%:8%"],
}
FORMATS = ("table", "json", "csv", "md")


def run(*args: str) -> subprocess.CompletedProcess:
    """The command as a user runs it: a separate process, stdout and stderr apart."""
    return subprocess.run(
        [sys.executable, "-m", "optimiser", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Every pipe table in the text, as rows of cells; a table is a header, a rule and its rows."""
    tables, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and set(lines[i + 1]) <= set("|-: "):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(lines[i])
                i += 1
            tables.append([_cells(line) for line in block[:1] + block[2:]])
        else:
            i += 1
    return tables


def _cells(line: str) -> list[str]:
    cells, current, escaped = [], "", False
    for char in line.strip()[1:-1]:
        if char == "|" and not escaped:
            cells.append(current.strip())
            current = ""
        else:
            current += char
        escaped = char == "\\"
    return [*cells, current.strip()]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS)
def test_stdout_parses_as_the_format_asked_for(command: str, fmt: str):
    result = run(*COMMANDS[command], "--format", fmt)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Running HiGHS" not in out and "Welcome to the CBC" not in out
    if fmt == "json":
        assert isinstance(json.loads(out), dict)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) >= 2
        assert all(len(row) == len(rows[0]) for row in rows), rows
    elif fmt == "md":
        tables = markdown_tables(out)
        assert tables, out
        assert all(len(row) == len(table[0]) for table in tables for row in table)
        assert out.startswith("## ")
    else:
        assert out.strip(), "a table was printed"
        assert out.lstrip().splitlines()[0].strip(), out


def test_json_pipes_into_json_tool():
    """The README's promise: plan --format json | python -m json.tool works."""
    plan = run("plan", APPENDIX3, "--format", "json")
    tool = subprocess.run(
        [sys.executable, "-m", "json.tool"], input=plan.stdout, capture_output=True, text=True, check=False
    )
    assert tool.returncode == 0, tool.stderr


def test_validate_prints_only_its_summary():
    result = run("validate", APPENDIX3)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [line for line in result.stdout.splitlines() if "valid" in line]
    assert len(result.stdout.splitlines()) == 1


def test_cbc_keeps_stdout_clean_too():
    result = run("plan", APPENDIX3, "--format", "json", "--solver", "cbc")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["solver"] == "CBC"


SNIPPET = """
import highspy
from optimiser.lp.quiet import solver_output_silenced
print("before", flush=True)
{body}
print("after", flush=True)
"""


def _run_snippet(body: str) -> str:
    code = SNIPPET.format(body=body)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(version("highspy") != "1.16.0", reason="pins highspy 1.16.0's banner behaviour")
def test_highspy_1_16_banner_is_real_and_silenced():
    """highspy 1.16.0 writes a banner to fd 1 on construction, which msg=False does not stop;
    the silencer keeps it off stdout without losing what Python printed around it."""
    bare = _run_snippet("highspy.Highs()")
    assert "Running HiGHS 1.16.0" in bare
    quiet = _run_snippet("with solver_output_silenced():\n    highspy.Highs()")
    assert quiet == "before\nafter\n"
