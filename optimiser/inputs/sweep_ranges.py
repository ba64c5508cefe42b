"""Sweep ranges from the command line: START:STOP:STEP (inclusive), a single value, or percentages.

A range is parsed into its start, step and count, and checked from those alone, so a sweep's
size and every value's bounds are known before any list of values is built: a grid of 10^12
points is refused as quickly as one of ten.
"""

import math
import re
from dataclasses import dataclass
from typing import NoReturn

from optimiser.errors import bad_input
from optimiser.inputs.schema import LARGEST

MAX_POINTS = 100_000
"""Past this many points a sweep asks for --yes (a grid multiplies its two ranges)."""
MOST_POINTS = 1_000_000
"""No sweep has more points than this, even with --yes."""
NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
SOURCE = "command line"


@dataclass(frozen=True)
class Range:
    """START:STOP:STEP as the values it stands for, without building them."""

    option: str
    text: str
    start: float
    step: float
    count: int
    percent: bool = False

    @property
    def first(self) -> float:
        return self.value(0)

    @property
    def last(self) -> float:
        return self.value(self.count - 1)

    def value(self, i: int) -> float:
        """The i-th value, to 12 significant figures: clears the step's binary noise (250 + 3 x 0.1)
        without turning a tiny figure such as 1e-300 into 0."""
        return float(f"{self.start + i * self.step:.12g}")

    def values(self) -> list[float]:
        return [self.value(i) for i in range(self.count)]


def _refuse(option: str, what: str, expected: str) -> NoReturn:
    raise bad_input(SOURCE, f"option {option}", what, expected)


def parse(text: str, option: str, percent: bool) -> Range:
    """A range's start, step and count, checked (finite, a step above 0, not backwards, not huge)."""
    suffix = "%" if percent else ""
    parts = text.strip().split(":")
    pattern = NUMBER + re.escape(suffix)
    if len(parts) not in (1, 3) or not all(re.fullmatch(pattern, p.strip()) for p in parts):
        example = "-20%:0%:2%" if percent else "250:450:10"
        _refuse(option, f"'{text}' is not a range", f"START:STOP:STEP such as {example}, or one value")
    values = [float(p.strip().rstrip("%")) for p in parts]
    if not all(math.isfinite(v) for v in values):
        _refuse(option, f"'{text}' has a number too large to hold", f"numbers of at most {LARGEST:g}")
    if len(values) == 1:
        return Range(option, text, values[0], 0.0, 1, percent)
    start, stop, step = values
    if step <= 0:
        _refuse(option, f"the step in '{text}' is {step:g}", "a step above 0")
    if stop < start:
        _refuse(option, f"'{text}' runs backwards ({start:g} to {stop:g})", "START at or below STOP")
    steps = (stop - start) / step
    if not math.isfinite(steps) or steps >= MOST_POINTS:
        _refuse(
            option,
            f"'{text}' has more than {MOST_POINTS:,} points",
            f"at most {MOST_POINTS:,} points, even with --yes (a larger step)",
        )
    return Range(option, text, start, step, math.floor(steps + 1e-9) + 1, percent)


def cap_spec(text: str) -> Range:
    """Caps as plan takes them: every one above 0 and at most 1e12."""
    spec = parse(text, "--cap", percent=False)
    if spec.first <= 0:
        _refuse("--cap", f"'{text}' includes a cap of {spec.first:g}", "caps above 0")
    if spec.last > LARGEST:
        _refuse("--cap", f"'{text}' includes a cap of {spec.last:g}", f"caps of at most {LARGEST:g}")
    return spec


def budget_spec(text: str) -> Range:
    """Pounds (0 to 1e12), or changes from today's cost written with % signs (above -100%)."""
    if "%" in text:
        spec = parse(text, "--budget", percent=True)
        if spec.first <= -100:
            _refuse("--budget", f"'{text}' reaches {spec.first:g}%", "changes above -100%")
        return spec
    spec = parse(text, "--budget", percent=False)
    if spec.first < 0:
        _refuse("--budget", f"'{text}' includes {spec.first:g}", "budgets of 0 or more")
    if spec.last > LARGEST:
        _refuse("--budget", f"'{text}' includes {spec.last:g}", f"budgets of at most {LARGEST:g} pounds")
    return spec


def budget_values(spec: Range, today_cost: float) -> list[float]:
    """The budgets in pounds: as given, or today's cost changed by each percentage."""
    if not spec.percent:
        return spec.values()
    highest = today_cost * (1 + spec.last / 100)
    if highest > LARGEST:
        _refuse(
            "--budget",
            f"'{spec.text}' reaches £{highest:,.0f} a year ({spec.last:+g}% on today's £{today_cost:,.0f})",
            f"budgets of at most {LARGEST:g} pounds",
        )
    return [today_cost * (1 + c / 100) for c in spec.values()]


def cap_range(text: str) -> list[float]:
    return cap_spec(text).values()


def budget_range(text: str, today_cost: float) -> list[float]:
    """Pounds, or percentages of today's cost when the range is written with % signs ("-20%:0%:2%")."""
    return budget_values(budget_spec(text), today_cost)


def check_size(points: int, confirmed: bool) -> None:
    """At most MAX_POINTS points, or MOST_POINTS with --yes; from the counts, before any list is built."""
    if points > MOST_POINTS:
        _refuse(
            "--cap/--budget",
            f"the sweep has {points:,} points",
            f"at most {MOST_POINTS:,} points, even with --yes (larger steps or shorter ranges)",
        )
    if points > MAX_POINTS and not confirmed:
        _refuse(
            "--cap/--budget",
            f"the sweep has {points:,} points",
            f"at most {MAX_POINTS:,}, or --yes to run it anyway",
        )
