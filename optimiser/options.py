"""Options for the board: several scenarios planned side by side, with today as the baseline."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import ValidationError

from optimiser.errors import InputError, Problem, bad_input
from optimiser.pipeline import Prepared, plan_scenario, prepare
from optimiser.plan import Plan
from optimiser.problems import problems_from
from optimiser.provenance import InputFile, input_files
from optimiser.schema import Frozen, Text
from optimiser.solve import SolverChoice
from optimiser.yamlio import line_of, load_yaml_mapping

OVER_CAP_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Option:
    """One scenario, planned, with the files (and their hashes) that made it."""

    path: Path
    prepared: Prepared
    plan: Plan
    files: tuple[InputFile, ...]


class OptionsFile(Frozen):
    """A YAML file listing the scenarios to compare (paths relative to it)."""

    name: Text
    """Title of the comparison."""
    options: list[Text]
    """Scenario files, one per option, in the order to show them."""


def expand(paths: list[Path]) -> tuple[str, list[Path]]:
    """Scenario paths from the command line, or from one options file (a YAML with `options:`)."""
    if len(paths) == 1:
        data, lines = load_yaml_mapping(paths[0], "options or scenario file")
        if "options" in data:
            try:
                listing = OptionsFile.model_validate(data)
            except ValidationError as exc:
                raise InputError(
                    problems_from(
                        exc, str(paths[0]), lambda loc: f"line {line_of(lines, loc)}, key '{loc[0]}'"
                    )
                ) from None
            return listing.name, [paths[0].parent / p for p in listing.options]
    return "Options compared", paths


def plan_options(paths: list[Path], solver: SolverChoice = SolverChoice.AUTO) -> list[Option]:
    """Plan every option; the localities must be the same in each, or the comparison is refused."""
    options = []
    for path in paths:
        prepared = prepare(path)
        plan = plan_scenario(prepared, solver)
        inputs = prepared.inputs
        files = input_files(
            [("scenario", path), ("model", inputs.model_path), ("localities", inputs.localities.path)]
        )
        options.append(Option(path, prepared, plan, files))
    _same_localities(options)
    return options


def _same_localities(options: list[Option]) -> None:
    first = options[0]
    names = set(first.plan.localities.index)
    problems = []
    for other in options[1:]:
        theirs = set(other.plan.localities.index)
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
    if problems:
        raise InputError(problems)
    if len(options) > len({o.plan.scenario for o in options}):
        raise bad_input(
            str(options[-1].path), "key 'name'", "two options have the same name", "a distinct name each"
        )


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


def compare_frame(options: list[Option]) -> pd.DataFrame:
    """Measures by option, with today's establishment (in post) as the first column."""
    first = options[0].plan
    today_load = first.localities["load_per_wte_before"]
    columns = {
        "Today (in post)": [
            first.totals["in_post_wte"],
            0.0,
            first.totals["in_post_wte"] * first.cost_per_wte,
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
            t["cost"] - t["in_post_wte"] * plan.cost_per_wte,
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
