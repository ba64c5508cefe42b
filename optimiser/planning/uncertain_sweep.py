"""Sweep over confidence levels: what each level of confidence costs, and how likely every locality
is to hold the cap at once with it (with a budget and max-coverage: the best cap the budget allows).

Each level plans the scenario's objective on the caseloads each locality stays within with that
probability; the chance that all hold at once comes from the same joint draws at every level, so
the curve is smooth in the level rather than noisy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from optimiser.errors import bad_input
from optimiser.inputs import sweep_ranges
from optimiser.lp.status import SolverChoice
from optimiser.planning.results import CONFIDENCE_COLUMNS
from optimiser.planning.solver_noise import row_sums, snapped, staff
from optimiser.planning.uncertain_check import locality_errors
from optimiser.planning.uncertain_confidence import at_confidence, solve_checked, weighted_array
from optimiser.planning.uncertain_risk import joint_probability

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.data import LpData
    from optimiser.planning.prepare import Prepared
    from optimiser.planning.results import Option

OPTION = "--confidence"
PLANNED, INFEASIBLE = "planned", "infeasible"
PAPER_LEVELS = "0.5:0.99:0.01"
"""The levels the board paper's confidence chart plans."""


def levels(text: str) -> sweep_ranges.Range:
    """START:STOP:STEP (inclusive) or one level, every one strictly between 0 and 1."""
    spec = sweep_ranges.parse(text, OPTION, percent=False)
    if spec.first <= 0 or spec.last >= 1:
        raise bad_input(
            sweep_ranges.SOURCE,
            f"option {OPTION}",
            f"'{text}' runs from {spec.first:g} to {spec.last:g}",
            "levels strictly between 0 and 1, such as 0.5:0.99:0.01",
        )
    return spec


def require_uncertainty(prepared: Prepared) -> None:
    """A confidence sweep needs to know how far each caseload may be wrong."""
    if prepared.inputs.scenario.uncertainty is None:
        raise bad_input(
            str(prepared.inputs.scenario_path),
            f"option {OPTION}",
            "a confidence sweep needs to know how far each caseload may be wrong, and the scenario has "
            "no 'uncertainty' block",
            "an uncertainty block such as 'uncertainty: {distribution: uniform, relative: 0.1}' (+/-10%)",
        )


def run(
    prepared: Prepared,
    values: list[float],
    solver: SolverChoice = SolverChoice.AUTO,
    progress: Callable[[int], None] | None = None,
) -> tuple[pd.DataFrame, dict]:
    """One row per level, and the central plan (on the counted caseloads) they are compared with."""
    require_uncertainty(prepared)
    spec = prepared.inputs.scenario.uncertainty
    assert spec is not None
    rel = locality_errors(prepared.inputs)
    weighted = weighted_array(prepared)
    objective = prepared.inputs.scenario.objective

    in_post = sum(prepared.data.in_post.values())
    if len(prepared.data.in_post) < len(prepared.data.localities):
        in_post = np.nan  # in post not known for every locality: the change is not known

    def point(data: LpData) -> dict:
        """The plan at one level, its figures formed as `plan --confidence` forms them."""
        found = solve_checked(data, objective, solver)
        if found is None:
            return {"status": INFEASIBLE}
        values, theta = found
        planned = staff(prepared.inputs, data, values)
        wte = float(row_sums(planned).sum())
        best = data.cap / theta if theta else None
        holds = best or data.cap  # with a budget (max-coverage), its best cap is what each locality holds
        held = holds * row_sums(planned, tuple(g.capacity for g in data.grades))
        joint = joint_probability(weighted, rel, held, spec)
        return {
            "status": PLANNED,
            "planned_wte": wte,
            "change_wte": wte - in_post,
            "cost": float(row_sums(planned, tuple(g.cost_per_wte for g in data.grades)).sum()),
            "all_within": joint.value,
            "all_within_se": joint.se,
            "achievable_cap": best,
        }

    central = point(prepared.data)
    rows = []
    for level in values:
        row = {"confidence": level, **point(at_confidence(prepared, rel, level).data)}
        if row["status"] == PLANNED and central["status"] == PLANNED:
            row["extra_wte"] = snapped(
                row["planned_wte"] - central["planned_wte"], row["planned_wte"], central["planned_wte"]
            )
            row["extra_cost"] = snapped(row["cost"] - central["cost"], row["cost"], central["cost"])
        rows.append(row)
        if progress:
            progress(1)
    return pd.DataFrame.from_records(rows, columns=list(CONFIDENCE_COLUMNS)), central


def confidence_curves(options: list[Option]) -> dict[int, pd.DataFrame]:
    """For the board paper's confidence charts: a sweep of PAPER_LEVELS for each option whose scenario
    sets a confidence level, by the option's index."""
    values = levels(PAPER_LEVELS).values()
    return {
        i: run(option.prepared, values)[0]
        for i, option in enumerate(options)
        if option.prepared.inputs.scenario.confidence is not None
    }
