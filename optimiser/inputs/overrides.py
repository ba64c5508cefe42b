"""Figures set on the command line in place of a scenario's own (--cap, --budget, --cost-per-wte,
--objective, --confidence), each carrying the figure it replaced.

A board paper states every assumption, so a plan made with an override says where its figure came
from and what it replaced. What it replaced is taken when the scenario is read (inputs/bundle), so
nothing reads the scenario again to find it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from optimiser.inputs import budget

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.caseload_model import CaseloadModel
    from optimiser.inputs.scenario import Scenario

STATED = {
    "cap": ("Cap", "--cap"),
    "budget": ("Budget", "--budget"),
    "cost_per_wte": ("Cost per WTE", "--cost-per-wte"),
}
"""The figures a plan's assumptions state: scenario key -> (the assumption's label, the option)."""


@dataclass(frozen=True)
class Overrides:
    """What the command line set (None: left out), and, once the scenario is read, what each stated
    figure replaced, in words."""

    cap: float | None = None
    budget: float | str | None = None
    """Pounds a year, or a change from today's cost as typed ("-8%")."""
    cost_per_wte: float | None = None
    objective: str | None = None
    confidence: float | None = None
    confirmed: bool = False
    """--yes: a cap or budget set here outside the plausible range (inputs/slips) is meant as typed."""
    replaced: tuple[tuple[str, str], ...] = ()
    """(scenario key, the figure it replaced in words) for each stated figure given; see `replacing`."""

    def given(self) -> dict[str, Any]:
        """Every option given, by scenario key: what the scenario is validated with."""
        keys = ("cap", "budget", "cost_per_wte", "objective", "confidence")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}

    def figures(self) -> dict[str, Any]:
        """The stated figures given (cap, budget, cost per WTE), as the JSON's `overrides` lists them."""
        return {k: v for k, v in self.given().items() if k in STATED}

    def replacing(self, written: Scenario, model: CaseloadModel) -> Overrides:
        """These overrides with what each stated figure replaced: the scenario's figure as written, or
        its model's."""
        return replace(self, replaced=tuple((key, _was(key, written, model)) for key in self.figures()))

    def source(self, key: str) -> str | None:
        """An assumption's source where the command line set its figure, else None."""
        was = dict(self.replaced).get(key)
        if was is None:
            return None
        return f"set on the command line ({_option_text(key, self.figures()[key])}), in place of {was}"

    def in_words(self) -> str:
        """One line for a comparison: which figures (and objective) the command line set for every
        option, or ''."""
        listed = [_option_text(key, value) for key, value in self.figures().items()]
        listed += [f"--objective {self.objective}"] if self.objective is not None else []
        if not listed:
            return ""
        return (
            "Set on the command line for every option, in place of each option's own figure: "
            f"{', '.join(listed)}."
        )


def _option_text(key: str, value: Any) -> str:
    """The option as it would be typed: `--cap 350`, `--budget 2650000`, `--budget -8%`."""
    shown = f"{value:.15g}" if isinstance(value, float) else str(value)
    return f"{STATED[key][1]} {shown}"


def _was(key: str, written: Scenario, model: CaseloadModel) -> str:
    """The figure the scenario as written (or its model) gave, in words: what the override replaced."""
    if key == "cap":
        if written.cap is not None:
            return f"the scenario's {written.cap:g}"
        return (
            f"the model's {model.cap:g}" if model.cap is not None else "no cap in the scenario or its model"
        )
    if key == "cost_per_wte":
        if written.cost_per_wte is not None:
            return f"the scenario's £{written.cost_per_wte:,.0f}"
        cost = model.grades[0].cost_per_wte if model.grades else model.cost_per_wte
        return (
            f"the model's £{cost:,.0f}"
            if cost is not None
            else "no cost per WTE in the scenario or its model"
        )
    if written.budget is None:
        return "no budget in the scenario"
    if budget.change_percent(written.budget) is not None:
        return f"the scenario's {written.budget} on today's cost"
    return f"the scenario's £{float(written.budget):,.0f} a year"
