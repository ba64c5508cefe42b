"""A scenario's `uncertainty:` block: how far each locality's weighted caseload may be wrong. The
arithmetic of risk and confidence that reads it is in planning/risk."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from optimiser.inputs.schema import Frozen, Text

Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)]


class Distribution(StrEnum):
    """The shape of each locality's caseload error."""

    UNIFORM = "uniform"
    """Equally likely anywhere from W(1 - r) to W(1 + r): "accurate to +/-10%" read literally."""
    NORMAL = "normal"
    """Normal with standard deviation r x W, truncated at 0 so that no caseload is negative."""
    TRIANGULAR = "triangular"
    """Symmetric triangle from W(1 - r) to W(1 + r), most likely W: small errors likelier than large."""


class Uncertainty(Frozen):
    """A scenario's `uncertainty:` block: how far each locality's weighted caseload may be wrong."""

    distribution: Distribution = Distribution.UNIFORM
    """Shape of the error: uniform (default), normal or triangular."""
    relative: Fraction | None = None
    """Relative error of each locality's weighted caseload: 0.10 is +/-10% (uniform, triangular: the
    largest error, below 1; normal: one standard deviation). Needed unless `column` gives every locality's."""
    column: Text | None = None
    """Locality column of per-locality relative errors, overriding `relative` where filled in."""
    shared: Fraction = 0.0
    """Share of the error common to all localities (a count method biased everywhere): 0 independent,
    1 all wrong together. It is the correlation between any two localities' errors. Normal: error =
    sqrt(shared) x common + sqrt(1 - shared) x own. Uniform and triangular: in a share `shared` of
    draws every locality takes the same percentile of its range, otherwise each its own; a sum of
    two uniforms is not uniform, and this mixture keeps each locality's error exactly as stated."""
    draws: Annotated[int, Field(ge=1_000, le=1_000_000, strict=True)] = 10_000
    """Monte Carlo draws for figures about localities together; 10,000 gives a standard error of
    at most 0.005 on a probability."""
    seed: Annotated[int, Field(ge=0, le=2**63 - 1, strict=True)] = 2010
    """Seed of the draws: the same seed and inputs always give the same figures."""

    @field_validator("relative")
    @classmethod
    def _bounded_range(cls, value: float | None, info: ValidationInfo) -> float | None:
        distribution = info.data.get("distribution")
        if value is not None and distribution in BOUNDED and value >= 1:
            raise ValueError(
                f"a relative error of {value:g} is too large for a {distribution} error, which would "
                "allow a caseload of 0; expected less than 1 (0.10 is +/-10%)"
            )
        return value

    @model_validator(mode="after")
    def _some_error(self) -> "Uncertainty":
        if self.relative is None and self.column is None:
            raise ValueError("give 'relative' (0.10 is +/-10%) or a locality 'column' of relative errors")
        return self


BOUNDED = (Distribution.UNIFORM, Distribution.TRIANGULAR)
"""Shapes whose error is bounded: a relative error of 1 or more would allow a caseload of 0."""
