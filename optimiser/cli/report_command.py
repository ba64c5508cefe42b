"""`report`: the board pack (Word, HTML, markdown, Excel and charts) for several options, and the
options file's horizon planned over its years."""

from dataclasses import replace
from pathlib import Path

import click

from optimiser.cli.finance_options import objective_option, with_objectives, yes_option
from optimiser.cli.shared import (
    all_inputs,
    every_budget_option,
    every_cap_option,
    handled,
    scenarios_argument,
    solver_option,
    stderr,
)
from optimiser.errors import InputError
from optimiser.inputs import budget, placeholders
from optimiser.inputs.map_hexes import england_map_data
from optimiser.inputs.options_file import Paper, read_paper
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.placeholders import Placeholder
from optimiser.lp.status import SolverChoice
from optimiser.output.folder import write_folder
from optimiser.planning.options import paper_frontier, plan_options
from optimiser.planning.results import Option
from optimiser.planning.uncertain_sweep import confidence_curves
from optimiser.planning.years_paper import horizon_plan, horizon_scenario, one_start_month
from optimiser.planning.years_pipeline import plan_years


@click.command(short_help="Write a board paper (Word, HTML, markdown, Excel).")
@scenarios_argument
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder for the board pack."
)
@click.option("--title", default=None, help="Title of the paper (default: the scenario's name).")
@click.option("--force", is_flag=True, help="Write into a folder that holds other files too.")
@click.option(
    "--draft",
    is_flag=True,
    help="Write the paper although text or figures written to be replaced remain; DRAFT on every page.",
)
@every_cap_option
@every_budget_option
@objective_option
@yes_option
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
    draft: bool,
    cap: float | None,
    budget_text: str | None,
    objective: str | None,
    yes: bool,
    solver: str,
    sensitivity: bool,
) -> None:
    """Write a board paper for SCENARIOS (or one options file) into a folder: report.docx, report.html,
    report.md, report.xlsx and charts. An options file's `horizon:` scenario is planned over its years
    too, for the paper's "The path over several years" and the workbook's Years sheet. --cap and
    --budget replace every option's own figure (not the horizon's); Appendix B says so. A paper that
    still holds text or figures `establishment new` wrote to be replaced is refused (exit 2, each
    named by file and line) unless --draft, which stamps DRAFT on every page.

    \b
    Examples:
      establishment report examples/lcr-2010/board-options.yaml -o board-pack
      establishment report examples/lcr-2010/appendix3.yaml -o pack-400 \\
        --title "Cap of 400"
    """
    paper = read_paper(list(scenarios))
    overrides = Overrides(
        cap=cap, budget=budget.parse_option(budget_text), objective=objective, confirmed=yes
    )
    path = horizon_scenario(paper)
    paper = one_start_month(paper)
    options = plan_options(paper.paths, SolverChoice(solver), overrides)
    found = _placeholders(paper, options)
    if found and not draft:
        raise InputError([p.problem() for p in found])
    horizon = (
        None if path is None else horizon_plan(paper, options, plan_years(path, SolverChoice(solver), yes))
    )
    if title or paper.source is None:
        paper = replace(
            paper, title=title or (options[0].plan.scenario if len(options) == 1 else paper.title)
        )
    from optimiser.render.report import pack  # charts, documents and spreadsheets load only for a report

    moved = _sensitivity(paper.labels, options, SolverChoice(solver)) if sensitivity else None
    curves = confidence_curves(options)
    files = pack(
        paper,
        options,
        paper_frontier(options),
        curves,
        horizon,
        moved,
        draft=bool(found),
        map_data=england_map_data(),
    )
    inputs = all_inputs(options, scenarios) + (horizon.result.paths if horizon is not None else ())
    write_folder(files, output, inputs, force)
    _said(paper, files, output, found)


def _placeholders(paper: Paper, options: list[Option]) -> list[Placeholder]:
    """Text and figures written to be replaced, in every file the paper rests on."""
    files = [
        *([paper.source] if paper.source else []),
        *paper.paths,
        *([paper.horizon] if paper.horizon else []),
    ]
    found = placeholders.in_files(files)
    for option in options:
        found += [p for p in placeholders.in_localities(option.prepared.inputs.localities) if p not in found]
    return found


def _said(paper: Paper, files: dict[str, bytes], output: Path, found: list[Placeholder]) -> None:
    err = stderr()
    err.print(
        f"wrote {len(files)} files to {output}: report.docx, report.html, report.md, report.xlsx and charts/"
    )
    if found:
        err.print(
            f"DRAFT: {len(found)} placeholder(s) remain; each page says DRAFT (see `establishment validate`)."
        )
    empty = paper.empty_cover_keys() if paper.source is not None else []
    if empty:
        err.print(f"note: {paper.source} leaves empty: {', '.join(empty)}; the paper leaves those parts out.")


with_objectives(report)


def _sensitivity(labels: list[str], options: list, solver: SolverChoice) -> list:
    """Each option's sensitivity (planning/sensitivity_run), by its label, for `report --sensitivity`."""
    from optimiser.planning.sensitivity_run import sensitivity

    return [
        (label, sensitivity(o.prepared, o.plan, solver)) for label, o in zip(labels, options, strict=True)
    ]
