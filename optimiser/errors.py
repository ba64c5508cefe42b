"""Exit codes and the errors that map onto them, so the CLI never tests magic numbers."""

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (see README, "Exit codes")."""

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


def bad_input(source: str, where: str, what: str, expected: str = "") -> InputError:
    """Shorthand for an InputError with a single problem."""
    return InputError([Problem(source, where, what, expected)])


class InfeasibleError(EstablishmentError):
    """Valid inputs, but the cap cannot be met: an answer, reported with its figures."""

    exit_code = ExitCode.INFEASIBLE

    def __init__(self, message: str, figures: dict) -> None:
        self.figures = figures
        super().__init__(message)
