"""A workbook that audits itself (issue 22, item 3): change each named input in turn (a cap, a cost per
WTE, a budget, one locality's caseload), recalculate (the pure-Python engine and LibreOffice), and
every figure resting on it (the option's plan sheet, its Options column, its Planned WTE column)
moves as the JSON of a fresh `plan` at that input says, while nothing else in the workbook moves.
Every formula is also written with its worked-out value: a reader that does not calculate (openpyxl
with data_only, pandas) sees the same figures as the engine."""

import json
import math
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.workbook_calc import ENGINES, ROOT, calculate, calculated, cli, note, plan_json, table

FOLDER = ROOT / "examples" / "lcr-2010"
PLAN_KEYS = {
    "In post\n(WTE)": "in_post_wte",
    "Caseload\n(children)": "caseload",
    "Weighted\ncaseload\n(children)": "weighted_caseload",
    "Load per\nWTE now": "load_per_wte_before",
    "Required\nfor cap\n(WTE)": "required_wte",
    "Establishment\n(WTE)": "planned_wte",
    "Change\n(WTE)": "change_wte",
    "Load per\nWTE after": "load_per_wte",
    "Establishment\nper 1,000\nchildren": "planned_wte_per_1000",
    "In post\nper 1,000\nchildren": "in_post_wte_per_1000",
    "Cost\n(£ a year)": "cost",
    "Cost of\nchange\n(£ a year)": "cost_change",
}
MONEY = {"cost", "cost_change"}
OPTIONS_ROWS = {
    "Total establishment (WTE)": "planned_wte",
    "Change from today (WTE)": "change_wte",
    "Recurring cost (£ a year)": "cost",
    "Change in recurring cost (£ a year)": "cost_change",
    "Worst load per WTE": "worst_load_per_wte",
    "Average load per WTE": "load_per_wte",
}
CHANGES = {
    # input: (how the workbook is edited, the option's column on Options, its sheets, plan arguments)
    "cap": (("name", "opt2_cap", 350), 4, "B - cap 400", ("appendix3.yaml", "--cap", "350")),
    "cost per WTE": (
        ("name", "opt2_cost", 40000),
        4,
        "B - cap 400",
        ("appendix3.yaml", "--cost-per-wte", "40000"),
    ),
    "budget": (
        ("name", "opt1_budget_change", 0.05),
        3,
        "A - hold 450",
        ("metric-450.yaml", "--budget", "+5%"),
    ),
    "caseload": (("cell", "B - cap 400 weighting", "SLH", 11000), 4, "B - cap 400", None),
}


def _close(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
    return a == b or (a in (None, "") and b in (None, ""))


def _program(change, tmp_path) -> dict:
    """The fresh plan at the changed input: its options on the command line, or (a caseload) a copy
    of the scenario whose locality file has the new count."""
    if change[3] is not None:
        scenario, *args = change[3]
        return json.loads(cli("plan", FOLDER / scenario, *args, "--format", "json").stdout)
    copy = tmp_path / "scenario"
    shutil.copytree(ROOT / "inputs" / "lcr-2010", copy / "inputs" / "lcr-2010")
    shutil.copytree(ROOT / "models", copy / "models")
    (copy / "examples" / "lcr-2010").mkdir(parents=True)
    shutil.copy(FOLDER / "appendix3.yaml", copy / "examples" / "lcr-2010")
    table1 = copy / "inputs" / "lcr-2010" / "table1-jan-2010.csv"
    table1.write_text(table1.read_text().replace("SLH,25.52,10362", "SLH,25.52,11000"))
    return plan_json(copy / "examples" / "lcr-2010" / "appendix3.yaml")


def _edit(source, target, how) -> set[tuple[str, str]]:
    """The workbook with one input changed; the cell changed, as (sheet, cell)."""
    book = load_workbook(source)
    if how[0] == "name":
        ((sheet, cell),) = book.defined_names[how[1]].destinations
        cell = cell.replace("$", "")
    else:
        sheet, ws = how[1], book[how[1]]
        headers = [c.value for c in ws[1]]
        row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == how[2])
        cell = row[headers.index("Caseload\n(children)")].coordinate
    book[sheet][cell].value = how[-1]
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return {(sheet, cell)}


@pytest.fixture(scope="module")
def before(board_pack):
    """The board pack's values as each engine works them out, once per engine."""
    found: dict = {}

    def values(engine: str):
        if engine not in found:
            out = board_pack / f"before-{engine}"
            found[engine] = calculated(engine, board_pack / "pack" / "report.xlsx", out)
        return found[engine]

    return values


