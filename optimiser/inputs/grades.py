"""Staff grades (skill mix) and the capacity of one WTE after non-clinical time and headroom."""

from typing import Annotated

from pydantic import Field

from optimiser.inputs.schema import Frozen, PositiveNumber, Text

Percent = Annotated[float, Field(ge=0, lt=100, allow_inf_nan=False, strict=True)]
Share = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False, strict=True)]

CAPACITY_RULE = "capacity per WTE = cap x (1 - non-clinical %) / (1 + headroom %)"
"""The convention, stated in the audit: headroom is an uplift on WTE (22% means 1.22 WTE per post)."""


class GradeSpec(Frozen):
    """One staff grade in a skill mix; the first grade a model lists is its main grade."""

    name: Text
    """Grade name, shown in reports and used in `in_post_wte:<name>` locality columns."""
    cost_per_wte: PositiveNumber
    """Annual cost of one WTE of this grade in pounds, with on-costs."""
    capacity: PositiveNumber = 1.0
    """What one WTE of this grade counts for against the cap, relative to the main grade (1.0)."""
    description: str = ""
    """Who this grade is (for example "community nursery nurse, band 4")."""


class HighRisk(Frozen):
    """A limit on the high-risk cases one WTE of the main grade holds (Sargent et al 2008: 10-15%)."""

    categories: tuple[Text, ...] = Field(min_length=1)
    """The case categories that are high-risk (names from `categories`)."""
    max_share: Share
    """Most of one main-grade WTE's capacity that high-risk weighted cases may fill (0.15 is 15%)."""


def available_fraction(non_clinical_percent: float, headroom_percent: float) -> float:
    """Share of the cap one WTE can hold: (1 - non-clinical) / (1 + headroom), see CAPACITY_RULE."""
    return (1 - non_clinical_percent / 100) / (1 + headroom_percent / 100)
