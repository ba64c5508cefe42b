"""Machine-readable plans: JSON and CSV, unrounded, byte-identical for the same inputs."""

import csv
import io
import json
from typing import Any

import pandas as pd

from optimiser.planning import precision
from optimiser.planning.plan import COLUMNS, Plan
from optimiser.render.text import INVISIBLE, visible

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def number(value: Any, places: int = precision.PLACES) -> float | None:
    """A figure as written to JSON and CSV: rounded to `places` decimals (see planning/precision.py),
    None when missing or not finite, never -0.0."""
    return precision.figure(value, places)


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain data: the keys documented in the README."""
    by_locality = _grade_rows(plan)
    localities = [
        {"name": str(name), **{c: number(row[c]) for c in COLUMNS}, "grades": by_locality.get(str(name), [])}
        for name, row in plan.localities.iterrows()
    ]
    return {
        "scenario": plan.scenario,
        "status": str(plan.status),
        "solver": plan.solver,
        "objective": plan.objective,
        "cap": plan.cap,
        "cost_per_wte": plan.cost_per_wte,
        "budget": plan.budget,
        "case_unit": plan.case_unit,
        "localities": localities,
        "totals": {k: number(v) for k, v in plan.totals.items()},
        "grades": [
            {"name": g, **{c: number(v) for c, v in totals.items()}}
            for g, totals in plan.by_grade.groupby(level="grade", sort=False).sum(min_count=1).iterrows()
        ],
        "theta": number(plan.theta),
        "achievable_cap": number(plan.achievable_cap),
        "binding": list(plan.binding),
        "marginal": [
            {
                "key": f.key,
                "value": number(f.value),
                "unit": f.unit,
                "method": f.method,
                "step": number(f.step),
                "locality": f.locality or None,
                "note": f.note,
            }
            for f in plan.marginal
        ],
        "assumptions": [{"label": a.label, "value": a.value, "source": a.source} for a in plan.assumptions],
    }


def _grade_rows(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """Planned WTE, cost and (where known) in post, grade by grade, for every locality, in one pass."""
    if not plan.grade_names:
        return {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for record in plan.by_grade.reset_index().to_dict("records"):
        locality, grade = str(record.pop("locality")), str(record.pop("grade"))
        rows.setdefault(locality, []).append({"grade": grade, **{c: number(v) for c, v in record.items()}})
    return rows


def to_json(data: dict[str, Any]) -> str:
    """JSON keeps every text exactly; the control characters it would leave raw (DEL, C1, U+2028,
    U+2029, bidirectional controls; C0 it escapes itself) are written as \\u escapes, which parse
    back to the same text but never reach a terminal."""
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    return INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def safe_cell(text: str) -> str:
    """A CSV text cell: control characters made visible (CSV has no escape of its own), and text a
    spreadsheet would run as a formula prefixed with a quote, so it shows as text."""
    text = visible(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plan_csv(plan: Plan) -> str:
    """One row per locality and a Total row; numbers unrounded for reuse; per-grade columns last."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = [*COLUMNS, *(c for c in plan.localities.columns if c not in COLUMNS)]
    writer.writerow(["locality", *(safe_cell(str(c)) for c in columns)])
    for name, row in plan.localities.iterrows():
        writer.writerow([safe_cell(str(name)), *(_csv_number(row[c]) for c in columns)])
    writer.writerow(["Total", *(_csv_number(plan.totals[c]) for c in columns)])
    return buffer.getvalue()


def frame_csv(frame: pd.DataFrame) -> str:
    """Any audit frame as CSV, index first, text cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [safe_cell(str(frame.index.name or "locality")), *(safe_cell(str(c)) for c in frame.columns)]
    )
    for name, row in frame.iterrows():
        writer.writerow([safe_cell(str(name)), *(_csv_number(v) for v in row)])
    return buffer.getvalue()


def frame_dict(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {"locality": str(name), **{c: number(v) for c, v in row.items()}} for name, row in frame.iterrows()
    ]


def _csv_number(value: Any, places: int = precision.PLACES) -> str:
    figure = number(value, places)
    return "" if figure is None else repr(figure)
