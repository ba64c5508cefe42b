"""Prepare stage for a horizon: each year's weighted caseload and budget, and the staff at the start."""

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs import budget as budgets
from optimiser.inputs.bundle import Inputs, load_inputs
from optimiser.inputs.in_post import unknown_localities
from optimiser.inputs.localities import IN_POST, LocalityTable
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.scenario import Objective
from optimiser.inputs.schema import LARGEST, LARGEST_CELL, SMALLEST_CELL
from optimiser.inputs.slips import slip_problems, year_budget_slips
from optimiser.inputs.weighting import weighted_caseload
from optimiser.inputs.years_columns import Column, read_columns
from optimiser.inputs.years_horizon import CASELOAD_PREFIX, Horizon
from optimiser.inputs.years_keys import where
from optimiser.lp.data import LpData
from optimiser.lp.years_rows import YearsData
from optimiser.planning.limits import bound_problems, cap_problems
from optimiser.planning.prepare import lp_data


@dataclass(frozen=True)
class YearsPrepared:
    inputs: Inputs
    horizon: Horizon
    data: YearsData
    caseload_columns: tuple[str, ...] = ()
    """The locality file's `caseload:<year>` columns (none: every later year is grown)."""
    grown: int = 0
    """Later locality-years whose caseload was grown (no `caseload:<year>` figure for them)."""


