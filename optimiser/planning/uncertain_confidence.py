"""Plans when the caseload counts are uncertain: each plan's risk, and plans made to a confidence level.

With an `uncertainty:` block every plan reports how likely each locality is to go over the cap.
With `confidence: p` as well, the plan is made on the caseloads each locality stays within with
probability p (whatever the objective), and beside it the plan made on the counted caseloads, so
that the cost of confidence can be stated. The plan's table keeps the counted caseloads: what the
service counted, and the load per WTE at that count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from optimiser.errors import PlanCheckError
from optimiser.inputs.scenario import Objective
from optimiser.inputs.uncertain_block import Distribution, Uncertainty
from optimiser.lp.check import violations
from optimiser.lp.status import SolverChoice
from optimiser.planning.plan import Assumption, Plan
from optimiser.planning.solve import optimise_within_budget
from optimiser.planning.solver_noise import row_sums, staff
from optimiser.planning.uncertain_risk import (
    Confidence,
    Risk,
    confidence_caseloads,
    joint_probability,
    plan_risk,
)
from optimiser.planning.uncertain_words import CONFIDENCE_CASELOAD, every, held_with, level_text, percent

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.data import LpData, VarKey
    from optimiser.planning.prepare import Prepared


def weighted_array(prepared: Prepared) -> np.ndarray:
    """The counted weighted caseloads, in the order of the localities."""
    data = prepared.data
    return np.array([data.weighted[loc] for loc in data.localities], dtype=float)


def at_confidence(prepared: Prepared, rel: np.ndarray, level: float) -> Prepared:
    """The same inputs with each weighted caseload at its `level` quantile: plan on these to staff to it."""
    data, spec = prepared.data, prepared.inputs.scenario.uncertainty
    assert spec is not None
    quantiles = confidence_caseloads(weighted_array(prepared), rel, spec, level)
    weighted = {loc: float(q) for loc, q in zip(data.localities, quantiles, strict=True)}
    return replace(prepared, data=replace(data, weighted=weighted))


def counted(plan: Plan, prepared: Prepared) -> Plan:
    """A plan made on confidence caseloads, shown against the counted ones: the weighted caseload and
    load per WTE columns and totals are the count's (the required WTE stays the requirement at the level)."""
    table = plan.localities.copy()
    weighted = pd.Series(prepared.data.weighted, dtype=float).reindex(table.index)
    table["weighted_caseload"] = weighted
    table["load_per_wte_before"] = _load(weighted, table["in_post_wte"])
    table["load_per_wte"] = _load(weighted, table["planned_wte"])
    totals = dict(plan.totals)
    totals["weighted_caseload"] = float(weighted.sum())
    totals["load_per_wte_before"] = _ratio(totals["weighted_caseload"], totals["in_post_wte"])
    totals["load_per_wte"] = _ratio(totals["weighted_caseload"], totals["planned_wte"])
    loads = table["load_per_wte"]
    totals["worst_load_per_wte"] = float(loads.max()) if loads.notna().any() else np.nan
    return replace(plan, localities=table, totals=totals)


def _load(weighted: pd.Series, wte: pd.Series) -> pd.Series:
    return (weighted / wte.where(wte > 0)).astype(float)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else np.nan


@dataclass(frozen=True)
class Central:
    """The plan on the counted caseloads, in the figures the cost of confidence needs."""

    wte: float
    cost: float
    achievable_cap: float | None


def central_plan(prepared: Prepared, solver: SolverChoice) -> Central | None:
    """The scenario's plan on its counted caseloads (checked), or None where it cannot be made (a
    confidence below 0.5 can need less than the count, so the count's plan may miss a budget the
    confidence plan meets). No marginal figures: only its WTE, cost and best cap are compared."""
    data = prepared.data
    found = solve_checked(data, prepared.inputs.scenario.objective, solver)
    if found is None:
        return None
    values, theta = found
    best = data.cap / theta if theta else None
    wte, cost = totals(prepared, data, values)
    return Central(wte, cost, best)


def totals(prepared: Prepared, data: LpData, values: Mapping[VarKey, float]) -> tuple[float, float]:
    """Planned WTE and cost a year of a plan made on `data`, from its WTE cleaned of the solver's
    tolerance and added up as a plan's totals are (planning/extract), so the figures compared agree."""
    planned = staff(prepared.inputs, data, values)
    costs = tuple(g.cost_per_wte for g in data.grades)
    return float(row_sums(planned).sum()), float(row_sums(planned, costs).sum())


