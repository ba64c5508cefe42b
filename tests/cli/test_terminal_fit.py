"""Tables fit an ordinary terminal: every table command run in a real pseudo-terminal of 80 and 100
columns, as a service lead runs it.

Each command's output is read from the terminal, ANSI escapes stripped, and checked: no line wider
than the terminal, a footnote naming --wide wherever a table shows fewer columns than its full
(piped) form, and the key figures whole and equal to `--format json` on the same scenario, rounded
here independently (half away from zero).
"""

import json
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import pytest
from rich.cells import cell_len

from tests.conftest import ROOT
from tests.pseudo_terminal import run_in_terminal

APPENDIX3 = "examples/lcr-2010/appendix3.yaml"
GRADES = "examples/health-visiting/lcr-2010-weighted.yaml"
ENGLAND = "examples/england/cap-400.yaml"
OPTIONS = "examples/lcr-2010/board-options.yaml"
YEARS = "examples/lcr-2010/three-years.yaml"
SWEEP = ["sweep", APPENDIX3, "--cap", "300:400:50", "--budget", "-8%:0%:8%"]
TABLE_ROW = re.compile(r"^[│┃]")
WIDTHS = (80, 100)


def in_terminal(args: list[str], columns: int, env: dict[str, str] | None = None) -> str:
    """What the command prints on a terminal `columns` wide (a pseudo-terminal as its stdout, no
    COLUMNS in the environment), escapes stripped; fails on a non-zero exit."""
    code, shown, stderr = run_in_terminal(args, columns, "stdout", env)
    assert code == 0, f"exit {code}: {stderr}"
    return shown


@cache
def piped(*args: str) -> str:
    """What the command prints into a pipe (run once per arguments: the tests only read it)."""
    done = subprocess.run(
        [sys.executable, "-m", "optimiser", *args], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def as_json(*args: str) -> dict:
    return json.loads(piped(*args, "--format", "json"))


def rounded(value: float, places: int) -> str:
    """Half away from zero, with thousands separators: the display rule, worked out here."""
    step = Decimal(1).scaleb(-places)
    return f"{Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP):,.{places}f}"


def pounds(value: float) -> str:
    return f"£{rounded(value, 0)}"


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("│┃").split("│")]


def figures_shown(text: str) -> int:
    """How many figure cells (every cell but a row's first, when not blank) the tables show: a
    table split over several keeps the count, a column left out lowers it."""
    rows = [cells(line) for line in text.splitlines() if line.startswith("│")]
    return sum(1 for row in rows for cell in row[1:] if cell)


def rows_starting(text: str, label: str) -> list[list[str]]:
    return [cells(line) for line in text.splitlines() if line.startswith("│") and cells(line)[0] == label]


def check_fits(text: str, columns: int, full: str) -> None:
    """No line wider than the terminal, nothing ellipsised, and a footnote naming --wide wherever
    figures of the full (piped) form are not shown."""
    wide = [line for line in text.splitlines() if cell_len(line.rstrip()) > columns]
    assert not wide, f"{len(wide)} lines wider than {columns}: {wide[:3]}"
    assert "…" not in "".join(
        line for line in text.splitlines() if TABLE_ROW.match(line) and "more" not in line
    )
    if figures_shown(text) < figures_shown(full):
        assert re.search(
            r"Not shown, to fit \d+ columns: .*--wide shows every column", " ".join(text.split())
        )


def plan_figures(scenario: str) -> tuple[str, str]:
    totals = as_json("plan", scenario)["totals"]
    return rounded(totals["planned_wte"], 1), pounds(totals["cost"])


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("scenario", [APPENDIX3, GRADES, ENGLAND])
def test_plan_fits_and_keeps_its_totals(scenario: str, columns: int) -> None:
    text = in_terminal(["plan", scenario, "--details"], columns)  # the answer alone: test_answer_first
    check_fits(text, columns, piped("plan", scenario))
    planned, cost = plan_figures(scenario)
    (total,) = rows_starting(text, "Total")
    assert planned in total
    assert f"Recurring cost {cost} a year" in " ".join(text.split())


def test_plan_at_80_leaves_out_secondary_columns_and_names_them() -> None:
    """Appendix 3's full table is wider than 80: the primary columns stay, the footnote names the
    column left out by its full header."""
    full = piped("plan", APPENDIX3)
    assert max(cell_len(line) for line in full.splitlines() if TABLE_ROW.match(line)) > 80
    text = " ".join(in_terminal(["plan", APPENDIX3], 80).split())
    assert "Planned (WTE)" in text or ("Planned" in text and "(WTE)" in text)
    assert "Not shown, to fit 80 columns: Weighted caseload (children); --wide shows every column." in text


@pytest.mark.parametrize("columns", WIDTHS)
def test_plan_explain_fits(columns: int) -> None:
    text = in_terminal(["plan", APPENDIX3, "--explain"], columns)
    check_fits(text, columns, piped("explain", APPENDIX3))
    planned, cost = plan_figures(APPENDIX3)
    assert planned in rows_starting(text, "Total")[0]
    assert f"Recurring cost {cost} a year" in " ".join(text.split())
    for locality in as_json("explain", APPENDIX3)["localities"]:
        assert rounded(locality["required WTE"], 2) in text


