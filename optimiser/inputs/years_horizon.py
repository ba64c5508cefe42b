"""The scenario's `horizon:` block: several years, how the caseload grows, and the year-on-year limits.

A horizon turns one establishment into a trajectory: staff leave each year, recruits are
limited by the training pipeline (a qualified health visitor takes about a year to train),
and each year has its own budget. This module is only the schema; the extra locality
columns it names are read by `years_columns`.
"""

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from optimiser.inputs.schema import Budget, Frozen, NonNegativeNumber, Text
from optimiser.inputs.suggest import folded

MAX_YEARS = 50
"""A horizon longer than this is a typo, not a plan."""
CASELOAD_PREFIX = "caseload:"
"""Locality column `caseload:<year>` gives that year's caseload (children) for each locality."""


def _label(value: Any) -> Any:
    """`2011` in YAML is a number: a year label is text, so read it as written."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


YearLabel = Annotated[str, BeforeValidator(_label), Field(min_length=1, max_length=40, strict=True)]
Share = Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False, strict=True)]
Growth = Annotated[float, Field(gt=-1, le=10, allow_inf_nan=False, strict=True)]
Month = Annotated[int, Field(ge=1, le=12, strict=True)]


def year_number(label: str) -> int | None:
    """The first run of digits in a label (2010 in "2010/11", 3 in "Year 3"): what orders the years."""
    match = re.search(r"\d+", label)
    return int(match.group()) if match else None


class Horizon(Frozen):
    """Several years planned together, linked by staff in post, leavers and recruits."""

    years: Annotated[list[YearLabel], Field(min_length=1, max_length=MAX_YEARS)]
    """Year labels in order, such as [2010/11, 2011/12, 2012/13]; the first year's caseload is the
    locality file's, later years' come from `caseload:<year>` columns or the growth rate."""
    caseload_growth: Growth | None = None
    """Share by which every locality's caseload grows each year (0.02 is 2% a year; negative falls)."""
    caseload_growth_column: Text | None = None
    """Locality column holding each locality's own growth rate (a share a year); replaces caseload_growth."""
    budgets: Annotated[list[Budget], Field(min_length=1, max_length=MAX_YEARS)] | None = None
    """One budget per year: pounds, or a change from the previous year's budget such as "-8%" (the
    first year's change is from today's cost); none means the scenario's budget every year."""
    leaver_rate: Share = 0.0
    """Share of the WTE in post at the start of a year who leave during it (0 to below 1)."""
    max_recruits_per_year: NonNegativeNumber | None = None
    """Most WTE the whole service can recruit in a year (the training pipeline); none means no limit."""
    max_recruits_per_locality: NonNegativeNumber | None = None
    """Most WTE any one locality can recruit in a year; none means no limit."""
    moves: Annotated[bool, Field(strict=True)] = True
    """Whether staff may move between localities (no recruit needed, no cost)."""
    year_starts: Month = 4
    """Calendar month each planning year begins (4: the NHS financial year, April to March)."""
    start_month: Month | None = None
    """Calendar month the first year's changes take effect (10: October, half a year in force);
    none means from the start of the year. Later years' changes take effect from their start."""
    recruitment_cost: NonNegativeNumber | None = None
    """One-off pounds per WTE recruited (advertising, induction); defaults to the scenario's."""
    removal_cost: NonNegativeNumber | None = None
    """One-off pounds per WTE removed (redeployment, redundancy); defaults to the scenario's."""

    @field_validator("years")
    @classmethod
    def _years_in_order(cls, years: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        for label in years:
            if label in seen.values():
                raise ValueError(f"year '{label}' appears more than once; each year once, in order")
            if folded(label) in seen:  # their caseload:<year> headers would fold alike
                raise ValueError(
                    f"years '{seen[folded(label)]}' and '{label}' differ only in case, spaces, underscores "
                    "or hyphens, which locality headers ignore, so their caseload columns would be one; "
                    "each year a label of its own"
                )
            seen[folded(label)] = label
        numbers = [year_number(label) for label in years]
        if all(n is not None for n in numbers):
            for before, after, a, b in zip(years, years[1:], numbers, numbers[1:], strict=False):
                if b <= a:  # type: ignore[operator]
                    raise ValueError(
                        f"year '{after}' comes after '{before}' but is not later; years in order"
                    )
        return years

    @field_validator("budgets")
    @classmethod
    def _one_budget_a_year(cls, budgets: list | None, info: ValidationInfo) -> list | None:
        years = info.data.get("years")
        if budgets is not None and years is not None and len(budgets) != len(years):
            raise ValueError(
                f"has {len(budgets)} budgets for {len(years)} years ({', '.join(years)}); one budget per year"
            )
        return budgets

    @field_validator("caseload_growth_column")
    @classmethod
    def _growth_once(cls, column: str | None, info: ValidationInfo) -> str | None:
        if column is not None and info.data.get("caseload_growth") is not None:
            raise ValueError("give caseload_growth or caseload_growth_column, not both")
        return column

    def first_year_share(self) -> float:
        """Share of the first year the changes are in force (the part-year effect)."""
        if self.start_month is None:
            return 1.0
        return (12 - (self.start_month - self.year_starts) % 12) / 12

    def columns(self) -> tuple[str, ...]:
        """The extra locality columns a horizon may read (each optional)."""
        growth = (self.caseload_growth_column,) if self.caseload_growth_column else ()
        return (*(CASELOAD_PREFIX + y for y in self.years), *growth)
