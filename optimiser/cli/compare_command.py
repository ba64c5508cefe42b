"""`compare`: several options planned and shown side by side, with today first."""

from collections.abc import Callable
from pathlib import Path

import click
from rich.console import Group

from optimiser.cli.finance_options import objective_option, with_objectives, yes_option
from optimiser.cli.shared import (
    all_inputs,
    answer_only,
    details_option,
    emit,
    every_budget_option,
    every_cap_option,
    fit_width,
    format_option,
    handled,
    output_option,
    scenarios_argument,
    solver_option,
    wide_option,
)
from optimiser.inputs import budget
from optimiser.inputs.options_file import read_paper
from optimiser.inputs.overrides import Overrides
from optimiser.lp.status import SolverChoice
from optimiser.output.files import refuse_inputs
from optimiser.planning.options import plan_options
from optimiser.render.compare_tables import compare_csv, compare_dict, compare_markdown, compare_tables
from optimiser.render.console import text
from optimiser.render.machine import to_json
from optimiser.render.text import markdown_text
from optimiser.render.titles import options_line


@click.command(short_help="Plan several options and show them side by side.")
@scenarios_argument
@every_cap_option
@every_budget_option
@objective_option
@format_option
@output_option
@solver_option
@wide_option
@yes_option
@details_option
@handled
def compare(
    scenarios: tuple[Path, ...],
    cap: float | None,
    budget_text: str | None,
    objective: str | None,
    fmt: str,
    output: Path | None,
    solver: str,
    wide: bool,
    yes: bool,
    details: bool,
) -> None:
    """Plan several SCENARIOS (or one options file) and show them side by side, with today first.
    --cap, --budget and --objective replace every option's own, and the title says so.

    \b
    Examples:
      establishment compare examples/lcr-2010/board-options.yaml
      establishment compare examples/lcr-2010/board-options.yaml --cap 350 \\
        --budget 4000000
      establishment compare examples/lcr-2010/appendix3.yaml \\
        examples/lcr-2010/cap-250.yaml --format md
    """
    paper = read_paper(list(scenarios))
    title, paths = paper.title, paper.paths
    if output is not None:
        refuse_inputs(output, (*scenarios, *paths))  # before planning: the options file and its list
    overrides = Overrides(
        cap=cap, budget=budget.parse_option(budget_text), objective=objective, confirmed=yes
    )
    options = plan_options(paths, SolverChoice(solver), overrides)
    inputs = all_inputs(options, scenarios)
    note = overrides.in_words()
    shown = f"{title}\n{options_line(overrides)}"
    if fmt == "table":
        width, full = fit_width(wide, fmt, output), not answer_only(details, fmt, output)
        tables = compare_tables(shown, options, paper.labels, width, full)
        emit(Group(*tables, *([text(note)] if note else [])), output, inputs)
        return
    renderers: dict[str, Callable[[], str]] = {
        "md": lambda: (
            _under_title(compare_markdown(title, options), options_line(overrides))
            + (f"\n{markdown_text(note, line_start=True)}\n" if note else "")
        ),
        "json": lambda: to_json(
            {**compare_dict(title, options), **({"overrides": overrides.figures()} if note else {})}
        ),
        "csv": lambda: compare_csv(options),
    }
    emit(renderers[fmt](), output, inputs)


with_objectives(compare)


def _under_title(markdown: str, line: str) -> str:
    """The line saying what every option was planned at, under the markdown's heading."""
    heading, rest = markdown.split("\n", 1)
    return f"{heading}\n\n{markdown_text(line, line_start=True)}\n{rest}"
