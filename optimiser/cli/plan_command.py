"""`plan` (one scenario's establishment) and `explain` (its weighting audit, which `plan --explain`
puts before the plan)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Group

from optimiser.cli.finance_options import objective_option, with_objectives, yes_option
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
from optimiser.errors import InfeasibleError, bad_input
from optimiser.inputs import budget
from optimiser.inputs.overrides import Overrides
from optimiser.lp.status import SolverChoice
from optimiser.output.files import write_text
from optimiser.planning.pipeline import plan_with_risk
from optimiser.planning.plan import Plan
from optimiser.planning.precision import rounded_figures, rounded_plan
from optimiser.planning.prepare import Prepared, prepare
from optimiser.render.explain import audit_frame, audit_markdown, audit_notes
from optimiser.render.explain_answer import audit_answer
from optimiser.render.machine import frame_csv, frame_dict, plan_csv, plan_dict, to_json
from optimiser.render.plan_markdown import plan_markdown
from optimiser.render.question_words import question_key
from optimiser.render.sensitivity_tables import sensitivity_dict, sensitivity_markdown, sensitivity_table
from optimiser.render.terminal import audit_table, plan_table
from optimiser.render.titles import one_line_title, planned_line
from optimiser.render.uncertain_figures import with_risk_columns, with_risk_key

cap_option = click.option("--cap", type=float, help="Override the cap (weighted cases per WTE).")
budget_option = click.option(
    "--budget",
    "budget_text",
    metavar="GBP|PCT%",
    help="Override the budget: pounds a year, or a change from today's cost (-8%).",
)


@click.command(short_help="Plan the establishment for one scenario.")
@scenario_argument
@cap_option
@budget_option
@click.option("--cost-per-wte", type=float, help="Override the cost of one WTE (pounds a year).")
@objective_option
@format_option
@output_option
@solver_option
@click.option(
    "--explain",
    is_flag=True,
    help="Show the weighting audit before the plan (table, md), or under the key explain (json); "
    "csv is refused (use the explain command).",
)
@click.option(
    "--confidence",
    type=float,
    help="Plan so that each locality holds the cap with this probability, such as 0.9 (needs the "
    "scenario's uncertainty block).",
)
@wide_option
@yes_option
@click.option(
    "--sensitivity",
    is_flag=True,
    help="Re-plan with each input moved a stated step either way, and rank them by effect (table, md, json).",
)
@details_option
@handled
def plan(
    scenario: Path,
    cap: float | None,
    budget_text: str | None,
    cost_per_wte: float | None,
    objective: str | None,
    fmt: str,
    output: Path | None,
    solver: str,
    explain: bool,
    confidence: float | None,
    wide: bool,
    yes: bool,
    sensitivity: bool,
    details: bool,
) -> None:
    """Plan the establishment for SCENARIO (a YAML file) for its objective. Options on the command
    line override the scenario's figures; the title and the assumptions say so.

    \b
    Examples:
      establishment plan examples/lcr-2010/appendix3.yaml --budget -8%
      establishment plan examples/lcr-2010/appendix3.yaml --cap 350 --sensitivity
      establishment plan examples/lcr-2010/cut-8-percent.yaml --explain
    """
    overrides = Overrides(
        cap, budget.parse_option(budget_text), cost_per_wte, objective, confidence, confirmed=yes
    )
    _refuse_csv(fmt, explain, sensitivity)
    prepared = prepare(scenario, overrides)
    inputs = prepared.inputs.paths
    try:
        result = plan_with_risk(prepared, SolverChoice(solver))
    except InfeasibleError as exc:
        if fmt == "json":
            figures = rounded_figures(exc.figures)
            write_text(to_json({"status": "infeasible", "message": str(exc), **figures}), output, inputs)
        raise
    width = fit_width(wide, fmt, output)
    renderers: dict[str, Callable[[], Any]] = {
        "table": lambda: plan_table(result, width, not answer_only(details, fmt, output)),
        "json": lambda: _plan_json(result),
        "csv": lambda: with_risk_columns(plan_csv(rounded_plan(result)), result),
        "md": lambda: plan_markdown(result),
    }
    rendered = renderers[fmt]()
    if explain:
        rendered = _with_audit(rendered, fmt, prepared, width)
    if sensitivity:
        rendered = _with_sensitivity(rendered, fmt, prepared, result, SolverChoice(solver), width)
    emit(to_json(rendered) if fmt == "json" else rendered, output, inputs)


with_objectives(plan)


def _refuse_csv(fmt: str, explain: bool, sensitivity: bool) -> None:
    """--explain and --sensitivity add a table, and one CSV file holds one table."""
    for given, option, instead in (
        (explain, "--explain", "`establishment explain SCENARIO --format csv`"),
        (sensitivity, "--sensitivity", "--format json"),
    ):
        if given and fmt == "csv":
            raise bad_input(
                "command line",
                f"option {option}",
                "cannot go with --format csv (one CSV file holds one table, and this adds another)",
                f"{option} with --format table, md or json, or {instead}",
            )


def _with_sensitivity(
    rendered: Any, fmt: str, prepared: Prepared, result: Plan, solver: SolverChoice, width: int | None
) -> Any:
    """`plan --sensitivity`: the ranked table after the plan (table, md), or under `sensitivity` (json)."""
    from optimiser.planning.sensitivity_run import sensitivity

    found = sensitivity(prepared, result, solver)
    title = f"What moves the cost most\n{planned_line(result)}"
    if fmt == "json":
        return {**rendered, "sensitivity": sensitivity_dict(found)}
    if fmt == "md":
        return rendered + "\n" + sensitivity_markdown(title, found)
    return Group(*rendered.renderables, *sensitivity_table(title, found, width))


def _plan_json(result: Plan) -> dict[str, Any]:
    """The plan as JSON: its title (the figures planned, and which the command line set) and the
    question it answered first, then the plan's keys and its risk."""
    keys = with_risk_key(plan_dict(rounded_plan(result)), result)
    return {"title": one_line_title(result), "question": question_key(result), **keys}


