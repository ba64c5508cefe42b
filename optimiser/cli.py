"""The `establishment` command line: plan and explain, with one-paragraph errors and exit codes."""

import io
import math
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.console import Console, Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from optimiser import __version__
from optimiser.errors import (
    EstablishmentError,
    ExitCode,
    InfeasibleError,
    InputError,
    Problem,
    TerminatedError,
    bad_input,
)
from optimiser.inputs import budget, ranges
from optimiser.inputs.costs import today_cost
from optimiser.inputs.objective import Objective
from optimiser.inputs.options_file import expand, lists_options, read_paper
from optimiser.lp.status import SolverChoice
from optimiser.output.files import refuse_inputs, write_bytes, write_text
from optimiser.output.folder import write_folder
from optimiser.planning import sweep as sweeps
from optimiser.planning.options import paper_frontier, plan_options
from optimiser.planning.overrides import given, in_words, stated
from optimiser.planning.paper_horizon import horizon_plan, horizon_scenario
from optimiser.planning.pipeline import plan as plan_with_risk
from optimiser.planning.precision import rounded_figures, rounded_plan
from optimiser.planning.prepare import Prepared, prepare
from optimiser.planning.results import Option
from optimiser.planning.validation import validate_options, validate_scenario
from optimiser.planning.years import plan_years
from optimiser.render.compare import compare_csv, compare_dict, compare_markdown, compare_tables
from optimiser.render.console import LiteralConsole, text
from optimiser.render.explain import audit_frame, audit_markdown, audit_notes
from optimiser.render.machine import frame_csv, frame_dict, plan_csv, plan_dict, to_json
from optimiser.render.markdown import plan_markdown
from optimiser.render.risk import with_risk_columns, with_risk_key
from optimiser.render.sweep import sweep_csv, sweep_dict, sweep_markdown, sweep_table
from optimiser.render.terminal import audit_table, plan_table
from optimiser.render.text import markdown_text, visible
from optimiser.render.years import years_csv, years_dict, years_markdown_section, years_tables

FORMATS = ("table", "json", "csv", "md")
PARALLEL_FROM = 100_000
"""Sweeps of at least this many point-localities use two processes by default (see README, Speed)."""
TABLE_WIDTH = 140


def _stderr() -> Console:
    """Standard error: strings print literally (never markup or emoji), control characters visible;
    wrapped between words at a terminal's width, one line a message when redirected (for grep)."""
    return LiteralConsole(stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty())


def _message(label: str, style: str, message: str) -> Text:
    """A styled label, then the message exactly as written (names and paths in it are data)."""
    return Text.assemble((label, style), " ", text(message))


def _report(exc: BaseException, debug: bool) -> int:
    """One red paragraph (yellow for an infeasible answer); a traceback only with --debug."""
    if debug:
        _stderr().print("".join(traceback.format_exception(exc)), end="")
    if isinstance(exc, TerminatedError):
        _stderr().print(text(str(exc)))
        return exc.exit_code
    if isinstance(exc, InfeasibleError):
        _stderr().print(_message("infeasible:", "bold yellow", str(exc)))
        return ExitCode.INFEASIBLE
    if isinstance(exc, InputError) and len(exc.problems) > 1:
        listed = "\n".join(f"  - {p}" for p in exc.problems)
        _stderr().print(_message("error:", "bold red", f"{len(exc.problems)} problems found:\n{listed}"))
        return exc.exit_code
    if isinstance(exc, EstablishmentError):
        _stderr().print(_message("error:", "bold red", str(exc)))
        return exc.exit_code
    _stderr().print(
        _message(
            "internal error:",
            "bold red",
            f"{type(exc).__name__}: {exc}. This is a bug; run again with --debug for details and report it.",
        )
    )
    return ExitCode.INTERNAL


