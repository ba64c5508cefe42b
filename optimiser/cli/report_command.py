"""`report`: the board pack (Word, HTML, markdown, Excel and charts) for several options, and the
options file's horizon planned over its years."""

from dataclasses import replace
from pathlib import Path

import click

from optimiser.cli.finance_options import objective_option, with_objectives
from optimiser.cli.shared import (
    all_inputs,
    every_budget_option,
    every_cap_option,
    handled,
    scenarios_argument,
    solver_option,
    stderr,
)
from optimiser.inputs import budget
from optimiser.inputs.options_file import read_paper
from optimiser.inputs.overrides import Overrides
from optimiser.lp.status import SolverChoice
from optimiser.output.folder import write_folder
from optimiser.planning.options import paper_frontier, plan_options
from optimiser.planning.paper_horizon import horizon_plan, horizon_scenario
from optimiser.planning.uncertain_sweep import confidence_curves
from optimiser.planning.years import plan_years


@click.command(short_help="Write a board paper (Word, HTML, markdown, Excel).")
@scenarios_argument
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder for the board pack."
)
@click.option("--title", default=None, help="Title of the paper (default: the scenario's name).")
@click.option("--force", is_flag=True, help="Write into a folder that holds other files too.")
@every_cap_option
@every_budget_option
@objective_option
@solver_option
@click.option(
    "--sensitivity",
    is_flag=True,
    help="Add what moves the cost most (each input moved a stated step, re-planned) to the workbook's "
    "Sensitivity sheet and charts/sensitivity-N.png.",
)
@handled
def report(
    scenarios: tuple[Path, ...],
    output: Path,
    title: str | None,
    force: bool,
    cap: float | None,
    budget_text: str | None,
    objective: str | None,
    solver: str,
    sensitivity: bool,
) -> None:
    """Write a board paper for SCENARIOS (or one options file) into a folder: report.docx, report.html,
    report.md, report.xlsx and charts. An options file's `horizon:` scenario is planned over its years
    too, for the paper's "The path over several years" and the workbook's Years sheet. --cap and
    --budget replace every option's own figure (not the horizon's); Appendix B says so.

    \b
    Examples:
      establishment report examples/lcr-2010/board-options.yaml -o board-pack
      establishment report examples/lcr-2010/appendix3.yaml -o pack-400 \\
        --title "Cap of 400"
    """
    paper = read_paper(list(scenarios))
    overrides = Overrides(cap=cap, budget=budget.parse_option(budget_text), objective=objective)
    options = plan_options(paper.paths, SolverChoice(solver), overrides)
    path = horizon_scenario(paper)
    horizon = None if path is None else horizon_plan(paper, options, plan_years(path, SolverChoice(solver)))
    if title or paper.source is None:
        paper = replace(
            paper, title=title or (options[0].plan.scenario if len(options) == 1 else paper.title)
        )
    from optimiser.render.report import pack  # charts, documents and spreadsheets load only for a report

    moved = _sensitivity(paper.labels, options, SolverChoice(solver)) if sensitivity else None
    files = pack(
        paper,
        options,
        paper_frontier(options),
        confidence_curves(options),
        horizon=horizon,
        sensitivity=moved,
    )
    inputs = all_inputs(options, scenarios) + (horizon.result.paths if horizon is not None else ())
    write_folder(files, output, inputs, force)
    stderr().print(
        f"wrote {len(files)} files to {output}: report.docx, report.html, report.md, report.xlsx and charts/"
    )


with_objectives(report)


def _sensitivity(labels: list[str], options: list, solver: SolverChoice) -> list:
    """Each option's sensitivity (planning/sensitivity_run), by its label, for `report --sensitivity`."""
    from optimiser.planning.sensitivity_run import sensitivity

    return [
        (label, sensitivity(o.prepared, o.plan, solver)) for label, o in zip(labels, options, strict=True)
    ]
