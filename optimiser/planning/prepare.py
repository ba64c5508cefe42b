"""Prepare stage: load, validate and weight the inputs, and check what the objective needs."""

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs import budget
from optimiser.inputs.bundle import Inputs, load_inputs
from optimiser.inputs.costs import today_cost
from optimiser.inputs.grades import available_fraction
from optimiser.inputs.horizon_keys import refuse_horizon
from optimiser.inputs.scenario import Objective
from optimiser.inputs.weighting import HIGH_RISK, weighted_caseload
from optimiser.lp.data import Grade, LpData


@dataclass(frozen=True)
class Prepared:
    """Validated, weighted inputs ready to build, shared by `plan` and `explain`."""

    inputs: Inputs
    audit: pd.DataFrame
    data: LpData


def prepare(
    scenario_path: Path, overrides: dict[str, Any] | None = None, horizon_ok: bool = False
) -> Prepared:
    inputs = load_inputs(scenario_path, overrides)
    if not horizon_ok:
        refuse_horizon(scenario_path, inputs.scenario)
    audit = weighted_caseload(inputs.model, inputs.localities)
    return Prepared(inputs, audit, check_objective(inputs, lp_data(inputs, audit)))


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
        return {name: float(v) for name, v in frame[column].items() if v is not None and not pd.isna(v)}

    scenario = inputs.scenario
    return LpData(
        localities=tuple(frame.index),
        grades=grades,
        weighted={name: float(w) for name, w in audit["weighted caseload"].items()},
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


def check_objective(inputs: Inputs, d: LpData) -> LpData:
    """Inputs an objective needs, validated: a budget for max-coverage, a priority column for priority."""
    scenario, source = inputs.scenario, str(inputs.scenario_path)
    if scenario.objective is Objective.MAX_COVERAGE and not any(w > 0 for w in d.weighted.values()):
        raise bad_input(
            str(inputs.localities.path),
            "",
            "every locality's weighted caseload is 0, so there is no coverage to maximise",
            "a caseload above 0 in at least one locality, or objective min-cost",
        )
    if scenario.objective is Objective.MAX_COVERAGE and d.budget is None:
        raise bad_input(
            source,
            "key 'budget'",
            "objective max-coverage needs a budget (without one the coverage has no limit)",
            'budget: pounds a year, or a change from today\'s cost such as "-8%" (or --budget)',
        )
    if scenario.objective is not Objective.PRIORITY:
        return d
    if scenario.priority is None:
        raise bad_input(
            source,
            "key 'priority'",
            "objective priority needs the locality column that weights each locality's shortfall",
            "priority: a column of the locality file, such as deprivation",
        )
    return replace(d, priority=priority_weights(inputs))


def priority_weights(inputs: Inputs) -> dict[str, float]:
    """The priority column as weights: present, numeric and 0 or more for every locality."""
    table, column = inputs.localities, inputs.scenario.priority or ""
    source = str(table.path)
    if column not in table.frame.columns:
        raise bad_input(
            source,
            f"column '{column}'",
            "is not in the locality file (the scenario's key 'priority' names it)",
            f"a numeric column of 0 or more per locality, from: {', '.join(table.frame.columns)}",
        )
    problems, weights = [], {}
    for loc, value in table.frame[column].items():
        where = f"line {table.lines[loc]} (locality '{loc}'), column '{column}'"
        if value is None or pd.isna(value):
            problems.append(Problem(source, where, "is blank", "a priority of 0 or more for every locality"))
        elif float(value) < 0:
            problems.append(Problem(source, where, f"is {float(value):g}", "a priority of 0 or more"))
        else:
            weights[loc] = float(value)
    if problems:
        raise InputError(problems)
    return weights
