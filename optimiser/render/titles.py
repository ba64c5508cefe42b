"""The one place that words a title from the figures planned and the command line's overrides: the
terminal, markdown, JSON, the comparison, sweeps, the board paper's option headings and the charts
all call it, so a plan made with --cap 350 is never titled with the scenario's 400."""

from __future__ import annotations

from typing import TYPE_CHECKING

from optimiser.render import numbers

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.overrides import Overrides
    from optimiser.planning.plan import Plan

SET = "set on the command line"


def _marked(words: str, key: str, replaced: dict[str, str]) -> str:
    """A figure's words, saying so when the command line set it, and what it replaced."""
    was = replaced.get(key)
    return words if was is None else f"{words} ({SET}, in place of {was})"


def figures_planned(plan: Plan) -> str:
    """The figures a plan was made with, in words, each set on the command line saying so:
    'a cap of 350 weighted children per WTE (set on the command line, in place of the scenario's 400),
    £38,323 per WTE and no budget'."""
    replaced = dict(plan.set_on_command_line)
    cap = _marked(f"a cap of {plan.cap:,g} weighted {plan.case_unit} per WTE", "cap", replaced)
    cost = _marked(f"{numbers.money(plan.cost_per_wte)} per WTE", "cost_per_wte", replaced)
    budget = "no budget" if plan.budget is None else f"a budget of {numbers.money(plan.budget)} a year"
    return f"{cap}, {cost} and {_marked(budget, 'budget', replaced)}"


def planned_line(plan: Plan) -> str:
    """The line under a plan's name: 'Planned at a cap of 400 weighted children per WTE, ...'."""
    return f"Planned at {figures_planned(plan)}."


def plan_title(plan: Plan) -> str:
    """A plan's title on two lines: the scenario's name, then the figures planned."""
    return f"{plan.scenario}\n{planned_line(plan)}"


def one_line_title(plan: Plan) -> str:
    """A plan's title on one line (JSON's `title`, a chart's caption)."""
    return f"{plan.scenario}: planned at {figures_planned(plan)}"


def option_heading(label: str, plan: Plan) -> str:
    """An option's heading (the paper, the comparison): its label, and the figures the command line
    set for it, if any: 'B: cap 400 (planned at a cap of 350 weighted children per WTE, set on the
    command line)'."""
    replaced = dict(plan.set_on_command_line)
    if not replaced:
        return label
    parts = []
    if "cap" in replaced:
        parts.append(f"a cap of {plan.cap:,g} weighted {plan.case_unit} per WTE")
    if "cost_per_wte" in replaced:
        parts.append(f"{numbers.money(plan.cost_per_wte)} per WTE")
    if "budget" in replaced:
        budget = "no budget" if plan.budget is None else f"a budget of {numbers.money(plan.budget)} a year"
        parts.append(budget)
    return f"{label} (planned at {' and '.join(parts)}, {SET})"


def options_line(overrides: Overrides) -> str:
    """Under a comparison's title: what every option was planned at, when the command line set it."""
    chosen = overrides.figures()
    if not chosen and overrides.objective is None:
        return "Each option planned at its own cap, cost per WTE and budget."
    return overrides.in_words()


def sweep_line(
    cost_per_wte: float,
    unit: str,
    caps: tuple[str | None, float],
    budgets: tuple[str | None, float | None],
    today: float | None = None,
) -> str:
    """The line under a sweep's name: the figures every point shares and the ranges swept, saying
    which the command line set. `caps` and `budgets`: (the range as typed, or None, and the
    scenario's own figure)."""
    cap_text, cap = caps
    budget_text, budget = budgets
    cap_words = (
        f"caps {cap_text} weighted {unit} per WTE ({SET})"
        if cap_text
        else f"the scenario's cap of {cap:,g} weighted {unit} per WTE"
    )
    if budget_text:
        of = f" of today's cost of {numbers.money(today)}" if "%" in budget_text and today else ""
        budget_words = f"budgets {budget_text}{of} ({SET})"
    else:
        budget_words = "no budget" if budget is None else f"the scenario's budget of {numbers.money(budget)}"
    return f"Planned at {numbers.money(cost_per_wte)} per WTE, {cap_words} and {budget_words}."
