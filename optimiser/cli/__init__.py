"""The `establishment` command line: one module per command (or family of commands), each loaded only
when its command runs (or `--help` lists them), so `plan` imports nothing that `report` or `sweep` needs.
What the commands share (options, errors and exit codes, output) is in `shared`."""

from importlib import import_module

import click

from optimiser import __version__

COMMANDS = {
    "plan": "plan_command",
    "explain": "plan_command",
    "compare": "compare_command",
    "report": "report_command",
    "sweep": "sweep_command",
    "years": "years_command",
    "new": "new_command",
    "models": "models_command",
    "validate": "validate_command",
    "app": "app_command",
}
"""Each command, in the order `--help` lists them, and the module of `optimiser.cli` that defines it."""


class Commands(click.Group):
    """The commands of COMMANDS, in its order, each imported from its module when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        return getattr(import_module(f"{__name__}.{module}"), cmd_name)


@click.group(
    cls=Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Each command's --help shows examples to run from the repository's folder. README.md "
    '("Commands") describes every command and option.',
)
@click.version_option(__version__, prog_name="establishment")
def cli() -> None:
    """Plan the WTE establishment each locality needs to hold a weighted caseload cap.

    Exit codes: 0 success; 1 internal error (a bug); 2 bad input, or an output path that cannot
    be written; 3 the cap cannot be met within the budget or bounds; 4 solver missing or failed;
    5 the plan failed its check; 130 stopped by Ctrl-C; 143 stopped by SIGTERM (nothing written).
    """


def main() -> None:
    cli()
