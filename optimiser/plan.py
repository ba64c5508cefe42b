"""The Plan result: per-locality establishment and totals, unrounded, with assumptions."""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from optimiser import budget
from optimiser.constraints import LpData, Row, in_post_costs, today_cost
from optimiser.grades import CAPACITY_RULE
from optimiser.inputs import Inputs
from optimiser.marginal import Figure
from optimiser.scenario import Objective
from optimiser.solve import Solution, SolveStatus

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
class Assumption:
    """A figure the plan rests on, with its unit and source, for board papers."""

    label: str
    value: str
    source: str = ""


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


def _load(weighted: pd.Series, wte: pd.Series) -> pd.Series:
    """Weighted caseload per WTE; undefined (NaN) where there are no staff."""
    return (weighted / wte.where(wte > 0)).astype(float)


def make_plan(inputs: Inputs, data: LpData, rows: list[Row], solution: Solution) -> Plan:
    """Extract the plan from a solution, keyed by (locality, grade) tuples."""
    frame = inputs.localities.frame
    table = pd.DataFrame(index=pd.Index(data.localities, name="locality"))
    table["in_post_wte"] = frame["in_post_wte"].astype(float)
    table["weighted_caseload"] = pd.Series(data.weighted)
    capacity = max(g.capacity for g in data.grades)
    table["required_wte"] = table["weighted_caseload"] / (data.cap * capacity)
    table["planned_wte"] = pd.Series(
        {loc: sum(solution.values[(loc, g.name)] for g in data.grades) for loc in data.localities}
    )
    table["change_wte"] = table["planned_wte"] - table["in_post_wte"]
    table["load_per_wte_before"] = _load(table["weighted_caseload"], table["in_post_wte"])
    table["load_per_wte"] = _load(table["weighted_caseload"], table["planned_wte"])
    table["cost"] = pd.Series(
        {
            loc: sum(solution.values[(loc, g.name)] * g.cost_per_wte for g in data.grades)
            for loc in data.localities
        }
    )
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


def assumptions(inputs: Inputs, pounds: float | None = None) -> tuple[Assumption, ...]:
    """Every figure and file the plan rests on, with its source where one is given."""
    unit = inputs.model.case_unit
    items = [
        Assumption("Cap", f"{inputs.cap:g} weighted {unit} per WTE", inputs.source_of("cap")),
        Assumption("Cost per WTE", f"£{inputs.cost_per_wte:,.0f} a year", inputs.source_of("cost_per_wte")),
        Assumption(
            "Budget",
            budget.describe(inputs.scenario.budget, today_cost(inputs), pounds),
            inputs.source_of("budget"),
        ),
        Assumption(
            "Weighting model", f"{inputs.model.name} ({inputs.scenario.model})", inputs.source_of("model")
        ),
        Assumption("Locality data", inputs.scenario.localities, inputs.source_of("localities")),
    ]
    items += _model_assumptions(inputs)
    items += bound_assumptions(inputs)
    if inputs.scenario.data_date:
        items.append(Assumption("Data date", inputs.scenario.data_date))
    return tuple(items)


def _model_assumptions(inputs: Inputs) -> list[Assumption]:
    """The model's skill mix, time off the cap, basis and risk limit, where it sets them."""
    model, items = inputs.model, []
    if model.categories:
        weights = ", ".join(f"{c.name} x{c.weight:g}" for c in model.categories)
        items.append(Assumption("Case weights", weights, inputs.source_of("categories")))
    for _, factor in model.factor_keys():
        source = factor.description or inputs.source_of(factor.name)
        items.append(Assumption(f"Multiplier: {factor.name}", f"{factor.measure}: {factor.rule()}", source))
    if model.grades:
        costs = [inputs.cost_per_wte] + [g.cost_per_wte for g in model.grades[1:]]
        mix = "; ".join(
            f"{g.name} £{cost:,.0f} a WTE, capacity {g.capacity:g}"
            for g, cost in zip(model.grades, costs, strict=True)
        )
        if model.min_main_share is not None:
            mix += f"; at least {model.min_main_share:.0%} {model.main_grade} in each locality"
        items.append(Assumption("Grades", mix, inputs.source_of("grades")))
    if model.non_clinical_percent or model.headroom_percent:
        items.append(
            Assumption(
                "Time off the cap",
                f"non-clinical {model.non_clinical_percent:g}%, headroom {model.headroom_percent:g}%: "
                f"{CAPACITY_RULE}",
                "; ".join(filter(None, map(inputs.source_of, ("non_clinical_percent", "headroom_percent")))),
            )
        )
    if model.episode_months:
        items.append(
            Assumption(
                "Caseload basis",
                f"annual counts; at any one time = annual x {model.episode_months:g} / 12",
                inputs.source_of("episode_months"),
            )
        )
    if model.high_risk:
        items.append(
            Assumption(
                "High-risk limit",
                f"{', '.join(model.high_risk.categories)} at most {model.high_risk.max_share:.0%} of a "
                f"{model.main_grade}'s capacity",
                inputs.source_of("high_risk"),
            )
        )
    return items


def bound_assumptions(inputs: Inputs) -> list[Assumption]:
    """The scenario-wide bounds, one-off costs and priority column, where the scenario sets them."""
    s, source = inputs.scenario, inputs.source_of
    shown = [
        ("No cuts", "no locality below its WTE in post" if s.no_cuts else None, "no_cuts"),
        ("Floor from WTE in post", s.keep_share_of_in_post, "keep_share_of_in_post"),
        ("Recruitment per locality", s.max_new_wte_per_locality, "max_new_wte_per_locality"),
        ("Recruitment in total", s.max_new_wte_total, "max_new_wte_total"),
        ("One-off cost per WTE recruited", s.recruitment_cost, "recruitment_cost"),
        ("One-off cost per WTE removed", s.removal_cost, "removal_cost"),
        ("Priority column", s.priority if s.objective is Objective.PRIORITY else None, "priority"),
    ]
    items = []
    for label, value, key in shown:
        if value is None:
            continue
        if key == "keep_share_of_in_post":
            value = f"every locality keeps at least {value:.0%} of its WTE in post"
        elif key.startswith("max_new"):
            value = f"at most {value:g} WTE recruited"
        elif key.endswith("_cost"):
            value = f"£{value:,.0f} (not charged to the annual budget)"
        items.append(Assumption(label, str(value), source(key)))
    return items
