"""Confidence in words: shared by the plan's assumptions and every renderer of risk, and light
enough for renderers to import (nothing here plans or solves)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from optimiser.inputs.scenario import Objective

if TYPE_CHECKING:  # annotations only
    from optimiser.planning.plan import Plan
    from optimiser.planning.uncertain_risk import Confidence

CONFIDENCE_CASELOAD = "confidence_caseload"
"""Risk table column, with a confidence level: the caseload each locality is planned for."""

NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def every(n: int) -> str:
    """'the locality', 'both', 'all five', 'all 153': every one of n localities."""
    if n == 1:
        return "the locality"
    if n == 2:
        return "both"
    return f"all {NUMBER_WORDS[n - 1] if n <= len(NUMBER_WORDS) else f'{n:,}'}"


def held_with(plan: Plan, confident: Confidence) -> str:
    """What a plan made to a confidence level holds with that probability, by objective: the cap
    (min-cost), the best cap the budget allows (max-coverage), or the caseloads priority weighs."""
    level = level_text(confident.level)
    if plan.objective == Objective.MAX_COVERAGE and confident.achievable_cap is not None:
        return (
            f"each locality holds the best cap the budget allows ({confident.achievable_cap:,.1f}) "
            f"with {level} probability"
        )
    if plan.objective == Objective.PRIORITY:
        return (
            f"the budget goes by priority to the caseloads each locality stays within with {level} "
            "probability"
        )
    return f"each locality holds the cap of {plan.cap:,g} with {level} probability"


def percent(p: float) -> str:
    """A chance as a whole percentage, half up ('61%'); '<1%' and '>99%' rather than a misleading 0 or 100."""
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 <= p < 1:
        return ">99%"
    return f"{math.floor(p * 100 + 0.5):d}%"


def level_text(p: float) -> str:
    """A confidence level as given: 0.9 is '90%', 0.975 '97.5%'."""
    return f"{float(f'{p * 100:.10g}'):g}%"
