"""Issue 22 through the command line: the question a budget asks is answered (no objective stated),
a slip is questioned, not answered, titles say what was planned and what the command line set, a
budget sweep reads as finance reads it, and `plan --sensitivity` re-plans each input.

Golden figures are worked out here from LCR 2010 Table 1 (33,217 children, 75.17 WTE in post) and
the PSSRU cost of £38,323 per WTE, not copied from the program."""

import json
import re

import pytest

from optimiser.errors import ExitCode
from tests.conftest import EXAMPLE, run_cli
from tests.pseudo_terminal import run_in_terminal

CHILDREN = 7240 + 5133 + 5323 + 5159 + 10362
IN_POST = 14.86 + 12.00 + 12.98 + 9.81 + 25.52
COST = 38_323
TODAY = IN_POST * COST
CUT_8 = 0.92 * TODAY
CAP_COST = CHILDREN / 400 * COST


def _ok(*args: object):
    result = run_cli(*args)
    assert result.exit_code == ExitCode.OK, result.stderr
    return result


def _json(*args: object) -> dict:
    return json.loads(_ok(*args, "--format", "json").stdout)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_budget_with_no_objective_answers_the_best_cap_it_holds():
    out = _flat(_ok("plan", EXAMPLE, "--budget", "-8%").stdout)
    best = CHILDREN / (CUT_8 / COST)  # equal loads everywhere: every WTE the budget buys
    assert (
        f"The budget of £{CUT_8:,.0f} a year cannot hold the cap of 400 weighted children per WTE: "
        f"the best it buys is {best:.1f} weighted children per WTE, with no locality above it. "
        f"Holding 400 costs £{CAP_COST - CUT_8:,.0f} a year more."
    ) in out
    assert "objective: max-coverage (chosen because no objective was stated" in out
    question = _json("plan", EXAMPLE, "--budget", "-8%")["question"]
    assert question["objective"] == "max-coverage" and question["chosen_by"] == "budget"


def test_min_cost_named_keeps_the_strict_answer():
    result = run_cli("plan", EXAMPLE, "--budget", "-8%", "--objective", "min-cost")
    assert result.exit_code == ExitCode.INFEASIBLE and result.stdout == ""
    assert f"£{CAP_COST - CUT_8:,.0f}" in _flat(result.stderr)


def test_a_budget_that_pays_for_the_cap_is_answered_at_least_cost():
    budget = 1.2 * TODAY
    out = _flat(_ok("plan", EXAMPLE, "--budget", "+20%").stdout)
    assert (
        f"The budget of £{budget:,.0f} a year pays for the cap of 400 weighted children per WTE: "
        f"the least-cost plan costs £{CAP_COST:,.0f} a year, £{budget - CAP_COST:,.0f} under it."
    ) in out
    assert _json("plan", EXAMPLE, "--budget", "+20%")["question"]["chosen_by"] == "default"


def test_compare_and_sweep_answer_the_same_question():
    found = _json("compare", EXAMPLE, "--budget", "-8%")["options"][1]["measures"]
    assert found["Total establishment (WTE)"] == pytest.approx(CUT_8 / COST, rel=1e-6)
    strict = run_cli("compare", EXAMPLE, "--budget", "-8%", "--objective", "min-cost")
    assert strict.exit_code == ExitCode.INFEASIBLE
    points = _json("sweep", EXAMPLE, "--budget", "-8%:-8%:1%")["points"]
    assert points[0]["status"] == "budget-limited"
    assert points[0]["achievable_cap"] == pytest.approx(CHILDREN / (CUT_8 / COST), rel=1e-6)
    strict_points = _json("sweep", EXAMPLE, "--budget", "-8%:-8%:1%", "--objective", "min-cost")["points"]
    assert strict_points[0]["status"] == "infeasible"


@pytest.mark.parametrize("command", ["plan", "compare", "sweep", "report"])
def test_help_explains_each_objective_in_a_line(command):
    out = _ok(command, "--help").stdout
    for objective in ("min-cost", "max-coverage", "none stated"):
        assert re.search(rf"^\s+{objective}\s+\w", out, re.MULTILINE), objective


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--budget", "8"), "£8 a year: did you mean --budget 8% or -8%?"),
        (("--budget", "10000000"), "£10,000,000 a year: it is over three times today's cost"),
        (("--budget", "1000000"), "under half of today's cost"),
        (("--cap", "4001"), "outside the range of any shipped model by a factor of ten"),
        (("--cap", "3"), "outside the range of any shipped model by a factor of ten"),
    ],
)
def test_a_slip_is_questioned_unless_meant(args, words):
    result = run_cli("plan", EXAMPLE, *args)
    assert result.exit_code == ExitCode.BAD_INPUT and result.stdout == ""
    assert words in _flat(result.stderr) and "--yes" in result.stderr
    assert "Traceback" not in result.stderr
    _ok("plan", EXAMPLE, *args, "--yes")


def test_plausible_figures_are_not_questioned():
    _ok("plan", EXAMPLE, "--budget", f"{0.51 * TODAY:.0f}")
    _ok("plan", EXAMPLE, "--cap", "4000")


