"""The checks across a comparison's options, made before any is planned (by `validate` too): the
same localities in each, and a name for each that heads its own column."""

from dataclasses import dataclass
from pathlib import Path

from optimiser.errors import InputError, Problem
from optimiser.inputs.factors import normalised
from optimiser.inputs.yamlio import load_yaml_mapping


@dataclass(frozen=True)
class Listed:
    """What the checks across options read of each: its file, its name and its localities."""

    path: Path
    name: str
    localities: list[str]


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
    try:
        _, lines = load_yaml_mapping(path, "scenario file")
    except InputError:
        return "key 'name'"
    line = lines.get(("name",))
    return f"line {line}, key 'name'" if line else "key 'name'"
