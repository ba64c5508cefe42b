"""Options for the board: several scenarios planned side by side, with today as the baseline."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from optimiser.errors import InfeasibleError, InputError, Problem
from optimiser.inputs.costs import today_cost
from optimiser.inputs.provenance import InputFile, input_files
from optimiser.lp.solve import SolverChoice
from optimiser.planning import sweep
from optimiser.planning.confidence import plan as confident_plan
from optimiser.planning.overrides import stated
from optimiser.planning.plan import Plan
from optimiser.planning.prepare import Prepared, prepare

OVER_CAP_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Option:
    """One scenario, planned, with the files (and their hashes) that made it."""

    path: Path
    prepared: Prepared
    plan: Plan
    files: tuple[InputFile, ...]


def plan_options(
    paths: list[Path], solver: SolverChoice = SolverChoice.AUTO, overrides: dict[str, Any] | None = None
) -> list[Option]:
    """Plan every option; the localities must be the same in each, or the comparison is refused.
    Overrides (--cap, --budget) replace every option's own figure, and its assumptions say so."""
    options = []
    for path in paths:
        prepared = prepare(path, overrides)
        try:
            plan = stated(confident_plan(prepared, solver), overrides, prepared.inputs)
        except InfeasibleError as exc:  # say which option cannot be planned
            raise InfeasibleError(f"{path}: {exc}", exc.figures) from exc
        inputs = prepared.inputs
        files = input_files(
            [("scenario", path), ("model", inputs.model_path), ("localities", inputs.localities.path)]
        )
        options.append(Option(path, prepared, plan, files))
    _same_localities(options)
    return options


@dataclass(frozen=True)
class Listed:
    """What the checks across options read of each: its file, its name and its localities."""

    path: Path
    name: str
    localities: list[str]


def _same_localities(options: list[Option]) -> None:
    listed = [Listed(o.path, o.plan.scenario, list(o.plan.localities.index)) for o in options]
    problems = listing_problems(listed)
    if problems:
        raise InputError(problems)


def listing_problems(listed: list[Listed]) -> list[Problem]:
    """Options that plan other localities than the first, or a name that clashes (see `_distinct_names`)."""
    first = listed[0]
    names = set(first.localities)
    problems = []
    for other in listed[1:]:
        theirs = set(other.localities)
        if theirs != names:
            missing = ", ".join(sorted(names - theirs)) or "none"
            extra = ", ".join(sorted(theirs - names)) or "none"
            problems.append(
                Problem(
                    str(other.path),
                    "localities",
                    f"differ from {first.path}: missing {missing}; not in the first option: {extra}",
                    "every option to plan the same localities",
                )
            )
    return problems or _distinct_names(listed)


BASELINE_COLUMNS = ("Today (in post)", "In post (WTE)", "measure", "locality")
"""Columns and headers the comparison shows beside the options: no option may be named like them."""


def _distinct_names(listed: list[Listed]) -> list[Problem]:
    """Each option's name heads its column: refuse one named like a baseline column or like an
    earlier option (compared ignoring case and spaces), naming the scenario file, line and key."""
    from optimiser.inputs.factors import normalised

    taken = {normalised(column): f"the comparison's '{column}' column" for column in BASELINE_COLUMNS}
    for number, option in enumerate(listed, start=1):
        name = option.name
        clash = taken.get(normalised(name))
        if clash is not None:
            return [
                Problem(
                    str(option.path),
                    _name_place(option.path),
                    f"option {number}'s name '{name}' is the same as {clash} "
                    "(compared ignoring case and spaces)",
                    "a distinct name for each option, unlike the comparison's own columns",
                )
            ]
        taken[normalised(name)] = f"option {number}'s name '{name}' ({option.path})"
    return []


def _name_place(path: Path) -> str:
    """Where the scenario file gives its name (it was read once already, so it loads again)."""
    from optimiser.inputs.yamlio import load_yaml_mapping

    try:
        _, lines = load_yaml_mapping(path, "scenario file")
    except InputError:
        return "key 'name'"
    line = lines.get(("name",))
    return f"line {line}, key 'name'" if line else "key 'name'"


def _over_cap(load: pd.Series, cap: float) -> int:
    return int((load > cap * (1 + OVER_CAP_TOLERANCE)).sum())


MEASURES = (
    ("Total establishment (WTE)", "wte"),
    ("Change from today (WTE)", "signed_wte"),
    ("Recurring cost (£ a year)", "money"),
    ("Change in recurring cost (£ a year)", "signed_money"),
    ("Cap (weighted cases per WTE)", "count"),
    ("Worst load per WTE", "count"),
    ("Average load per WTE", "count"),
    ("Localities over the cap", "count"),
)
"""Board-paper rows of the comparison, with the display format of each."""


def today_column(options: list[Option]) -> str:
    """Today's column is measured against the first option's cap, and says so."""
    return f"Today (in post), against cap {options[0].plan.cap:,g}"


def compare_frame(options: list[Option]) -> pd.DataFrame:
    """Measures by option, with today's establishment (in post) as the first column.

    Today's cost and each option's cost and change are the plan's own figures (inputs/costs.py),
    so staff in post are priced by grade where the locality file gives them by grade."""
    first = options[0].plan
    today_load = first.localities["load_per_wte_before"]
    columns = {
        today_column(options): [
            first.totals["in_post_wte"],
            0.0,
            today_cost(options[0].prepared.inputs),
            0.0,
            first.cap,
            float(today_load.max()) if today_load.notna().any() else np.nan,
            first.totals["load_per_wte_before"],
            _over_cap(today_load, first.cap),
        ]
    }
    for option in options:
        plan = option.plan
        t = plan.totals
        columns[plan.scenario] = [
            t["planned_wte"],
            t["change_wte"],
            t["cost"],
            t["cost_change"],
            plan.cap,
            t["worst_load_per_wte"],
            t["load_per_wte"],
            _over_cap(plan.localities["load_per_wte"], plan.cap),
        ]
    return pd.DataFrame(columns, index=pd.Index([m for m, _ in MEASURES], name="measure"))


def locality_frame(options: list[Option]) -> pd.DataFrame:
    """Planned WTE per locality by option, with WTE in post first."""
    first = options[0].plan.localities
    frame = pd.DataFrame({"In post (WTE)": first["in_post_wte"]})
    for option in options:
        frame[option.plan.scenario] = option.plan.localities["planned_wte"].reindex(first.index)
    return frame


PAPER_FRONTIER_POINTS = 41


def paper_frontier(options: list[Option]) -> pd.DataFrame:
    """One cost-of-cap curve for the whole paper (columns cap and cost): every cap from 80% of the
    lowest option's cap to 115% of the highest, planned with the first option's model, localities
    and bounds (without its budget), so each option can be marked on it."""
    caps = [o.plan.cap for o in options]
    low, high = min(caps) * 0.8, max(caps) * 1.15
    points = sorted(
        {low + (high - low) * i / (PAPER_FRONTIER_POINTS - 1) for i in range(PAPER_FRONTIER_POINTS)}
        | set(caps)
    )
    return sweep.frontier(sweep.run(options[0].prepared, sweep.grid(points, [None])))
