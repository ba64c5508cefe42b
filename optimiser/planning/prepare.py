"""Prepare stage: load, validate and weight the inputs, and check everything a plan needs before
solving (what the objective needs, a cap that implies a sane WTE, bounds that can hold together
and within the budget). `plan`, `explain`, `sweep` and `validate` all run it."""

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from optimiser.bulk import bulk
from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs import budget
from optimiser.inputs.bundle import Inputs, load_inputs
from optimiser.inputs.costs import budget_gap, required_wte, today_cost
from optimiser.inputs.grades import available_fraction
from optimiser.inputs.horizon_keys import refuse_horizon
from optimiser.inputs.in_post import in_post_problems
from optimiser.inputs.localities import LARGEST_CELL
from optimiser.inputs.objective import Objective
from optimiser.inputs.weighting import HIGH_RISK, weighted_caseload
from optimiser.lp.data import Grade, LpData
from optimiser.planning.uncertainty import uncertainty_problems


@dataclass(frozen=True)
class Prepared:
    """Validated, weighted inputs ready to build, shared by `plan` and `explain`."""

    inputs: Inputs
    audit: pd.DataFrame
    data: LpData


@bulk
def prepare(
    scenario_path: Path, overrides: dict[str, Any] | None = None, horizon_ok: bool = False
) -> Prepared:
    """Load, weight and check a scenario; a scenario with a horizon is for `years` unless horizon_ok."""
    inputs = load_inputs(scenario_path, overrides)
    if not horizon_ok:
        refuse_horizon(scenario_path, inputs.scenario)
    return prepare_inputs(inputs, overrides)


def prepare_inputs(inputs: Inputs, overrides: dict[str, Any] | None = None) -> Prepared:
    """Weight loaded inputs and check them, listing every problem found (not only the first).
    What needs WTE in post where it is not known is refused first: every later check reads it."""
    unknown = in_post_problems(inputs)
    if unknown:
        raise InputError(unknown)
    audit = weighted_caseload(inputs.model, inputs.localities)
    data = lp_data(inputs, audit)
    problems = objective_problems(inputs, data)
    problems += cap_problems(data, *_cap_place(inputs, overrides))
    problems += bound_problems(str(inputs.scenario_path), data)
    problems += uncertainty_problems(inputs, overrides)
    if problems:
        raise InputError(problems)
    if inputs.scenario.objective is Objective.PRIORITY:
        data = replace(data, priority=priority_weights(inputs))
    return Prepared(inputs, audit, data)


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


def _cap_place(inputs: Inputs, overrides: dict[str, Any] | None) -> tuple[str, str]:
    """Where the cap in force was set: the option, the scenario, or the model."""
    if (overrides or {}).get("cap") is not None:
        return str(inputs.scenario_path), "option --cap"
    if inputs.scenario.cap is None:
        return str(inputs.model_path), "key 'cap'"
    return str(inputs.scenario_path), "key 'cap'"


def _round_up(value: float, digits: int = 3) -> float:
    """`value` rounded up to `digits` significant figures, so that the figure quoted is enough."""
    scale = 10.0 ** (math.floor(math.log10(value)) - digits + 1)
    return math.ceil(value / scale) * scale


