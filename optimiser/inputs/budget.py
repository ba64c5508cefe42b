"""The budget: pounds a year, or a change from today's cost such as "-8%".

Today's cost is the WTE in post times the cost per WTE, so "-8%" reads as the seed's
"up to 8% cost reduction in 2010/11" without anyone working out the pounds by hand.
"""

import math
import re
from typing import Annotated, Any

from pydantic import PlainValidator
from pydantic_core import PydanticCustomError

from optimiser.inputs.schema import LARGEST

PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$")
ERROR_TYPE = "budget"
EXPECTED = (
    "pounds a year (a number of at least 0 and at most 1e12, such as 3500000) or a change from today's cost "
    'such as "-8%" (above -100%)'
)


def _validate(value: Any) -> float | str:
    """A non-negative finite number, or a percentage change above -100%, kept as written."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and 0 <= value <= LARGEST:
            return float(value)
    elif isinstance(value, str):
        match = PERCENT.match(value)
        if match and float(match.group(1)) > -100:
            return value.strip()
    raise PydanticCustomError(ERROR_TYPE, "not a budget")


Budget = Annotated[float | str, PlainValidator(_validate)]
"""A scenario's budget as written: pounds a year, or a percentage change from today's cost."""


def parse_option(text: str | None) -> float | str | None:
    """`--budget 3500000` is a number, `--budget -8%` a change; validation happens with the scenario."""
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def change_percent(spec: float | str | None) -> float | None:
    """The percentage change a budget states, or None when it is in pounds (or absent)."""
    if isinstance(spec, str):
        match = PERCENT.match(spec)
        return float(match.group(1)) if match else None
    return None


def resolve(spec: float | str | None, today_cost: float) -> float | None:
    """The budget in pounds a year: as written, or today's cost changed by the percentage."""
    percent = change_percent(spec)
    if percent is not None:
        return today_cost * (1 + percent / 100)
    return None if spec is None else float(spec)


def describe(spec: float | str | None, today_cost: float, pounds: float | None) -> str:
    """The budget in words for the assumptions list."""
    if pounds is None:
        return "none set"
    percent = change_percent(spec)
    if percent is None:
        return f"£{pounds:,.0f} a year"
    basis = f"today's cost of £{today_cost:,.0f}: WTE in post x cost per WTE"
    return f"£{pounds:,.0f} a year ({percent:+g}% on {basis})"