def handled(command: Callable[..., None]) -> Callable[..., None]:
    """Add --debug and turn our errors into exit codes and one-paragraph messages."""

    @click.option("--debug", is_flag=True, help="Show a traceback on errors.")
    @wraps(command)
    def wrapper(*args: Any, debug: bool, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except KeyboardInterrupt:
            _stderr().print("interrupted; nothing was written.")
            sys.exit(130)
        except Exception as exc:  # the top of the program: every failure gets a clear message
            sys.exit(_report(exc, debug))

    return wrapper


def _rich_text(renderable: Any) -> str:
    """Render to plain text for -o (no colour codes in files)."""
    buffer = io.StringIO()
    LiteralConsole(file=buffer, width=TABLE_WIDTH, color_system=None, force_terminal=False).print(renderable)
    return buffer.getvalue()


def _fit_width(wide: bool, fmt: str = "table", output: Path | None = None) -> int | None:
    """The width tables are fitted to: the terminal's, for a table printed on a terminal without
    --wide; else None (every column at full width, as piped output, -o and --format have it).
    COLUMNS, when set, wins over the terminal's own size, as in rich and most tools."""
    if wide or fmt != "table" or output is not None or not sys.stdout.isatty():
        return None
    return LiteralConsole(highlight=False).width


def _stdout(renderable: Any) -> Console:
    """The terminal's width, or wider when a table needs it (or when piped): no figure is ever cut.
    Tables fitted to the terminal (`_fit_width`) need no more, unless it is too narrow for them."""
    console = LiteralConsole(highlight=False, width=None if sys.stdout.isatty() else TABLE_WIDTH)
    parts = renderable.renderables if isinstance(renderable, Group) else [renderable]
    unlimited = console.options.update_width(10_000)
    needed = max(
        (Measurement.get(console, unlimited, p).maximum for p in parts if isinstance(p, Table)), default=0
    )
    if needed > console.width:
        console = LiteralConsole(highlight=False, width=needed)
    return console


def _emit(renderable: Any, output: Path | None, inputs: tuple[Path, ...]) -> None:
    if isinstance(renderable, str):
        write_text(renderable, output, inputs)
    elif output is None:
        _stdout(renderable).print(renderable)
    else:
        write_text(_rich_text(renderable), output, inputs)


scenario_argument = click.argument("scenario", type=click.Path(path_type=Path, dir_okay=True))
format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
)
solver_option = click.option(
    "--solver",
    type=click.Choice([s.value for s in SolverChoice]),
    default=SolverChoice.AUTO.value,
    show_default=True,
    help="LP solver: auto and highs use HiGHS in-process; cbc uses CBC (exit 4 if it is not installed).",
)
wide_option = click.option(
    "--wide",
    is_flag=True,
    help="On a terminal, print every column at full width (as piped output does) instead of "
    "fitting tables to the terminal's width.",
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file (atomically) instead of stdout.",
)


