"""Locality multipliers (deprivation, rurality, ...): a locality column mapped by bands or a formula.

Bands are checked when the model loads (no overlaps, no gaps), so every locality value falls in
exactly one band or is reported as out of range with its file line.
"""

import re
from enum import StrEnum
from itertools import pairwise

from pydantic import Field, ValidationInfo, field_validator, model_validator

from optimiser.inputs.schema import Frozen, PositiveNumber, Text
from optimiser.inputs.suggest import folded

QUINTILES = (1, 2, 3, 4, 5)

RESERVED_COLUMNS = ("locality", "in_post_wte", "caseload", "floor_wte", "ceiling_wte")
"""Locality columns the tool reads for itself; no category or multiplier may be named like them,
nor like `in_post_wte:<grade>` (categories may not be called `deprivation` either)."""
IN_POST_BY_GRADE = "in_post_wte:"
HIGH_RISK = "high-risk weighted"
"""The audit's column of weighted cases in high-risk categories (weighting), which the high-risk
limit holds (the LP data and the explanation read it)."""


def normalised(name: str) -> str:
    """A name as compared for clashes: case and runs of spaces ignored (as locality names are)."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def reserved(name: str, columns: tuple[str, ...]) -> str:
    """The reserved column `name` would be read as, or '' when it is free: headers are compared
    ignoring case, spaces, underscores and hyphens, so `In Post WTE` is `in_post_wte`."""
    key = folded(name)
    for column in columns:
        if key == folded(column):
            return column
    return IN_POST_BY_GRADE + "<grade>" if key.startswith(folded(IN_POST_BY_GRADE)) else ""


def repeated(names: list[str]) -> str:
    """Column names (categories, grades) that headers could not tell apart, compared as headers
    are (ignoring case, spaces, underscores and hyphens), for messages ('' when all are distinct)."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(folded(name), []).append(name)
    clashes = []
    for same in groups.values():
        if len(same) > 1:
            distinct = list(dict.fromkeys(same))
            clashes.append(distinct[0] if len(distinct) == 1 else " and ".join(f"'{n}'" for n in distinct))
    return ", ".join(sorted(clashes))


class Measure(StrEnum):
    """How a locality's value is given."""

    SCORE = "score"
    """A number such as the IMD 2019 average score (bands are ranges of the score)."""
    DECILE = "decile"
    """A whole number 1-10 (IMD: 1 is the most deprived tenth)."""
    QUINTILE = "quintile"
    """A whole number 1-5 (IMD: 1 is the most deprived fifth)."""
    QUINTILE_COUNTS = "quintile_counts"
    """Counts of cases living in each quintile, in columns `<column>_q1` ... `<column>_q5`."""


_INTEGER_RANGE = {Measure.DECILE: (1, 10), Measure.QUINTILE: (1, 5), Measure.QUINTILE_COUNTS: (1, 5)}


class Band(Frozen):
    """Values from `from` to `to` take `multiplier`."""

    lower: float = Field(alias="from", allow_inf_nan=False, strict=True)
    """Lowest value in the band (inclusive)."""
    upper: float = Field(alias="to", allow_inf_nan=False, strict=True)
    """Highest value in the band (inclusive; for scores, a value on it belongs to the next band)."""
    multiplier: PositiveNumber
    """What the weighted caseload is multiplied by for a locality in this band."""


class Linear(Frozen):
    """multiplier = intercept + slope x value (for example 1 + 0.01 x (score - 20) is 0.8 + 0.01 x score)."""

    intercept: float = Field(allow_inf_nan=False, strict=True)
    """The multiplier at a value of 0."""
    slope: float = Field(allow_inf_nan=False, strict=True)
    """How much the multiplier rises per unit of the value."""