@pytest.mark.parametrize("columns", WIDTHS)
def test_explain_splits_localities_and_keeps_every_figure(columns: int) -> None:
    text = in_terminal(["explain", GRADES, "--details"], columns)  # the short one: answer_first_explain
    check_fits(text, columns, piped("explain", GRADES))
    required = [cell for row in rows_starting(text, "required WTE") for cell in row[1:]]
    expected = [rounded(loc["required WTE"], 2) for loc in as_json("explain", GRADES)["localities"]]
    assert required == expected
    assert "Not shown" not in text  # localities are split over tables, never left out


@pytest.mark.parametrize("columns", WIDTHS)
def test_compare_puts_options_in_rows_when_they_do_not_fit(columns: int) -> None:
    text = in_terminal(["compare", OPTIONS], columns)
    check_fits(text, columns, piped("compare", OPTIONS))
    options = as_json("compare", OPTIONS)["options"]
    labels = ["A: hold 450", "B: cap 400", "C: cap 250"]
    for label, option in zip(labels, options[1:], strict=True):
        measures = option["measures"]
        (row,) = rows_starting(text, label)
        assert rounded(measures["Total establishment (WTE)"], 1) in row
        assert pounds(measures["Recurring cost (£ a year)"]) in row
        assert f"{label} = {option['name']}" in " ".join(text.split())
    today = options[0]["measures"]
    assert rounded(today["Total establishment (WTE)"], 2) in text
    assert pounds(today["Recurring cost (£ a year)"]) in text


@pytest.mark.parametrize("columns", WIDTHS)
def test_sweep_fits(columns: int) -> None:
    text = in_terminal(SWEEP, columns)
    check_fits(text, columns, piped(*SWEEP))
    rows = [cells(line) for line in text.splitlines() if re.match(r"│ \d", line)]
    points = as_json(*SWEEP)["points"]
    assert len(rows) == len(points)
    for row, point in zip(rows, points, strict=True):
        assert rounded(point["planned_wte"], 1) in row
        spent = point["budget"] is not None and abs(point["cost"] - point["budget"]) <= 1e-6 * point["budget"]
        assert pounds(point["budget"] if spent else point["cost"]) in row  # all the budget, to tolerance


@pytest.mark.parametrize("columns", WIDTHS)
def test_years_fits(columns: int) -> None:
    text = in_terminal(["years", YEARS, "--details"], columns)  # the answer alone: test_answer_first
    check_fits(text, columns, piped("years", YEARS))
    by_year = as_json("years", YEARS)["by_year"]
    (establishment,) = rows_starting(text, "Establishment (WTE)")
    assert establishment[1:] == [rounded(y["planned_wte"], 1) for y in by_year]
    (cost,) = rows_starting(text, "Cost in the year (£)")
    assert cost[1:] == [pounds(y["in_year_cost"]) for y in by_year]


def test_wide_prints_the_full_tables() -> None:
    """--wide on a terminal: the same table lines as piped output, every column."""
    for args in (["plan", APPENDIX3], ["compare", OPTIONS], ["explain", GRADES, "--details"]):
        text = in_terminal([*args, "--wide"], 80)
        table = [line for line in text.splitlines() if TABLE_ROW.match(line)]
        assert table == [line for line in piped(*args).splitlines() if TABLE_ROW.match(line)]
        assert "Not shown" not in text


def test_columns_in_the_environment_wins() -> None:
    """COLUMNS, when set, is the width tables fit, whatever the terminal's own size."""
    text = in_terminal(["plan", APPENDIX3], 80, env={"COLUMNS": "100"})
    assert "Not shown" not in text
    assert max(cell_len(line.rstrip()) for line in text.splitlines()) > 80


@pytest.mark.parametrize(
    ("args", "columns"),
    [
        (["plan", ENGLAND], 40),
        (["compare", OPTIONS], 40),
        (["explain", GRADES], 40),
        (["plan", APPENDIX3], 20),
    ],
)
def test_a_very_narrow_terminal_still_shows_whole_figures(args: list[str], columns: int) -> None:
    """40 columns, or 20 (narrower than a locality and one figure): never a crash, never a figure
    cut; what cannot fit runs past the edge."""
    text = in_terminal(args, columns)
    flat = " ".join(text.split())
    assert "…" not in flat.replace("… 133 more", "")
    if args[0] == "plan":
        planned, cost = plan_figures(args[1])
        assert planned in [cell for row in rows_starting(text, "Total") for cell in row]
        assert cost in flat
    elif args[0] == "compare":
        for option in as_json(*args)["options"][1:]:
            assert pounds(option["measures"]["Recurring cost (£ a year)"]) in flat
    else:
        for locality in as_json(*args)["localities"]:
            assert rounded(locality["required WTE"], 2) in flat