class InOrder(click.Group):
    """Commands listed in the order they are defined (plan first), not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(
    cls=InOrder,
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


cap_option = click.option("--cap", type=float, help="Override the cap (weighted cases per WTE).")
budget_option = click.option(
    "--budget",
    "budget_text",
    metavar="GBP|PCT%",
    help="Override the budget: pounds a year, or a change from today's cost (-8%).",
)
every_cap_option = click.option(
    "--cap",
    type=float,
    help="Plan every option at this cap (weighted cases per WTE), in place of each option's own; "
    "the assumptions say so.",
)
every_budget_option = click.option(
    "--budget",
    "budget_text",
    metavar="GBP|PCT%",
    help="Give every option this budget (pounds a year, or a change from today's cost such as -8%), "
    "in place of each option's own; the assumptions say so.",
)


@cli.command(short_help="Plan the establishment for one scenario.")
@scenario_argument
@cap_option
@budget_option
@click.option("--cost-per-wte", type=float, help="Override the cost of one WTE (pounds a year).")
@click.option(
    "--objective",
    type=click.Choice([o.value for o in Objective]),
    help="Override the objective: min-cost, max-coverage or priority.",
)
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
) -> None:
    """Plan the establishment for SCENARIO (a YAML file) for its objective (least cost by default).
    Options on the command line override the scenario's figures, and the assumptions say so.

    \b
    Examples:
      establishment plan examples/lcr-2010/appendix3.yaml
      establishment plan examples/lcr-2010/appendix3.yaml --cap 350 --format md
      establishment plan examples/lcr-2010/cut-8-percent.yaml --explain
    """
    overrides = {
        "cap": cap,
        "budget": budget.parse_option(budget_text),
        "cost_per_wte": cost_per_wte,
        "objective": objective,
        "confidence": confidence,
    }
    if explain and fmt == "csv":
        raise bad_input(
            "command line",
            "option --explain",
            "cannot go with --format csv (one CSV file holds one table, and the audit is another)",
            "--explain with --format table, md or json, or `establishment explain SCENARIO --format csv`",
        )
    prepared = prepare(scenario, overrides)
    inputs = prepared.inputs.paths
    try:
        result = stated(plan_with_risk(prepared, SolverChoice(solver)), overrides, prepared.inputs)
    except InfeasibleError as exc:
        if fmt == "json":
            figures = rounded_figures(exc.figures)
            write_text(to_json({"status": "infeasible", "message": str(exc), **figures}), output, inputs)
        raise
    width = _fit_width(wide, fmt, output)
    renderers: dict[str, Callable[[], Any]] = {
        "table": lambda: plan_table(result, width),
        "json": lambda: with_risk_key(plan_dict(rounded_plan(result)), result),
        "csv": lambda: with_risk_columns(plan_csv(rounded_plan(result)), result),
        "md": lambda: plan_markdown(result),
    }
    rendered = renderers[fmt]()
    if explain:
        rendered = _with_audit(rendered, fmt, prepared, width)
    _emit(to_json(rendered) if fmt == "json" else rendered, output, inputs)


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


@cli.command(short_help="Show the weighting, factor by factor, per locality.")
@scenario_argument
@click.option("--cap", type=float, help="Override the cap (weighted cases per WTE).")
@format_option
@output_option
@wide_option
@handled
def explain(scenario: Path, cap: float | None, fmt: str, output: Path | None, wide: bool) -> None:
    """Show, per locality, every factor from raw count to weighted caseload to capacity per WTE.

    \b
    Examples:
      establishment explain examples/lcr-2010/appendix3.yaml
      establishment explain examples/health-visiting/lcr-2010-weighted.yaml
      establishment explain examples/lcr-2010/appendix3.yaml --format csv \\
        -o audit.csv
    """
    prepared = prepare(scenario, {"cap": cap}, horizon_ok=True)
    frame = _audit(prepared)
    renderers: dict[str, Callable[[], Any]] = {
        "table": lambda: _audit_renderable(prepared, _fit_width(wide, fmt, output)),
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
    _emit(renderers[fmt](), output, prepared.inputs.paths)


scenarios_argument = click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))


def _all_inputs(options: list[Option], named: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """Every input: the files named on the command line (an options file too), then each option's
    scenario, model and locality files."""
    return (*named, *(p for o in options for p in o.prepared.inputs.paths))


@cli.command(short_help="Plan several options and show them side by side.")
@scenarios_argument
@every_cap_option
@every_budget_option
@format_option
@output_option
@solver_option
@wide_option
@handled
def compare(
    scenarios: tuple[Path, ...],
    cap: float | None,
    budget_text: str | None,
    fmt: str,
    output: Path | None,
    solver: str,
    wide: bool,
) -> None:
    """Plan several SCENARIOS (or one options file) and show them side by side, with today first.
    --cap and --budget replace every option's own figure, and the output says so.

    \b
    Examples:
      establishment compare examples/lcr-2010/board-options.yaml
      establishment compare examples/lcr-2010/board-options.yaml --cap 350 \\
        --budget 4000000
      establishment compare examples/lcr-2010/appendix3.yaml \\
        examples/lcr-2010/cap-250.yaml --format md
    """
    title, paths = expand(list(scenarios))
    if output is not None:
        refuse_inputs(output, (*scenarios, *paths))  # before planning: the options file and its list
    overrides = {"cap": cap, "budget": budget.parse_option(budget_text)}
    options = plan_options(paths, SolverChoice(solver), overrides)
    inputs = _all_inputs(options, scenarios)
    note = in_words(overrides)
    if fmt == "table":
        labels = read_paper(list(scenarios)).labels
        tables = compare_tables(title, options, labels, _fit_width(wide, fmt, output))
        _emit(Group(*tables, *([text(note)] if note else [])), output, inputs)
        return
    renderers: dict[str, Callable[[], str]] = {
        "md": lambda: (
            compare_markdown(title, options) + (f"\n{markdown_text(note, line_start=True)}\n" if note else "")
        ),
        "json": lambda: to_json(
            {**compare_dict(title, options), **({"overrides": given(overrides)} if note else {})}
        ),
        "csv": lambda: compare_csv(options),
    }
    _emit(renderers[fmt](), output, inputs)


@cli.command(short_help="Write a board paper (Word, HTML, markdown, Excel).")
@scenarios_argument
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder for the board pack."
)
@click.option("--title", default=None, help="Title of the paper (default: the scenario's name).")
@click.option("--force", is_flag=True, help="Write into a folder that holds other files too.")
@every_cap_option
@every_budget_option
@solver_option
@handled
def report(
    scenarios: tuple[Path, ...],
    output: Path,
    title: str | None,
    force: bool,
    cap: float | None,
    budget_text: str | None,
    solver: str,
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
    overrides = {"cap": cap, "budget": budget.parse_option(budget_text)}
    options = plan_options(paper.paths, SolverChoice(solver), overrides)
    path = horizon_scenario(paper)
    horizon = None if path is None else horizon_plan(paper, options, plan_years(path, SolverChoice(solver)))
    if title or paper.source is None:
        paper = replace(
            paper, title=title or (options[0].plan.scenario if len(options) == 1 else paper.title)
        )
    from optimiser.planning.confidence_sweep import confidence_curves
    from optimiser.render.report import pack  # charts, documents and spreadsheets load only for a report

    files = pack(paper, options, paper_frontier(options), confidence_curves(options), horizon=horizon)
    inputs = _all_inputs(options, scenarios) + (horizon.result.paths if horizon is not None else ())
    write_folder(files, output, inputs, force)
    _stderr().print(
        f"wrote {len(files)} files to {output}: report.docx, report.html, report.md, report.xlsx and charts/"
    )


@cli.command(short_help="Plan one scenario over ranges of caps, budgets or confidence.")
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
@click.option("--yes", is_flag=True, help=f"Run sweeps of more than {ranges.MAX_POINTS:,} points.")
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
    if confidence_range is not None:
        _confidence_sweep(
            scenario,
            confidence_range,
            cap_range or budget_range,
            fmt,
            output,
            yes,
            _fit_width(wide, fmt, output),
        )
        return
    cap_spec = ranges.cap_spec(cap_range) if cap_range else None
    budget_spec = ranges.budget_spec(budget_range) if budget_range else None
    # The size is known from the counts alone: refuse a huge sweep before building any list.
    ranges.check_size((cap_spec.count if cap_spec else 1) * (budget_spec.count if budget_spec else 1), yes)
    prepared = prepare(scenario)
    data = prepared.data
    caps = cap_spec.values() if cap_spec else [data.cap]
    if budget_spec is not None and budget_spec.percent and math.isnan(today_cost(prepared.inputs)):
        raise bad_input(
            str(prepared.inputs.localities.path),
            "option --budget",
            f"'{budget_spec.text}' is a change from today's cost, but WTE in post is not known (blank)",
            "a budget range in pounds, or in_post_wte for every locality",
        )
    budgets = (
        ranges.budget_values(budget_spec, today_cost(prepared.inputs))
        if budget_spec
        else [data.budget]
        if data.budget is not None
        else [None]
    )
    points = sweeps.grid(caps, budgets)
    workers = jobs or (2 if len(points) * len(data.localities) >= PARALLEL_FROM else 1)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("sweeping"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_stderr(),
        transient=True,
        disable=not _stderr().is_terminal,
    ) as bar:
        task = bar.add_task("sweep", total=len(points))
        frame = sweeps.run(prepared, points, workers, lambda n: bar.advance(task, n))
    title = prepared.inputs.scenario.name
    renderers: dict[str, Callable[[], Any]] = {
        "table": lambda: Group(*sweep_table(f"Sweep: {title}", frame, _fit_width(wide, fmt, output))),
        "md": lambda: sweep_markdown(f"Sweep: {title}", frame),
        "json": lambda: to_json(sweep_dict(title, frame, sweeps.frontier(frame))),
        "csv": lambda: sweep_csv(frame),
    }
    _emit(renderers[fmt](), output, prepared.inputs.paths)


@cli.command(short_help="Plan a scenario's horizon, year by year.")
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
@handled
def years(scenario: Path, fmt: str, output: Path | None, solver: str, chart: Path | None, wide: bool) -> None:
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
        result = plan_years(scenario, SolverChoice(solver))
    except InfeasibleError as exc:
        if fmt == "json":
            write_text(
                to_json({"status": "infeasible", "message": str(exc), **exc.figures}), output, (scenario,)
            )
        raise
    renderers: dict[str, Callable[[], Any]] = {
        "table": lambda: years_tables(result, _fit_width(wide, fmt, output)),
        "json": lambda: to_json(years_dict(result)),  # rounded as it is made
        "csv": lambda: years_csv(result),
        "md": lambda: years_markdown_section(result, level=1),
    }
    _emit(renderers[fmt](), output, result.paths)
    if chart is not None:
        from optimiser.render.charts import to_png, to_svg  # matplotlib loads only for a chart
        from optimiser.render.years_chart import trajectory_chart

        figure = trajectory_chart(result)
        data = to_svg(figure) if chart.suffix.lower() == ".svg" else to_png(figure)
        write_bytes(data, chart, result.paths, "option --chart")


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
    from optimiser.planning import confidence_sweep as by_level
    from optimiser.render.confidence_sweep import (
        confidence_csv,
        confidence_dict,
        confidence_markdown,
        confidence_table,
    )

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
    spec = by_level.levels(wanted)
    ranges.check_size(spec.count, yes)
    prepared = prepare(scenario)
    by_level.require_uncertainty(prepared)
    frame, central = by_level.run(prepared, spec.values())
    title = f"Confidence sweep: {prepared.inputs.scenario.name}"
    renderers: dict[str, Callable[[], Any]] = {
        "table": lambda: confidence_table(title, frame, central, width),
        "md": lambda: confidence_markdown(title, frame, central),
        "json": lambda: to_json(confidence_dict(prepared.inputs.scenario.name, frame, central)),
        "csv": lambda: confidence_csv(frame),
    }
    _emit(renderers[fmt](), output, prepared.inputs.paths)


@cli.command(short_help="Start a scenario and a locality workbook for a model.")
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


@cli.command(short_help="Check a scenario or options file without solving.")
@scenario_argument
@handled
def validate(scenario: Path) -> None:
    """Check SCENARIO, its model and its locality data without solving; list every problem.
    Given an options file, check every option it lists (and its horizon scenario): one line per good
    option, every problem of every bad one (with its label and line), exit 2 if any is bad.

    \b
    Examples:
      establishment validate examples/lcr-2010/appendix3.yaml
      establishment validate examples/lcr-2010/board-options.yaml
    """
    if lists_options(scenario):
        problems, good = validate_options(scenario)
        for line in good:
            click.echo(visible(line))
        if problems:
            raise InputError(problems)
        return
    problems, summary = validate_scenario(scenario)
    if problems:
        raise InputError(problems)
    click.echo(visible(summary))


@cli.command(short_help="Open the what-if page: try caps and budgets in a browser.")
@click.argument("scenario", required=False, type=click.Path(path_type=Path, dir_okay=True))
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one)."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (others can reach any but this computer's own).",
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser; print the address only.")
@handled
def app(scenario: Path | None, port: int, host: str, no_browser: bool) -> None:
    """Serve the what-if page for SCENARIO (a scenario or options file) on this computer, or a start
    page listing the examples; Ctrl-C stops it (exit 130) and removes its temporary files.

    \b
    Examples:
      establishment app examples/lcr-2010/board-options.yaml
      establishment app --no-browser
    """
    from optimiser.app.server import LOCAL_HOSTS, serve  # the web stack loads only for this command

    if host not in LOCAL_HOSTS:
        _stderr().print(
            _message(
                "warning:", "bold yellow", f"listening on {host}: others on the network can reach the page."
            )
        )
    serve(scenario, host, port, not no_browser, lambda line: click.echo(line))


def main() -> None:
    cli()
