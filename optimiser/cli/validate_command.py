"""`validate`: a scenario or an options file checked without solving, every problem listed."""

from pathlib import Path

import click

from optimiser.cli.finance_options import yes_option
from optimiser.cli.shared import handled, scenario_argument, stderr
from optimiser.errors import InputError
from optimiser.inputs import placeholders
from optimiser.inputs.bundle import load_inputs
from optimiser.inputs.options_file import lists_options, read_paper
from optimiser.inputs.placeholders import Placeholder
from optimiser.planning.validation import validate_options, validate_scenario
from optimiser.render.text import visible


@click.command(short_help="Check a scenario or options file without solving.")
@scenario_argument
@yes_option
@handled
def validate(scenario: Path, yes: bool) -> None:
    """Check SCENARIO, its model and its locality data without solving; list every problem.
    Given an options file, check every option it lists (and its horizon scenario): one line per good
    option, every problem of every bad one (with its label and line), exit 2 if any is bad.

    \b
    Examples:
      establishment validate examples/lcr-2010/appendix3.yaml
      establishment validate examples/lcr-2010/board-options.yaml
    """
    if lists_options(scenario):
        problems, good = validate_options(scenario, yes)
        for line in good:
            click.echo(visible(line))
        if problems:
            raise InputError(problems)
        _warn(scenario)
        return
    problems, summary = validate_scenario(scenario, yes)
    if problems:
        raise InputError(problems)
    click.echo(visible(summary))
    _warn(scenario)


def _warn(path: Path) -> None:
    """Warnings that do not stop a plan but would stop a board paper: text or figures written to be
    replaced (`report` refuses them unless --draft), and an options file's empty cover keys."""
    err = stderr()
    for found in _placeholders(path):
        err.print(
            f"warning: {found.file}: {found.where}: '{found.text}' was written to be replaced; "
            "`report` refuses it (or stamps DRAFT with --draft)"
        )
    if lists_options(path) and (empty := read_paper([path]).empty_cover_keys()):
        err.print(
            f"warning: {path}: leaves empty: {', '.join(empty)}; the board paper leaves those parts out"
        )


def _placeholders(path: Path) -> list[Placeholder]:
    """Every placeholder in the file, the scenarios it lists and their locality tables."""
    scenarios = [path]
    if lists_options(path):
        paper = read_paper([path])
        scenarios = [*paper.paths, *([paper.horizon] if paper.horizon else [])]
    found = placeholders.in_files([path, *scenarios])
    for scenario in dict.fromkeys(scenarios):
        found += [p for p in placeholders.in_localities(load_inputs(scenario).localities) if p not in found]
    return found
