"""The Plan result: per-locality establishment and totals, unrounded, with assumptions."""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from optimiser.inputs.bundle import Inputs
from optimiser.inputs.costs import in_post_costs, planned_costs, planned_wte, required_wte
from optimiser.inputs.scenario import Comparison
from optimiser.lp.data import LpData, Row
from optimiser.lp.solve import Solution, SolveStatus
from optimiser.planning.assumptions import Assumption, assumptions
from optimiser.planning.risk import Risk

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
)


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


def _load(weighted: pd.Series, wte: pd.Series) -> pd.Series:
    """Weighted caseload per WTE; undefined (NaN) where there are no staff."""
    return (weighted / wte.where(wte > 0)).astype(float)


def make_plan(inputs: Inputs, data: LpData, rows: list[Row], solution: Solution) -> Plan:
    """Extract the plan from a solution, keyed by (locality, grade) tuples."""
    frame = inputs.localities.frame
    table = pd.DataFrame(index=pd.Index(data.localities, name="locality"))
    table["in_post_wte"] = frame["in_post_wte"].astype(float)
    table["weighted_caseload"] = pd.Series(data.weighted)
    table["required_wte"] = pd.Series(required_wte(data))
    table["planned_wte"] = pd.Series(planned_wte(data, solution.values))
    table["change_wte"] = table["planned_wte"] - table["in_post_wte"]
    table["load_per_wte_before"] = _load(table["weighted_caseload"], table["in_post_wte"])
    table["load_per_wte"] = _load(table["weighted_caseload"], table["planned_wte"])
    table["cost"] = pd.Series(planned_costs(data, solution.values))
    by_grade = _by_grade(frame, data, solution)
    table["cost_change"] = table["cost"] - pd.Series(in_post_costs(inputs))
    table = table[list(COLUMNS)]
    if len(data.grades) > 1:
        for column in ("in_post_wte", "planned_wte"):
            wide = by_grade[column].unstack("grade")
            if column == "planned_wte" or wide.notna().all().all():
                for g in data.grades:
                    table[f"{column}:{g.name}"] = wide[g.name]

    sums = {c: float(table[c].sum()) for c in table.columns if ":" in c}
    sums |= {c: float(table[c].sum()) for c in ("in_post_wte", "weighted_caseload", "required_wte")}
    sums |= {c: float(table[c].sum()) for c in ("planned_wte", "change_wte", "cost", "cost_change")}
    sums["load_per_wte_before"] = _ratio(sums["weighted_caseload"], sums["in_post_wte"])
    sums["load_per_wte"] = _ratio(sums["weighted_caseload"], sums["planned_wte"])
    sums["worst_load_per_wte"] = (
        float(table["load_per_wte"].max()) if table["load_per_wte"].notna().any() else np.nan
    )

    sums["posts_added"] = float(table["change_wte"].clip(lower=0).sum())
    sums["posts_removed"] = float((-table["change_wte"]).clip(lower=0).sum())
    sums["one_off_cost"] = (
        sums["posts_added"] * data.recruitment_cost + sums["posts_removed"] * data.removal_cost
    )

    binding = tuple(
        row.name
        for row in rows
        if row.limit and abs(row.slack(solution.values)) <= 1e-6 * max(1.0, abs(row.rhs))
    )
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
        totals=sums,
        binding=binding,
        assumptions=assumptions(inputs, data.budget),
        by_grade=by_grade,
        comparison=inputs.scenario.comparison,
    )


def _by_grade(frame: pd.DataFrame, data: LpData, solution: Solution) -> pd.DataFrame:
    """Planned WTE and cost per locality and grade; in post by grade where the locality file gives it."""
    records = []
    for loc in data.localities:
        for g in data.grades:
            column = f"in_post_wte:{g.name}"
            if len(data.grades) == 1:
                in_post = float(frame.at[loc, "in_post_wte"])
            elif column in frame and frame.at[loc, column] is not None and not pd.isna(frame.at[loc, column]):
                in_post = float(frame.at[loc, column])
            else:
                in_post = np.nan
            planned = solution.values[(loc, g.name)]
            records.append((loc, g.name, in_post, planned, planned * g.cost_per_wte))
    return pd.DataFrame.from_records(
        records, columns=["locality", "grade", "in_post_wte", "planned_wte", "cost"]
    ).set_index(["locality", "grade"])


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else np.nan
