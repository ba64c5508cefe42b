"""Load stage: read a scenario and everything it names into one validated bundle."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optimiser.caseload_model import CaseloadModel, load_caseload_model
from optimiser.errors import InputError, Problem
from optimiser.localities import LocalityTable, load_localities
from optimiser.scenario import Scenario, load_scenario


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

    @property
    def paths(self) -> tuple[Path, ...]:
        """Every input file, so that nothing we write can overwrite one."""
        return (self.scenario_path, self.model_path, self.localities.path)

    def source_of(self, key: str) -> str:
        """Where a figure comes from: the scenario's sources, then the model's."""
        return self.scenario.sources.get(key) or self.model.sources.get(key, "")


def load_inputs(scenario_path: Path, overrides: dict[str, Any] | None = None) -> Inputs:
    """Load the scenario, then its model, then its localities; fail on the first bad file."""
    scenario = load_scenario(scenario_path, overrides)
    base = scenario_path.parent
    model_path = base / scenario.model
    model = load_caseload_model(model_path)
    localities = load_localities(base / scenario.localities, model, model_path)

    cap = scenario.cap if scenario.cap is not None else model.cap
    model_cost = model.grades[0].cost_per_wte if model.grades else model.cost_per_wte
    cost = scenario.cost_per_wte if scenario.cost_per_wte is not None else model_cost
    problems = []
    if cap is None:
        problems.append(
            Problem(
                str(scenario_path), "key 'cap'", "no cap is set here or in the model", "cap: N (or --cap N)"
            )
        )
    if cost is None:
        problems.append(
            Problem(
                str(scenario_path),
                "key 'cost_per_wte'",
                "no cost per WTE is set here or in the model",
                "cost_per_wte: pounds a year (or --cost-per-wte)",
            )
        )
    if problems:
        raise InputError(problems)
    return Inputs(scenario_path, scenario, model_path, model, localities, float(cap), float(cost))
