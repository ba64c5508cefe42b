"""The assumptions a plan rests on, in words with their sources, for board papers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimiser.inputs import budget
from optimiser.inputs.costs import today_cost
from optimiser.inputs.grades import CAPACITY_RULE
from optimiser.inputs.scenario import Objective
from optimiser.planning.plan import Assumption

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs


def assumptions(inputs: Inputs, pounds: float | None = None) -> tuple[Assumption, ...]:
    """Every figure and file the plan rests on, with its source where one is given (the command line,
    saying what it replaced, for a figure set there)."""
    unit = inputs.model.case_unit
    items = [
        Assumption("Cap", f"{inputs.cap:g} weighted {unit} per WTE", inputs.stated_source("cap")),
        Assumption(
            "Cost per WTE", f"£{inputs.cost_per_wte:,.0f} a year", inputs.stated_source("cost_per_wte")
        ),
        Assumption(
            "Budget",
            budget.describe(inputs.scenario.budget, today_cost(inputs), pounds),
            inputs.stated_source("budget"),
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
    comparison = inputs.scenario.comparison
    if comparison is not None:
        items.append(
            Assumption(
                "Comparison (not used by the plan)",
                f"{comparison.label}: {comparison.value:,g} {comparison.unit}",
                comparison.source,
            )
        )
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
