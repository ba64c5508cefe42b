"""The Plan result and its parts: types only, so renderers can read a plan without the machinery that
makes one (planning/extract builds it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # annotations only: the result types do not load the inputs or the solver
    from optimiser.inputs.scenario import Comparison
    from optimiser.lp.status import SolveStatus
    from optimiser.planning.uncertain_risk import Risk

COLUMNS = (
    "in_post_wte",
    "weighted_caseload",
    "load_per_wte_before",
    "required_wte",
    "planned_wte",
    "change_wte",
    "load_per_wte",
    "cost",
    "cost_change",
    "caseload",
    "planned_wte_per_1000",
    "in_post_wte_per_1000",
)
"""Per locality (and in the totals): `caseload` is the unweighted caseload as the locality file gives
it (the sum of the category counts, or the caseload column), in the model's case unit; the WTE per
1,000 of those cases compare with a staffing floor such as the Institute of Health Visiting's 3 WTE
per 1,000 children."""


@dataclass(frozen=True)
class Assumption:
    """A figure the plan rests on, with its unit and source, for board papers."""

    label: str
    value: str
    source: str = ""


@dataclass(frozen=True)
class Figure:
    """One marginal figure with its unit, and how it was found (dual, re-solve or solve)."""

    key: str
    value: float | None
    unit: str
    method: str
    note: str = ""
    step: float | None = None
    """The step a step figure is for: £ of budget, or weighted cases off the cap."""
    locality: str = ""
    """The locality a figure is about (priority: where the next step of money goes)."""


@dataclass(frozen=True)
class Plan:
    """A checked establishment plan. Numbers are unrounded; renderers round."""

    scenario: str
    description: str
    objective: str
    status: SolveStatus
    solver: str
    cap: float
    cost_per_wte: float
    budget: float | None
    case_unit: str
    staff_title: str
    localities: pd.DataFrame
    """Indexed by locality, with the COLUMNS above."""
    totals: dict[str, float]
    binding: tuple[str, ...]
    assumptions: tuple[Assumption, ...] = field(default=())
    by_grade: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Indexed by (locality, grade), with in_post_wte (NaN when not known by grade), planned_wte, cost."""

    @property
    def in_post_known(self) -> bool:
        """Whether WTE in post is known for every locality (and so in total); figures that rest on
        it read "not known" where it is not."""
        total = self.totals.get("in_post_wte")
        return not self.localities["in_post_wte"].isna().any() and not (total is None or np.isnan(total))

    @property
    def grade_names(self) -> tuple[str, ...]:
        """The grades in the plan, main grade first."""
        if "grade" not in self.by_grade.index.names:
            return ()
        return tuple(str(g) for g in self.by_grade.index.unique(level="grade"))

    theta: float | None = None
    """max-coverage: the share of every weighted caseload the plan covers at the cap."""
    achievable_cap: float | None = None
    """The lowest cap the budget can buy (cap / theta); None when there is no budget."""
    marginal: tuple[Figure, ...] = field(default=())
    """What the cap costs and what each step of money or cap buys."""
    comparison: Comparison | None = None
    """A published total to set beside the establishment (the scenario's `comparison`), or None."""
    risk: Risk | None = None
    """How sure the plan is when the caseload counts are uncertain (the scenario's uncertainty block)."""
    area_codes: tuple[str | None, ...] | None = None
    """Each locality's area code (as the localities are ordered), when the locality file has them."""
    objective_chosen_by: str = "stated"
    """How the objective came about (planning/objective_choice): "stated" (the scenario or --objective
    named it), "default" (none named: least cost) or "budget" (none named, and the budget cannot pay
    for the cap: the best it buys)."""
    set_on_command_line: tuple[tuple[str, str], ...] = ()
    """The figures the command line set in place of the scenario's, by scenario key ("cap", "budget",
    "cost_per_wte"), each with the figure it replaced in words, so titles can say so (render/titles)."""


def column_total(column: pd.Series) -> float:
    """A column's total; NaN when any row is not known (in post left blank), so that a partial
    sum is never presented as a total."""
    return float(column.sum()) if column.notna().all() else np.nan


def totals_agree(total: float, rows_sum: float, tolerance: float = 1e-9) -> bool:
    """A stated total against the sum of its rows: both not known (NaN), or equal within
    `tolerance` (relative and absolute), as the plan check compares them."""
    if np.isnan(total) or np.isnan(rows_sum):
        return bool(np.isnan(total) and np.isnan(rows_sum))
    return bool(np.isclose(total, rows_sum, rtol=tolerance, atol=tolerance))
