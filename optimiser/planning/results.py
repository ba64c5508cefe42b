"""The results renderers read, as types only: an option planned, a plan over several years, the
board paper's horizon, and the columns of the sweeps' frames. Nothing here loads inputs or solves
(planning/options, years_pipeline, years_paper and the sweeps make them), so a renderer that imports these
does not import the planning machinery."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.provenance import InputFile
    from optimiser.lp.status import SolveStatus
    from optimiser.planning.plan import Plan
    from optimiser.planning.prepare import Prepared

OVER_CAP_TOLERANCE = 1e-6
"""A load this share above the cap is over it (solvers meet the cap to about 1e-7)."""

SWEEP_COLUMNS = (
    "cap",
    "budget",
    "status",
    "planned_wte",
    "change_wte",
    "cost",
    "worst_load_per_wte",
    "achievable_cap",
)
"""What each point of a sweep shows."""
CONFIDENCE_COLUMNS = (
    "confidence",
    "status",
    "planned_wte",
    "change_wte",
    "cost",
    "extra_wte",
    "extra_cost",
    "all_within",
    "all_within_se",
    "achievable_cap",
)
"""What each level of a confidence sweep shows."""


@dataclass(frozen=True)
class Option:
    """One scenario, planned, with the files (and their hashes) that made it."""

    path: Path
    prepared: Prepared
    plan: Plan
    files: tuple[InputFile, ...]


LOCALITY_COLUMNS = (
    "start_wte",
    "leavers",
    "recruits",
    "removed",
    "moved_in",
    "moved_out",
    "planned_wte",
    "weighted_caseload",
    "required_wte",
    "load_per_wte",
    "cost",
)
YEAR_COLUMNS = (
    "start_wte",
    "leavers",
    "recruits",
    "removed",
    "moved",
    "planned_wte",
    "change_wte",
    "weighted_caseload",
    "required_wte",
    "load_per_wte",
    "worst_load_per_wte",
    "full_year_cost",
    "in_year_cost",
    "change_in_year",
    "change_full_year",
    "budget",
    "one_off_cost",
)


@dataclass(frozen=True)
class YearsResult:
    """A checked plan over several years. Numbers are unrounded; renderers round."""

    scenario: str
    description: str
    objective: str
    status: SolveStatus
    solver: str
    years: tuple[str, ...]
    cap: float
    case_unit: str
    staff_title: str
    leaver_rate: float
    first_year_share: float
    today_cost: float
    localities: pd.DataFrame
    """Indexed by (locality, year), with LOCALITY_COLUMNS."""
    by_year: pd.DataFrame
    """Indexed by year, with YEAR_COLUMNS."""
    binding: tuple[str, ...]
    theta: float | None = None
    """max-coverage: the worst year's coverage ratio."""
    year_theta: tuple[float, ...] = ()
    """max-coverage: each year's coverage ratio (the year's cap is cap / theta)."""
    assumptions: tuple[tuple[str, str], ...] = ()
    paths: tuple[Path, ...] = ()
    """The run's input files, so no output is written over one."""

    @property
    def best_cap(self) -> float | None:
        """max-coverage: the best worst-year cap the budgets buy."""
        return self.cap / self.theta if self.theta else None


@dataclass(frozen=True)
class HorizonPlan:
    """The horizon scenario, planned and checked, with its input files and their hashes."""

    path: Path
    result: YearsResult
    files: tuple[InputFile, ...]
    follows: str = ""
    """The label of the option the horizon follows (the paper says so)."""

    @property
    def localities(self) -> list[str]:
        """In the locality file's order."""
        return list(dict.fromkeys(self.result.localities.index.get_level_values("locality")))