class Factor(Frozen):
    """One multiplier on a locality's weighted caseload, from a column of the locality file."""

    name: Text
    """Shown in the audit (for example "deprivation", "rurality")."""
    column: Text
    """Locality CSV column holding the value (or the prefix of the five quintile-count columns)."""
    measure: Measure = Measure.SCORE
    """How the value is given: score, decile, quintile or quintile_counts."""
    bands: tuple[Band, ...] = ()
    """Value ranges and their multipliers; give these or `linear`, not both."""
    linear: Linear | None = None
    """A stated formula instead of bands."""
    description: str = ""
    """Where the bands or formula come from."""

    @field_validator("bands")
    @classmethod
    def _sound_bands(cls, value: tuple[Band, ...], info: ValidationInfo) -> tuple[Band, ...]:
        if value and "measure" in info.data:
            check_bands(value, info.data["measure"])
        return value

    @model_validator(mode="after")
    def _one_mapping(self) -> "Factor":
        if bool(self.bands) == (self.linear is not None):
            raise ValueError("give either 'bands' (a list of {from, to, multiplier}) or 'linear', not both")
        return self

    @model_validator(mode="after")
    def _own_columns(self) -> "Factor":
        for column in self.columns():
            clash = reserved(column, RESERVED_COLUMNS)
            if clash:
                raise ValueError(
                    f"multiplier '{self.name}' reads column '{column}', named like the locality column "
                    f"'{clash}' that the tool reads for itself; expected a column of its own (reserved: "
                    f"{', '.join(RESERVED_COLUMNS)}, in_post_wte:<grade>)"
                )
        return self

    def columns(self) -> tuple[str, ...]:
        """The locality CSV columns this factor reads."""
        if self.measure is Measure.QUINTILE_COUNTS:
            return tuple(f"{self.column}_q{q}" for q in QUINTILES)
        return (self.column,)

    def of_value(self, value: float) -> float | None:
        """The multiplier for one value; None when no band holds it."""
        if self.linear is not None:
            return self.linear.intercept + self.linear.slope * value
        integer = self.measure is not Measure.SCORE
        for i, band in enumerate(self.bands):
            last = i == len(self.bands) - 1
            below_upper = value <= band.upper if (integer or last) else value < band.upper
            if band.lower <= value and below_upper:
                return band.multiplier
        return None

    def valid(self, value: float) -> bool:
        """Whether a value can be of this measure: deciles and quintiles are whole numbers in range."""
        if self.measure not in _INTEGER_RANGE:
            return True
        low, high = _INTEGER_RANGE[self.measure]
        return value.is_integer() and low <= value <= high

    def rule(self) -> str:
        """The mapping in words, as the audit and the assumptions state it."""
        if self.linear:
            text = f"multiplier = {self.linear.intercept:g} + {self.linear.slope:g} x value"
        else:
            text = "bands " + ", ".join(f"{b.lower:g}-{b.upper:g}: x{b.multiplier:g}" for b in self.bands)
        if self.measure is Measure.QUINTILE_COUNTS:
            text += " (the case-weighted average over the quintile counts)"
        elif self.measure is Measure.SCORE and self.bands:
            text += " (a score on a boundary takes the higher band)"
        return text

    def expected(self) -> str:
        """The values a locality may have, for messages."""
        if self.measure in _INTEGER_RANGE:
            low, high = _INTEGER_RANGE[self.measure]
            return f"a whole number from {low} to {high}"
        if self.bands:
            return f"a number from {self.bands[0].lower:g} to {self.bands[-1].upper:g} (the bands' range)"
        return "a number giving a multiplier above 0"


def check_bands(bands: tuple[Band, ...], measure: Measure) -> None:
    """Bands in order, each starting where the last ended: for scores at its `to`, else at `to` + 1."""
    integer = measure is not Measure.SCORE
    step = 1 if integer else 0
    for i, band in enumerate(bands):
        if band.upper < band.lower:
            raise ValueError(f"band {i + 1} runs from {band.lower:g} down to {band.upper:g}")
        if integer and not (band.lower.is_integer() and band.upper.is_integer()):
            raise ValueError(f"band {i + 1}: {measure} bands run between whole numbers")
    for i, (before, after) in enumerate(pairwise(bands), start=1):
        start = before.upper + step
        if after.lower < start:
            raise ValueError(
                f"bands {i} and {i + 1} overlap: band {i} ends at {before.upper:g}, "
                f"band {i + 1} starts at {after.lower:g} (expected {start:g})"
            )
        if after.lower > start:
            raise ValueError(
                f"bands {i} and {i + 1} leave a gap: band {i} ends at {before.upper:g}, "
                f"band {i + 1} starts at {after.lower:g} (expected {start:g})"
            )
    if measure in _INTEGER_RANGE:
        low, high = _INTEGER_RANGE[measure]
        if bands[0].lower != low or bands[-1].upper != high:
            raise ValueError(
                f"{measure} bands must cover {low} to {high}; these cover "
                f"{bands[0].lower:g} to {bands[-1].upper:g}"
            )
