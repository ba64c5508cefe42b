"""An options file: the scenarios a board compares, listed in one YAML file (paths relative to it)."""

from pathlib import Path

from pydantic import ValidationError

from optimiser.errors import InputError
from optimiser.inputs.problems import problems_from
from optimiser.inputs.schema import Frozen, Text
from optimiser.inputs.yamlio import line_of, load_yaml_mapping


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

                def place(loc: tuple) -> str:
                    key = ".".join(str(p) for p in loc)
                    line = line_of(lines, loc)
                    return f"line {line}, key '{key}'" if line else f"key '{key}'"

                raise InputError(problems_from(exc, str(paths[0]), place, ("name", "options"))) from None
            return listing.name, [paths[0].parent / p for p in listing.options]
    return "Options compared", paths
