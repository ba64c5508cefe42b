"""`new`: a starter scenario and locality workbook for a model."""

from pathlib import Path

import click

from optimiser.cli.shared import handled
from optimiser.render.text import visible


@click.command(short_help="Start a scenario and a locality workbook for a model.")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--model",
    required=True,
    metavar="MODEL",
    help="A model YAML file, or the name of a model in models/ (health-visiting).",
)
@handled
def new(folder: Path, model: str) -> None:
    """Start a scenario: FOLDER/scenario.yaml and FOLDER/localities.xlsx for MODEL.

    The workbook has the columns MODEL needs, one example row and an Instructions sheet; the
    scenario plans as written. A folder that already holds either file is refused.

    \b
    Examples:
      establishment new my-service --model health-visiting
      establishment new matrons --model models/community-matron.yaml
    """
    from optimiser import starter  # openpyxl loads only for this command

    model_file = starter.model_path(model)
    starter.write_starter(starter.starter_files(model_file, folder), folder)
    scenario, workbook = (visible(str(folder / name)) for name in (starter.SCENARIO, starter.WORKBOOK))
    click.echo(
        f"Wrote {scenario} and {workbook} for the model {visible(str(model_file))}.\n"
        f"Fill in the workbook (its Instructions sheet says what each column means), then run\n"
        f"  establishment plan {scenario}"
    )
