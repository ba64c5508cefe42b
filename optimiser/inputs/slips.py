"""Slips get a question, not an answer: a budget or cap so far from anything plausible that it is
more likely a typing slip than a figure meant (`--budget 8` read as £8 a year, when 8% or -8% was
meant) is refused, with the reading taken and the likely meant one, unless confirmed (--yes).

Plausible: a budget of at least one WTE's cost, and from half to three times today's cost (when
WTE in post is known); a cap from a tenth of the lowest cap any shipped model uses to ten times the
highest. The check is the same for a figure typed on the command line and one in a scenario file,
so `validate` refuses what `plan` refuses; --yes (on either) says the figure is meant.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from optimiser.errors import Problem, Slip
from optimiser.inputs import budget as budgets
from optimiser.inputs.costs import today_cost

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs

SHIPPED_CAPS = (32.5, 400.0)
"""The lowest and highest cap of the models in models/ (tests/inputs/test_slips.py reads them)."""
CAP_FACTOR = 10.0
"""A cap this many times below the lowest shipped cap, or above the highest, is questioned."""
TODAY_LOW, TODAY_HIGH = 0.5, 3.0
"""A budget under half, or over three times, today's cost is questioned."""
CONFIRM = "--yes"


def slip_problems(inputs: Inputs) -> list[Problem]:
    """The budget and cap in force, questioned where implausible, unless --yes confirmed them."""
    if inputs.overrides.confirmed:
        return []
    return [p for p in (_budget_problem(inputs), _cap_problem(inputs)) if p is not None]


def _place(inputs: Inputs, key: str) -> tuple[str, str, bool]:
    """Where the figure was set: (source, where, on the command line)."""
    from optimiser.inputs.scenario import key_place

    if key in inputs.overrides.figures():
        return "command line", f"option --{key.replace('_', '-')}", True
    return str(inputs.scenario_path), key_place(inputs.scenario_path, key), False


def _budget_problem(inputs: Inputs) -> Problem | None:
    spec = inputs.scenario.budget
    if spec is None:
        return None
    today = today_cost(inputs)
    pounds = budgets.resolve(spec, today)
    if pounds is None or math.isnan(pounds):
        return None
    why = _budget_why(pounds, inputs.cost_per_wte, today)
    if why is None:
        return None
    source, where, typed = _place(inputs, "budget")
    reading = f"£{pounds:,.0f} a year" if budgets.change_percent(spec) is None else f"{spec} (£{pounds:,.0f})"
    meant = _budget_meant(spec, pounds, today, inputs.cost_per_wte, typed)
    because = why if meant else why[0].lower() + why[1:]
    plain = f"A budget of {reading}: {why[0].lower() + why[1:]}."
    if meant:
        plain += " " + _budget_meant(spec, pounds, today, inputs.cost_per_wte, None).strip()
    return Slip(source, where, f"{reading}: {meant}{because}", _proceed(typed), "budget", plain)


TODAY = "today's cost (£{:,.0f} a year: WTE in post x cost per WTE)"
"""What a budget is measured against: today's cost, or in a horizon the year before's budget."""


def _budget_why(pounds: float, one_wte: float, today: float, against: str = TODAY) -> str | None:
    """Why a budget is implausible, or None when it is not; `against` words the figure `today`."""
    if pounds < one_wte:
        return f"It is below the cost of one WTE (£{one_wte:,.0f} a year)"
    if math.isnan(today) or today <= 0:
        return None
    if pounds < TODAY_LOW * today:
        return f"It is under half of {against.format(today)}"
    if pounds > TODAY_HIGH * today:
        return f"It is over three times {against.format(today)}"
    return None


