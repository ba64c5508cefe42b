"""Extract a Plan from a solution: per-locality establishment and totals, unrounded, by whole columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from optimiser.inputs.costs import in_post_cost_series
from optimiser.inputs.localities import AREA_CODE, expected_columns
from optimiser.planning.assumptions import assumptions
from optimiser.planning.plan import COLUMNS, Plan, column_total
from optimiser.planning.solver_noise import row_sums, staff

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs
    from optimiser.lp.data import LpData
    from optimiser.lp.status import Solution


def _load(weighted: np.ndarray, wte: np.ndarray) -> np.ndarray:
    """Weighted caseload per WTE; undefined (NaN) where there are no staff or in post is not known."""
    with np.errstate(invalid="ignore"):
        return weighted / np.where(wte > 0, wte, np.nan)


def per_1000(wte: np.ndarray, cases: np.ndarray) -> np.ndarray:
    """WTE per 1,000 cases; undefined (NaN) where there are no cases or the WTE is not known."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return wte / np.where(cases > 0, cases, np.nan) * 1000


def make_plan(inputs: Inputs, data: LpData, binding: tuple[str, ...], solution: Solution) -> Plan:
    """Extract the plan from a solution, whole columns at a time; `binding` names the limits it
    holds exactly (lp.check.binding). The solver's tolerance is cleaned from the planned WTE first
    (planning/solver_noise), so every row and total is formed from the same figures."""
    planned = staff(inputs, data, solution.x if solution.x is not None else solution.values)
    table = _locality_table(inputs, data, planned)
    by_grade = _by_grade(inputs.localities.frame, data, planned)
    _add_grade_columns(table, data, by_grade)
    return Plan(
        scenario=inputs.scenario.name,
        description=inputs.scenario.description,
        objective=str(inputs.scenario.objective),
        status=solution.status,
        solver=solution.solver,
        cap=data.cap,
        cost_per_wte=inputs.cost_per_wte,
        budget=data.budget,
        case_unit=data.case_unit,
        staff_title=inputs.model.staff_title,
        localities=table,
        totals=_totals(table, data),
        binding=binding,
        assumptions=assumptions(inputs, data.budget),
        by_grade=by_grade,
        comparison=inputs.scenario.comparison,
        area_codes=_area_codes(inputs),
        set_on_command_line=inputs.overrides.replaced,
    )


def _locality_table(inputs: Inputs, data: LpData, planned: np.ndarray) -> pd.DataFrame:
    """One row per locality with the COLUMNS; in post NaN where not known, and so every change."""
    frame = inputs.localities.frame
    in_post = frame["in_post_wte"].to_numpy(dtype=float)
    caseload = row_sums(frame[list(expected_columns(inputs.model))].to_numpy(dtype=float))
    weighted = np.fromiter(
        (data.weighted[loc] for loc in data.localities), dtype=float, count=len(data.localities)
    )
    capacity = data.cap * data.grades[0].capacity
    planned_wte = row_sums(planned)
    cost = row_sums(planned, tuple(g.cost_per_wte for g in data.grades))
    columns = {
        "in_post_wte": in_post,
        "weighted_caseload": weighted,
        "load_per_wte_before": _load(weighted, in_post),
        "required_wte": weighted / capacity,
        "planned_wte": planned_wte,
        "change_wte": planned_wte - in_post,
        "load_per_wte": _load(weighted, planned_wte),
        "cost": cost,
        "cost_change": cost - in_post_cost_series(inputs).to_numpy(dtype=float),
        "caseload": caseload,
        "planned_wte_per_1000": per_1000(planned_wte, caseload),
        "in_post_wte_per_1000": per_1000(in_post, caseload),
    }
    return pd.DataFrame(columns, index=pd.Index(data.localities, name="locality"))[list(COLUMNS)]


def _add_grade_columns(table: pd.DataFrame, data: LpData, by_grade: pd.DataFrame) -> None:
    """With several grades: planned WTE by grade, and in post by grade where every locality gives it."""
    if len(data.grades) == 1:
        return
    shape = (len(data.localities), len(data.grades))
    for column in ("in_post_wte", "planned_wte"):
        wide = by_grade[column].to_numpy(dtype=float).reshape(shape)
        if column == "planned_wte" or not np.isnan(wide).any():
            for j, g in enumerate(data.grades):
                table[f"{column}:{g.name}"] = wide[:, j]


def _totals(table: pd.DataFrame, data: LpData) -> dict[str, float]:
    """Totals from the unrounded rows; those that need in post are NaN when any locality's is not known."""
    sums = {c: column_total(table[c]) for c in table.columns if ":" in c}
    sums |= {c: column_total(table[c]) for c in ("in_post_wte", "weighted_caseload", "required_wte")}
    sums |= {c: column_total(table[c]) for c in ("planned_wte", "change_wte", "cost", "cost_change")}
    sums["load_per_wte_before"] = _ratio(sums["weighted_caseload"], sums["in_post_wte"])
    sums["load_per_wte"] = _ratio(sums["weighted_caseload"], sums["planned_wte"])
    sums["caseload"] = column_total(table["caseload"])
    for wte in ("planned_wte", "in_post_wte"):
        sums[f"{wte}_per_1000"] = float(per_1000(np.array([sums[wte]]), np.array([sums["caseload"]]))[0])
    sums["worst_load_per_wte"] = (
        float(table["load_per_wte"].max()) if table["load_per_wte"].notna().any() else np.nan
    )
    sums["posts_added"] = column_total(table["change_wte"].clip(lower=0))
    sums["posts_removed"] = column_total((-table["change_wte"]).clip(lower=0))
    sums["one_off_cost"] = (
        sums["posts_added"] * data.recruitment_cost + sums["posts_removed"] * data.removal_cost
    )
    return sums


def _area_codes(inputs: Inputs) -> tuple[str | None, ...] | None:
    """Each locality's area code, when the locality file has the column."""
    frame = inputs.localities.frame
    return tuple(frame[AREA_CODE].tolist()) if AREA_CODE in frame else None


def _by_grade(frame: pd.DataFrame, data: LpData, planned: np.ndarray) -> pd.DataFrame:
    """Planned WTE and cost per locality and grade; in post by grade where the locality file gives
    it (with one grade, the locality's in post: NaN where not known)."""
    grades, n = data.grades, len(data.localities)
    if len(grades) == 1:
        in_post = frame["in_post_wte"].to_numpy(dtype=float).reshape(n, 1)
    else:
        in_post = np.column_stack([_in_post_of(frame, f"in_post_wte:{g.name}", n) for g in grades])
    costs = np.array([g.cost_per_wte for g in grades])
    return pd.DataFrame(
        {
            "locality": np.repeat(np.array(data.localities, dtype=object), len(grades)).tolist(),
            "grade": np.tile(np.array([g.name for g in grades], dtype=object), n).tolist(),
            "in_post_wte": in_post.ravel(),
            "planned_wte": planned.ravel(),
            "cost": (planned * costs).ravel(),
        }
    ).set_index(["locality", "grade"])


def _in_post_of(frame: pd.DataFrame, column: str, n: int) -> np.ndarray:
    """One grade's in post per locality; NaN where (or when) the file does not give it."""
    if column not in frame:
        return np.full(n, np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else np.nan
