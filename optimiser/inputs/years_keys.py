"""Where a scenario key is (its line), and the refusal one-year commands give a horizon scenario."""

from pathlib import Path

from optimiser.errors import bad_input
from optimiser.inputs.scenario import Scenario
from optimiser.inputs.yamlio import line_of, load_yaml_mapping


def where(path: Path, key: tuple[str, ...]) -> str:
    """ "line N, key 'a.b'" for a scenario key, so a message points at the line to fix."""
    _, lines = load_yaml_mapping(path, "scenario file")
    line = line_of(lines, key)
    name = ".".join(key)
    return f"line {line}, key '{name}'" if line else f"key '{name}'"


def refuse_horizon(path: Path, scenario: Scenario) -> None:
    """One-year commands refuse a scenario with a horizon rather than silently plan one year of it."""
    if scenario.horizon is not None:
        raise bad_input(
            str(path),
            where(path, ("horizon",)),
            "this scenario plans several years, and this command plans one",
            f"`establishment years {path}` (or a scenario without the horizon block)",
        )
