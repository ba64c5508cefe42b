"""`sweep`: one scenario over ranges of caps and budgets (a grid), or over confidence levels."""

import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
import pandas as pd
from rich.console import Group

from optimiser.cli.finance_options import with_objectives
from optimiser.cli.shared import (
    emit,
    fit_width,
    format_option,
    handled,
    output_option,
    scenario_argument,
    stderr,
    wide_option,
)
from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs import sweep_ranges
from optimiser.inputs.costs import today_cost
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.scenario import Objective
from optimiser.inputs.slips import sweep_slips
from optimiser.planning import sweep_run, uncertain_sweep
from optimiser.planning.limits import cap_problems
from optimiser.planning.objective_choice import stated
from optimiser.planning.prepare import Prepared, prepare
from optimiser.render.machine import to_json
from optimiser.render.sweep_tables import sweep_csv, sweep_dict, sweep_markdown, sweep_table, sweep_view
from optimiser.render.titles import sweep_line
from optimiser.render.uncertain_sweep_tables import (
    confidence_csv,
    confidence_dict,
    confidence_markdown,
    confidence_table,
)

PARALLEL_FROM = 100_000
"""Sweeps of at least this many point-localities use two processes by default (see README, Speed)."""


@click.command(short_help="Plan one scenario over ranges of caps, budgets or confidence.")
@scenario_argument
@click.option("--cap", "cap_range", help="Caps to sweep: START:STOP:STEP (inclusive) or one value.")
@click.option(
    "--budget", "budget_range", help="Budgets: pounds START:STOP:STEP, or % of today's cost (-20%:0%:2%)."
)
@format_option
@output_option
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=None, help="Processes (default: 2 for large sweeps)."
)
@click.option(
    "--objective",
    type=click.Choice([Objective.MIN_COST.value, Objective.MAX_COVERAGE.value]),
    help="The question each point answers (see Objectives below), in place of the scenario's.",
)
@click.option(
    "--yes",
    is_flag=True,
    help=f"Run sweeps of more than {sweep_ranges.MAX_POINTS:,} points, or reaching a budget or cap outside "
    "the plausible range (see plan --help).",
)
@click.option(
    "--confidence",
    "confidence_range",
    help="Confidence levels to sweep instead: START:STOP:STEP such as 0.5:0.99:0.01 (needs the "
    "scenario's uncertainty block).",
)
@wide_option
@handled
def sweep(
    scenario: Path,
    cap_range: str | None,
    budget_range: str | None,
    objective: str | None,
    fmt: str,
    output: Path | None,
    jobs: int | None,
    yes: bool,
    confidence_range: str | None,
    wide: bool,
) -> None:
    """Sweep caps and/or budgets for SCENARIO: one row per point, and the cost-of-cap frontier; or
    confidence levels: one row per level, with its cost and the chance every locality holds the cap.

    \b
    Examples:
      establishment sweep examples/lcr-2010/appendix3.yaml --cap 250:450:50
      establishment sweep examples/lcr-2010/appendix3.yaml --budget "-8%:+8%:4%"
      establishment sweep examples/lcr-2010/appendix3-90-percent.yaml \\
        --confidence 0.5:0.9:0.1
    """
    width = fit_width(wide, fmt, output)
    if confidence_range is not None:
        _confidence_sweep(scenario, confidence_range, cap_range or budget_range, fmt, output, yes, width)
        return
    cap_spec = sweep_ranges.cap_spec(cap_range) if cap_range else None
    budget_spec = sweep_ranges.budget_spec(budget_range) if budget_range else None
    # The size is known from the counts alone: refuse a huge sweep before building any list.
    sweep_ranges.check_size(
        (cap_spec.count if cap_spec else 1) * (budget_spec.count if budget_spec else 1), yes
    )
    prepared = prepare(scenario, Overrides(confirmed=yes))
    caps = cap_spec.values() if cap_spec else None
    budgets = _budgets(prepared, budget_spec)
    if not yes:
        _refuse_slips(prepared, caps, budget_spec and budgets)
    points = sweep_run.grid(caps or [prepared.data.cap], budgets)
    workers = jobs or (2 if len(points) * len(prepared.data.localities) >= PARALLEL_FROM else 1)
    named = _named(prepared, objective)
    frame = _run(prepared, points, workers, named)
    _emit(prepared, frame, (cap_range, budget_range), named, fmt, output, width)


with_objectives(sweep)


