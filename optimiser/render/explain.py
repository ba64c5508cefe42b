"""The weighting audit as cells and markdown: raw counts, weights, multipliers, capacity."""

import pandas as pd

from optimiser.render import numbers


def audit_frame(audit: pd.DataFrame, cap: float, capacity: float = 1.0) -> pd.DataFrame:
    """The audit with the capacity of one WTE and the WTE it implies appended."""
    frame = audit.copy()
    frame["cap per WTE"] = cap * capacity
    frame["required WTE"] = frame["weighted caseload"] / frame["cap per WTE"]
    frame.index.name = "locality"
    return frame


def _format(column: str, value: float) -> str:
    if column.endswith("weight") or column == "multiplier":
        return f"{value:g}"
    if column == "required WTE":
        return numbers.wte(value, 2)
    return numbers.count(value) if float(value).is_integer() else f"{value:,.2f}"


def audit_cells(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    headers = [frame.index.name or "locality", *frame.columns]
    body = [[str(name), *(_format(c, row[c]) for c in frame.columns)] for name, row in frame.iterrows()]
    return headers, body


def audit_markdown(frame: pd.DataFrame, title: str) -> str:
    headers, body = audit_cells(frame)
    lines = [
        f"## {title}",
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(headers) - 1)) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines) + "\n"
