"""`years`: a scenario's horizon planned year by year, linked by leavers and recruits."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from optimiser.cli.finance_options import yes_option
from optimiser.cli.shared import (
    answer_only,
    details_option,
    emit,
    fit_width,
    format_option,
    handled,
    output_option,
    scenario_argument,
    solver_option,
    wide_option,
)
from optimiser.errors import InfeasibleError, InputError, Problem
from optimiser.lp.status import SolverChoice
from optimiser.output.files import write_bytes, write_text
from optimiser.planning.years_pipeline import plan_years
from optimiser.render.machine import to_json
from optimiser.render.years_answer import years_answer
from optimiser.render.years_tables import years_csv, years_dict, years_markdown_section, years_tables


@click.command(short_help="Plan a scenario's horizon, year by year.")
@scenario_argument
@format_option
@output_option
@solver_option
@click.option(
    "--chart",
    type=click.Path(path_type=Path),
    help="Also write the trajectory chart to this file (.png or .svg).",
)
@wide_option
@yes_option
@details_option
@handled
def years(
    scenario: Path,
    fmt: str,
    output: Path | None,
    solver: str,
    chart: Path | None,
    wide: bool,
    yes: bool,
    details: bool,
) -> None:
    """Plan SCENARIO's horizon (its `horizon:` block): every year, linked by leavers and recruits.

    \b
    Examples:
      establishment years examples/lcr-2010/three-years.yaml
      establishment years examples/lcr-2010/three-years.yaml --chart years.png
      establishment years examples/lcr-2010/three-years.yaml --format md \\
        -o years.md
    """
    if chart is not None and chart.suffix.lower() not in (".png", ".svg"):
        raise InputError(
            [Problem("option --chart", "", f"'{chart}' does not end .png or .svg", "a .png or .svg file")]
        )
    try:
        result = plan_years(scenario, SolverChoice(solver), yes)
    except InfeasibleError as exc:
        if fmt == "json":
            write_text(
                to_json({"status": "infeasible", "message": str(exc), **exc.figures}), output, (scenario,)
            )
        raise
    renderers: dict[str, Callable[[], Any]] = {
        "table": lambda: (years_answer if answer_only(details, fmt, output) else years_tables)(
            result, fit_width(wide, fmt, output)
        ),
        "json": lambda: to_json(years_dict(result)),  # rounded as it is made
        "csv": lambda: years_csv(result),
        "md": lambda: years_markdown_section(result, level=1),
    }
    emit(renderers[fmt](), output, result.paths)
    if chart is not None:
        from optimiser.render.charts import to_png, to_svg  # matplotlib loads only for a chart
        from optimiser.render.years_chart import trajectory_chart

        figure = trajectory_chart(result)
        data = to_svg(figure) if chart.suffix.lower() == ".svg" else to_png(figure)
        write_bytes(data, chart, result.paths, "option --chart")
