"""Checks on a scenario's `uncertainty:` block and `confidence:` against its locality data, made
before solving, so that `validate` and `plan` refuse the same things, naming file, line and key."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from optimiser.errors import InputError, Problem
from optimiser.inputs.uncertain_block import Distribution
from optimiser.inputs.yamlio import line_of, load_yaml_mapping
from optimiser.planning.uncertain_risk import relative_errors

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs

COLUMN_KEY = "uncertainty.column"


def uncertainty_problems(inputs: Inputs) -> list[Problem]:
    """A confidence level without an uncertainty block, and per-locality relative errors out of range."""
    scenario = inputs.scenario
    if scenario.confidence is not None and scenario.uncertainty is None:
        given = inputs.overrides.confidence is not None
        return [
            Problem(
                str(inputs.scenario_path),
                "option --confidence" if given else _key_place(inputs, "confidence"),
                "a confidence level needs to know how far each caseload may be wrong, and the scenario "
                "has no 'uncertainty' block",
                "an uncertainty block such as 'uncertainty: {distribution: uniform, relative: 0.1}' "
                "(+/-10%), or no confidence",
            )
        ]
    if scenario.uncertainty is None or scenario.uncertainty.column is None:
        return []
    return _column_problems(inputs)


def _key_place(inputs: Inputs, key: str) -> str:
    """ "line N, key 'confidence'" (the scenario was read once already, so it reads again)."""
    try:
        _, lines = load_yaml_mapping(inputs.scenario_path, "scenario file")
    except InputError:
        return f"key '{key}'"
    line = line_of(lines, (key,))
    return f"line {line}, key '{key}'" if line else f"key '{key}'"


def _column_problems(inputs: Inputs) -> list[Problem]:
    spec, table = inputs.scenario.uncertainty, inputs.localities
    assert spec is not None and spec.column is not None
    source, column = str(table.path), spec.column
    if column not in table.given:  # the frame has a scenario-named column even where the file has none
        expected = "a column of relative errors (0.1 is +/-10%), or no 'column' in the uncertainty block"
        return [table.missing(column, COLUMN_KEY, expected)]
    bounded = spec.distribution is not Distribution.NORMAL
    problems = []
    for name, value in table.frame[column].items():
        if value is None or np.isnan(value):
            continue  # blank: the block's `relative` (the loader refuses blanks when there is none)
        if value > 1 or (bounded and value >= 1):
            problems.append(
                Problem(
                    source,
                    f"{table.place(name)} (locality '{name}'), {table.column(column)}",
                    f"is {value:g}, too large a relative error for a {spec.distribution} error",
                    "less than 1 (0.1 is +/-10%)" if bounded else "at most 1 (one standard deviation)",
                )
            )
    return problems


def locality_errors(inputs: Inputs) -> np.ndarray:
    """Each locality's relative error, in the order of the localities (checked by uncertainty_problems)."""
    assert inputs.scenario.uncertainty is not None
    return relative_errors(inputs.scenario.uncertainty, inputs.localities.frame)
