"""Exit codes and the errors that map onto them, so the CLI never tests magic numbers."""

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (docs/commands.md, "Exit codes")."""

    OK = 0
    INTERNAL = 1
    """An unexpected failure: a bug. Run again with --debug and report it."""
    BAD_INPUT = 2
    """A scenario, model or locality file (or an option) is wrong."""
    INFEASIBLE = 3
    """The inputs are valid but the cap cannot be met within the budget or bounds."""
    SOLVER = 4
    """The solver is missing or failed."""
    CHECK_FAILED = 5
    """The solver's plan failed the independent check; nothing was printed."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (SIGINT), 128 + 2 as shells report it; nothing was written."""
    TERMINATED = 143
    """Stopped by SIGTERM, 128 + 15; nothing was written."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, what is expected."""

    source: str
    where: str
    what: str
    expected: str = ""

    def __str__(self) -> str:
        place = f"{self.source}: {self.where}" if self.where else self.source
        text = f"{place}: {self.what}"
        return f"{text}; expected {self.expected}." if self.expected else f"{text}."


@dataclass(frozen=True)
class Slip(Problem):
    """A figure questioned as a likely slip (inputs/slips), which --yes confirms: `key` is its
    scenario key ('budget' or 'cap'), `plain` the reading and why in words that name no file,
    key or command, for a page that asks the question in its own way."""

    key: str = ""
    plain: str = ""


class EstablishmentError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code: ExitCode = ExitCode.INTERNAL


class InputError(EstablishmentError):
    """Bad input: carries every problem found, not only the first."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SolverError(EstablishmentError):
    """The solver is unavailable or did not return a usable answer."""

    exit_code = ExitCode.SOLVER


class PlanCheckError(EstablishmentError):
    """The plan broke a constraint when checked independently of the solver."""

    exit_code = ExitCode.CHECK_FAILED


class OutputError(EstablishmentError):
    """An output file or folder the user named cannot be written: a read-only folder, a full disk,
    another run writing the same folder. Exit 2, like any other unusable path the user gave: the
    inputs and the plan are fine, the run can be repeated with another -o (or after freeing
    space). No temporary file is left and no file is half-written; the message says what, if
    anything, was written."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, path: str, what: str, expected: str = "") -> None:
        self.path = path
        self.problem = Problem(path, "option -o", what, expected)
        super().__init__(str(self.problem))


class TerminatedError(EstablishmentError):
    """The run was stopped by SIGTERM before it wrote anything (SIGINT stays a KeyboardInterrupt)."""

    exit_code = ExitCode.TERMINATED


def bad_input(source: str, where: str, what: str, expected: str = "") -> InputError:
    """Shorthand for an InputError with a single problem."""
    return InputError([Problem(source, where, what, expected)])


class InfeasibleError(EstablishmentError):
    """Valid inputs, but the cap cannot be met: an answer, reported with its figures."""

    exit_code = ExitCode.INFEASIBLE

    def __init__(self, message: str, figures: dict) -> None:
        self.figures = figures
        super().__init__(message)
