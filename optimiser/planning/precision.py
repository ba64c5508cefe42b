"""The precision of machine-readable figures (JSON and CSV), applied only as they are written.

Plans are kept unrounded inside. When a figure is written as JSON or CSV, money is rounded to
the penny (0.01 £) and every other figure (WTE, caseloads, loads per WTE, caps, multipliers,
ratios) to 9 decimal places (1e-9). Both are well inside what the solver can tell apart (it
works to about 1e-7 of each figure: £0.30 on a £3m budget, 0.0000075 WTE on 75 WTE), so
rounding removes binary noise such as 399.99999999999994 without moving any figure by more than
the solver could, and a plan checked against its constraints from the JSON still meets them to
1e-6. A zero is never written as -0.0.
"""

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from optimiser.bulk import bulk
from optimiser.planning.plan import Figure, Plan

MONEY_PLACES = 2
"""Pounds to the penny."""
PLACES = 9
"""Every other figure to 1e-9."""
MONEY = frozenset(
    {
        "cost",
        "cost_change",
        "one_off_cost",
        "budget",
        "cost_per_wte",
        "cost_of_cap",
        "shortfall",
        "today_cost",
        "full_year_cost",
        "in_year_cost",
        "change_in_year",
        "change_full_year",
        "extra_cost",
        "central_cost",
    }
)
"""Keys and columns that hold pounds."""


def places(key: str) -> int:
    """Decimal places for a figure, by its key or column name."""
    return MONEY_PLACES if key in MONEY else PLACES


def figure(value: Any, digits: int = PLACES) -> float | None:
    """A number rounded to `digits` decimal places; None when missing or not finite; never -0.0."""
    if value is None:
        return None
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return None
    return round(value, digits) + 0.0  # adding 0.0 turns -0.0 into 0.0


def _rounded(value: float, digits: int) -> float:
    """As figure(), but NaN stays NaN, for frames."""
    shown = figure(value, digits)
    return math.nan if shown is None else shown


_EXACT = 2.0**52
"""Below this, a double's floor and fraction are exact, so the scaled figure's place between two
integers can be told apart from its rounding error."""


def rounded_array(values: Any, digits: int = PLACES) -> np.ndarray:
    """Every figure exactly as figure() rounds it (Python's round(), never -0.0), NaN for a figure
    not finite, for a whole column at once.

    round(x, d) is the double nearest the decimal m / 10**d, m being x * 10**d rounded to an
    integer (half to even). Scaled in floating point, x * 10**d is off by at most |x * 10**d| *
    2**-53, so where it is further than that from a half-integer its nearest integer is m, and
    m / 10**d (both exact) divides to the same nearest double. The few figures near a half (or
    too large for that test) are rounded one by one by round() itself."""
    floats = np.asarray(values, dtype=float)
    scale = 10.0**digits
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = floats * scale
        size = np.abs(scaled)
        fraction = scaled - np.floor(scaled)
        sure = (size < _EXACT) & (np.abs(fraction - 0.5) > size * 2.0**-52)
        out = np.rint(scaled) / scale + 0.0
    out[~np.isfinite(floats)] = np.nan
    unsure = np.flatnonzero(~sure & np.isfinite(floats))
    for i in unsure.tolist():
        out[i] = round(float(floats[i]), digits) + 0.0
    return out


def _frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]):
            digits = places(str(column))
            if out[column].dtype.kind in "fiub":
                out[column] = rounded_array(out[column].to_numpy(dtype=float), digits)
            else:
                out[column] = out[column].map(lambda v, digits=digits: _rounded(v, digits))
    return out


def _figure(f: Figure) -> Figure:
    """A marginal figure: its value in pounds where its unit is (£ a year ...), and its step in pounds
    where the unit is per £ of budget (WTE per £10,000)."""
    money, money_step = f.unit.startswith("£"), "per £" in f.unit
    return replace(
        f,
        value=figure(f.value, MONEY_PLACES if money else PLACES),
        step=figure(f.step, MONEY_PLACES if money_step else PLACES),
    )


@bulk
def rounded_plan(plan: Plan) -> Plan:
    """The plan as written to JSON and CSV: every figure at its documented precision.

    The grade breakdown is left unrounded: the JSON adds it up into each grade's totals (totals
    come from unrounded rows) and writes each figure at its key's precision. The solver's tolerance
    was cleaned from the plan before its rows and totals were formed (planning/solver_noise)."""
    return replace(
        plan,
        cap=figure(plan.cap),
        cost_per_wte=figure(plan.cost_per_wte, MONEY_PLACES),
        budget=figure(plan.budget, MONEY_PLACES),
        localities=_frame(plan.localities),
        totals={k: _rounded(v, places(k)) for k, v in plan.totals.items()},
        theta=figure(plan.theta),
        achievable_cap=figure(plan.achievable_cap),
        marginal=tuple(_figure(f) for f in plan.marginal),
    )


def rounded_figures(data: Any, key: str = "") -> Any:
    """Plain data (an infeasible answer's figures) with every float at its key's precision."""
    if isinstance(data, dict):
        return {k: rounded_figures(v, str(k)) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [rounded_figures(v, key) for v in data]
    if isinstance(data, float):
        return figure(data, places(key))
    return data