def _with_audit(rendered: Any, fmt: str, prepared: Prepared, width: int | None) -> Any:
    """`plan --explain`: the weighting audit before the plan (table, md), or under `explain` (json)."""
    if fmt == "json":
        audit = {"localities": frame_dict(_audit(prepared)), "notes": _notes(prepared)}
        return {**rendered, "explain": audit}
    if fmt == "md":
        return audit_markdown(_audit(prepared), _audit_title(prepared), _notes(prepared)) + "\n" + rendered
    return Group(*_audit_renderable(prepared, width).renderables, *rendered.renderables)


def _audit(prepared: Prepared):
    return audit_frame(prepared.audit, prepared.data, prepared.inputs.model)


def _notes(prepared: Prepared) -> list[str]:
    return audit_notes(prepared.data, prepared.inputs.model)


def _audit_title(prepared: Prepared) -> str:
    model = prepared.inputs.model
    return f"Weighted caseload: {prepared.inputs.scenario.name} ({model.name})"


def _audit_renderable(prepared: Prepared, width: int | None = None):
    return audit_table(_audit(prepared), _audit_title(prepared), _notes(prepared), width)


def _short_audit(prepared: Prepared, width: int | None = None):
    """The audit's answer first: a row a locality and a few sentences (`render.explain_answer`)."""
    rule = _notes(prepared)[0]
    return audit_answer(_audit(prepared), _audit_title(prepared), rule, prepared.data.grades[0].name, width)


@click.command(short_help="Show the weighting, factor by factor, per locality.")
@scenario_argument
@click.option("--cap", type=float, help="Override the cap (weighted cases per WTE).")
@format_option
@output_option
@wide_option
@yes_option
@details_option
@handled
def explain(
    scenario: Path, cap: float | None, fmt: str, output: Path | None, wide: bool, yes: bool, details: bool
) -> None:
    """Show, per locality, every factor from raw count to weighted caseload to capacity per WTE (on a
    terminal, each locality's caseloads, required WTE and the factor moving it most; --details for all).

    \b
    Examples:
      establishment explain examples/lcr-2010/appendix3.yaml
      establishment explain examples/health-visiting/lcr-2010-weighted.yaml
      establishment explain examples/lcr-2010/appendix3.yaml --format csv \\
        -o audit.csv
    """
    prepared = prepare(scenario, Overrides(cap=cap, confirmed=yes), horizon_ok=True)
    frame = _audit(prepared)
    renderers: dict[str, Callable[[], Any]] = {
        "table": lambda: (_short_audit if answer_only(details, fmt, output) else _audit_renderable)(
            prepared, fit_width(wide, fmt, output)
        ),
        "json": lambda: to_json(
            {
                "scenario": prepared.inputs.scenario.name,
                "localities": frame_dict(frame),
                "notes": _notes(prepared),
            }
        ),
        "csv": lambda: frame_csv(frame),
        "md": lambda: audit_markdown(frame, _audit_title(prepared), _notes(prepared)),
    }
    emit(renderers[fmt](), output, prepared.inputs.paths)
