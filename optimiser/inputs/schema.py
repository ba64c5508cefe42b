"""Shared pydantic building blocks: strict, finite numbers, the budget, and the base config."""

import math
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator
from pydantic_core import PydanticCustomError

LARGEST = 1e12
"""No figure in a scenario or model is larger (a budget of a trillion pounds is a typo, not a plan)."""
SMALLEST_CELL, LARGEST_CELL = 1e-6, 1e9
"""Locality figures are 0 or within this range: beyond it they are typos, and they would make
the LP's coefficients span more orders of magnitude than a solver can handle."""

PositiveNumber = Annotated[float, Field(gt=0, le=LARGEST, allow_inf_nan=False, strict=True)]
NonNegativeNumber = Annotated[float, Field(ge=0, le=LARGEST, allow_inf_nan=False, strict=True)]
Text = Annotated[str, Field(min_length=1, strict=True)]


class Frozen(BaseModel):
    """Immutable, and unknown keys are errors (typos must not be silently ignored). The attributes'
    docstrings are for readers of the source: no message reads them, so pydantic is not asked to
    parse every model's source for them at start-up (that took about 70 ms of every command)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$")
"""A budget written as a change from today's cost, such as "-8%"."""
BUDGET_ERROR = "budget"
"""The error type a budget that is neither raises; the error messages say what was expected."""
BUDGET_EXPECTED = (
    "pounds a year (a number of at least 0 and at most 1e12, such as 3500000) or a change from today's cost "
    'such as "-8%" (above -100%)'
)


def _budget(value: Any) -> float | str:
    """A non-negative finite number, or a percentage change above -100%, kept as written."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and 0 <= value <= LARGEST:
            return float(value)
    elif isinstance(value, str):
        match = PERCENT.match(value)
        if match and float(match.group(1)) > -100:
            return value.strip()
    raise PydanticCustomError(BUDGET_ERROR, "not a budget")


Budget = Annotated[float | str, PlainValidator(_budget)]
"""A scenario's budget as written: pounds a year, or a percentage change from today's cost."""