def _moved(before, after) -> set[tuple[str, str]]:
    moved = set()
    for ws in before.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if not _close(c.value, after[ws.title][c.coordinate].value):
                    moved.add((ws.title, c.coordinate))
    return moved


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("what", list(CHANGES))
def test_each_named_input_moves_what_rests_on_it_and_nothing_else(board_pack, before, tmp_path, engine, what):
    how, column, sheet, _ = CHANGES[what]
    edited = tmp_path / "edited" / "report.xlsx"
    changed = _edit(board_pack / "pack" / "report.xlsx", edited, how)
    after = calculated(engine, edited, tmp_path / "calc")
    program = _program(CHANGES[what], tmp_path)

    _, rows = table(after[sheet])
    for locality in [*program["localities"], {**program["totals"], "name": "Total"}]:
        row = rows[locality["name"]]
        for header, key in PLAN_KEYS.items():
            tolerance = 0.5 if key in MONEY else 1e-6
            assert row[header] == pytest.approx(locality[key], abs=tolerance), (what, locality["name"], key)
    worst = note(after[sheet], "Worst load per WTE after")
    assert worst == pytest.approx(program["totals"]["worst_load_per_wte"], abs=1e-6)
    if program["budget"] is not None:
        assert note(after[sheet], "Budget (£ a year)") == pytest.approx(program["budget"], abs=0.5)
        left = program["budget"] - program["totals"]["cost"]
        assert note(after[sheet], "Budget left (£ a year)") == pytest.approx(left, abs=0.5)

    options = {r[0].value: r[column - 1].value for r in after["Options"].iter_rows(min_row=2) if r[0].value}
    for label, key in OPTIONS_ROWS.items():
        tolerance = 0.5 if "£" in label else 1e-6
        assert options[label] == pytest.approx(program["totals"][key], abs=tolerance), (what, label)
    assert options["Cap (weighted cases per WTE)"] == program["cap"]
    over = sum(loc["load_per_wte"] > program["cap"] * (1 + 1e-6) for loc in program["localities"])
    assert options["Localities over the cap"] == over
    planned = {r[0].value: r[column - 1].value for r in after["Planned WTE"].iter_rows(min_row=2)}
    for locality in program["localities"]:
        assert planned[locality["name"]] == pytest.approx(locality["planned_wte"], abs=1e-6)

    allowed = {sheet, f"{sheet} weighting", "Inputs"}
    column_letter = "ABCDEFGH"[column - 1]
    stray = {
        (s, c)
        for s, c in _moved(before(engine), after) - changed
        if s not in allowed and not (s in ("Options", "Planned WTE") and c.startswith(column_letter))
    }
    assert not stray, f"{what}: moved elsewhere: {sorted(stray)[:10]}"


def test_the_issues_example_cost_per_wte_moves_the_options_sheet(board_pack, tmp_path):
    """Raising option B's cost per WTE to £40,000: its sheet and Options both show £3,321,700."""
    edited = tmp_path / "report.xlsx"
    _edit(board_pack / "pack" / "report.xlsx", edited, ("name", "opt2_cost", 40000))
    after = calculated("python", edited, tmp_path)
    expected = (7240 + 5133 + 5323 + 5159 + 10362) / 400 * 40000
    assert expected == pytest.approx(3_321_700)
    options = {r[0].value: r[3].value for r in after["Options"].iter_rows(min_row=2) if r[0].value}
    assert options["Recurring cost (£ a year)"] == pytest.approx(expected, abs=0.5)
    assert table(after["B - cap 400"])[1]["Total"]["Cost\n(£ a year)"] == pytest.approx(expected, abs=0.5)


def test_every_formula_carries_its_value_for_readers_that_do_not_calculate(board_pack):
    source = board_pack / "pack" / "report.xlsx"
    engine = calculate(source)
    formulas, cached = load_workbook(source), load_workbook(source, data_only=True)
    count = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                count += 1
                shown = cached[ws.title][c.coordinate].value
                worked = engine.cells[ws.title, c.coordinate]
                assert _close(shown, worked), f"{ws.title}!{c.coordinate} {c.value}: {shown!r} != {worked!r}"
    assert count > 300
    frame = pd.read_excel(source, sheet_name="Options")  # pandas reads the cached values
    assert frame.iloc[:, 1:].notna().all().all()
    assert list(frame.columns) == ["Measure", "Today\n(in post)", "A: hold 450", "B: cap 400", "C: cap 250"]


def test_headers_are_words_and_in_post_shows_two_decimals(board_pack):
    book = load_workbook(board_pack / "pack" / "report.xlsx")
    years = [c.value for c in book["Years"][1]]
    assert "start_wte" not in years and "one_off_cost" not in years
    assert all(h == h.strip() and "_" not in h for h in years)
    options = book["Options"]
    assert options["B2"].number_format == "0.00"  # 75.17 in post, as the paper shows it
    assert options["B2"].data_type == "f"  # today's establishment: the first plan sheet's total in post
