"""The `validate` command: check a scenario, its model and its data without solving, listing every
problem; then run the prepare stage `plan` runs before solving, so that validate refuses what plan
refuses and accepts what it accepts."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from optimiser.errors import InputError, Problem
from optimiser.inputs.bundle import bundle, figure_problems, load_locality_table
from optimiser.inputs.caseload_model import load_caseload_model
from optimiser.inputs.scenario import load_scenario
from optimiser.inputs.table_rows import LOCALITY_SUFFIXES
from optimiser.inputs.yamlio import load_yaml_mapping
from optimiser.planning.prepare import prepare_inputs

T = TypeVar("T")


def _attempt(load: Callable[..., T], *args: Any) -> tuple[T | None, list[Problem]]:
    try:
        return load(*args), []
    except InputError as exc:
        return None, exc.problems


def _followable(ref: object, suffixes: tuple[str, ...]) -> bool:
    """Only follow a path from a bad scenario if it names a file of the right kind."""
    return isinstance(ref, str) and Path(ref).suffix.lower() in suffixes


def validate_scenario(path: Path) -> tuple[list[Problem], str]:
    """Every problem in the scenario and the files it names, and a summary when there are none.

    A bad scenario does not stop the model and locality files from being checked, as long as
    the scenario still names them; only a bad model stops the locality check (the model says
    which columns the localities need).
    """
    scenario, problems = _attempt(load_scenario, path)
    raw = None
    if scenario is not None:
        model_ref, localities_ref = scenario.model, scenario.localities
    else:
        loaded, unreadable = _attempt(load_yaml_mapping, path, "scenario file")
        if loaded is None:
            return problems or unreadable, ""
        raw = loaded[0]
        model_ref, localities_ref = raw.get("model"), raw.get("localities")
    if not (_followable(model_ref, (".yaml", ".yml")) and _followable(localities_ref, LOCALITY_SUFFIXES)):
        return problems, ""
    model_path = path.parent / model_ref
    model, found = _attempt(load_caseload_model, model_path)
    problems += found
    if model is None:
        return problems, ""
    table, found = _attempt(load_locality_table, path, scenario, raw, model, model_path)
    problems += found
    if scenario is not None:
        problems += figure_problems(path, scenario, model)
    if problems or table is None or scenario is None:
        return problems, ""
    _, problems = _attempt(prepare_inputs, bundle(path, scenario, model_path, model, table))
    if problems:
        return problems, ""
    return [], (
        f"{path}: valid. Model '{model.name}' ({model_ref}); {len(table.frame)} localities "
        f"({localities_ref}); nothing was solved."
    )
