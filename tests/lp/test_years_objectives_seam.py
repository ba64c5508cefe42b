"""Several-year plans go through the one solver seam (issue 21, item 1): the model is handed to HiGHS
once and every stage re-solves it in place; identities are one equality row each; CBC, through PuLP,
finds the same optimum; and the establishment does not depend on the order the localities come in.
"""

from pathlib import Path

import pytest

from optimiser.inputs.scenario import Objective
from optimiser.lp import model as seam
from optimiser.lp.data import Sense
from optimiser.lp.status import SolverChoice
from optimiser.lp.years_objectives import optimise_years
from optimiser.lp.years_rows import MAX_COVERAGE, all_rows
from optimiser.planning.years_data import prepare_years
from optimiser.planning.years_pipeline import plan_years
from tests.conftest import ROOT

THREE_YEARS = ROOT / "examples" / "lcr-2010" / "three-years.yaml"


def test_one_model_many_warm_stages(monkeypatch):
    """max-coverage over three years: one passModel; the first stage from nothing (interior point with
    crossover), then its later stages (years to the cap, least cost) each re-solve the same HiGHS
    model warm (primal simplex from the last basis)."""
    passed, runs = [], []
    real_pass, real_run = seam.Model._pass, seam.Model.run
    monkeypatch.setattr(seam.Model, "_pass", lambda m: passed.append(1) or real_pass(m))

    def run(m, primal=False, interior=False):
        runs.append((primal, interior))
        return real_run(m, primal, interior)

    monkeypatch.setattr(seam.Model, "run", run)
    d = prepare_years(THREE_YEARS).data
    optimise_years(d, Objective.MAX_COVERAGE, SolverChoice.HIGHS)
    assert passed == [1]
    assert runs[0] == (False, True) and all(r == (True, False) for r in runs[1:]) and len(runs) >= 3


def test_identities_are_single_equality_rows():
    d = prepare_years(THREE_YEARS).data
    rows = all_rows(d, MAX_COVERAGE)
    stock = [r for r in rows if r.family == "stock"]
    moves = [r for r in rows if r.family == "moves"]
    assert len(stock) == len(d.localities) * len(d.grades) * len(d.years) == 15
    assert len(moves) == len(d.grades) * len(d.years) == 3
    assert {r.sense for r in stock + moves} == {Sense.EQUAL}


def test_cbc_through_pulp_agrees_on_the_optimum():
    """The same horizon on CBC: the best worst-year coverage and every year's cost agree with HiGHS."""
    highs = plan_years(THREE_YEARS, SolverChoice.HIGHS)
    cbc = plan_years(THREE_YEARS, SolverChoice.CBC)
    assert cbc.solver == "CBC"
    assert cbc.theta == pytest.approx(highs.theta, rel=1e-6)
    for year in highs.years:
        assert cbc.by_year.loc[year, "full_year_cost"] == pytest.approx(
            highs.by_year.loc[year, "full_year_cost"], rel=1e-6
        )
        assert cbc.by_year.loc[year, "planned_wte"] == pytest.approx(
            highs.by_year.loc[year, "planned_wte"], rel=1e-6
        )


def test_the_establishment_does_not_depend_on_the_order_of_localities(tmp_path):
    """The example with its localities in reverse order plans the same WTE for each locality and year."""
    text = THREE_YEARS.read_text(encoding="utf-8").replace("../../", str(ROOT) + "/")
    source = ROOT / "inputs" / "lcr-2010" / "table1-jan-2010.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.lower().startswith("locality"))
    body = [line for line in lines[header + 1 :] if line.strip() and not line.startswith("#")]
    reversed_csv = tmp_path / "reversed.csv"
    reversed_csv.write_text("\n".join([*lines[: header + 1], *reversed(body)]) + "\n", encoding="utf-8")
    scenario = tmp_path / "reversed.yaml"
    scenario.write_text(text.replace(str(source), str(reversed_csv)), encoding="utf-8")
    forward, backward = plan_years(THREE_YEARS), plan_years(scenario)
    assert list(backward.localities.index.get_level_values("locality"))[:5] == list(
        reversed(list(forward.localities.index.get_level_values("locality"))[:5])
    )
    for key, row in forward.localities.iterrows():
        assert backward.localities.loc[key, "planned_wte"] == pytest.approx(
            row["planned_wte"], rel=1e-9, abs=1e-9
        )
    assert backward.theta == pytest.approx(forward.theta, rel=1e-12)


def test_bench_baseline_is_the_same_lp(tmp_path: Path):
    """bench/years_direct.py's single solve finds the project's first-stage optimum (150 localities)."""
    from bench import years_direct
    from bench.years import CHANGES, write_case

    for objective in ("max-coverage", "min-cost"):
        scenario = write_case(tmp_path / objective, 150, objective)
        limited = objective == "max-coverage"
        horizon = years_direct.Horizon(
            5, 0.02, 0.1, 15 if limited else None, 3.0, 0.75, CHANGES if limited else None
        )
        direct = years_direct.solve(*years_direct.read(scenario), horizon, limited)
        result = plan_years(scenario)
        if limited:
            assert result.theta == pytest.approx(direct, rel=1e-9)
        else:
            shares = [0.75, 1.0, 1.0, 1.0, 1.0]
            assert float((result.by_year["full_year_cost"] * shares).sum()) == pytest.approx(direct, rel=1e-9)
