"""`validate`: a scenario or an options file checked without solving, every problem listed."""

from pathlib import Path

import click

from optimiser.cli.finance_options import yes_option
from optimiser.cli.shared import handled, scenario_argument
from optimiser.errors import InputError
from optimiser.inputs.options_file import lists_options
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
        return
    problems, summary = validate_scenario(scenario, yes)
    if problems:
        raise InputError(problems)
    click.echo(visible(summary))