def test_validate_questions_a_scenario_budget_too(case):
    case.write("scenario.yaml", case.scenario.read_text() + "budget: 8\n")
    result = run_cli("validate", case.scenario)
    assert result.exit_code == ExitCode.BAD_INPUT
    message = _flat(result.stderr)
    assert "key 'budget'" in message and 'did you mean budget: "8%" or "-8%"?' in message
    assert "--yes" in message
    assert run_cli("validate", case.scenario, "--yes").exit_code == ExitCode.OK


def test_a_sweep_reaching_a_slip_is_questioned():
    result = run_cli("sweep", EXAMPLE, "--cap", "300:5000:100")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "includes a cap of 5,000" in _flat(result.stderr)


def test_titles_follow_overrides():
    out = _flat(_ok("plan", EXAMPLE, "--cap", "350").stdout)
    assert (
        "Planned at a cap of 350 weighted children per WTE (set on the command line, in place of the "
        "scenario's 400), £38,323 per WTE and no budget."
    ) in out
    title = _json("plan", EXAMPLE, "--cap", "350", "--cost-per-wte", "40000")["title"]
    assert "cap of 350" in title and "£40,000 per WTE" in title
    assert title.count("set on the command line") == 2
    md = _ok("plan", EXAMPLE, "--cap", "350", "--format", "md").stdout
    assert "Planned at a cap of 350" in md.split("|")[0]
    plain = _json("plan", EXAMPLE)["title"]
    assert "cap of 400" in plain and "set on the command line" not in plain


def test_compare_says_what_every_option_was_planned_at():
    out = _flat(_ok("compare", EXAMPLE, "--cap", "350").stdout)
    assert "350" in out.split("┏")[0]


def test_a_budget_sweep_reads_as_finance_reads_it():
    out = _ok("sweep", EXAMPLE, "--budget", "-20%:0%:4%").stdout
    head, table = out.split("┏", 1)
    assert "Every point has a cap of 400 weighted children per WTE." in _flat(head)
    assert "Cap 400" not in table
    rows = [r for r in table.splitlines() if r.startswith("│")]
    assert len(rows) == 6
    for row, percent in zip(rows, range(80, 101, 4), strict=True):
        cells = [c.strip() for c in row.strip("│").split("│")]
        budget = percent / 100 * TODAY
        assert cells[0] == f"£{budget:,.0f}" and cells[1] == f"{percent:.1f}%"
        assert cells[3] == f"{budget / COST - IN_POST:.1f}"  # the change from today (WTE)
        assert cells[4] == cells[0]  # the cost spends the budget, to the solver's tolerance
        assert cells[5] == cells[6] == f"{CHILDREN / (budget / COST):.1f}"
    assert "to the solver's tolerance" in _flat(out.split("┘")[-1])


def test_a_budget_sweep_fits_80_columns_with_the_change():
    code, shown, stderr = run_in_terminal(["sweep", str(EXAMPLE), "--budget", "-20%:0%:10%"], 80, "stdout")
    assert code == 0, stderr
    table = [line for line in shown.splitlines() if line.startswith(("│", "┃"))]
    assert table and all(len(line) <= 80 for line in table)
    assert "Change" in shown and "Cap 400" not in shown


def test_sensitivity_re_plans_each_input_exactly():
    found = _json("plan", EXAMPLE, "--sensitivity")["sensitivity"]
    by_key = {row["key"]: row for row in found["inputs"]}
    assert by_key["cap"]["low"]["cost"] == pytest.approx(CHILDREN / 360 * COST, abs=0.01)
    assert by_key["cap"]["high"]["cost"] == pytest.approx(CHILDREN / 440 * COST, abs=0.01)
    assert by_key["caseloads"]["high"]["cost"] == pytest.approx(1.1 * CAP_COST, abs=0.01)
    assert by_key["cost_per_wte"]["low"]["cost"] == pytest.approx(0.95 * CAP_COST, abs=0.01)
    assert by_key["non_clinical"]["high"]["cost"] == pytest.approx(CAP_COST / 0.95, abs=0.01)
    effects = [row["effect"] for row in found["inputs"]]
    assert effects == sorted(effects, reverse=True)
    out = _flat(_ok("plan", EXAMPLE, "--sensitivity").stdout)
    assert "What moves the cost most" in out and "an exact re-plan, not a linearisation" in out
    assert "the cap ±10%" in out and "±5 percentage points" in out


def test_the_board_paper_answers_the_budgets_question_too(tmp_path):
    _ok("report", EXAMPLE, "-o", tmp_path / "pack", "--budget", "-8%")
    paper = _flat((tmp_path / "pack" / "report.md").read_text(encoding="utf-8"))
    best = CHILDREN / (CUT_8 / COST)
    assert f"the lowest cap every locality could be held to is {best:.0f} weighted children per WTE" in paper
    strict = run_cli("report", EXAMPLE, "-o", tmp_path / "b", "--budget", "-8%", "--objective", "min-cost")
    assert strict.exit_code == ExitCode.INFEASIBLE
