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
    help="A shipped model's name (health-visiting; `establishment models` lists them), or a model "
    "YAML file, which is copied into FOLDER.",
)
@handled
def new(folder: Path, model: str) -> None:
    """Start a scenario: FOLDER/scenario.yaml and FOLDER/localities.xlsx for MODEL.

    The workbook has the columns MODEL needs, one example row and an Instructions sheet; the
    scenario plans as written. The scenario names a shipped model by its name, and a model file is
    copied beside it (model.yaml), so the folder plans the same wherever it is moved. A folder that
    already holds any of the files is refused.

    \b
    Examples:
      establishment new my-service --model health-visiting
      establishment new matrons --model models/community-matron.yaml
    """
    from optimiser import starter  # openpyxl loads only for this command

    model_file = starter.model_path(model)
    files = starter.starter_files(model_file, folder)
    starter.write_starter(files, folder)
    click.echo(_wrote(folder, list(files), model_file))


def _wrote(folder: Path, names: list[str], model_file: Path) -> str:
    """What `new` wrote, for which model, and the next step."""
    from optimiser import starter
    from optimiser.inputs.shipped import shipped_name

    paths = [visible(str(folder / name)) for name in names]
    listed = " and ".join(paths) if len(paths) == 2 else f"{', '.join(paths[:-1])} and {paths[-1]}"
    name = shipped_name(model_file)
    which = f"the shipped model {name}" if name else f"a copy of the model {visible(str(model_file))}"
    scenario = visible(str(folder / starter.SCENARIO))
    return (
        f"Wrote {listed}, for {which}.\n"
        "Fill in the workbook (its Instructions sheet says what each column means), then run\n"
        f"  establishment plan {scenario}"
    )
