"""Prepare stage for a horizon: each year's weighted caseload and budget, and the staff at the start."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs import budget as budgets
from optimiser.inputs.bundle import Inputs, load_inputs
from optimiser.inputs.horizon import CASELOAD_PREFIX, Horizon
from optimiser.inputs.horizon_columns import Column, read_columns
from optimiser.inputs.horizon_keys import where
from optimiser.inputs.objective import Objective
from optimiser.inputs.weighting import weighted_caseload
from optimiser.lp.years import YearsData
from optimiser.planning.lp_data import lp_data


@dataclass(frozen=True)
class YearsPrepared:
    inputs: Inputs
    horizon: Horizon
    data: YearsData


def prepare_years(scenario_path: Path) -> YearsPrepared:
    """Load and weight the inputs, then lay out the horizon's years."""
    inputs = load_inputs(scenario_path)
    scenario = inputs.scenario
    horizon = scenario.horizon
    if horizon is None:
        raise bad_input(
            str(scenario_path),
            "key 'horizon'",
            "is missing",
            "a horizon block with years: [...] (see README)",
        )
    _check_scenario_keys(inputs, horizon)
    audit = weighted_caseload(inputs.model, inputs.localities)
    base = lp_data(inputs, audit)
    weighted, ratios = _caseloads(inputs, horizon, base.weighted)
    start = _start(inputs)
    today = sum(
        g.cost_per_wte * start.get((loc, g.name), 0.0) for loc in base.localities for g in base.grades
    )
    year_budgets = _budgets(horizon, scenario.budget, today)
    if scenario.objective is Objective.MAX_COVERAGE and all(b is None for b in year_budgets):
        raise bad_input(
            str(scenario_path),
            where(scenario_path, ("horizon", "budgets")),
            "objective max-coverage needs a budget in at least one year",
            'budgets: one a year, in pounds or a change such as "-8%"',
        )
    data = YearsData(
        base=base,
        years=tuple(horizon.years),
        weighted=weighted,
        start=start,
        budgets=year_budgets,
        leaver_rate=horizon.leaver_rate,
        max_recruits_per_year=horizon.max_recruits_per_year,
        max_recruits_per_locality=horizon.max_recruits_per_locality,
        moves=horizon.moves,
        first_year_share=horizon.first_year_share(),
        recruitment_cost=_either(horizon.recruitment_cost, scenario.recruitment_cost),
        removal_cost=_either(horizon.removal_cost, scenario.removal_cost),
        high_risk={y: {loc: h * ratios[y][loc] for loc, h in base.high_risk.items()} for y in horizon.years},
    )
    return YearsPrepared(inputs, horizon, data)


def _either(first: float | None, second: float | None) -> float:
    return float(first if first is not None else second or 0.0)


def _check_scenario_keys(inputs: Inputs, horizon: Horizon) -> None:
    """Scenario keys whose one-year meaning does not carry over to a horizon are refused, not guessed."""
    scenario, path = inputs.scenario, inputs.scenario_path
    problems = []
    if scenario.objective is Objective.PRIORITY:
        problems.append(
            Problem(
                str(path),
                where(path, ("objective",)),
                "is priority",
                "min-cost or max-coverage for a horizon",
            )
        )
    for key in ("max_new_wte_per_locality", "max_new_wte_total"):
        if getattr(scenario, key) is not None:
            problems.append(
                Problem(
                    str(path),
                    where(path, (key,)),
                    "limits the net change against today, which has no meaning over several years",
                    "horizon.max_recruits_per_year and horizon.max_recruits_per_locality",
                )
            )
    if scenario.budget is not None and horizon.budgets is not None:
        problems.append(
            Problem(
                str(path),
                where(path, ("budget",)),
                "is given as well as horizon.budgets",
                "one of them: budget (every year the same) or horizon.budgets (one a year)",
            )
        )
    if problems:
        raise InputError(problems)


