"""The figures of a horizon plan: its establishment with the solver's tolerance cleaned out, the
flows that go with it, and the locality-year and year tables, whole arrays at a time.

Every figure is formed from the cleaned establishment, as `plan` forms its figures
(`planning/solver_noise`): a locality's WTE within CHANGE_SNAP of the year before's (the first
year: of its WTE in post, or of today's cost) is held at it, and a year's total within the
tolerance is moved to it. The flows are then settled from that establishment by the rule
(`lp/years_flows`), so stock and flow hold exactly for the figures shown. A one-year horizon's
figures are therefore `plan`'s, formed by the same code from the same establishment.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from optimiser.inputs.costs import in_post_cost_series
from optimiser.lp.years_flows import settle
from optimiser.lp.years_rows import (
    KINDS,
    MOVED_IN,
    MOVED_OUT,
    RECRUITS,
    REMOVED,
    WTE,
    YearsData,
    flows,
    start_array,
)
from optimiser.planning.solver_noise import clean_staff, row_sums

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs
    from optimiser.lp.years_objectives import YearsOutcome


def start_totals(inputs: Inputs, d: YearsData) -> tuple[np.ndarray, np.ndarray]:
    """Each locality's WTE in post and what it costs today, as `plan` reads them (NaN where not known)."""
    in_post = inputs.localities.frame["in_post_wte"].to_numpy(dtype=float)
    return in_post, in_post_cost_series(inputs).to_numpy(dtype=float)


def shown(inputs: Inputs, d: YearsData, outcome: YearsOutcome) -> np.ndarray:
    """The plan's WTE and flows [kind (KINDS), year, locality, grade] as shown: the establishment
    cleaned year by year, the flows settled from it (by the rule; where the solver settled them,
    its moves kept and recruits or removals taking up the cleaning)."""
    solved = flows(d, outcome.solution.values)
    wte = cleaned(inputs, d, solved[KINDS.index(WTE)])
    if outcome.flows_by_rule:
        return settle(d, wte)
    laid = solved.copy()
    laid[KINDS.index(WTE)] = wte
    before = np.concatenate([start_array(d)[None], wte[:-1]])
    rest = wte - d.kept * before - laid[KINDS.index(MOVED_IN)] + laid[KINDS.index(MOVED_OUT)]
    laid[KINDS.index(RECRUITS)] = np.maximum(rest, 0.0)
    laid[KINDS.index(REMOVED)] = np.maximum(-rest, 0.0)
    return laid


def cleaned(inputs: Inputs, d: YearsData, wte: np.ndarray) -> np.ndarray:
    """WTE [year, locality, grade] with the solver's tolerance cleaned out (planning/solver_noise),
    the first year against the WTE in post and today's cost, as `plan` cleans its plan, each later
    year against the year before as cleaned."""
    costs = np.array([g.cost_per_wte for g in d.grades])
    in_post, today = start_totals(inputs, d)
    found = []
    for year in np.asarray(wte, dtype=float):
        year = clean_staff(year, in_post, costs, today)
        found.append(year)
        in_post, today = row_sums(year), row_sums(year, tuple(costs.tolist()))
    return np.stack(found) if found else np.zeros_like(wte)


