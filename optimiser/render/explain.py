"""The weighting audit as cells and markdown: raw counts, weights, multipliers, capacity."""

import pandas as pd

from optimiser.inputs.caseload_model import Basis, CaseloadModel
from optimiser.inputs.factors import HIGH_RISK
from optimiser.inputs.grades import CAPACITY_RULE
from optimiser.lp.data import LpData
from optimiser.render import numbers
from optimiser.render.mdtable import markdown_table
from optimiser.render.text import markdown_text


def audit_frame(audit: pd.DataFrame, data: LpData, model: CaseloadModel) -> pd.DataFrame:
    """The audit with the cap, the time off it, the capacity of one WTE and the WTE it implies."""
    frame = audit.copy()
    frame["cap"] = data.cap
    if model.non_clinical_percent or model.headroom_percent:
        frame["non-clinical %"] = model.non_clinical_percent
        frame["headroom %"] = model.headroom_percent
    main, *others = data.grades
    frame["capacity per WTE"] = data.cap * main.capacity
    for grade in others:
        frame[f"capacity per WTE {grade.name}"] = data.cap * grade.capacity
    frame["required WTE"] = frame["weighted caseload"] / frame["capacity per WTE"]
    if data.high_risk_share is not None:
        frame[f"{main.name} WTE for high-risk limit"] = frame[HIGH_RISK] / (
            data.high_risk_share * frame["capacity per WTE"]
        )
    frame.index.name = "locality"
    return frame


def audit_notes(data: LpData, model: CaseloadModel) -> list[str]:
    """The rules behind the columns, in words, so the arithmetic can be followed by hand."""
    main = data.grades[0].name
    notes = [
        "weighted caseload = category-weighted x multiplier"
        + (" x episode months / 12" if model.basis is Basis.ANNUAL else "")
        + "; required WTE = weighted caseload / capacity per WTE"
        + (f" (of {main})" if len(data.grades) > 1 else "")
        + "."
    ]
    if model.basis is Basis.ANNUAL:
        notes.append(
            f"Counts are annual; cases held at any one time = annual x {model.episode_months:g} / 12 "
            f"(average episode {model.episode_months:g} months). The cap is a caseload held at any one time."
        )
    notes.append(f"{CAPACITY_RULE}" + (" x the grade's capacity factor." if len(data.grades) > 1 else "."))
    for key, factor in model.factor_keys():
        mapping = factor.rule()
        notes.append(f"{factor.name} ({key}, {factor.measure}): {mapping}.")
    if model.high_risk:
        notes.append(
            f"High-risk cases ({', '.join(model.high_risk.categories)}) are held by {main}; "
            "their weighted count (x multiplier, as the caseload) may fill at most "
            f"{model.high_risk.max_share:.0%} of each {main} WTE's capacity, so {main} WTE >= high-risk "
            f"weighted / ({model.high_risk.max_share:g} x capacity per WTE)."
        )
    return notes


FACTOR_ENDINGS = ("weight", "multiplier", "%", "/ 12")
"""Rows of factors: shown as given, with as many places as the row's most precise figure."""


def _places(value: float, significant: str) -> int:
    """The decimal places `value` shows in the given number of significant digits (1.0647 -> 4)."""
    shown = f"{float(value):{significant}}"
    return 0 if "e" in shown or "." not in shown else len(shown.split(".")[1])


def _row(column: str, values: pd.Series) -> list[str]:
    """One row of the audit, every figure in it to the same places: WTE to two; whole counts whole;
    factors and other figures to the places the row's most precise figure needs (at most 6
    significant digits), so 9,402.90 and 6,834.72 line up."""
    if column == "required WTE" or column.endswith("high-risk limit"):
        return [numbers.wte(v, 2) for v in values]
    if all(float(v).is_integer() for v in values):
        return [numbers.count(v) for v in values]
    significant = "g" if column.endswith(FACTOR_ENDINGS) else ".6g"
    places = max(_places(v, significant) for v in values)
    return [f"{v:,.{places}f}" for v in values]


def _distinct(frame: pd.DataFrame) -> pd.DataFrame:
    """Without the combined 'multiplier' row when one named multiplier makes it (the same figures
    under two names)."""
    named = [c for c in frame.columns if c.endswith(" multiplier")]
    if "multiplier" in frame.columns and len(named) == 1 and frame["multiplier"].equals(frame[named[0]]):
        return frame.drop(columns="multiplier")
    return frame


def audit_cells(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """One row per factor and one column per locality, so each locality reads top to bottom."""
    frame = _distinct(frame)
    headers = ["", *(str(name) for name in frame.index)]
    body = [[column, *_row(column, frame[column])] for column in frame.columns]
    return headers, body


def audit_markdown(frame: pd.DataFrame, title: str, notes: list[str]) -> str:
    headers, body = audit_cells(frame)
    lines = [f"## {markdown_text(title)}", "", *markdown_table(headers, body)]
    lines += ["", *(f"- {markdown_text(note, line_start=True)}" for note in notes)]
    return "\n".join(lines) + "\n"