def prepare_years(scenario_path: Path, confirmed: bool = False) -> YearsPrepared:
    """Load and weight the inputs, then lay out the horizon's years; `confirmed` (--yes): a budget
    or cap outside the plausible range is meant (inputs/slips)."""
    inputs = load_inputs(scenario_path, Overrides(confirmed=confirmed))
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
    _check_in_post(inputs)
    audit = weighted_caseload(inputs.model, inputs.localities)
    base = lp_data(inputs, audit)
    weighted, ratios, columns, grown = _caseloads(inputs, horizon, base.weighted)
    start = _start(inputs)
    today = sum(
        g.cost_per_wte * start.get((loc, g.name), 0.0) for loc in base.localities for g in base.grades
    )
    year_budgets = _budgets(horizon, scenario.budget, today)
    _check_scale(inputs, horizon, base, weighted, year_budgets)
    _check_first_year(inputs, horizon, base, year_budgets[0])
    _check_slips(inputs, horizon, year_budgets)
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
    return YearsPrepared(inputs, horizon, data, columns, grown)


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
    for key, what in (
        ("confidence", "plans one year's establishment to a confidence level"),
        ("uncertainty", "says how far one year's caseload counts may be wrong, for that year's risk"),
    ):
        if getattr(scenario, key) is not None:
            problems.append(
                Problem(
                    str(path),
                    where(path, (key,)),
                    f"{what}; a horizon plans the counts as given, so it would be ignored",
                    f"no {key} in a horizon scenario (`establishment plan` or `sweep --confidence` "
                    "plan one year to a confidence level)",
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


def _check_in_post(inputs: Inputs) -> None:
    """A horizon starts from the WTE in post and carries it year to year: none of it may be blank."""
    unknown = unknown_localities(inputs.localities)
    if not unknown:
        return
    table = inputs.localities
    shown = ", ".join(f"{table.place(name)} ('{name}')" for name in unknown[:3])
    more = f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
    raise bad_input(
        str(table.path),
        f"column '{IN_POST}', {shown}{more}",
        f"is blank (not known) in {len(unknown):,} of {len(table.frame):,} rows, but scenario file "
        f"{inputs.scenario_path} plans a horizon, which starts from the WTE in post and follows it "
        "year by year (leavers, recruits, moves)",
        "the WTE in post in every row (0 if nobody is in post), or `establishment plan` on a "
        "scenario without the horizon block",
    )


def _check_scale(
    inputs: Inputs,
    horizon: Horizon,
    base: LpData,
    weighted: dict[str, dict[str, float]],
    year_budgets: tuple[float | None, ...],
) -> None:
    """Figures the horizon makes (caseloads grown year on year, budgets changed by percentages) must
    stay within the ranges the inputs themselves are held to, or the solver cannot scale them: a
    weighted caseload of 0 or from SMALLEST_CELL, needing at most LARGEST_CELL WTE at the cap, and
    a budget of at most LARGEST pounds. The first year and locality out of range is named."""
    path, capacity = inputs.scenario_path, base.cap * base.grades[0].capacity
    problems = []
    outside = [
        (year, loc, w)
        for i, year in enumerate(horizon.years)
        for loc, w in weighted[year].items()
        if (i > 0 or w != base.weighted[loc])  # the file's own figures were checked as they were read
        and (0 < w < SMALLEST_CELL or w / capacity > LARGEST_CELL)
    ]
    if outside:
        year, loc, w = outside[0]
        more = f" ({len(outside) - 1:,} more locality-years too)" if len(outside) > 1 else ""
        problems.append(
            Problem(
                str(path),
                _caseload_source(inputs, horizon),
                f"makes {year}'s weighted caseload in locality '{loc}' {w:.6g}, which needs "
                f"{w / capacity:.6g} WTE at the cap{more}: outside what the solver can scale",
                f"caseloads that stay 0, or from {SMALLEST_CELL:g} weighted {base.case_unit} to what "
                f"{LARGEST_CELL:,.0f} WTE hold at the cap ({LARGEST_CELL * capacity:,.6g}), in every year",
            )
        )
    over = [(y, b) for y, b in zip(horizon.years, year_budgets, strict=True) if b is not None and b > LARGEST]
    if over:
        problems.append(
            Problem(
                str(path),
                where(path, ("horizon", "budgets")),
                f"makes {over[0][0]}'s budget £{over[0][1]:,.6g}, outside what the solver can scale",
                f"budgets of at most £{LARGEST:,.0f} in every year",
            )
        )
    if inputs.scenario.objective is Objective.MAX_COVERAGE and not any(
        w > 0 for year in horizon.years for w in weighted[year].values()
    ):
        problems.append(
            Problem(
                str(inputs.localities.path),
                "",
                "every locality's weighted caseload is 0 in every year, so there is no coverage to maximise",
                "a caseload above 0 in at least one locality and year, or objective min-cost",
            )
        )
    if problems:
        raise InputError(problems)


def _check_first_year(inputs: Inputs, horizon: Horizon, base: LpData, budget: float | None) -> None:
    """The checks `plan` makes before solving, on the first year, so that a one-year horizon is
    refused where `plan` refuses it: a cap that needs more WTE than any figure may be, and bounds that
    contradict each other or the budget (the budget only when the year's changes are in force all
    year; with a part year, what the year costs depends on the plan, and the solver says)."""
    scenario = inputs.scenario
    source, place = (
        (str(inputs.model_path), "key 'cap'")
        if scenario.cap is None
        else (str(inputs.scenario_path), "key 'cap'")
    )
    year_one = replace(base, budget=budget if horizon.first_year_share() == 1 else None)
    problems = cap_problems(base, source, place) + bound_problems(str(inputs.scenario_path), year_one)
    if problems:
        raise InputError(problems)


def _check_slips(inputs: Inputs, horizon: Horizon, year_budgets: tuple[float | None, ...]) -> None:
    """A budget or cap so far from anything plausible that it is more likely a slip is questioned,
    as `plan` questions it: the scenario's budget and cap, and each of the horizon's own budgets."""
    problems = slip_problems(inputs)
    if horizon.budgets is not None:
        place = where(inputs.scenario_path, ("horizon", "budgets"))
        problems += year_budget_slips(inputs, tuple(horizon.years), year_budgets, place)
    if problems:
        raise InputError(problems)


def _caseload_source(inputs: Inputs, horizon: Horizon) -> str:
    """Where later years' caseloads come from, for a message: the growth key, or the year columns."""
    path = inputs.scenario_path
    if horizon.caseload_growth_column:
        return where(path, ("horizon", "caseload_growth_column"))
    if horizon.caseload_growth is not None:
        return where(path, ("horizon", "caseload_growth"))
    return f"the locality file's {CASELOAD_PREFIX}<year> columns ({inputs.localities.path})"


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
    columns = [f"in_post_wte:{g}" for g in names]
    in_post = frame["in_post_wte"].astype(float).tolist()
    if len(names) > 1 and all(c in frame for c in columns):
        by_grade = frame[columns].astype(float).to_numpy()
        known = (~np.isnan(by_grade).any(axis=1)).tolist()
    else:
        by_grade, known = np.zeros((len(frame), 0)), [False] * len(frame)
    start: dict[tuple[str, str], float] = {}
    for i, loc in enumerate(str(name) for name in frame.index):
        if known[i]:
            start.update({(loc, g): float(v) for g, v in zip(names, by_grade[i].tolist(), strict=True)})
        else:
            start[(loc, names[0])] = in_post[i]
    return start


def _caseloads(
    inputs: Inputs, horizon: Horizon, base: dict[str, float]
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]], tuple[str, ...], int]:
    """Weighted caseload by year and locality, each year's ratio to the first year's, the
    `caseload:<year>` columns the locality file has, and how many later locality-years were grown.

    A `caseload:<year>` cell scales the locality's weighted caseload by that count over the file's
    caseload (the weights are per case, so weighted caseload scales with the count); otherwise the
    caseload grows by the locality's growth column or the overall rate, compounded from the first year.
    """
    table = inputs.localities
    year_columns = read_columns(table, tuple(CASELOAD_PREFIX + y for y in horizon.years), 0.0, True)
    growth_column = _growth_column(table, horizon)
    counts = table.frame[list(table.count_columns)].astype(float).sum(axis=1)
    weighted: dict[str, dict[str, float]] = {}
    ratios: dict[str, dict[str, float]] = {}
    problems, grown = [], 0
    for i, year in enumerate(horizon.years):
        column = year_columns.get(CASELOAD_PREFIX + year, {})
        weighted[year], ratios[year] = {}, {}
        for loc, w in base.items():
            given = column.get(loc)
            if given is not None:
                ratio = _counted(table, loc, year, given, float(counts[loc]))
            else:
                ratio = _grown(table, horizon, growth_column, loc, i)
                grown += i > 0
            if isinstance(ratio, Problem):
                problems.append(ratio)
                continue
            ratios[year][loc] = ratio
            weighted[year][loc] = w * ratio
    if problems:
        raise InputError(problems)
    return weighted, ratios, tuple(year_columns), grown


