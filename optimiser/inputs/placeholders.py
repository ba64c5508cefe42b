"""Text and figures written to be replaced: the one place that says how `establishment new` marks
them, so `validate` can warn and `report` can refuse a paper that still holds one.

The starter writes every such text through `to_replace` (it starts "Replace with"), marks a
figure it had to invent by giving it `FIGURE_SOURCE` as its source, and names its example row
`EXAMPLE_LOCALITY`. Nothing else in a scenario is taken for a placeholder.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optimiser.errors import InputError, Problem
from optimiser.inputs.yamlio import Lines, load_yaml_mapping

TEXT_MARK = "Replace with"
"""How every text the starter writes to be replaced begins."""
FIGURE_SOURCE = "ILLUSTRATIVE placeholder written by 'establishment new'; replace it"
"""The source the starter gives a figure it made up (a cap or cost the model does not set)."""
EXAMPLE_LOCALITY = "Example locality"
"""The name of the starter workbook's example row."""


def to_replace(what: str) -> str:
    """A text for the user to replace: "Replace with the question this scenario answers."."""
    return f"{TEXT_MARK} {what}"


@dataclass(frozen=True)
class Placeholder:
    """One placeholder: its file, where in it, and what it says."""

    file: str
    where: str
    text: str

    def problem(self) -> Problem:
        return Problem(
            self.file,
            self.where,
            f"still holds a placeholder written to be replaced: '{self.text}'",
            "your own text or figure (or `report --draft` for a draft marked DRAFT on every page)",
        )


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and (value.strip().startswith(TEXT_MARK) or FIGURE_SOURCE in value)


def in_mapping(path: Path, data: dict[str, Any], lines: Lines) -> list[Placeholder]:
    """Every placeholder text in a YAML mapping, by line and key; a figure whose source is a
    placeholder is named by its own key too."""
    found = []
    for keys, value in _texts(data, ()):
        if not is_placeholder(value):
            continue
        where = _place(lines, keys)
        found.append(Placeholder(str(path), where, value.strip()))
        if keys[:1] == ("sources",) and len(keys) == 2 and FIGURE_SOURCE in value and keys[1] in data:
            figure = keys[1]
            found.append(Placeholder(str(path), _place(lines, (figure,)), f"{figure}: {data[figure]}"))
    return found


def _texts(value: object, keys: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _texts(inner, (*keys, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            yield from _texts(inner, (*keys, n))
    elif isinstance(value, str):
        yield keys, value


def _place(lines: Lines, keys: tuple) -> str:
    key = ".".join(str(k + 1) if isinstance(k, int) else str(k) for k in keys)
    line = lines.get(keys)
    return f"line {line}, key '{key}'" if line else f"key '{key}'"


def example_rows(path: Path, names: list[str], place) -> list[Placeholder]:
    """The starter's example row left in a locality file (`place(name)`: where its row is)."""
    return [Placeholder(str(path), place(n), f"locality '{n}'") for n in names if n == EXAMPLE_LOCALITY]


def in_files(paths: list[Path]) -> list[Placeholder]:
    """Every placeholder in these YAML files (the options file, its scenarios, a horizon), each file
    once; a file that cannot be read is left to the checks that read it."""
    found = []
    for path in dict.fromkeys(paths):
        try:
            data, lines = load_yaml_mapping(path, "scenario or options file")
        except InputError:
            continue
        found += in_mapping(path, data, lines)
    return found


def in_localities(table) -> list[Placeholder]:
    """The starter's example row in a checked locality table (`inputs.localities.LocalityTable`)."""
    return example_rows(table.path, [str(n) for n in table.frame.index], table.place)
