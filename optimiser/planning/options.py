"""Options for the board: several scenarios planned side by side, with today as the baseline."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.errors import InfeasibleError, InputError, Problem
from optimiser.inputs.provenance import input_files
from optimiser.lp.solve import SolverChoice
from optimiser.planning import sweep
from optimiser.planning.confidence import plan as confident_plan
from optimiser.planning.overrides import stated
from optimiser.planning.prepare import prepare
from optimiser.planning.results import Option


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
