"""The `validate` command: check a scenario, its model and its data without solving, listing every
problem; then run the prepare stage `plan` (or, for a scenario with a horizon, `years`) runs before
solving, so that validate refuses what that command refuses and accepts what it accepts. An
options file has each of its options checked so."""

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from optimiser.errors import InputError, Problem
from optimiser.inputs.bundle import Inputs, bundle, figure_problems, load_locality_table, model_location
from optimiser.inputs.caseload_model import load_caseload_model
from optimiser.inputs.listing import Listed, listing_problems
from optimiser.inputs.options_file import Paper, read_paper
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.rows import LOCALITY_SUFFIXES
from optimiser.inputs.scenario import load_scenario
from optimiser.inputs.shipped import MODEL_SUFFIXES, is_model_name
from optimiser.inputs.yamlio import line_of, load_yaml_mapping
from optimiser.inputs.years_keys import refuse_horizon
from optimiser.planning.prepare import prepare_inputs
from optimiser.planning.years_data import prepare_years

T = TypeVar("T")


def _attempt(load: Callable[..., T], *args: Any) -> tuple[T | None, list[Problem]]:
    try:
        return load(*args), []
    except InputError as exc:
        return None, exc.problems


def _followable(ref: object, suffixes: tuple[str, ...]) -> bool:
    """Only follow a path from a bad scenario if it names a file of the right kind."""
    return isinstance(ref, str) and Path(ref).suffix.lower() in suffixes


def validate_scenario(path: Path, confirmed: bool = False) -> tuple[list[Problem], str]:
    """Every problem in the scenario and the files it names, and a summary when there are none.
    `confirmed` (--yes): an implausible budget or cap is meant (inputs/slips)."""
    problems, inputs = check_scenario(path, confirmed)
    return problems, _summary(inputs) if inputs is not None else ""


def _summary(inputs: Inputs) -> str:
    scenario = inputs.scenario
    years = f"; years {', '.join(scenario.horizon.years)} (plan with `years`)" if scenario.horizon else ""
    return (
        f"{inputs.scenario_path}: valid. Model '{inputs.model.name}' ({scenario.model}); "
        f"{_localities(len(inputs.localities.frame))} ({scenario.localities}){years}; nothing was solved."
    )


def _localities(count: int) -> str:
    return f"{count:,} {'locality' if count == 1 else 'localities'}"


def check_scenario(path: Path, confirmed: bool = False) -> tuple[list[Problem], Inputs | None]:
    """Every problem in the scenario and the files it names, or none and the checked inputs.

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
            return problems or unreadable, None
        raw = loaded[0]
        model_ref, localities_ref = raw.get("model"), raw.get("localities")
    named = isinstance(model_ref, str) and is_model_name(model_ref)
    model_ok = named or _followable(model_ref, MODEL_SUFFIXES)
    if not (model_ok and _followable(localities_ref, LOCALITY_SUFFIXES)):
        return problems, None
    model_path, found = _attempt(model_location, path, model_ref)
    model, more = _attempt(load_caseload_model, model_path) if model_path else (None, [])
    problems += found + more
    if model is None or model_path is None:
        return problems, None
    table, found = _attempt(load_locality_table, path, scenario, raw, model, model_path)
    problems += found
    if scenario is not None:
        problems += figure_problems(path, scenario, model)
    if problems or table is None or scenario is None:
        return problems, None
    if scenario.horizon is not None:  # `years` plans it, preparing each year from the horizon block
        years, problems = _attempt(prepare_years, path, confirmed)
        return problems, years.inputs if years is not None else None
    meant = Overrides(confirmed=confirmed)
    prepared, problems = _attempt(prepare_inputs, bundle(path, scenario, model_path, model, table, meant))
    return problems, prepared.inputs if prepared is not None else None


def validate_options(path: Path, confirmed: bool = False) -> tuple[list[Problem], list[str]]:
    """Every option of an options file checked as a scenario is (one-year scenarios, as `compare`
    plans them), each bad option's problems placed by its label and its line in the options file,
    then the checks `compare` makes across options; one summary line per good option."""
    paper = read_paper([path])
    _, lines = load_yaml_mapping(path, "options file")
    problems: list[Problem] = []
    good: list[str] = []
    checked: list[Inputs] = []
    for number, (label, scenario_path) in enumerate(zip(paper.labels, paper.paths, strict=True)):
        scenario, _ = _attempt(load_scenario, scenario_path)
        if scenario is not None and scenario.horizon is not None:  # `compare` refuses it first
            _, found = _attempt(refuse_horizon, scenario_path, scenario)
            inputs = None
        else:
            found, inputs = check_scenario(scenario_path, confirmed)
        line = line_of(lines, ("options", number))
        place = f"{path}: line {line}, option '{label}'" if line else f"{path}: option '{label}'"
        problems += [replace(p, source=f"{place}: {p.source}") for p in found]
        if not found and inputs is not None:
            checked.append(inputs)
            good.append(f"{label}: {_summary(inputs)}")
    if not problems:
        listed = [Listed(i.scenario_path, i.scenario.name, list(i.localities.frame.index)) for i in checked]
        problems += listing_problems(listed)
    if paper.horizon is not None:
        found, line = _horizon_check(path, paper, checked, confirmed)
        problems += found
        good += [line] if line else []
    return problems, good


def _horizon_check(
    path: Path, paper: Paper, checked: list[Inputs], confirmed: bool
) -> tuple[list[Problem], str]:
    """The options file's horizon scenario, prepared as `report` prepares it (nothing solved): its
    problems, placed by the options file's `horizon` key, or one summary line."""
    place = f"{path}: {paper.horizon_place}"
    years, found = _attempt(prepare_years, paper.horizon, confirmed)
    if years is None:
        return [replace(p, source=f"{place}: {p.source}") for p in found], ""
    theirs = set(years.inputs.localities.frame.index)
    if checked and theirs != set(checked[0].localities.frame.index):
        ours = set(checked[0].localities.frame.index)
        missing, extra = (
            ", ".join(sorted(ours - theirs)) or "none",
            ", ".join(sorted(theirs - ours)) or "none",
        )
        what = f"names '{paper.horizon}', whose localities differ from the options': missing {missing}; "
        expected = "a horizon scenario planning the same localities as the options"
        return [Problem(str(path), paper.horizon_place, what + f"not in the options: {extra}", expected)], ""
    return [], f"Horizon: {paper.horizon}: valid; years {', '.join(years.horizon.years)}; nothing was solved."
