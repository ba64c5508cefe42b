"""What moves the cost most, as a ranked table: each input moved its step down and up, the plan's
establishment and cost (or, where the budget binds, the best cap it buys) at each end, largest effect
first; for the terminal, markdown, JSON and the board paper's Appendix B."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType

from optimiser.planning.sensitivity_results import INFEASIBLE, Replan, Sensitivity, Swing
from optimiser.render import numbers
from optimiser.render.console import tables, text
from optimiser.render.fit import Fit
from optimiser.render.machine import number
from optimiser.render.mdtable import markdown_table
from optimiser.render.text import markdown_text

MEASURE_WORDS = {"cost": "recurring cost (£ a year)", "best_cap": "best cap the budget buys"}


def _figure(sensitivity: Sensitivity, replan: Replan | None) -> str:
    """An end's figure on the measure: the cost, or the best cap the budget buys."""
    if replan is None:
        return numbers.NOT_SHOWN
    if replan.status == INFEASIBLE:
        return INFEASIBLE
    if sensitivity.measure == "best_cap":
        return numbers.decimal(replan.best_cap) if replan.best_cap is not None else "holds the cap"
    return numbers.money(replan.cost)


def _wte(replan: Replan | None) -> str:
    if replan is None or replan.planned_wte is None:
        return numbers.NOT_SHOWN
    return numbers.wte(replan.planned_wte)


def _effect(sensitivity: Sensitivity, swing: Swing) -> str:
    size = sensitivity.effect(swing)
    if size == float("inf"):
        return "breaks the plan"
    return numbers.decimal(size) if sensitivity.measure == "best_cap" else numbers.money(size)


def sensitivity_cells(sensitivity: Sensitivity) -> tuple[list[str], list[list[str]]]:
    """Headers and one row per input, largest effect first."""
    low, high = (
        ("Best cap\nat low", "Best cap\nat high")
        if sensitivity.measure == "best_cap"
        else ("Cost at low\n(£ a year)", "Cost at high\n(£ a year)")
    )
    headers = [
        "Input",
        "Step",
        "Low",
        "Establishment\nat low (WTE)",
        low,
        "High",
        "Establishment\nat high (WTE)",
        high,
        "Largest\nchange",
    ]
    rows = [
        [
            swing.label,
            swing.step,
            swing.low_value,
            _wte(swing.low),
            _figure(sensitivity, swing.low),
            swing.high_value,
            _wte(swing.high),
            _figure(sensitivity, swing.high),
            _effect(sensitivity, swing),
        ]
        for swing in sensitivity.swings
    ]
    return headers, rows


FITS = [Fit("Step", 3), Fit("Low", 0), Fit("WTE\nlow", 2), Fit("At low", 0), Fit("High", 0),
        Fit("WTE\nhigh", 2), Fit("At high", 0), Fit("Change", 0)]  # fmt: skip
"""On a narrow terminal the input, each end's figure and the largest change stay; then the WTE."""


def sensitivity_sentences(sensitivity: Sensitivity) -> list[str]:
    """What the table rests on: the plan it moves, what it ranks by, and that every figure is a re-plan."""
    base = sensitivity.base
    measure = MEASURE_WORDS[sensitivity.measure]
    plan = f"{numbers.wte(base.planned_wte)} WTE at {numbers.money(base.cost)} a year"
    if sensitivity.measure == "best_cap":
        plan += f", the best cap the budget buys being {numbers.decimal(base.best_cap)}"
    return [
        f"Ranked by the largest change in the {measure} from the plan's ({plan}).",
        "Every figure is the plan made again with that one input moved (an exact re-plan, not a "
        "linearisation), answering the same question as the plan.",
        "Steps: " + "; ".join(sensitivity.steps) + ".",
    ]


def sensitivity_table(title: str, sensitivity: Sensitivity, width: int | None) -> list[RenderableType]:
    headers, rows = sensitivity_cells(sensitivity)
    body = tables(title, headers, rows, width, FITS)
    return [*body, *(text(s) for s in sensitivity_sentences(sensitivity))]


def sensitivity_markdown(title: str, sensitivity: Sensitivity) -> str:
    headers, rows = sensitivity_cells(sensitivity)
    heading, *lines = title.split("\n")
    parts = [f"### {markdown_text(heading)}", "", *(markdown_text(x, line_start=True) for x in lines), ""]
    parts += markdown_table(headers, rows, label_column=False)
    parts += ["", *(markdown_text(s, line_start=True) for s in sensitivity_sentences(sensitivity))]
    return "\n".join(parts) + "\n"


def _replan_dict(replan: Replan | None) -> dict[str, Any] | None:
    if replan is None:
        return None
    return {
        "status": replan.status,
        "planned_wte": number(replan.planned_wte),
        "cost": number(replan.cost, 2),
        "best_cap": number(replan.best_cap),
        "worst_load_per_wte": number(replan.worst_load),
    }


def sensitivity_dict(sensitivity: Sensitivity) -> dict[str, Any]:
    """The JSON's `sensitivity`: the plan's figures, what the ranking is by, each input's swing."""
    return {
        "measure": sensitivity.measure,
        "steps": list(sensitivity.steps),
        "base": _replan_dict(sensitivity.base),
        "inputs": [
            {
                "key": s.key,
                "label": s.label,
                "step": s.step,
                "low_value": s.low_value,
                "high_value": s.high_value,
                "low": _replan_dict(s.low),
                "high": _replan_dict(s.high),
                "effect": None if sensitivity.effect(s) == float("inf") else number(sensitivity.effect(s), 2),
            }
            for s in sensitivity.swings
        ],
    }
