"""Random scenarios through the CLI's JSON: every printed plan meets its constraints and adds up."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli

MODEL = "name: m\ncase_unit: cases\n"
TOLERANCE = 1e-6

locality = st.fixed_dictionaries(
    {
        "in_post": st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=40)),
        "caseload": st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=20_000)),
        "floor": st.one_of(st.none(), st.just(0.0), st.floats(min_value=1e-6, max_value=40)),
        "ceiling_extra": st.one_of(st.none(), st.just(0.0), st.floats(min_value=1e-6, max_value=80)),
    }
)
scenarios = st.fixed_dictionaries(
    {
        "localities": st.lists(locality, min_size=1, max_size=10),
        "cap": st.floats(min_value=20, max_value=800),
        "cost": st.floats(min_value=10_000, max_value=90_000),
        "budget_factor": st.one_of(st.none(), st.floats(min_value=0.5, max_value=2.0)),
    }
)


def _budget(s: dict) -> float:
    """The budget as a share of the closed-form cost of meeting every cap and floor."""
    need = sum(max(loc["caseload"] / s["cap"], loc["floor"] or 0) for loc in s["localities"]) * s["cost"]
    return need * s["budget_factor"]


def _write(folder: Path, s: dict) -> Path:
    rows = ["locality,in_post_wte,caseload,floor_wte,ceiling_wte"]
    for i, loc in enumerate(s["localities"]):
        floor = "" if loc["floor"] is None else repr(loc["floor"])
        ceiling = "" if loc["ceiling_extra"] is None else repr((loc["floor"] or 0) + loc["ceiling_extra"])
        rows.append(f"L{i},{loc['in_post']!r},{loc['caseload']!r},{floor},{ceiling}")
    (folder / "localities.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "model.yaml").write_text(MODEL, encoding="utf-8")
    # the strict question (min-cost), as these properties check it
    budget = "" if s["budget_factor"] is None else f"budget: {_budget(s)!r}\nobjective: min-cost\n"
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        f"name: random\nmodel: model.yaml\nlocalities: localities.csv\ncap: {s['cap']!r}\n"
        f"cost_per_wte: {s['cost']!r}\n{budget}",
        encoding="utf-8",
    )
    return scenario


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("random")


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenarios)
def test_printed_plans_meet_their_constraints(folder, s):
    result = run_cli("plan", _write(folder, s), "--format", "json", "--yes")
    assert result.exit_code in (0, 2, 3), result.stderr
    if result.exit_code == 2:  # documented: floors that alone cost more than the budget are bad input
        floors_cost = sum(loc["floor"] or 0 for loc in s["localities"]) * s["cost"]
        assert s["budget_factor"] is not None and floors_cost > _budget(s) * (1 - 1e-9), result.stderr
        assert "floors" in result.stderr
        return
    data = json.loads(result.stdout)
    ceilings_ok = all(
        loc["ceiling_extra"] is None
        or ((loc["floor"] or 0) + loc["ceiling_extra"]) * s["cap"] >= loc["caseload"]
        for loc in s["localities"]
    )
    budget_ok = s["budget_factor"] is None or s["budget_factor"] >= 1 + 1e-6
    if ceilings_ok and budget_ok:
        assert result.exit_code == 0, result.stderr
    if result.exit_code == 3:
        assert data["status"] == "infeasible"
        if ceilings_ok:  # money is written to the penny: a shortfall under a penny shows as 0
            assert data["shortfall"] > 0 or data["cost_of_cap"] - data["budget"] <= 0.01 + 1e-9
        return
    assert data["status"] == "optimal"
    for row, loc in zip(data["localities"], s["localities"], strict=True):
        scale = max(1.0, loc["caseload"])
        assert row["planned_wte"] * s["cap"] >= loc["caseload"] - TOLERANCE * scale
        if loc["floor"] is not None:
            assert row["planned_wte"] >= loc["floor"] - TOLERANCE * max(1.0, loc["floor"])
        if loc["ceiling_extra"] is not None:
            ceiling = (loc["floor"] or 0) + loc["ceiling_extra"]
            assert row["planned_wte"] <= ceiling + TOLERANCE * max(1.0, ceiling)
    if data["budget"] is not None:  # JSON money is to the penny
        assert data["totals"]["cost"] <= data["budget"] * (1 + TOLERANCE) + 0.01
    for key in ("in_post_wte", "planned_wte", "change_wte", "cost", "cost_change"):
        written = 0.01 if key.startswith("cost") else 1e-9  # each row and the total are rounded
        assert data["totals"][key] == pytest.approx(
            sum(r[key] for r in data["localities"]), rel=1e-9, abs=written * (len(data["localities"]) + 1)
        )
