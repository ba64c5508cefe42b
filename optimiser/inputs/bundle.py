"""Load stage: read a scenario and everything it names into one validated bundle."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs import shipped
from optimiser.inputs.caseload_model import CaseloadModel, load_caseload_model
from optimiser.inputs.localities import LocalityTable, NamedColumn, load_localities
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.scenario import Objective, Scenario, key_place, read_scenario
from optimiser.inputs.shipped import is_model_name
from optimiser.inputs.suggest import did_you_mean
from optimiser.inputs.years_horizon import CASELOAD_PREFIX


@dataclass(frozen=True)
class Inputs:
    """A validated scenario with its model and locality data, and the figures in force."""

    scenario_path: Path
    scenario: Scenario
    model_path: Path
    model: CaseloadModel
    localities: LocalityTable
    cap: float
    cost_per_wte: float
    overrides: Overrides = field(default_factory=Overrides)
    """The figures the command line set in place of the scenario's, with what each replaced."""

    @property
    def paths(self) -> tuple[Path, ...]:
        """Every input file, so that nothing we write can overwrite one."""
        return (self.scenario_path, self.model_path, self.localities.path)

    def source_of(self, key: str) -> str:
        """Where a figure comes from: the scenario's sources, then the model's."""
        return self.scenario.sources.get(key) or self.model.sources.get(key, "")

    def stated_source(self, key: str) -> str:
        """An assumption's source: the command line where it set the figure (saying what it replaced),
        else where the scenario or model says the figure comes from."""
        return self.overrides.source(key) or self.source_of(key)


def load_inputs(scenario_path: Path, overrides: Overrides | None = None) -> Inputs:
    """Load the scenario, then its model, then its localities; fail on the first bad file."""
    given = overrides or Overrides()
    scenario, written = read_scenario(scenario_path, given.given(), as_written=bool(given.figures()))
    model_path = model_location(scenario_path, scenario.model)
    model = load_caseload_model(model_path)
    localities = load_locality_table(scenario_path, scenario, None, model, model_path)
    return bundle(scenario_path, scenario, model_path, model, localities, given.replacing(written, model))


def model_location(scenario_path: Path, ref: str) -> Path:
    """The model file a scenario names: a shipped model by its name (`health-visiting`), found
    wherever the scenario is; else a path relative to the scenario's folder. A name that is no
    shipped model, or a path with no file, is reported at the scenario's line that names it."""
    if is_model_name(ref):
        found = shipped.model_file(ref)
        if found is None:
            names = shipped.model_names()
            raise bad_input(
                str(scenario_path),
                key_place(scenario_path, "model"),
                f"'{ref}' is not the name of a shipped model" + did_you_mean(ref, names),
                f"one of {', '.join(names)} (`establishment models` lists them), or the path of a model "
                f"file ending .yaml, relative to {_folder_of(scenario_path)}",
            )
        return found
    path = scenario_path.parent / ref
    if not path.is_file() and not path.is_dir():  # a folder is the model reader's to refuse
        or_else = ", or to a shipped model's name (health-visiting)"
        raise not_found(scenario_path, "model", ref, "model file", or_else)
    return path


def _folder_of(scenario_path: Path) -> Path:
    """The scenario's folder as a reader can find it: absolute."""
    return scenario_path.parent.resolve()


def not_found(scenario_path: Path, key: str, ref: str, kind: str, or_else: str = "") -> InputError:
    """A path in a scenario that names no file: where it was looked for, the folder it was resolved
    against, and what to change (the key, to a path from that folder, or an absolute path)."""
    folder = _folder_of(scenario_path)
    return bad_input(
        str(scenario_path),
        key_place(scenario_path, key),
        f"{ref}: {kind} not found (looked for {(folder / ref).resolve()}); a path in a scenario is "
        f"relative to the scenario's own folder, {folder}",
        f"the key '{key}' changed to the file's path from {folder} (or an absolute path){or_else}"
        + _shipped_hint(key, ref),
    )


def _shipped_hint(key: str, ref: str) -> str:
    """For a copied example: where the shipped file its path meant is, and how to use it."""
    found = shipped.shipped_copy(ref)
    if found is None:
        return ""
    return (
        f"; the shipped file it names is {found}: copy it beside the scenario and write '{key}: {found.name}'"
    )


