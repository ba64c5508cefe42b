"""The report's workbook, calculated by the pure-Python formula engine and by LibreOffice Calc
(each test runs on both; only the LibreOffice runs skip where it is missing): every figure its
formulas come to is the program's own (from `plan --format json` for the same scenario), and
changing the named cap or cost per WTE changes what rests on them, as finance would check it."""

import pytest
import yaml
from openpyxl import load_workbook

from tests.workbook_calc import ENGINES, ROOT, calculated, cli, note, plan_json, table

BOARD = ROOT / "examples" / "lcr-2010" / "board-options.yaml"
GRADES = ROOT / "examples" / "health-visiting" / "lcr-2010-weighted.yaml"
BOARD_SHEETS = {
    "A - hold 450": "metric-450.yaml",
    "B - cap 400": "appendix3.yaml",
    "C - cap 250": "cap-250.yaml",
}
"""The board options' plan sheets, named from their labels ("A: hold 450": Excel refuses ':')."""

KEYS = {
    "In post\n(WTE)": "in_post_wte",
    "Caseload\n(children)": "caseload",
    "Weighted\ncaseload\n(children)": "weighted_caseload",
    "Load per\nWTE now": "load_per_wte_before",
    "Required\nfor cap\n(WTE)": "required_wte",
    "Establishment\n(optimiser)\n(WTE)": "planned_wte",
    "Establishment\n(WTE)": "planned_wte",
    "Change\n(WTE)": "change_wte",
    "Load per\nWTE after": "load_per_wte",
    "Establishment\nper 1,000\nchildren": "planned_wte_per_1000",
    "In post\nper 1,000\nchildren": "in_post_wte_per_1000",
    "Cost\n(£ a year)": "cost",
    "Cost of\nchange\n(£ a year)": "cost_change",
}
"""Plan sheet headers (as the terminal words them) and the JSON keys of the same figures."""
MONEY = {"cost", "cost_change"}


def _agree(sheet: dict[str, object], program: dict[str, object], where: str) -> None:
    """Every figure the sheet shows equals the program's: to the pound, and WTE, loads and counts
    to 1e-6 (tighter than the 0.01 WTE a board reads)."""
    for header, key in KEYS.items():
        if header not in sheet:
            continue
        tolerance = 0.5 if key in MONEY else 1e-6
        assert sheet[header] == pytest.approx(program[key], abs=tolerance), f"{where}, {key}"


@pytest.fixture(scope="module", params=ENGINES)
def board(board_pack, request):
    """The board pack's workbook and its values as one engine works them out."""
    out = board_pack / request.param
    return board_pack, calculated(request.param, board_pack / "pack" / "report.xlsx", out), request.param


def check_board(book) -> None:
    """Every plan sheet's figures, per locality and in total, and its worst load, are the program's."""
    for sheet, scenario in BOARD_SHEETS.items():
        program = plan_json(BOARD.parent / scenario)
        headers, rows = table(book[sheet])
        assert set(KEYS) >= set(headers[1:]), headers
        for locality in program["localities"]:
            _agree(rows[locality["name"]], locality, f"{sheet}, {locality['name']}")
        _agree(rows["Total"], program["totals"], f"{sheet}, Total")
        assert note(book[sheet], "Worst load per WTE after") == pytest.approx(
            program["totals"]["worst_load_per_wte"], abs=1e-6
        )


def test_every_board_figure_is_the_programs(board):
    check_board(board[1])


@pytest.fixture(scope="module")
def grades_pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grades")
    cli("report", GRADES, "-o", folder / "pack")
    return folder


@pytest.fixture(scope="module", params=ENGINES)
def grades(grades_pack, request):
    out = grades_pack / request.param
    return grades_pack, calculated(request.param, grades_pack / "pack" / "report.xlsx", out), request.param


def test_several_grades_cost_each_grade_at_its_own_cost(grades):
    check_grades(grades[1])