def cap_problems(d: LpData, source: str, where: str) -> list[Problem]:
    """A cap so small that a locality would need more WTE than any locality figure may be
    (LARGEST_CELL): a typo, and past what a solver can handle."""
    capacity = d.grades[0].capacity
    weighted = np.array(list(map(d.weighted.__getitem__, d.localities)), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        most = (weighted / (d.cap * capacity)).max() if len(weighted) else math.nan
    if not np.isnan(weighted).any() and most <= LARGEST_CELL:
        return []  # the common case, by arrays (the same division as required_wte)
    required = required_wte(d)
    worst = max(d.localities, key=lambda loc: required[loc], default=None)
    if worst is None or required[worst] <= LARGEST_CELL:
        return []
    need = required[worst]
    need_text = f"{need:.3g}" if math.isfinite(need) else f"more than {1.7e308:.2g}"
    per_wte = f"{d.cap:g}" if capacity == 1 else f"({d.cap:g} x {capacity:.4g} capacity per WTE)"
    least = _round_up(d.weighted[worst] / (LARGEST_CELL * capacity))
    return [
        Problem(
            source,
            where,
            f"a cap of {d.cap:g} weighted {d.case_unit} per WTE would need {need_text} WTE in locality "
            f"'{worst}' ({d.weighted[worst]:,.6g} weighted {d.case_unit} / {per_wte}), more than the "
            f"{LARGEST_CELL:,.0f} WTE any locality figure may be",
            f"a cap of at least {least:.3g}, so that no locality needs more than {LARGEST_CELL:,.0f} WTE",
        )
    ]


def lowest(d: LpData, loc: str) -> float:
    """The fewest WTE a locality's bounds allow: its floor, or the share of its WTE in post it keeps
    (in post is read only for that share: it may not be known otherwise)."""
    kept = d.in_post[loc] * d.keep_share if d.keep_share is not None else 0.0
    return max(d.floors.get(loc, 0.0), kept)


def highest(d: LpData, loc: str) -> float:
    """The most WTE a locality's bounds allow: its ceiling, or its WTE in post plus what it may recruit."""
    recruit = d.in_post[loc] + d.max_new_per_locality if d.max_new_per_locality is not None else float("inf")
    return min(d.ceilings.get(loc, float("inf")), recruit)


def locality_bound_problems(source: str, d: LpData) -> list[Problem]:
    """Bounds that contradict each other whatever the cap and budget: a locality's floor above what
    it may have, or floors that need more recruits than the total recruitment limit."""
    problems = []
    unbounded = not (d.floors or d.ceilings) and d.keep_share is None and d.max_new_per_locality is None
    for loc in () if unbounded else d.localities:  # unbounded: every locality runs from 0 to infinity
        low, high = lowest(d, loc), highest(d, loc)
        if low > high:
            problems.append(
                Problem(
                    source,
                    f"locality '{loc}'",
                    f"its bounds need at least {low:g} WTE (floor or no_cuts) but allow at most {high:g} "
                    "(ceiling or recruitment limit)",
                    "a floor at or below the ceiling and the recruitment limit",
                )
            )
    if d.max_new_total is None:
        return problems
    needed = sum(max(0.0, lowest(d, loc) - d.in_post[loc]) for loc in d.localities)
    if needed > d.max_new_total:
        problems.append(
            Problem(
                source,
                "key 'max_new_wte_total'",
                f"the floors alone need {needed:g} WTE recruited, more than the limit of {d.max_new_total:g}",
                "a recruitment limit of at least what the floors need",
            )
        )
    return problems


def floors_over_budget(source: str, cost: float, budget_pounds: float) -> Problem:
    """The floors and bounds alone cost more than the budget."""
    return Problem(
        source,
        "budget (key 'budget' or option --budget)",
        f"the floors and bounds alone cost at least £{cost:,.0f} a year, more than the budget "
        f"of £{budget_pounds:,.0f} by £{cost - budget_pounds:,.0f}, whatever the cap",
        "a budget of at least that, or lower floors (floor_wte, no_cuts, keep_share_of_in_post)",
    )


def bound_problems(source: str, d: LpData) -> list[Problem]:
    """Bounds that cannot hold together or within the budget, found without solving.

    Without the cap, the cheapest plan puts every locality at its lowest bound at the cheapest
    grade (the floors and bounds count WTE of any grade), so its cost is a sum, not an LP.
    """
    problems = locality_bound_problems(source, d)
    if d.budget is not None:
        cost = sum(lowest(d, loc) for loc in d.localities) * min(g.cost_per_wte for g in d.grades)
        if budget_gap(cost, d.budget) > 0:
            problems.append(floors_over_budget(source, cost, d.budget))
    return problems


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
        where = f"{table.place(loc)} (locality '{loc}'), column '{column}'"
        if value is None or pd.isna(value):
            problems.append(Problem(source, where, "is blank", "a priority of 0 or more for every locality"))
        elif float(value) < 0:
            problems.append(Problem(source, where, f"is {float(value):g}", "a priority of 0 or more"))
        else:
            weights[loc] = float(value)
    if problems:
        raise InputError(problems)
    return weights
