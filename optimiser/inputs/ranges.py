"""Sweep ranges from the command line: START:STOP:STEP (inclusive), a single value, or percentages."""

import math
import re

from optimiser.errors import bad_input

MAX_POINTS = 100_000
"""Past this many points a sweep asks for --yes (a grid multiplies its two ranges)."""
NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"


def _parse(text: str, option: str, percent: bool) -> list[float]:
    suffix = "%" if percent else ""
    parts = text.strip().split(":")
    if len(parts) not in (1, 3) or not all(
        re.fullmatch(NUMBER + re.escape(suffix), p.strip()) for p in parts
    ):
        example = "-20%:0%:2%" if percent else "250:450:10"
        raise bad_input(
            "command line",
            f"option {option}",
            f"'{text}' is not a range",
            f"START:STOP:STEP such as {example}, or one value",
        )
    values = [float(p.strip().rstrip("%")) for p in parts]
    if len(values) == 1:
        return values
    start, stop, step = values
    if step <= 0:
        raise bad_input(
            "command line", f"option {option}", f"the step in '{text}' is {step:g}", "a step above 0"
        )
    if stop < start:
        raise bad_input(
            "command line",
            f"option {option}",
            f"'{text}' runs backwards ({start:g} to {stop:g})",
            "START at or below STOP",
        )
    count = math.floor((stop - start) / step + 1e-9) + 1
    if count > MAX_POINTS * 10:
        raise bad_input(
            "command line",
            f"option {option}",
            f"'{text}' has {count:,} points",
            f"at most {MAX_POINTS:,} (with --yes, {MAX_POINTS * 10:,})",
        )
    return [round(start + i * step, 9) for i in range(count)]


def cap_range(text: str) -> list[float]:
    values = _parse(text, "--cap", percent=False)
    if min(values) <= 0:
        raise bad_input(
            "command line", "option --cap", f"'{text}' includes a cap of {min(values):g}", "caps above 0"
        )
    return values


def budget_range(text: str, today_cost: float) -> list[float]:
    """Pounds, or percentages of today's cost when the range is written with % signs ("-20%:0%:2%")."""
    if "%" in text:
        changes = _parse(text, "--budget", percent=True)
        if min(changes) <= -100:
            raise bad_input(
                "command line",
                "option --budget",
                f"'{text}' reaches {min(changes):g}%",
                "changes above -100%",
            )
        return [today_cost * (1 + c / 100) for c in changes]
    values = _parse(text, "--budget", percent=False)
    if min(values) < 0:
        raise bad_input(
            "command line", "option --budget", f"'{text}' includes {min(values):g}", "budgets of 0 or more"
        )
    return values


def check_size(points: int, confirmed: bool) -> None:
    if points > MAX_POINTS and not confirmed:
        raise bad_input(
            "command line",
            "options --cap/--budget",
            f"the sweep has {points:,} points",
            f"at most {MAX_POINTS:,}, or --yes to run it anyway",
        )
