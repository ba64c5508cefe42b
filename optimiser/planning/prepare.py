"""Prepare stage: load, validate and weight the inputs, and check everything a plan needs before
solving (what the objective needs, a cap that implies a sane WTE, bounds that can hold together
and within the budget). `plan`, `explain`, `sweep` and `validate` all run it."""

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from optimiser.bulk import bulk
from optimiser.errors import InputError, Problem
from optimiser.inputs import budget
from optimiser.inputs.bundle import Inputs, load_inputs
from optimiser.inputs.costs import today_cost
from optimiser.inputs.factors import HIGH_RISK
from optimiser.inputs.grades import available_fraction
from optimiser.inputs.in_post import in_post_problems
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.scenario import Objective
from optimiser.inputs.slips import slip_problems
from optimiser.inputs.weighting import weighted_caseload
from optimiser.inputs.years_keys import refuse_horizon
from optimiser.lp.data import Grade, LpData
from optimiser.planning.limits import bound_problems, cap_problems
from optimiser.planning.uncertain_check import uncertainty_problems


@dataclass(frozen=True)
class Prepared:
    """Validated, weighted inputs ready to build, shared by `plan` and `explain`."""

    inputs: Inputs
    audit: pd.DataFrame
    data: LpData


@bulk
def prepare(scenario_path: Path, overrides: Overrides | None = None, horizon_ok: bool = False) -> Prepared:
    """Load, weight and check a scenario; a scenario with a horizon is for `years` unless horizon_ok."""
    inputs = load_inputs(scenario_path, overrides)
    if not horizon_ok:
        refuse_horizon(scenario_path, inputs.scenario)
    return prepare_inputs(inputs)


def prepare_inputs(inputs: Inputs, audit: pd.DataFrame | None = None) -> Prepared:
    """Weight loaded inputs and check them, listing every problem found (not only the first).
    What needs WTE in post where it is not known is refused first: every later check reads it.
    `audit`: the weighting of these inputs' model and localities, when already made (the what-if
    page weights a locality file once, however many figures it tries on it)."""
    unknown = in_post_problems(inputs)
    if unknown:
        raise InputError(unknown)
    audit = weighted_caseload(inputs.model, inputs.localities) if audit is None else audit
    data = lp_data(inputs, audit)
    problems = objective_problems(inputs, data)
    problems += cap_problems(data, *_cap_place(inputs))
    problems += bound_problems(str(inputs.scenario_path), data)
    problems += uncertainty_problems(inputs)
    problems = problems or slip_problems(inputs)  # a figure that cannot be planned is told first
    if problems:
        raise InputError(problems)
    if inputs.scenario.objective is Objective.PRIORITY:
        data = replace(data, priority=priority_weights(inputs))
    return Prepared(inputs, audit, data)


def lp_data(inputs: Inputs, audit: pd.DataFrame) -> LpData:
    """The LP's figures from the loaded, weighted inputs: the one place where the users' terms (grades,
    non-clinical time, budgets, bounds, in post) become the figures the formulation reads."""
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


def objective_problems(inputs: Inputs, d: LpData) -> list[Problem]:
    """Inputs an objective needs: a budget and a caseload for max-coverage, a priority column for priority."""
    scenario, source = inputs.scenario, str(inputs.scenario_path)
    problems = []
    if scenario.objective is Objective.MAX_COVERAGE and not any(w > 0 for w in d.weighted.values()):
        problems.append(
            Problem(
                str(inputs.localities.path),
                "",
                "every locality's weighted caseload is 0, so there is no coverage to maximise",
                "a caseload above 0 in at least one locality, or objective min-cost",
            )
        )
    if scenario.objective is Objective.MAX_COVERAGE and d.budget is None:
        problems.append(
            Problem(
                source,
                "key 'budget'",
                "objective max-coverage needs a budget (without one the coverage has no limit)",
                'budget: pounds a year, or a change from today\'s cost such as "-8%" (or --budget)',
            )
        )
    if scenario.objective is Objective.PRIORITY and scenario.priority is None:
        problems.append(
            Problem(
                source,
                "key 'priority'",
                "objective priority needs the locality column that weights each locality's shortfall",
                "priority: a column of the locality file, such as deprivation",
            )
        )
    elif scenario.objective is Objective.PRIORITY:
        try:
            priority_weights(inputs)
        except InputError as exc:
            problems += exc.problems
    return problems


def _cap_place(inputs: Inputs) -> tuple[str, str]:
    """Where the cap in force was set: the option, the scenario, or the model."""
    if inputs.overrides.cap is not None:
        return str(inputs.scenario_path), "option --cap"
    if inputs.scenario.cap is None:
        return str(inputs.model_path), "key 'cap'"
    return str(inputs.scenario_path), "key 'cap'"


def priority_weights(inputs: Inputs) -> dict[str, float]:
    """The priority column as weights: present, numeric and 0 or more for every locality."""
    table, column = inputs.localities, inputs.scenario.priority or ""
    source = str(table.path)
    if column not in table.given:
        raise InputError([table.missing(column, "priority", "a numeric column of 0 or more per locality")])
    problems, weights = [], {}
    for loc, value in table.frame[column].items():
        where = f"{table.place(loc)} (locality '{loc}'), {table.column(column)}"
        if value is None or pd.isna(value):
            problems.append(Problem(source, where, "is blank", "a priority of 0 or more for every locality"))
        elif float(value) < 0:
            problems.append(Problem(source, where, f"is {float(value):g}", "a priority of 0 or more"))
        else:
            weights[loc] = float(value)
    if problems:
        raise InputError(problems)
    return weights