def _refuse_slips(prepared: Prepared, caps: list[float] | None, budgets: list[float] | None) -> None:
    """A range reaching an implausible cap or budget is questioned (inputs/slips), after a cap no
    plan could meet is refused as such (the more telling message)."""
    ends = (caps[0], caps[-1]) if caps else ()
    data = prepared.data
    impossible = [
        p
        for c in ends
        for p in cap_problems(replace(data, cap=c, budget=None), "command line", "option --cap")
    ]
    problems = impossible[:1] or sweep_slips(prepared.inputs, caps, budgets)
    if problems:
        raise InputError(problems)


def _named(prepared: Prepared, objective: str | None) -> Objective | None:
    """The objective each point answers: the one named (--objective, else the scenario's, unless it is
    priority, which sweeps do not plan), or None for the question the budget asks."""
    if objective is not None:
        return Objective(objective)
    scenario = prepared.inputs.scenario
    return scenario.objective if stated(scenario) and scenario.objective is not Objective.PRIORITY else None


def _emit(
    prepared: Prepared,
    frame: pd.DataFrame,
    typed: tuple[str | None, str | None],
    named: Objective | None,
    fmt: str,
    output: Path | None,
    width: int | None,
) -> None:
    """The sweep in its format, titled with the figures every point shares and the ranges swept."""
    inputs = prepared.inputs
    today = today_cost(inputs)
    name = inputs.scenario.name
    line = sweep_line(
        inputs.cost_per_wte,
        inputs.model.case_unit,
        (typed[0], inputs.cap),
        (typed[1], prepared.data.budget),
        today,
    )
    asked = f"Each point answers {named.value}, as named." if named else ""
    title = "\n".join(filter(None, [f"Sweep: {name}", line, asked]))
    view = sweep_view(frame, today, inputs.model.case_unit)
    renderers: dict[str, Callable[[], Any]] = {
        "table": lambda: Group(*sweep_table(title, view, width)),
        "md": lambda: sweep_markdown(title, view),
        "json": lambda: to_json({"title": title, **sweep_dict(name, frame, sweep_run.frontier(frame))}),
        "csv": lambda: sweep_csv(frame),
    }
    emit(renderers[fmt](), output, inputs.paths)


def _budgets(prepared: Prepared, spec: sweep_ranges.Range | None) -> list[float | None]:
    """The budgets swept: the range (a change from today's cost needs WTE in post), else the
    scenario's own budget, else none."""
    if spec is None:
        return [prepared.data.budget]
    today = today_cost(prepared.inputs)
    if spec.percent and math.isnan(today):
        raise bad_input(
            str(prepared.inputs.localities.path),
            "option --budget",
            f"'{spec.text}' is a change from today's cost, but WTE in post is not known (blank)",
            "a budget range in pounds, or in_post_wte for every locality",
        )
    return sweep_ranges.budget_values(spec, today)


def _run(
    prepared: Prepared, points: list[sweep_run.Point], workers: int, objective: Objective | None
) -> pd.DataFrame:
    """The sweep, with a progress bar on a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("sweeping"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr(),
        transient=True,
        disable=not stderr().is_terminal,
    ) as bar:
        task = bar.add_task("sweep", total=len(points))
        return sweep_run.run(prepared, points, workers, lambda n: bar.advance(task, n), objective)


def _confidence_sweep(
    scenario: Path,
    wanted: str,
    other: str | None,
    fmt: str,
    output: Path | None,
    yes: bool,
    width: int | None,
) -> None:
    """`sweep --confidence`: the scenario planned at each level (its cap and budget as they stand)."""
    if other is not None:
        raise InputError(
            [
                Problem(
                    "command line",
                    "option --confidence",
                    "sweeps confidence levels alone, and --cap or --budget was given too",
                    "--confidence without --cap and --budget (set the cap and budget in the scenario)",
                )
            ]
        )
    spec = uncertain_sweep.levels(wanted)
    sweep_ranges.check_size(spec.count, yes)
    prepared = prepare(scenario)
    uncertain_sweep.require_uncertainty(prepared)
    frame, central = uncertain_sweep.run(prepared, spec.values())
    title = f"Confidence sweep: {prepared.inputs.scenario.name}"
    renderers: dict[str, Callable[[], Any]] = {
        "table": lambda: confidence_table(title, frame, central, width),
        "md": lambda: confidence_markdown(title, frame, central),
        "json": lambda: to_json(confidence_dict(prepared.inputs.scenario.name, frame, central)),
        "csv": lambda: confidence_csv(frame),
    }
    emit(renderers[fmt](), output, prepared.inputs.paths)
