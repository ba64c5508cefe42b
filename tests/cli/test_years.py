"""Several years: hand calculations, stock and flow, one year = today's plan, bad input, monotone budgets."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimiser.errors import PlanCheckError
from optimiser.inputs.scenario import Objective
from optimiser.lp.data import Grade, LpData
from optimiser.lp.status import SolverChoice
from optimiser.lp.years_objectives import optimise_years
from optimiser.lp.years_rows import RECRUITS, YearsData, YearVar
from optimiser.planning.pipeline import plan_scenario
from optimiser.planning.prepare import prepare
from optimiser.planning.years_check import identity_problems
from optimiser.planning.years_data import prepare_years
from optimiser.planning.years_pipeline import plan_years
from optimiser.render.charts import to_png
from optimiser.render.years_chart import trajectory_chart
from optimiser.render.years_tables import years_csv, years_dict
from optimiser.render.years_words import year_sentences
from tests.conftest import ROOT, run_cli

LCR = ROOT / "examples" / "lcr-2010"

ONE_LOCALITY = """\
# One locality, one grade: every figure below is worked by hand in the tests.
name: one locality
model: model.yaml
localities: localities.csv
cap: 400
cost_per_wte: 40000
objective: {objective}
horizon:
  years: [Y1, Y2]
  caseload_growth: 0.02
  leaver_rate: 0.1
  max_recruits_per_year: 2
{extra}"""


def _one_locality(tmp_path: Path, objective: str = "max-coverage", extra: str = "") -> Path:
    (tmp_path / "model.yaml").write_text("name: count\ncase_unit: children\nstaff_title: health visitor\n")
    (tmp_path / "localities.csv").write_text("locality,in_post_wte,caseload\nX,8,4000\n")
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(ONE_LOCALITY.format(objective=objective, extra=extra))
    return scenario


def test_single_locality_against_a_hand_calculation(tmp_path):
    """Y1: 8 in post, 10% (0.8) leave, at most 2 recruited, so at most 9.2 WTE against 4,000 children:
    the best worst-year load is 4,000 / 9.2 = 434.78 (theta 9.2 x 400 / 4,000 = 0.92).
    Y2: caseload 4,000 x 1.02 = 4,080 needs 10.2 WTE; 9.2 - 0.92 leavers = 8.28, plus up to 2
    recruits = 10.28, so the cap is met: 1.92 recruited. Cost 40,000 x 9.2 = £368,000 and
    40,000 x 10.2 = £408,000."""
    scenario = _one_locality(tmp_path, extra="  budgets: [900000, 900000]\n")
    result = plan_years(scenario)
    t = result.by_year
    assert result.theta == pytest.approx(0.92, rel=1e-6)
    assert result.best_cap == pytest.approx(4000 / 9.2, rel=1e-6)
    assert t.loc["Y1", "leavers"] == pytest.approx(0.8)
    assert t.loc["Y1", "recruits"] == pytest.approx(2.0, rel=1e-6)
    assert t.loc["Y1", "planned_wte"] == pytest.approx(9.2, rel=1e-6)
    assert t.loc["Y1", "worst_load_per_wte"] == pytest.approx(434.7826, rel=1e-5)
    assert t.loc["Y2", "weighted_caseload"] == pytest.approx(4080)
    assert t.loc["Y2", "leavers"] == pytest.approx(0.92, rel=1e-6)
    assert t.loc["Y2", "recruits"] == pytest.approx(1.92, rel=1e-5)
    assert t.loc["Y2", "planned_wte"] == pytest.approx(10.2, rel=1e-6)
    assert t.loc["Y2", "worst_load_per_wte"] == pytest.approx(400, rel=1e-6)
    assert t.loc["Y1", "full_year_cost"] == pytest.approx(368_000, rel=1e-6)
    assert t.loc["Y2", "full_year_cost"] == pytest.approx(408_000, rel=1e-6)
    assert "recruitment[total,Y1]" in result.binding
    said = year_sentences(result)
    assert "The cap of 400 is reached in Y2." in said
    assert "Y1's budget and limits hold 435 at best." in said


def test_part_year_effect_by_hand(tmp_path):
    """Changes from October in an April year are in force 6 months: Y1 costs 8 x 40,000 x 0.5
    + 9.2 x 40,000 x 0.5 = £344,000 in the year; the change, +1.2 WTE, costs £24,000 in the year
    and £48,000 in a full year."""
    scenario = _one_locality(tmp_path, extra="  budgets: [900000, 900000]\n  start_month: 10\n")
    t = plan_years(scenario).by_year
    assert t.loc["Y1", "in_year_cost"] == pytest.approx(344_000, rel=1e-6)
    assert t.loc["Y1", "change_in_year"] == pytest.approx(24_000, rel=1e-5)
    assert t.loc["Y1", "change_full_year"] == pytest.approx(48_000, rel=1e-5)


def test_min_cost_names_the_year_and_the_recruits_it_needs(tmp_path):
    """Y1 needs 10 WTE: 7.2 stay, so 2.8 must be recruited against a limit of 2 (exit 3)."""
    scenario = _one_locality(tmp_path, objective="min-cost")
    result = run_cli("years", scenario)
    assert result.exit_code == 3
    assert (
        "Y1: meeting the cap needs 2.8 WTE recruited across all localities; the recruitment limit is 2.0"
        in (result.stderr)
    )
    assert "Y2" not in result.stderr


def _result_identities_hold(result) -> None:
    """Recompute stock and flow from the shown tables alone, year by year and locality by locality."""
    table = result.localities
    for loc in dict.fromkeys(table.index.get_level_values("locality")):
        for i, year in enumerate(result.years):
            r = table.loc[(loc, year)]
            if i > 0:
                assert r["start_wte"] == pytest.approx(table.loc[(loc, result.years[i - 1]), "planned_wte"])
            assert r["leavers"] == pytest.approx(result.leaver_rate * r["start_wte"])
            flow = (
                r["start_wte"] - r["leavers"] + r["recruits"] - r["removed"] + r["moved_in"] - r["moved_out"]
            )
            assert r["planned_wte"] == pytest.approx(flow, abs=1e-6)
    moves = table.groupby(level="year")[["moved_in", "moved_out"]].sum()
    assert (moves["moved_in"] - moves["moved_out"]).abs().max() < 1e-6


@pytest.mark.parametrize("name", ["three-years.yaml"])
def test_stock_and_flow_hold_in_the_example(name):
    result = plan_years(LCR / name)
    _result_identities_hold(result)
    budgets = result.by_year["budget"]
    assert (result.by_year["in_year_cost"] <= budgets * (1 + 1e-7)).all()
    assert (result.by_year["recruits"] <= 8 + 1e-6).all()


def test_a_plan_that_breaks_stock_and_flow_is_refused(tmp_path):
    """The identity check reads the plan's figures, not the solver's rows: one recruit more is caught."""
    prepared = prepare_years(_one_locality(tmp_path, extra="  budgets: [900000, 900000]\n"))
    outcome = optimise_years(prepared.data, Objective.MAX_COVERAGE, SolverChoice.AUTO)
    values = dict(outcome.solution.values)
    assert identity_problems(prepared.data, values) == []
    key = YearVar(RECRUITS, "X", "health visitor", "Y2")
    values[key] += 0.5
    assert any(p.startswith("stock[X,health visitor,Y2]") for p in identity_problems(prepared.data, values))
    from optimiser.lp.years_rows import flows
    from optimiser.planning.years_check import check_years

    with pytest.raises(PlanCheckError) as caught:
        laid = flows(prepared.data, values)
        check_years(prepared.data, outcome.blocks, outcome.solution.x, laid, {}, {})
    assert caught.value.exit_code == 5


def _one_year(tmp_path: Path, name: str) -> Path:
    text = (LCR / name).read_text().replace("../../", str(ROOT) + "/")
    scenario = tmp_path / name
    scenario.write_text(text + "horizon:\n  years: [2010/11]\n")
    return scenario


@pytest.mark.parametrize("name", ["appendix3.yaml", "cut-8-percent.yaml"])
def test_one_year_is_exactly_todays_plan(tmp_path, name):
    plan = plan_scenario(prepare(LCR / name))
    result = plan_years(_one_year(tmp_path, name))
    planned = result.localities.xs("2010/11", level="year")["planned_wte"]
    for loc, wte in plan.localities["planned_wte"].items():
        assert planned[loc] == pytest.approx(wte, rel=1e-7, abs=1e-7)
    cost = result.by_year.loc["2010/11", "full_year_cost"]
    assert cost == pytest.approx(plan.totals["cost"], rel=1e-7)  # the solver's tolerance
    assert round(cost) == round(plan.totals["cost"])  # the same figure as shown, to the pound


def test_appendix3_one_year_golden(tmp_path):
    """Appendix 3 by hand: 33,217 / 400 = 83.0425 WTE at £38,323 = £3,182,438 a year."""
    result = plan_years(_one_year(tmp_path, "appendix3.yaml"))
    assert result.by_year.loc["2010/11", "planned_wte"] == pytest.approx(83.0425)
    assert result.by_year.loc["2010/11", "full_year_cost"] == pytest.approx(83.0425 * 38323)


def test_plan_refuses_a_horizon_scenario():
    result = run_cli("plan", LCR / "three-years.yaml")
    assert result.exit_code == 2
    assert "key 'horizon'" in result.stderr and "establishment years" in result.stderr


BAD = [
    ("budgets: [2000000, 2000000]", "key 'horizon.budgets'", "2 budgets for 3 years"),
    ("leaver_rate: 1.0", "key 'horizon.leaver_rate'", "less than 1"),
    ("leaver_rate: -0.1", "key 'horizon.leaver_rate'", "at least 0"),
]


def _horizon(tmp_path: Path, years: str, line: str) -> Path:
    (tmp_path / "model.yaml").write_text("name: count\ncase_unit: children\nstaff_title: health visitor\n")
    (tmp_path / "localities.csv").write_text("locality,in_post_wte,caseload\nX,8,4000\n")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "name: bad\nmodel: model.yaml\nlocalities: localities.csv\ncap: 400\ncost_per_wte: 40000\n"
        f"horizon:\n  years: {years}\n  {line}\n"
    )
    return scenario


@pytest.mark.parametrize(("line", "key", "what"), BAD)
def test_bad_horizon_is_refused_naming_key_and_line(tmp_path, line, key, what):
    result = run_cli("years", _horizon(tmp_path, "[2010/11, 2011/12, 2012/13]", line))
    assert result.exit_code == 2
    assert "line 8" in result.stderr and key in result.stderr and what in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("years", "what"),
    [
        ("[2011/12, 2010/11]", "'2010/11' comes after '2011/12' but is not later"),
        ("[2010/11, 2010/11]", "'2010/11' appears more than once"),
    ],
)
def test_years_out_of_order_or_repeated_are_refused(tmp_path, years, what):
    result = run_cli("years", _horizon(tmp_path, years, "leaver_rate: 0.1"))
    assert result.exit_code == 2
    assert "line 7, key 'horizon.years'" in result.stderr and what in result.stderr


def test_year_caseload_column_is_read_with_care(tmp_path):
    """`caseload:<year>` cells are numbers of at least 0; a bad one names file, line and column."""
    scenario = _horizon(tmp_path, "[Y1, Y2]", "leaver_rate: 0")
    (tmp_path / "localities.csv").write_text("locality,in_post_wte,caseload,caseload:Y2\nX,8,4000,4400\n")
    result = plan_years(scenario)
    assert result.by_year.loc["Y2", "weighted_caseload"] == pytest.approx(4400)
    assert result.by_year.loc["Y2", "planned_wte"] == pytest.approx(11.0)
    (tmp_path / "localities.csv").write_text("locality,in_post_wte,caseload,caseload:Y2\nX,8,4000,-3\n")
    bad = run_cli("years", scenario)
    assert bad.exit_code == 2
    assert "localities.csv: line 2 (locality 'X'), column 'caseload:Y2': is -3" in bad.stderr


def test_growth_column_per_locality(tmp_path):
    """Y2's caseload is 4,000 x 1.10 = 4,400 (the locality's own 10%), needing 11.0 WTE."""
    scenario = _horizon(tmp_path, "[Y1, Y2]", "caseload_growth_column: growth")
    (tmp_path / "localities.csv").write_text("locality,in_post_wte,caseload,growth\nX,8,4000,0.10\n")
    assert plan_years(scenario).by_year.loc["Y2", "planned_wte"] == pytest.approx(11.0)


def test_outputs_are_pure():
    result = plan_years(LCR / "three-years.yaml")
    assert to_png(trajectory_chart(result)) == to_png(trajectory_chart(result))
    data = years_dict(result)
    assert json.loads(json.dumps(data))["years"] == ["2010/11", "2011/12", "2012/13"]
    assert years_csv(result).splitlines()[0].startswith("locality,year,start_wte")


def _data(budgets: tuple[float, ...], caseloads: tuple[float, float]) -> YearsData:
    base = LpData(
        localities=("A", "B"),
        grades=(Grade("hv", 40_000.0),),
        weighted={"A": caseloads[0], "B": caseloads[1]},
        cap=400.0,
        floors={},
        ceilings={},
        budget=None,
        case_unit="children",
    )
    years = tuple(f"Y{i}" for i in range(len(budgets)))
    return YearsData(
        base=base,
        years=years,
        weighted={y: {"A": caseloads[0] * 1.03**i, "B": caseloads[1] * 1.03**i} for i, y in enumerate(years)},
        start={("A", "hv"): 5.0, ("B", "hv"): 7.0},
        budgets=budgets,
        leaver_rate=0.1,
        max_recruits_per_year=2.0,
    )


@settings(max_examples=20, deadline=None)
@given(
    budgets=st.tuples(*(st.floats(300_000, 800_000) for _ in range(3))),
    caseloads=st.tuples(st.floats(1_000, 5_000), st.floats(1_000, 5_000)),
    year=st.integers(0, 2),
    extra=st.floats(1_000, 300_000),
)
def test_a_larger_budget_never_worsens_the_best_worst_year_cap(budgets, caseloads, year, extra):
    d = _data(budgets, caseloads)
    more = replace(d, budgets=tuple(b + extra if i == year else b for i, b in enumerate(budgets)))
    before = optimise_years(d, Objective.MAX_COVERAGE, SolverChoice.AUTO)
    after = optimise_years(more, Objective.MAX_COVERAGE, SolverChoice.AUTO)
    assert after.theta >= before.theta * (1 - 1e-6)
