"""In post not known: what a plan can do without today's WTE, and what it must refuse.

A locality file may leave `in_post_wte` blank (the England file: in-post health visitors per
authority are not published). Blank is not 0: 0 means nobody is in post. The establishment a
cap requires and its cost need no in post, so they are planned; anything measured from today's
establishment cannot be, and is refused (exit 2) rather than computed from a guess.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimiser.errors import Problem
from optimiser.inputs import budget
from optimiser.inputs.localities import IN_POST, LocalityTable
from optimiser.inputs.scenario import Objective, Scenario

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs

SHOWN = 3
"""How many of the rows with a blank in post a message names."""


def unknown_localities(table: LocalityTable) -> list[str]:
    """Localities whose WTE in post is not known (blank), in file order."""
    column = table.frame[IN_POST]
    return [str(name) for name in column.index[column.isna().to_numpy()]]


def needs(scenario: Scenario, grades: int) -> list[tuple[str, str, str]]:
    """What in the scenario (or model) needs WTE in post: (who asks, why, what else would do)."""
    found = []
    if budget.change_percent(scenario.budget) is not None:
        found.append(
            (
                "key 'budget' (or option --budget)",
                "a budget written as a change from today's cost, WTE in post x cost per WTE",
                "a budget in pounds a year",
            )
        )
    if scenario.no_cuts:
        found.append(("key 'no_cuts'", "no locality below its WTE in post", "no_cuts: false"))
    if scenario.keep_share_of_in_post is not None:
        found.append(
            (
                "key 'keep_share_of_in_post'",
                "every locality keeps a share of its WTE in post",
                "no keep_share_of_in_post",
            )
        )
    for key in ("max_new_wte_per_locality", "max_new_wte_total"):
        if getattr(scenario, key) is not None:
            found.append(
                (f"key '{key}'", "a recruitment limit counts WTE planned above WTE in post", f"no {key}")
            )
    for key in ("recruitment_cost", "removal_cost"):
        if (getattr(scenario, key) or 0) > 0:
            found.append(
                (
                    f"key '{key}'",
                    "a one-off cost prices the WTE added to or removed from WTE in post",
                    f"no {key}",
                )
            )
    if grades > 1 or scenario.objective is Objective.PRIORITY:
        found.append(
            (
                "its grades" if grades > 1 else "key 'objective' (priority)",
                "ties between equally good plans (several grades, or objective priority) go to the plan "
                "that changes WTE in post least",
                "a model with one grade" if grades > 1 else "objective min-cost or max-coverage",
            )
        )
    return found


def in_post_problems(inputs: Inputs) -> list[Problem]:
    """One problem per thing the scenario asks for that needs WTE in post, where some is not known:
    each names the locality file and the first rows left blank."""
    unknown = unknown_localities(inputs.localities)
    if not unknown:
        return []
    table = inputs.localities
    rows = _rows(table, unknown)
    count = f"{len(unknown):,} of {len(table.frame):,} rows"
    problems = []
    for asker, why, instead in needs(inputs.scenario, len(inputs.model.grades)):
        owner = (
            f"model file {inputs.model_path}"
            if asker == "its grades"
            else f"scenario file {inputs.scenario_path}"
        )
        problems.append(
            Problem(
                str(table.path),
                f"column '{IN_POST}', {rows}",
                f"is blank (not known) in {count}, but {owner}, {asker}, needs it: {why}",
                f"the WTE in post in every row (0 if nobody is in post), or {instead}",
            )
        )
    return problems


def _rows(table: LocalityTable, unknown: list[str]) -> str:
    """The first few blank rows by line and locality, and how many more."""
    shown = ", ".join(f"{table.place(name)} ('{name}')" for name in unknown[:SHOWN])
    more = len(unknown) - SHOWN
    return f"{shown} and {more:,} more" if more > 0 else shown
