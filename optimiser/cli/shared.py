"""What every command shares: its options, the one-paragraph error with its exit code, and how output
reaches the terminal or a file."""

from __future__ import annotations

import io
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console, Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from optimiser.errors import EstablishmentError, ExitCode, InfeasibleError, InputError, TerminatedError
from optimiser.inputs.read_once import reading_session
from optimiser.lp.status import SolverChoice
from optimiser.output.files import write_text
from optimiser.render.console import LiteralConsole, text

if TYPE_CHECKING:  # annotations only
    from optimiser.planning.results import Option

FORMATS = ("table", "json", "csv", "md")
TABLE_WIDTH = 140


def stderr() -> Console:
    """Standard error: strings print literally (never markup or emoji), control characters visible;
    wrapped between words at a terminal's width, one line a message when redirected (for grep)."""
    return LiteralConsole(stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty())


def message(label: str, style: str, words: str) -> Text:
    """A styled label, then the message exactly as written (names and paths in it are data)."""
    return Text.assemble((label, style), " ", text(words))


def _report(exc: BaseException, debug: bool) -> int:
    """One red paragraph (yellow for an infeasible answer); a traceback only with --debug."""
    if debug:
        stderr().print("".join(traceback.format_exception(exc)), end="")
    if isinstance(exc, TerminatedError):
        stderr().print(text(str(exc)))
        return exc.exit_code
    if isinstance(exc, InfeasibleError):
        stderr().print(message("infeasible:", "bold yellow", str(exc)))
        return ExitCode.INFEASIBLE
    if isinstance(exc, InputError) and len(exc.problems) > 1:
        listed = "\n".join(f"  - {p}" for p in exc.problems)
        stderr().print(message("error:", "bold red", f"{len(exc.problems)} problems found:\n{listed}"))
        return exc.exit_code
    if isinstance(exc, EstablishmentError):
        stderr().print(message("error:", "bold red", str(exc)))
        return exc.exit_code
    stderr().print(
        message(
            "internal error:",
            "bold red",
            f"{type(exc).__name__}: {exc}. This is a bug; run again with --debug for details and report it.",
        )
    )
    return ExitCode.INTERNAL


def handled(command: Callable[..., None]) -> Callable[..., None]:
    """Add --debug, parse each input file once (inputs/read_once), and turn our errors into exit codes
    and one-paragraph messages."""

    @click.option("--debug", is_flag=True, help="Show a traceback on errors.")
    @wraps(command)
    def wrapper(*args: Any, debug: bool, **kwargs: Any) -> None:
        try:
            with reading_session():
                command(*args, **kwargs)
        except KeyboardInterrupt:
            stderr().print("interrupted; nothing was written.")
            sys.exit(130)
        except Exception as exc:  # the top of the program: every failure gets a clear message
            sys.exit(_report(exc, debug))

    return wrapper


def _rich_text(renderable: Any) -> str:
    """Render to plain text for -o (no colour codes in files)."""
    buffer = io.StringIO()
    LiteralConsole(file=buffer, width=TABLE_WIDTH, color_system=None, force_terminal=False).print(renderable)
    return buffer.getvalue()


def fit_width(wide: bool, fmt: str = "table", output: Path | None = None) -> int | None:
    """The width tables are fitted to: the terminal's, for a table printed on a terminal without
    --wide; else None (every column at full width, as piped output, -o and --format have it).
    COLUMNS, when set, wins over the terminal's own size, as in rich and most tools."""
    if wide or fmt != "table" or output is not None or not sys.stdout.isatty():
        return None
    return LiteralConsole(highlight=False).width


def answer_only(details: bool, fmt: str = "table", output: Path | None = None) -> bool:
    """True when a table goes to a terminal without --details: the answer first, the rest left out.
    -o files, piped output and every other format always carry everything."""
    return not details and fmt == "table" and output is None and sys.stdout.isatty()


def _stdout(renderable: Any) -> Console:
    """The terminal's width, or wider when a table needs it (or when piped): no figure is ever cut.
    Tables fitted to the terminal (`fit_width`) need no more, unless it is too narrow for them."""
    console = LiteralConsole(highlight=False, width=None if sys.stdout.isatty() else TABLE_WIDTH)
    parts = renderable.renderables if isinstance(renderable, Group) else [renderable]
    unlimited = console.options.update_width(10_000)
    needed = max(
        (Measurement.get(console, unlimited, p).maximum for p in parts if isinstance(p, Table)), default=0
    )
    if needed > console.width:
        console = LiteralConsole(highlight=False, width=needed)
    return console


def emit(renderable: Any, output: Path | None, inputs: tuple[Path, ...]) -> None:
    """Text to stdout or to -o as it is; a rich renderable printed, or rendered as plain text for -o."""
    if isinstance(renderable, str):
        write_text(renderable, output, inputs)
    elif output is None:
        _stdout(renderable).print(renderable)
    else:
        write_text(_rich_text(renderable), output, inputs)


scenario_argument = click.argument("scenario", type=click.Path(path_type=Path, dir_okay=True))
scenarios_argument = click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
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
details_option = click.option(
    "--details",
    is_flag=True,
    help="On a terminal, print the assumptions, binding limits and marginal figures after the "
    "answer (-o files, piped output and the other formats always have them).",
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file (atomically) instead of stdout.",
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


def all_inputs(options: list[Option], named: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """Every input: the files named on the command line (an options file too), then each option's
    scenario, model and locality files."""
    return (*named, *(p for o in options for p in o.prepared.inputs.paths))
