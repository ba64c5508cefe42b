"""The plan's display columns, shared by the terminal table and markdown so they never drift."""

from collections.abc import Callable
from dataclasses import dataclass

from optimiser.inputs.costs import budget_gap
from optimiser.planning.plan import Plan
from optimiser.render import numbers
from optimiser.render.marginal import marginal_sentences
from optimiser.render.risk import risk_cells, risk_sentences


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    format: Callable[[float], str]


def plan_columns(plan: Plan) -> list[Column]:
    """Appendix 3 style: in post, required, change, load per WTE, cost of the change.

    The 'required for the cap' column appears only when bounds make it differ from the plan.
    """
    cap = f"{plan.cap:,g}"
    names = plan.grade_names
    grades = names if len(names) > 1 else ()
    planned = f"for cap {cap}" if plan.objective == "min-cost" else "within\nbudget"
    columns = [
        *(
            Column(f"in_post_wte:{g}", f"In post\n{g}\n(WTE)", lambda v: numbers.wte(v, 2))
            for g in grades
            if f"in_post_wte:{g}" in plan.localities
        ),
        Column("in_post_wte", "In post\n(WTE)", lambda v: numbers.wte(v, 2)),
        Column("weighted_caseload", f"Weighted\ncaseload\n({plan.case_unit})", numbers.count),
        Column("load_per_wte_before", "Load per\nWTE now", numbers.count),
    ]
    if not plan.localities["required_wte"].sub(plan.localities["planned_wte"]).abs().le(1e-9).all():
        columns.append(Column("required_wte", f"Required\nfor cap {cap}\n(WTE)", numbers.wte))
    columns += [
        *(Column(f"planned_wte:{g}", f"Establishment\n{g}\n(WTE)", numbers.wte) for g in grades),
        Column("planned_wte", f"Establishment\n{planned}\n(WTE)", numbers.wte),
        Column("change_wte", "Change\n(WTE)", numbers.signed_wte),
        Column("load_per_wte", "Load per\nWTE after", numbers.count),
        Column("cost_change", "Cost of\nchange\n(£ a year)", numbers.signed_money),
    ]
    return columns


def plan_cells(plan: Plan, risk: bool = True) -> tuple[list[str], list[list[str]], list[str]]:
    """Headers, one row of text cells per locality, and the total row; the risk columns last when the
    plan has a risk and `risk` is asked for."""
    columns = plan_columns(plan)
    headers = ["Locality", *(c.header for c in columns)]
    body = [[str(name), *(c.format(row[c.key]) for c in columns)] for name, row in plan.localities.iterrows()]
    total = ["Total", *(c.format(plan.totals[c.key]) for c in columns)]
    if risk and plan.risk is not None:
        extra, cells, overall = risk_cells(plan)
        headers, total = [*headers, *extra], [*total, *overall]
        body = [[*row, *more] for row, more in zip(body, cells, strict=True)]
    return headers, body, total


def summary_sentences(plan: Plan) -> list[str]:
    """The plan's headline figures in plain words."""
    t = plan.totals
    before, after = numbers.count(t["load_per_wte_before"]), numbers.count(t["load_per_wte"])
    aim = (
        f"Meeting a cap of {plan.cap:,g} weighted {plan.case_unit} per WTE needs"
        if plan.objective == "min-cost"
        else f"Within the budget, the {plan.objective} plan has"
    )
    sentences = [
        f"{aim} an establishment of {numbers.wte(t['planned_wte'])} WTE against "
        f"{numbers.wte(t['in_post_wte'], 2)} in post ({numbers.signed_wte(t['change_wte'])} WTE).",
        f"Recurring cost {numbers.money(t['cost'])} a year at {numbers.money(plan.cost_per_wte)} per WTE; "
        f"the change costs {numbers.signed_money(t['cost_change'])} a year.",
        f"Average load per WTE goes from {before} to {after}; "
        f"the highest after the plan is {numbers.count(t['worst_load_per_wte'])}.",
    ]
    if plan.budget is not None:
        spare = -budget_gap(t["cost"], plan.budget) + 0.0  # within the solver's tolerance: £0, not -£0
        sentences.append(
            f"The budget is {numbers.money(plan.budget)} a year; "
            f"the plan leaves {numbers.money(spare)} of it unspent."
        )
    if t["one_off_cost"] > 0:
        sentences.append(
            f"One-off cost of the change: {numbers.money(t['one_off_cost'])} "
            f"({numbers.wte(t['posts_added'])} WTE recruited, {numbers.wte(t['posts_removed'])} WTE removed)."
        )
    return sentences + marginal_sentences(plan) + risk_sentences(plan)
