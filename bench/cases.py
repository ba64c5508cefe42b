"""Benchmark cases on disk: bench/synthetic.py's seeded localities with one grade or three.

One grade is bench/synthetic.py exactly (cap 400, £38,323 a WTE). Three grades replace its
model with an ILLUSTRATIVE skill mix, priced so that the mix matters: a health visitor
(capacity 1.0), a nursery nurse (0.6) and a support worker (0.3), with at least 60% of each
locality's WTE health visitors. Per weighted case a health visitor alone costs £38,323, the
60/40 mix with nursery nurses £37,374 and with support workers £37,491, so the least-cost plan
is the nursery-nurse mix with the minimum share binding in every locality.

Only the standard library is imported here, so the benchmark's child processes can time their
own imports. The project itself is reached only through `entry_points` (modules are moving).
"""

from dataclasses import dataclass
from pathlib import Path

from bench.synthetic import write_synthetic

CAP = 400.0
"""bench/synthetic.py's default cap."""
MAIN_COST = 38_323.0
"""bench/synthetic.py's cost_per_wte (a scenario's cost replaces the main grade's)."""
CAP_STEP = 10.0
"""The scenario's default cap_step: "lowering the cap by 10 costs ..."."""


@dataclass(frozen=True)
class GradeMix:
    names: tuple[str, ...]
    costs: tuple[float, ...]
    capacities: tuple[float, ...]
    min_main_share: float | None


ONE_GRADE = GradeMix(("health visitor",), (MAIN_COST,), (1.0,), None)
THREE_GRADES = GradeMix(
    ("health visitor", "nursery nurse", "support worker"),
    (MAIN_COST, 21_000.0, 10_000.0),
    (1.0, 0.6, 0.3),
    0.6,
)
MIXES = {1: ONE_GRADE, 3: THREE_GRADES}

THREE_GRADE_MODEL = f"""name: Synthetic, unweighted, three grades (ILLUSTRATIVE costs and capacities)
case_unit: children
grades:
  - {{name: health visitor, cost_per_wte: {MAIN_COST:.0f}, capacity: 1.0}}
  - {{name: nursery nurse, cost_per_wte: 21000, capacity: 0.6}}
  - {{name: support worker, cost_per_wte: 10000, capacity: 0.3}}
min_main_share: 0.6
"""


def write_case(folder: Path, localities: int, grades: int = 1) -> Path:
    """Write a scenario of `localities` synthetic localities with 1 or 3 grades; return its path."""
    if grades not in MIXES:
        raise ValueError(f"grades must be 1 or 3, not {grades}")
    scenario = write_synthetic(folder, localities, cap=int(CAP))
    if grades == 3:
        (folder / "model.yaml").write_text(THREE_GRADE_MODEL, encoding="utf-8")
    return scenario


def entry_points():
    """The project's public entry points: the one place this benchmark imports `optimiser`."""
    from optimiser.planning.pipeline import plan_scenario
    from optimiser.planning.precision import rounded_plan
    from optimiser.planning.prepare import prepare
    from optimiser.render.machine import plan_dict, to_json

    return prepare, plan_scenario, rounded_plan, plan_dict, to_json


def project_plan(scenario: Path, entry=None) -> tuple[dict, str]:
    """The project's whole `plan --format json` (load, weight, build, solve, check, figures, round
    to the written precision, JSON) as data and JSON text."""
    prepare, plan_scenario, rounded_plan, plan_dict, to_json = entry or entry_points()
    data = plan_dict(rounded_plan(plan_scenario(prepare(scenario))))
    return data, to_json(data)


def figure(data: dict, key: str) -> float | None:
    """One marginal figure's value from a plan's data."""
    return next((f["value"] for f in data["marginal"] if f["key"] == key), None)