def solve_checked(
    data: LpData, objective: Objective, solver: SolverChoice
) -> tuple[Mapping[VarKey, float], float | None] | None:
    """The objective's plan on `data`, checked against its rows: (values, theta of max-coverage), or
    None where it cannot be made. A budget missed only within the solver's tolerance is met, as in
    plan_scenario."""
    outcome = optimise_within_budget(data, objective, solver)
    if not outcome.solution.status.is_ok:
        return None
    broken = violations(outcome.rows, outcome.solution.values)
    if broken:
        raise PlanCheckError(
            "A plan made to compare confidence levels failed the independent check:\n  "
            + "\n  ".join(map(str, broken))
        )
    return outcome.solution.values, outcome.theta if objective is Objective.MAX_COVERAGE else None


def held_wte(plan: Plan, prepared: Prepared) -> np.ndarray:
    """Capacity-weighted planned WTE per locality (sum over grades of capacity x WTE): the plan holds
    cap x this many weighted cases in each locality, the left-hand side of its cap cover row."""
    capacity = {g.name: g.capacity for g in prepared.data.grades}
    by_grade = plan.by_grade
    factors = np.array([capacity[str(g)] for g in by_grade.index.get_level_values("grade")])
    held = pd.Series(by_grade["planned_wte"].to_numpy() * factors, index=by_grade.index.get_level_values(0))
    return held.groupby(level=0, sort=False).sum().reindex(plan.localities.index).to_numpy(dtype=float)


def with_risk(plan: Plan, prepared: Prepared, rel: np.ndarray, confident: Confidence | None = None) -> Plan:
    """The plan with its risk under the scenario's uncertainty, and the assumptions that say so."""
    spec = prepared.inputs.scenario.uncertainty
    assert spec is not None
    weighted = weighted_array(prepared)
    risk = plan_risk(
        weighted,
        rel,
        held_wte(plan, prepared),
        plan.localities["planned_wte"].to_numpy(dtype=float),
        plan.cap,
        spec,
        index=plan.localities.index,
    )
    if confident is not None:
        table = risk.localities.copy()
        quantiles = confidence_caseloads(weighted, rel, spec, confident.level)
        table.insert(table.columns.get_loc("relative_error") + 1, CONFIDENCE_CASELOAD, quantiles)
        together = risk.all_within
        if confident.achievable_cap is not None:  # a budget's best cap, not the cap, is what is held
            held = table["held_caseload"].to_numpy() * confident.achievable_cap / plan.cap
            together = joint_probability(weighted, rel, held, spec)
        risk = replace(risk, localities=table, confidence=replace(confident, all_within=together))
    notes = risk_assumptions(plan, prepared, risk)
    return replace(plan, risk=risk, assumptions=(*plan.assumptions, *notes))


def describe(spec: Uncertainty) -> str:
    """The uncertainty block in words, for the assumptions."""
    column = f"the locality column '{spec.column}'"
    shape = {
        Distribution.UNIFORM: "any value in that range equally likely (uniform)",
        Distribution.TRIANGULAR: "values near the count likelier (triangular)",
        Distribution.NORMAL: "normal, never below 0",
    }[spec.distribution]
    if spec.relative is None:
        size = f"within a relative error given per locality in {column}, {shape}"
    else:
        share = level_text(spec.relative)
        size = (
            f"its count with a standard deviation of {share} ({shape})"
            if spec.distribution is Distribution.NORMAL
            else f"within +/-{share} of its count, {shape}"
        )
        if spec.column is not None:
            size += f", or as {column} gives for the locality"
    shared = (
        "errors independent between localities"
        if spec.shared == 0
        else f"a share {spec.shared:g} of the error common to every locality (correlation {spec.shared:g}"
        + (" before the truncation at 0)" if spec.distribution is Distribution.NORMAL else ")")
    )
    return (
        f"each locality's weighted caseload is {size}; {shared}; chances for localities together "
        f"from {spec.draws:,} draws (seed {spec.seed})"
    )


def risk_assumptions(plan: Plan, prepared: Prepared, risk: Risk) -> list[Assumption]:
    """The uncertainty, and which plan this is: to the count, or to a confidence level."""
    inputs = prepared.inputs
    every_one = every(len(risk.localities))
    if risk.confidence is None:
        basis = f"planned to the counted caseloads; {every_one} at once: {percent(risk.all_within.value)}"
    else:
        together = risk.confidence.all_within or risk.all_within
        basis = f"{held_with(plan, risk.confidence)}; {every_one} at once: {percent(together.value)}"
    return [
        Assumption("Caseload uncertainty", describe(risk.uncertainty), inputs.source_of("uncertainty")),
        Assumption("Confidence", basis, inputs.source_of("confidence")),
    ]