def _budget_meant(spec: float | str, pounds: float, today: float, one_wte: float, typed: bool | None) -> str:
    """The likely meant reading, as a question ending in a space, or '': as an option typed, a
    scenario key written, or (typed None) in words naming neither."""
    if budgets.change_percent(spec) is not None or not 0 < pounds <= 100:
        thousands = pounds * 1000
        if budgets.change_percent(spec) is None and _plausible(thousands, today, one_wte):
            ask = "Did" if typed is None else "did"
            return f"{ask} you mean £{thousands:,.0f} (the figure in thousands)? "
        return ""
    number = f"{pounds:g}"
    if typed is None:
        return f"Did you mean a change of {number}% or -{number}% from today's cost? "
    if typed:
        return f"did you mean --budget {number}% or -{number}%? "
    return f'did you mean budget: "{number}%" or "-{number}%"? '


def _plausible(pounds: float, today: float, one_wte: float) -> bool:
    return _budget_why(pounds, one_wte, today) is None


def _cap_problem(inputs: Inputs) -> Problem | None:
    low, high = SHIPPED_CAPS[0] / CAP_FACTOR, SHIPPED_CAPS[1] * CAP_FACTOR
    if low <= inputs.cap <= high:
        return None
    if "cap" in inputs.overrides.figures() or inputs.scenario.cap is not None:
        source, where, typed = _place(inputs, "cap")
    else:
        source, where, typed = str(inputs.model_path), "key 'cap'", False
    unit = inputs.model.case_unit
    what = (
        f"a cap of {inputs.cap:,g} weighted {unit} per WTE is outside the range of any shipped model "
        f"by a factor of ten (the shipped models' caps run from {SHIPPED_CAPS[0]:g} to {SHIPPED_CAPS[1]:g})"
    )
    return Slip(source, where, what, _proceed(typed), "cap", what[0].upper() + what[1:] + ".")


def _proceed(typed: bool) -> str:
    """How to go on when the figure is meant."""
    if typed:
        return f"a plausible figure; if it is meant as typed, add {CONFIRM}"
    return f"a plausible figure; if it is meant as written, run the command with {CONFIRM}"


def sweep_slips(inputs: Inputs, caps: list[float] | None, budgets: list[float] | None) -> list[Problem]:
    """The ends of a sweep's ranges of caps and budgets (in pounds), questioned as `plan` questions
    one figure; --yes (which a large sweep needs too) says they are meant."""
    problems = []
    low, high = SHIPPED_CAPS[0] / CAP_FACTOR, SHIPPED_CAPS[1] * CAP_FACTOR
    outside = [c for c in (caps[0], caps[-1]) if not low <= c <= high] if caps else []
    if outside:
        what = (
            f"includes a cap of {outside[0]:,g}, outside the range of any shipped model by a factor of ten "
            f"(the shipped models' caps run from {SHIPPED_CAPS[0]:g} to {SHIPPED_CAPS[1]:g})"
        )
        problems.append(Problem("command line", "option --cap", what, _proceed(True)))
    today = today_cost(inputs)
    for pounds in (budgets[0], budgets[-1]) if budgets else ():
        why = _budget_why(pounds, inputs.cost_per_wte, today)
        if why is not None:
            what = f"includes £{pounds:,.0f} a year: {why[0].lower() + why[1:]}"
            problems.append(Problem("command line", "option --budget", what, _proceed(True)))
            break
    return problems


def year_budget_slips(
    inputs: Inputs, years: tuple[str, ...], pounds: tuple[float | None, ...], place: str
) -> list[Problem]:
    """A horizon's own budgets (`horizon.budgets`, at `place`), questioned as `plan` questions one:
    the first year's against today's cost, each later year's against the year before's budget (a
    horizon may fall or grow year by year; a slip jumps). --yes says they are meant."""
    if inputs.overrides.confirmed:
        return []
    before, against = today_cost(inputs), TODAY
    for year, budget in zip(years, pounds, strict=True):
        if budget is None:
            continue
        why = _budget_why(budget, inputs.cost_per_wte, before, against)
        if why is not None:
            what = f"makes {year}'s budget £{budget:,.0f} a year: {why[0].lower() + why[1:]}"
            return [Problem(str(inputs.scenario_path), place, what, _proceed(False))]
        before, against = budget, "the year before's budget (£{:,.0f} a year)"
    return []
