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


def _format(column: str, value: float) -> str:
    """Factors as given (1.06476, 0.25); WTE to two places; counts whole; other figures to 6 digits."""
    if column.endswith(("weight", "multiplier", "%", "/ 12")):
        return f"{value:g}"
    if column == "required WTE" or column.endswith("high-risk limit"):
        return numbers.wte(value, 2)
    return numbers.count(value) if float(value).is_integer() else f"{value:,.6g}"


def audit_cells(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """One row per factor and one column per locality, so each locality reads top to bottom."""
    headers = ["", *(str(name) for name in frame.index)]
    body = [[column, *(_format(column, v) for v in frame[column])] for column in frame.columns]
    return headers, body


def audit_markdown(frame: pd.DataFrame, title: str, notes: list[str]) -> str:
    headers, body = audit_cells(frame)
    lines = [f"## {markdown_text(title)}", "", *markdown_table(headers, body)]
    lines += ["", *(f"- {markdown_text(note, line_start=True)}" for note in notes)]
    return "\n".join(lines) + "\n"
