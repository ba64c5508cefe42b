"""Figures set on the command line (--cap, --budget, --cost-per-wte) in place of a scenario's own.

A board paper states every assumption, so a plan made with an override says where its figure came
from and what it replaced, rather than citing the scenario's source for a figure it no longer uses."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from optimiser.inputs import budget
from optimiser.inputs.scenario import Scenario, load_scenario

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs
    from optimiser.inputs.caseload_model import CaseloadModel
    from optimiser.planning.plan import Plan

OVERRIDABLE = {
    "cap": ("Cap", "--cap"),
    "budget": ("Budget", "--budget"),
    "cost_per_wte": ("Cost per WTE", "--cost-per-wte"),
}
"""Override key: the assumption it changes, and the option that sets it."""


def given(overrides: dict[str, Any] | None) -> dict[str, Any]:
    """The figure overrides actually given (an option left out is None)."""
    return {k: v for k, v in (overrides or {}).items() if k in OVERRIDABLE and v is not None}


def _option_text(key: str, value: Any) -> str:
    """The option as it would be typed: `--cap 350`, `--budget 2650000`, `--budget -8%`."""
    shown = f"{value:.15g}" if isinstance(value, float) else str(value)
    return f"{OVERRIDABLE[key][1]} {shown}"


def _was(key: str, written: Scenario, model: CaseloadModel) -> str:
    """The figure the scenario as written (or its model) gave, in words: what the override replaced."""
    if key == "cap":
        return f"the scenario's {written.cap:g}" if written.cap is not None else f"the model's {model.cap:g}"
    if key == "cost_per_wte":
        if written.cost_per_wte is not None:
            return f"the scenario's £{written.cost_per_wte:,.0f}"
        cost = model.grades[0].cost_per_wte if model.grades else model.cost_per_wte
        return f"the model's £{cost:,.0f}"
    if written.budget is None:
        return "no budget in the scenario"
    if budget.change_percent(written.budget) is not None:
        return f"the scenario's {written.budget} on today's cost"
    return f"the scenario's £{float(written.budget):,.0f} a year"


def stated(plan: Plan, overrides: dict[str, Any] | None, inputs: Inputs) -> Plan:
    """The plan with each overridden figure's assumption sourced to the command line."""
    chosen = given(overrides)
    if not chosen:
        return plan
    written = load_scenario(inputs.scenario_path)  # as written, without the overrides
    by_label = {OVERRIDABLE[key][0]: key for key in chosen}
    notes = {
        key: f"set on the command line ({_option_text(key, value)}), in place of "
        f"{_was(key, written, inputs.model)}"
        for key, value in chosen.items()
    }
    restated = tuple(
        replace(a, source=notes[by_label[a.label]]) if a.label in by_label else a for a in plan.assumptions
    )
    return replace(plan, assumptions=restated)


def in_words(overrides: dict[str, Any] | None) -> str:
    """One line for a comparison: which figures the command line set for every option, or ''."""
    chosen = given(overrides)
    if not chosen:
        return ""
    listed = ", ".join(_option_text(key, value) for key, value in chosen.items())
    return f"Set on the command line for every option, in place of each option's own figure: {listed}."