def load_locality_table(
    scenario_path: Path,
    scenario: Scenario | None,
    raw: dict[str, Any] | None,
    model: CaseloadModel,
    model_path: Path,
) -> LocalityTable:
    """The locality file (and sheet) a scenario names, read for its model; from the raw file when
    the scenario itself did not validate. A file that is not there is reported at the scenario's
    line that names it, with the path it resolved to."""
    ref = scenario.localities if scenario is not None else (raw or {}).get("localities")
    sheet = scenario.localities_sheet if scenario is not None else (raw or {}).get("localities_sheet")
    path = scenario_path.parent / str(ref)
    if not path.exists():
        raise not_found(scenario_path, "localities", str(ref), "locality file")
    extra = scenario.horizon.columns() if scenario is not None and scenario.horizon else _raw_horizon(raw)
    named = named_columns(scenario, raw)
    return load_localities(path, model, model_path, named, extra, sheet if isinstance(sheet, str) else None)


def _raw_horizon(raw: dict[str, Any] | None) -> tuple[str, ...]:
    """The columns a horizon block names, from the raw file when the scenario did not validate, so
    that `validate` does not call them unknown columns."""
    horizon = (raw or {}).get("horizon")
    years = horizon.get("years") if isinstance(horizon, dict) else None
    if not isinstance(years, list):
        return ()
    growth = horizon.get("caseload_growth_column")  # type: ignore[union-attr]
    return (*(CASELOAD_PREFIX + str(y) for y in years), *((growth,) if isinstance(growth, str) else ()))


def bundle(
    scenario_path: Path,
    scenario: Scenario,
    model_path: Path,
    model: CaseloadModel,
    localities: LocalityTable,
    overrides: Overrides | None = None,
) -> Inputs:
    """The loaded files as one bundle, with the cap and cost per WTE in force (scenario, else model)."""
    problems = figure_problems(scenario_path, scenario, model)
    if problems:
        raise InputError(problems)
    cap = scenario.cap if scenario.cap is not None else model.cap
    cost = scenario.cost_per_wte if scenario.cost_per_wte is not None else _model_cost(model)
    given = overrides or Overrides()
    return Inputs(scenario_path, scenario, model_path, model, localities, float(cap), float(cost), given)


def named_columns(scenario: Scenario | None, raw: dict[str, Any] | None = None) -> tuple[NamedColumn, ...]:
    """The locality columns a scenario names: its `priority` column, which every row must give when
    the objective is priority, and its uncertainty block's `column` of relative errors. From the raw
    file when the scenario itself did not validate."""
    return (*_priority_column(scenario, raw), *_uncertainty_column(scenario, raw))


def _priority_column(scenario: Scenario | None, raw: dict[str, Any] | None) -> tuple[NamedColumn, ...]:
    column = scenario.priority if scenario is not None else (raw or {}).get("priority")
    if not isinstance(column, str) or not column:
        return ()
    objective = scenario.objective if scenario is not None else (raw or {}).get("objective")
    return (NamedColumn(column, "priority", required=objective == Objective.PRIORITY),)


def _uncertainty_column(scenario: Scenario | None, raw: dict[str, Any] | None) -> tuple[NamedColumn, ...]:
    """Relative errors per locality: every row must give one when there is no `relative` to fall back on."""
    if scenario is not None:
        block = scenario.uncertainty.model_dump() if scenario.uncertainty is not None else {}
    else:
        block = (raw or {}).get("uncertainty")
        block = block if isinstance(block, dict) else {}
    column = block.get("column")
    if not isinstance(column, str) or not column:
        return ()
    return (NamedColumn(column, "uncertainty.column", required=block.get("relative") is None),)


def _model_cost(model: CaseloadModel) -> float | None:
    """With grades, the main (first) grade's cost; otherwise the model's single cost per WTE."""
    return model.grades[0].cost_per_wte if model.grades else model.cost_per_wte


def figure_problems(scenario_path: Path, scenario: Scenario, model: CaseloadModel) -> list[Problem]:
    """The cap and the cost per WTE must be set in the scenario or its model."""
    problems = []
    if scenario.cap is None and model.cap is None:
        problems.append(
            Problem(
                str(scenario_path), "key 'cap'", "no cap is set here or in the model", "cap: N (or --cap N)"
            )
        )
    if scenario.cost_per_wte is None and _model_cost(model) is None:
        problems.append(
            Problem(
                str(scenario_path),
                "key 'cost_per_wte'",
                "no cost per WTE is set here or in the model",
                "cost_per_wte: pounds a year (or --cost-per-wte)",
            )
        )
    return problems
