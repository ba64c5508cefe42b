"""Shared pydantic building blocks: strict, finite numbers and the base config."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

LARGEST = 1e12
"""No figure in a scenario or model is larger (a budget of a trillion pounds is a typo, not a plan)."""

PositiveNumber = Annotated[float, Field(gt=0, le=LARGEST, allow_inf_nan=False, strict=True)]
NonNegativeNumber = Annotated[float, Field(ge=0, le=LARGEST, allow_inf_nan=False, strict=True)]
Text = Annotated[str, Field(min_length=1, strict=True)]


class Frozen(BaseModel):
    """Immutable, and unknown keys are errors (typos must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
