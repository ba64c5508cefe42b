"""Display rounding as the README states it, in every display format (terminal and markdown tables,
sentences; plan, compare and sweep): "half away from zero: WTE to one decimal place (in post to two,
as recorded), pounds and children to whole numbers", never a signed zero, while JSON and CSV keep
the figure (pounds to the penny). The figures sit exactly on halves, where rounding half to even
(Python's round, numpy's) would give the other answer; the expected cells are worked out here from
the inputs with decimal arithmetic."""

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.conftest import run_cli

COST = Decimal(38322)
CAP = Decimal(400)
ROWS = {  # locality: (WTE in post, caseload), as written to the file
    "A": ("12.0", "4900"),  # plans 12.25: +0.25 WTE, +£9,580.50
    "B": ("10.0", "3900"),  # plans 9.75: -0.25 WTE, -£9,580.50
    "C": ("0", "2.5"),  # 2.5 children, plans 0.00625 WTE: +£239.5125
    "D": ("0.00001", "0"),  # loses 0.00001 WTE: -£0.38, shown as £0, never -£0
}


def half_up(value: Decimal, places: int) -> Decimal:
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def wte(value: Decimal, places: int = 1, signed: bool = False) -> str:
    shown = half_up(value, places)
    return f"{'+' if signed and shown > 0 else ''}{shown:,.{places}f}"


def pounds(value: Decimal, signed: bool = False) -> str:
    shown = half_up(value, 0)
    sign = "-" if shown < 0 else "+" if signed and shown > 0 else ""
    return f"{sign}£{abs(shown):,.0f}"


def expected() -> dict[str, list[str]]:
    """Each locality's cells and the total, from the inputs: in post, weighted caseload, planned,
    change, cost of change (the columns that do not depend on a load)."""
    rows, totals = {}, [Decimal(0)] * 5
    for name, (in_post, caseload) in ROWS.items():
        figures = [Decimal(in_post), Decimal(caseload), Decimal(caseload) / CAP]
        figures += [figures[2] - figures[0], (figures[2] - figures[0]) * COST]
        totals = [t + f for t, f in zip(totals, figures, strict=True)]
        rows[name] = figures
    rows["Total"] = totals
    return {
        name: [
            wte(f[0], 2),
            f"{half_up(f[1], 0):,.0f}",
            wte(f[2]),
            wte(f[3], signed=True),
            pounds(f[4], True),
        ]
        for name, f in rows.items()
    }


@pytest.fixture(scope="module")
def ties(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ties")
    (folder / "model.yaml").write_text("name: m\ncase_unit: children\n", encoding="utf-8")
    lines = [f"{name},{in_post},{caseload}" for name, (in_post, caseload) in ROWS.items()]
    (folder / "loc.csv").write_text(
        "locality,in_post_wte,caseload\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    for name in ("ties", "again"):
        (folder / f"{name}.yaml").write_text(
            f"name: {name}\nmodel: model.yaml\nlocalities: loc.csv\ncap: 400\ncost_per_wte: 38322\n",
            encoding="utf-8",
        )
    return folder / "ties.yaml"


def _cells(line: str, bar: str) -> list[str]:
    return [c.strip().strip("*") for c in line.strip().strip(bar).split(bar)]


def _table(text: str, bar: str, first: str) -> dict[str, list[str]]:
    """Rows of the table whose first row starts with `first`, by their first cell."""
    rows = [_cells(line, bar) for line in text.splitlines() if line.strip().startswith(bar)]
    start = next(i for i, cells in enumerate(rows) if cells[0] == first)
    return {cells[0]: cells[1:] for cells in rows[start:] if cells[0] in (*ROWS, "Total")}


PLAN_COLUMNS = (0, 1, 3, 4, 6)
"""In the plan's table: in post, weighted caseload, establishment, change, cost of change (after
them, the loads per WTE)."""


@pytest.mark.parametrize(("fmt", "bar"), [("md", "|"), ("table", "│")])
def test_plan_tables_round_half_away_from_zero(ties, fmt, bar):
    args = ("--format", "md") if fmt == "md" else ("--wide",)
    out = run_cli("plan", ties, *args).stdout
    table = _table(out, bar, "A")
    for name, cells in expected().items():
        assert [table[name][j] for j in PLAN_COLUMNS] == cells, name
    words = " ".join(out.split())
    total = expected()["Total"]
    assert f"needs an establishment of {total[2]} WTE against {total[0]} in post (0.0 WTE)" in words
    assert f"the change costs {total[4]} a year" in words
    assert not re.search(r"(?<![0-9])[+-](£)?0(\.0+)?(?![0-9.,])", out)


def test_the_tie_figures_are_kept_in_json_and_csv(ties):
    """The machine formats keep what the displays round: 12.25, -9580.5, and -£0.38 to the penny."""
    rows = {
        r["locality"]: r for r in csv.DictReader(io.StringIO(run_cli("plan", ties, "--format", "csv").stdout))
    }
    assert (rows["A"]["planned_wte"], rows["A"]["cost_change"]) == ("12.25", "9580.5")
    assert (rows["B"]["change_wte"], rows["B"]["cost_change"]) == ("-0.25", "-9580.5")
    assert (rows["C"]["weighted_caseload"], rows["D"]["cost_change"]) == ("2.5", "-0.38")


@pytest.mark.parametrize(("fmt", "bar"), [("md", "|"), ("table", "│")])
def test_compare_and_sweep_round_half_away_from_zero(ties, fmt, bar):
    args = ("--format", "md") if fmt == "md" else ("--wide",)
    compared = _table(run_cli("compare", ties, ties.with_name("again.yaml"), *args).stdout, bar, "A")
    for name, cells in expected().items():
        assert compared[name] == [cells[0], cells[2], cells[2]], name
    swept = run_cli("sweep", ties, "--cap", "400", *args).stdout
    point = next(_cells(line, bar) for line in swept.splitlines() if _cells(line, bar)[0] == "400")
    total = expected()["Total"]
    assert point[2:5] == [total[2], "0.0", pounds(sum(Decimal(c) / CAP * COST for _, c in ROWS.values()))]