def _load(weighted: np.ndarray, wte: np.ndarray) -> np.ndarray:
    """Weighted caseload per WTE; undefined (NaN) where there are no staff (as `plan` shows it)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return weighted / np.where(wte > 0, wte, np.nan)


def locality_frame(d: YearsData, laid: np.ndarray, in_post: np.ndarray) -> pd.DataFrame:
    """One row per locality and year: start, flows, planned WTE, caseload and load, full-year cost.

    `in_post` is each locality's WTE in post (the first year's start, as `plan` reads it). Load per
    WTE is weighted caseload / planned WTE, as `plan` shows it; `cover_load` is weighted caseload /
    capacity-weighted WTE (each grade's capacity, less non-clinical time and headroom), the figure
    the cap applies to, which says whether a year meets the cap."""
    wte = laid[KINDS.index(WTE)]
    costs = tuple(g.cost_per_wte for g in d.grades)
    planned = np.stack([row_sums(w) for w in wte]) if len(wte) else np.zeros((0, len(d.localities)))
    start = np.concatenate([np.asarray(in_post, dtype=float)[None, :], planned[:-1]])
    weighted = d.weighted_array()
    capacity = np.stack([row_sums(w, tuple(g.capacity for g in d.grades)) for w in wte])
    columns = {
        "start_wte": start,
        "leavers": d.leaver_rate * start,
        **{kind.replace(" ", "_"): laid[KINDS.index(kind)].sum(axis=-1) for kind in KINDS[1:]},
        "planned_wte": planned,
        "weighted_caseload": weighted,
        "required_wte": weighted / (d.base.cap * d.grades[0].capacity),
        "load_per_wte": _load(weighted, planned),
        "cost": np.stack([row_sums(w, costs) for w in wte]),
        "cover_load": _load(weighted, capacity),
        "change_wte": planned - start,
    }
    n, years = len(d.localities), list(d.years)
    index = pd.MultiIndex.from_arrays(
        [list(d.localities) * len(years), [y for y in years for _ in range(n)]], names=["locality", "year"]
    )
    return pd.DataFrame({k: np.asarray(v, dtype=float).ravel() for k, v in columns.items()}, index=index)


def _total(column: pd.Series) -> float:
    return float(column.sum())


def year_frame(d: YearsData, table: pd.DataFrame) -> pd.DataFrame:
    """One row per year: totals (each the sum of its locality rows, as `plan` adds them), worst load,
    and the part-year and full-year cost of the change."""
    records = []
    previous_full = d.today_cost()
    for i, year in enumerate(d.years):
        rows = table.xs(year, level="year")
        full = _total(rows["cost"])
        change, share = full - previous_full, d.share(i)
        planned, weighted = _total(rows["planned_wte"]), _total(rows["weighted_caseload"])
        one_off = d.recruitment_cost * _total(rows["recruits"]) + d.removal_cost * _total(rows["removed"])
        records.append(
            {
                "year": year,
                "start_wte": _total(rows["start_wte"]),
                "leavers": _total(rows["leavers"]),
                "recruits": _total(rows["recruits"]),
                "removed": _total(rows["removed"]),
                "moved": _total(rows["moved_in"]),
                "planned_wte": planned,
                "change_wte": _total(rows["change_wte"]),
                "weighted_caseload": weighted,
                "required_wte": _total(rows["required_wte"]),
                "load_per_wte": weighted / planned if planned > 0 else float("nan"),
                "worst_load_per_wte": float(rows["load_per_wte"].max()),
                "worst_cover_load": float(rows["cover_load"].max()),
                "full_year_cost": full,
                "in_year_cost": previous_full + share * change,
                "change_in_year": share * change,
                "change_full_year": change,
                "budget": d.budgets[i] if d.budgets[i] is not None else float("nan"),
                "one_off_cost": one_off,
            }
        )
        previous_full = full
    return pd.DataFrame.from_records(records).set_index("year")


def direct_sums(d: YearsData, laid: np.ndarray) -> dict[str, float]:
    """The same totals straight from the plan's array, added all at once (not locality by locality
    as the tables are), to check the tables' arithmetic."""
    wte, recruits = laid[KINDS.index(WTE)], laid[KINDS.index(RECRUITS)]
    costs = np.array([g.cost_per_wte for g in d.grades])
    sums = {}
    for i, year in enumerate(d.years):
        sums[f"{year} planned_wte"] = math.fsum(wte[i].ravel().tolist())
        sums[f"{year} recruits"] = math.fsum(recruits[i].ravel().tolist())
        sums[f"{year} full_year_cost"] = math.fsum((wte[i] * costs).ravel().tolist())
    return sums