def _budgets(horizon: Horizon, scenario_budget: float | str | None, today: float) -> tuple[float | None, ...]:
    """Each year's budget in pounds: as written, or changed by a percentage from the year before
    (the first year from today's cost). Without horizon budgets, the scenario's budget every year."""
    if horizon.budgets is None:
        pounds = budgets.resolve(scenario_budget, today)
        return tuple(pounds for _ in horizon.years)
    found, previous = [], today
    for spec in horizon.budgets:
        pounds = budgets.resolve(spec, previous)
        found.append(pounds)
        previous = pounds if pounds is not None else previous
    return tuple(found)


def _start(inputs: Inputs) -> dict[tuple[str, str], float]:
    """WTE in post by grade where the locality file gives every grade, otherwise all in the main grade."""
    model, frame = inputs.model, inputs.localities.frame
    names = [model.main_grade, *(g.name for g in model.grades[1:])]
    start: dict[tuple[str, str], float] = {}
    for loc, row in frame.iterrows():
        by_grade = [row.get(f"in_post_wte:{g}") for g in names] if len(names) > 1 else [None]
        if all(v is not None and not pd.isna(v) for v in by_grade):
            start.update({(str(loc), g): float(v) for g, v in zip(names, by_grade, strict=True)})
        else:
            start[(str(loc), names[0])] = float(row["in_post_wte"])
    return start


def _caseloads(
    inputs: Inputs, horizon: Horizon, base: dict[str, float]
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """Weighted caseload by year and locality, and each year's ratio to the first year's.

    A `caseload:<year>` cell scales the locality's weighted caseload by that count over the file's
    caseload (the weights are per case, so weighted caseload scales with the count); otherwise the
    caseload grows by the locality's growth column or the overall rate, compounded from the first year.
    """
    table = inputs.localities
    path = table.path
    year_columns = read_columns(table, tuple(CASELOAD_PREFIX + y for y in horizon.years), 0.0, True)
    growth_column: Column = {}
    if horizon.caseload_growth_column:
        found = read_columns(table, (horizon.caseload_growth_column,), -1.0, False, 10.0)
        if not found:
            raise bad_input(
                str(path),
                f"column '{horizon.caseload_growth_column}'",
                "is not in the locality file (the scenario's key 'horizon.caseload_growth_column' names it)",
                "a column with each locality's growth rate a year, such as 0.02",
            )
        growth_column = found[horizon.caseload_growth_column]
    counts = table.frame[list(table.count_columns)].astype(float).sum(axis=1)
    weighted: dict[str, dict[str, float]] = {}
    ratios: dict[str, dict[str, float]] = {}
    problems = []
    for i, year in enumerate(horizon.years):
        column = year_columns.get(CASELOAD_PREFIX + year, {})
        weighted[year], ratios[year] = {}, {}
        for loc, w in base.items():
            where = f"{table.place(loc)} (locality '{loc}')"
            given = column.get(loc)
            if given is not None:
                count = float(counts[loc])
                if count <= 0 and given > 0:
                    problems.append(
                        Problem(
                            str(path),
                            f"{where}, column '{CASELOAD_PREFIX}{year}'",
                            f"is {given:g} but the locality's caseload is 0, "
                            "so there is no weighting to scale",
                            "0, or a caseload above 0 in the locality's caseload columns",
                        )
                    )
                    continue
                ratio = given / count if count > 0 else 0.0
            else:
                if horizon.caseload_growth_column:
                    rate = growth_column.get(loc)
                    if rate is None:
                        problems.append(
                            Problem(
                                str(path),
                                f"{where}, column '{horizon.caseload_growth_column}'",
                                "is blank",
                                "a growth rate a year for every locality (0 for none)",
                            )
                        )
                        continue
                else:
                    rate = horizon.caseload_growth or 0.0
                ratio = (1 + rate) ** i
            ratios[year][loc] = ratio
            weighted[year][loc] = w * ratio
    if problems:
        raise InputError(problems)
    return weighted, ratios
