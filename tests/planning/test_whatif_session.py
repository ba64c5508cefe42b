"""A what-if session plans each scenario file exactly as `establishment plan` does (planning/options,
from scratch), however many what-ifs came before it on the same files, and reads a file again when it
changes."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import optimiser.planning.whatif_session as whatif_session
from optimiser.errors import EstablishmentError
from optimiser.planning.options import plan_options
from optimiser.planning.whatif_session import Session
from tests.conftest import ROOT

LCR_CSV = ROOT / "inputs" / "lcr-2010" / "hv-tiers-imd.csv"
TWO_GRADES = {
    "name": "Two grades",
    "model": str(ROOT / "models" / "health-visiting.yaml"),
    "localities": str(LCR_CSV),
    "cap": 400,
}
"""Health visitors and nursery nurses: min-cost has ties, settled by the least change."""


def _tied(folder: Path) -> dict:
    """The two-grade scenario with a priority column whose weights tie (1, 1, 2, 2, 1)."""
    frame = pd.read_csv(LCR_CSV, comment="#")
    frame["priority_weight"] = [1, 1, 2, 2, 1]
    path = folder / "tied.csv"
    if not path.exists():
        frame.to_csv(path, index=False)
    return {**TWO_GRADES, "name": "Tied priorities", "localities": str(path), "priority": "priority_weight"}


def _written(folder: Path, n: int, base: dict, figures: dict) -> Path:
    path = folder / f"what-if-{n}.yaml"
    path.write_text(yaml.safe_dump({**base, **figures}, sort_keys=False), encoding="utf-8")
    return path


def _outcome(plan_it) -> tuple[str, object]:
    """A plan's every field (frames as exact CSV, the rest by repr: floats to the last digit), or the
    error's message."""
    try:
        plan = plan_it()
    except EstablishmentError as exc:
        return type(exc).__name__, str(exc)
    return "plan", [
        value.to_csv(float_format="%r") if isinstance(value, pd.DataFrame) else repr(value)
        for value in (getattr(plan, f.name) for f in dataclasses.fields(plan))
    ]


def _cold(path: Path) -> tuple[str, object]:
    """`plan`'s answer (planning/options names the file before an infeasible option's message, as
    `plan` does not)."""
    kind, found = _outcome(lambda: plan_options([path])[0].plan)
    return kind, found.removeprefix(f"{path}: ") if kind == "InfeasibleError" else found


FIGURES = st.fixed_dictionaries(
    {},
    optional={
        "cap": st.sampled_from([250, 300, 333.3, 350, 400, 450, 520]),
        "budget": st.sampled_from([1_500_000, 2_400_000, 2_900_000, 3_300_000, 4_100_000, "-8%", "+5%"]),
        "cost_per_wte": st.sampled_from([30_000, 38_323, 41_000.5, 45_000]),
        "objective": st.sampled_from(["min-cost", "max-coverage", "priority"]),
    },
)


@settings(max_examples=12, deadline=None)
@given(steps=st.lists(FIGURES, min_size=2, max_size=5), tied=st.booleans())
def test_every_what_if_plans_as_plan_plans_its_file(tmp_path_factory, steps, tied):
    """Whatever came before on the session (other figures, another objective, infeasible figures,
    a budget the objective lacks), each what-if's plan is `plan`'s, field by field and digit by
    digit, and a what-if `plan` refuses is refused with `plan`'s message."""
    folder = tmp_path_factory.mktemp("what-ifs")
    base = _tied(folder) if tied else TWO_GRADES
    session = Session()
    for n, figures in enumerate(steps):
        path = _written(folder, n, base, figures)
        assert _outcome(lambda p=path: session.option(p).plan) == _cold(path), figures


@pytest.mark.parametrize(
    "scenario",
    [
        "examples/lcr-2010/appendix3.yaml",
        "examples/england/cap-400-imd2025.yaml",
        "examples/lcr-2010/appendix3-90-percent.yaml",
    ],
)
def test_shipped_scenarios_plan_as_plan_plans_them(tmp_path, scenario):
    """One authority file weighted once serves every what-if (and confidence levels are planned
    with their risk, as `plan` plans them)."""
    written = yaml.safe_load((ROOT / scenario).read_text(encoding="utf-8"))
    base = {
        **written,
        "model": str((ROOT / scenario).parent / written["model"]),
        "localities": str((ROOT / scenario).parent / written["localities"]),
    }
    session = Session()
    steps = [{}, {"cap": 350}, {"cap": 350, "budget": "-8%", "objective": "max-coverage"}, {"cap": 420.5}]
    if "uncertainty" in written:
        steps += [{"confidence": 0.8}, {"confidence": 0.95, "cap": 380}]
    for n, figures in enumerate(steps):
        path = _written(tmp_path, n, base, figures)
        assert _outcome(lambda p=path: session.option(p).plan) == _cold(path), figures


def test_the_locality_file_is_read_and_weighted_once_then_again_when_it_changes(tmp_path, monkeypatch):
    calls = {"table": 0, "weighting": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        whatif_session, "load_locality_table", counted("table", whatif_session.load_locality_table)
    )
    monkeypatch.setattr(
        whatif_session, "weighted_caseload", counted("weighting", whatif_session.weighted_caseload)
    )
    table = tmp_path / "localities.csv"
    frame = pd.read_csv(LCR_CSV, comment="#")
    frame.to_csv(table, index=False)
    base = {**TWO_GRADES, "localities": str(table)}
    session = Session()
    for n, cap in enumerate((400, 350, 300)):
        session.option(_written(tmp_path, n, base, {"cap": cap}))
    assert calls == {"table": 1, "weighting": 1}
    frame.loc[0, ["universal", "caseload"]] += 1000
    frame.to_csv(table, index=False)
    os.utime(table, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))  # a later time, whatever the clock
    path = _written(tmp_path, 3, base, {})
    after = session.option(path).plan
    assert calls == {"table": 2, "weighting": 2}
    assert _outcome(lambda: after) == _cold(path)
    assert after.localities.loc["CHW", "caseload"] == 7240 + 1000


def test_a_missing_locality_file_is_plans_message(tmp_path):
    path = _written(tmp_path, 0, {**TWO_GRADES, "localities": str(tmp_path / "gone.csv")}, {})
    assert _outcome(lambda: Session().option(path).plan) == _cold(path)
    assert "locality file not found" in _cold(path)[1]


def test_a_column_the_objective_needs_is_checked_as_plan_checks_it(tmp_path):
    """The table is read again when the scenario asks more of it: a blank priority is fine until the
    objective is priority, and then refused in `plan`'s words."""
    frame = pd.read_csv(LCR_CSV, comment="#")
    frame["priority_weight"] = [1, None, 2, 2, 1]
    frame.to_csv(tmp_path / "blank.csv", index=False)
    base = {**TWO_GRADES, "localities": str(tmp_path / "blank.csv"), "priority": "priority_weight"}
    session = Session()
    first = _written(tmp_path, 0, base, {})
    assert _outcome(lambda: session.option(first).plan) == _cold(first)
    second = _written(tmp_path, 1, base, {"objective": "priority", "budget": 2_900_000})
    refused = _cold(second)
    assert refused[0] == "InputError" and "priority_weight" in refused[1]
    assert _outcome(lambda: session.option(second).plan) == refused
