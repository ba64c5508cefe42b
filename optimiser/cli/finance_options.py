"""The options that say which question a command answers (--objective), and that a figure outside
the plausible range is meant (--yes); shared by the commands that plan, `explain` and `validate`."""

import inspect

import click

from optimiser.inputs.scenario import Objective

OBJECTIVES = """\b
Objectives (--objective, or the scenario's key `objective`):
  min-cost      least cost holding the cap; exit 3 if the budget is short
  max-coverage  the lowest load per WTE the budget buys, at least cost
  priority      within budget, least shortfall weighted by priority
  none stated   least cost if the budget pays the cap, else its best"""
"""Each objective in one line of plain words, for the commands' --help (click keeps a \\b block)."""

objective_option = click.option(
    "--objective",
    type=click.Choice([o.value for o in Objective]),
    help="The question to answer (see Objectives below), in place of the scenario's; left out and not "
    "in the scenario, the question the budget asks.",
)
yes_option = click.option(
    "--yes",
    is_flag=True,
    help="A budget or cap outside the plausible range, typed or in the scenario, is meant (a budget below "
    "one WTE's cost, under half or over three times today's cost or the year before's; a cap a tenth "
    "of, or ten times, any shipped model's).",
)


def with_objectives(command: click.Command) -> click.Command:
    """The command with each objective explained at the end of its --help."""
    command.help = f"{inspect.cleandoc(command.help or '')}\n\n{OBJECTIVES}"
    return command