def check_grades(book) -> None:
    """Each grade's WTE are the program's and each is costed at its own cost; every figure agrees."""
    model = yaml.safe_load((ROOT / "models" / "health-visiting.yaml").read_text(encoding="utf-8"))
    cost = {g["name"]: g["cost_per_wte"] for g in model["grades"]}
    program = plan_json(GRADES)
    sheet = book["Option A"]
    _, rows = table(sheet)
    for locality in program["localities"]:
        row = rows[locality["name"]]
        _agree(row, locality, locality["name"])
        by_grade = {g["grade"]: g for g in locality["grades"]}
        for grade, g in by_grade.items():
            assert row[f"Establishment\n{grade}\n(optimiser)\n(WTE)"] == pytest.approx(
                g["planned_wte"], abs=1e-9
            )
            assert row[f"In post\n{grade}\n(WTE)"] == pytest.approx(g["in_post_wte"], abs=1e-9)
        priced = sum(g["planned_wte"] * cost[grade] for grade, g in by_grade.items())
        assert row["Cost\n(£ a year)"] == pytest.approx(priced, abs=0.5)
        today = sum(g["in_post_wte"] * cost[grade] for grade, g in by_grade.items())
        assert row["Cost of\nchange\n(£ a year)"] == pytest.approx(priced - today, abs=0.5)
    _agree(rows["Total"], program["totals"], "Total")


def test_several_grades_required_wte_follows_the_cap_cell(grades, tmp_path):
    folder, _, engine = grades
    book = load_workbook(folder / "pack" / "report.xlsx")
    ((sheet, cell),) = book.defined_names["opt1_cap"].destinations
    book[sheet][cell.replace("$", "")].value = 350
    book.save(tmp_path / "report.xlsx")
    after = calculated(engine, tmp_path / "report.xlsx", tmp_path)
    model = yaml.safe_load((ROOT / "models" / "health-visiting.yaml").read_text(encoding="utf-8"))
    # A health visitor (capacity 1) holds the cap less the headroom uplift: 1 / (1 + 22%).
    capacity = model["grades"][0]["capacity"] * (1 - model.get("non_clinical_percent", 0) / 100)
    capacity /= 1 + model["headroom_percent"] / 100
    _, rows = table(after["Option A"])
    for locality in plan_json(GRADES)["localities"]:
        expected = locality["weighted_caseload"] / (350 * capacity)
        assert rows[locality["name"]]["Required\nfor cap\n(WTE)"] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("engine", ENGINES)
def test_in_post_not_known_leaves_blank_cells_not_zeros(case, tmp_path, engine):
    case.write("localities.csv", "locality,in_post_wte,caseload\nNorth,,4000\nSouth,10,5000\n")
    cli("report", case.scenario, "-o", tmp_path / "pack")
    book = calculated(engine, tmp_path / "pack" / "report.xlsx", tmp_path, blanks=True)
    _, rows = table(book["Option A"])
    program = plan_json(case.scenario)
    for locality in program["localities"]:
        row = rows[locality["name"]]
        assert set(row) - {"Locality"} <= set(KEYS)
        for header, key in ((h, KEYS[h]) for h in row if h != "Locality"):
            where = f"{locality['name']}, {key}"
            if locality[key] is None:  # JSON null: not known, so blank, never 0
                assert row[header] in (None, ""), f"{where} should be blank: {row[header]!r}"
            else:
                tolerance = 0.5 if key in MONEY else 1e-6
                assert row[header] == pytest.approx(locality[key], abs=tolerance), where
    north, total = rows["North"], rows["Total"]
    assert north["Required\nfor cap\n(WTE)"] == pytest.approx(4000 / 400)
    assert north["Cost\n(£ a year)"] == pytest.approx(4000 / 400 * 38323, abs=0.5)
    for header in (
        "In post\n(WTE)",
        "Change\n(WTE)",
        "Cost of\nchange\n(£ a year)",
        "In post\nper 1,000\nchildren",
    ):
        assert total[header] in (None, ""), header  # a partial sum is not a total
    assert total["Cost\n(£ a year)"] == pytest.approx(9000 / 400 * 38323, abs=0.5)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_plan_to_a_confidence_level_is_required_for_the_caseload_it_was_planned_for(tmp_path, engine):
    scenario = ROOT / "examples" / "lcr-2010" / "appendix3-90-percent.yaml"
    cli("report", scenario, "-o", tmp_path / "pack")
    book = calculated(engine, tmp_path / "pack" / "report.xlsx", tmp_path)
    headers, rows = table(book["Option A"])
    program = plan_json(scenario)
    at_level = "Weighted\ncaseload at\n90%\nconfidence"
    assert at_level in headers
    for locality in program["localities"]:
        row = rows[locality["name"]]
        _agree({h: v for h, v in row.items() if h != at_level}, locality, locality["name"])
        # Loads are against the counted caseload; the requirement is for the one at 90%, above it.
        assert row[at_level] > locality["weighted_caseload"]
    _agree({h: v for h, v in rows["Total"].items() if h != at_level}, program["totals"], "Total")