def _growth_column(table: LocalityTable, horizon: Horizon) -> Column:
    """Each locality's growth rate a year from the column the scenario names (none named: empty)."""
    if not horizon.caseload_growth_column:
        return {}
    found = read_columns(table, (horizon.caseload_growth_column,), -1.0, False, 10.0)
    if not found:
        raise bad_input(
            str(table.path),
            f"column '{horizon.caseload_growth_column}'",
            "is not in the locality file (the scenario's key 'horizon.caseload_growth_column' names it)",
            "a column with each locality's growth rate a year, such as 0.02",
        )
    return found[horizon.caseload_growth_column]


def _counted(table: LocalityTable, loc: str, year: str, given: float, count: float) -> float | Problem:
    """A `caseload:<year>` cell as a ratio to the file's caseload (a count where there was none to
    weight is refused)."""
    if count <= 0 and given > 0:
        return Problem(
            str(table.path),
            f"{table.place(loc)} (locality '{loc}'), column '{CASELOAD_PREFIX}{year}'",
            f"is {given:g} but the locality's caseload is 0, so there is no weighting to scale",
            "0, or a caseload above 0 in the locality's caseload columns",
        )
    return given / count if count > 0 else 0.0


def _grown(table: LocalityTable, horizon: Horizon, growth: Column, loc: str, i: int) -> float | Problem:
    """The first year's caseload grown to the i-th year by the locality's rate, or the overall one."""
    if not horizon.caseload_growth_column:
        return (1 + (horizon.caseload_growth or 0.0)) ** i
    rate = growth.get(loc)
    if rate is None:
        return Problem(
            str(table.path),
            f"{table.place(loc)} (locality '{loc}'), column '{horizon.caseload_growth_column}'",
            "is blank",
            "a growth rate a year for every locality (0 for none)",
        )
    return (1 + rate) ** i
