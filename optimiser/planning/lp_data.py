"""The LP's data from the loaded, weighted inputs: the one place where the users' terms (grades,
non-clinical time, budgets, bounds, in post) become the figures the formulation reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from optimiser.inputs import budget
from optimiser.inputs.costs import today_cost
from optimiser.inputs.factors import HIGH_RISK
from optimiser.inputs.grades import available_fraction
from optimiser.lp.data import Grade, LpData

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs


def lp_data(inputs: Inputs, audit: pd.DataFrame) -> LpData:
    """Assemble the LP data from the load and weight stages."""
    frame = inputs.localities.frame
    model = inputs.model
    available = available_fraction(model.non_clinical_percent, model.headroom_percent)
    specs = [(g.name, g.cost_per_wte, g.capacity) for g in model.grades[1:]]
    main = (model.main_grade, inputs.cost_per_wte, model.grades[0].capacity if model.grades else 1.0)
    grades = tuple(Grade(name, cost, capacity * available) for name, cost, capacity in [main, *specs])
    high_risk = audit[HIGH_RISK] if HIGH_RISK in audit else pd.Series(dtype=float)

    def present(column: str) -> dict[str, float]:
        known = frame[column][frame[column].notna()]
        return dict(zip(known.index.tolist(), map(float, known.tolist()), strict=True))

    scenario = inputs.scenario
    weighted = audit["weighted caseload"]
    return LpData(
        localities=tuple(frame.index.tolist()),
        grades=grades,
        weighted=dict(zip(weighted.index.tolist(), map(float, weighted.tolist()), strict=True)),
        cap=inputs.cap,
        floors=present("floor_wte"),
        ceilings=present("ceiling_wte"),
        budget=budget.resolve(scenario.budget, today_cost(inputs)),
        case_unit=inputs.model.case_unit,
        min_main_share=model.min_main_share,
        high_risk={name: float(h) for name, h in high_risk.items()},
        high_risk_share=model.high_risk.max_share if model.high_risk else None,
        in_post=present("in_post_wte"),
        keep_share=1.0 if scenario.no_cuts else scenario.keep_share_of_in_post,
        max_new_per_locality=scenario.max_new_wte_per_locality,
        max_new_total=scenario.max_new_wte_total,
        recruitment_cost=scenario.recruitment_cost or 0.0,
        removal_cost=scenario.removal_cost or 0.0,
    )
