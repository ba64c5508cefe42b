"""`models`: the shipped caseload models, each by the name a scenario or `new --model` gives it."""

from pathlib import Path

import click

from optimiser.cli.shared import emit, handled
from optimiser.errors import bad_input
from optimiser.inputs.caseload_model import CaseloadModel, load_caseload_model
from optimiser.inputs.shipped import model_file, model_names
from optimiser.inputs.suggest import did_you_mean
from optimiser.render.text import visible


@click.command(short_help="List the shipped caseload models.")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@handled
def models(names: tuple[str, ...]) -> None:
    """List the shipped caseload models: the name a scenario gives (`model: health-visiting`) or
    `establishment new DIR --model NAME` takes, what each is, and where its figures come from.
    Given NAMEs, only those models.

    \b
    Examples:
      establishment models
      establishment models health-visiting
    """
    known = model_names()
    for name in names:
        if name not in known:
            raise bad_input(
                "command line",
                f"model '{name}'",
                "is not the name of a shipped model" + did_you_mean(name, known),
                f"one of {', '.join(known)}",
            )
    found = [(name, load_caseload_model(_file(name))) for name in (names or known)]
    emit(visible(models_text(found)), None, ())


def _file(name: str) -> Path:
    path = model_file(name)
    assert path is not None, name  # listed by model_names, so it is there
    return path


def models_text(found: list[tuple[str, CaseloadModel]]) -> str:
    """Each model: its name, one line on what it is (its title, cap and cost), then its sources."""
    count = len(found)
    lines = [
        f"{count} shipped model{'' if count == 1 else 's'}. A scenario names one by its name "
        "(model: health-visiting); `establishment new DIR --model NAME` starts a scenario for one.",
    ]
    for name, model in found:
        lines += ["", name, f"  {model.name}: {_figures(model)}."]
        lines += [f"  Source of {key}: {' '.join(text.split())}" for key, text in model.sources.items()]
    return "\n".join(lines) + "\n"


def _figures(model: CaseloadModel) -> str:
    """The cap and cost per WTE the model sets (a scenario may set its own)."""
    cap = f"cap {model.cap:,g} {model.case_unit} per {model.staff_title}" if model.cap else "no cap set"
    cost = model.grades[0].cost_per_wte if model.grades else model.cost_per_wte
    return cap + (f", £{cost:,.0f} a WTE" if cost else ", no cost per WTE set")
