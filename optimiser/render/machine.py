"""Machine-readable plans: JSON and CSV, each figure at its documented precision (pounds to 0.01,
the rest to 1e-9), byte-identical for the same inputs."""

import csv
import io
from collections import deque
from itertools import repeat
from operator import setitem
from typing import Any

import numpy as np
import pandas as pd

from optimiser.bulk import bulk
from optimiser.planning import precision
from optimiser.planning.plan import COLUMNS, Plan
from optimiser.render import jsontext
from optimiser.render.text import INVISIBLE, safe_cell


def number(value: Any, places: int = precision.PLACES) -> float | None:
    """A figure as written to JSON and CSV: rounded to `places` decimals (see planning/precision.py),
    None when missing or not finite, never -0.0."""
    return precision.figure(value, places)


@bulk
def plan_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain data: the keys documented in the README."""
    return {
        "scenario": plan.scenario,
        "status": str(plan.status),
        "solver": plan.solver,
        "objective": plan.objective,
        "cap": plan.cap,
        "cost_per_wte": plan.cost_per_wte,
        "budget": plan.budget,
        "case_unit": plan.case_unit,
        "localities": _locality_rows(plan),
        "totals": {k: number(v, precision.places(k)) for k, v in plan.totals.items()},
        "grades": _grade_totals(plan),
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


def _numbers(values: Any, places: int = precision.PLACES) -> list[float | None]:
    """A whole column as written to JSON and CSV: each figure exactly as number() writes it
    (Python's round(), which precision.rounded_array matches exactly), in one pass."""
    floats = np.asarray(values, dtype=float)
    rounded = precision.rounded_array(floats, places).tolist()
    finite = np.isfinite(floats)
    if finite.all():
        return rounded
    return [v if ok else None for v, ok in zip(rounded, finite.tolist(), strict=True)]


def _locality_rows(plan: Plan) -> list[dict[str, Any]]:
    """One dict per locality, built from whole columns: name, area code (when the file gives
    them), the COLUMNS (null where not known), and the grade breakdown."""
    names = list(map(str, plan.localities.index.tolist()))
    grades = _grade_rows(plan)
    keys = ["name", *(["area_code"] if plan.area_codes is not None else []), *COLUMNS, "grades"]
    columns = [
        names,
        *([list(plan.area_codes)] if plan.area_codes is not None else []),
        *(_numbers(plan.localities[c].to_numpy(), precision.places(c)) for c in COLUMNS),
        [grades.get(name, []) for name in names],
    ]
    return _records(keys, columns)


def _records(keys: list[str], columns: list[list[Any]]) -> list[dict[str, Any]]:
    """One dict per row from whole columns of the same length, filled a column at a time (in C:
    about a third faster than a dict(zip(keys, row)) per row)."""
    count = len(columns[0])
    if any(len(column) != count for column in columns) or len(keys) != len(columns):
        raise ValueError("columns of different lengths")
    rows = list(map(dict.copy, repeat(dict.fromkeys(keys), count)))
    for key, column in zip(keys, columns, strict=True):
        deque(map(setitem, rows, repeat(key), column), maxlen=0)
    return rows


def _grade_totals(plan: Plan) -> list[dict[str, Any]]:
    """Each grade's totals over the localities; a column with any figure not known has none."""
    groups = plan.by_grade.groupby(level="grade", sort=False)
    sums = groups.sum(min_count=1)
    sums = sums.where(groups.count().eq(groups.size(), axis=0))
    return [
        {"name": g, **{c: number(v, precision.places(str(c))) for c, v in totals.items()}}
        for g, totals in sums.iterrows()
    ]


def _grade_rows(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """Planned WTE, cost and (where known) in post, grade by grade, for every locality: the
    by-grade frame (grades within localities) reshaped, one column at a time."""
    grades = plan.grade_names
    if not grades:
        return {}
    size = len(grades)
    if not _grades_within_localities(plan.by_grade, grades):
        return _grade_rows_by_record(plan.by_grade)
    names = list(map(str, plan.by_grade.index.get_level_values("locality")[::size].tolist()))
    keys = ["grade", *(str(c) for c in plan.by_grade.columns)]
    columns = [_numbers(plan.by_grade[c].to_numpy(), precision.places(str(c))) for c in plan.by_grade.columns]
    records = _records(keys, [list(grades) * len(names), *columns])
    groups = (
        [[record] for record in records]
        if size == 1
        else [records[i : i + size] for i in range(0, len(records), size)]
    )
    return dict(zip(names, groups, strict=True))


def _grades_within_localities(by_grade: pd.DataFrame, grades: tuple[str, ...]) -> bool:
    """True when the frame is every grade, in order, for one locality after another (as
    make_plan builds it), so that it reshapes to (locality x grade)."""
    level = by_grade.index.get_level_values("grade").astype(str)
    return len(level) % len(grades) == 0 and bool(
        (level.to_numpy() == np.tile(np.array(grades, dtype=object), len(level) // len(grades))).all()
    )


def _grade_rows_by_record(by_grade: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """The grade rows of a frame in any other order, record by record."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for record in by_grade.reset_index().to_dict("records"):
        locality, grade = str(record.pop("locality")), str(record.pop("grade"))
        figures = {c: number(v, precision.places(str(c))) for c, v in record.items()}
        rows.setdefault(locality, []).append({"grade": grade, **figures})
    return rows


@bulk
def to_json(data: dict[str, Any]) -> str:
    """JSON keeps every text exactly; the control characters it would leave raw (DEL, C1, U+2028,
    U+2029, bidirectional controls; C0 it escapes itself) are written as \\u escapes, which parse
    back to the same text but never reach a terminal."""
    return jsontext.dumps(data, _escaped) + "\n"


def _escaped(text: str) -> str:
    return INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@bulk
def plan_csv(plan: Plan) -> str:
    """One row per locality and a Total row, each figure at its column's precision; per-grade columns last.
    A figure not known (in post left blank, and every change from it) is an empty cell."""
    columns = [*COLUMNS, *(c for c in plan.localities.columns if c not in COLUMNS)]
    names = [safe_cell(str(name)) for name in plan.localities.index]
    cells = [_csv_numbers(plan.localities[c].to_numpy(), precision.places(c)) for c in columns]
    return _csv_text(
        ["locality", *(safe_cell(str(c)) for c in columns)],
        [names, *cells],
        ["Total", *(_csv_number(plan.totals[c], precision.places(c)) for c in columns)],
    )


def frame_csv(frame: pd.DataFrame) -> str:
    """Any audit frame as CSV, index first, text cells neutralised."""
    header = [safe_cell(str(frame.index.name or "locality")), *(safe_cell(str(c)) for c in frame.columns)]
    names = [safe_cell(str(name)) for name in frame.index]
    return _csv_text(header, [names, *(_csv_numbers(_column(frame, i)) for i in range(frame.shape[1]))])


def frame_dict(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Any audit frame as one dict per row, locality first."""
    names = [str(name) for name in frame.index]
    columns = [(c, [number(v) for v in _column(frame, i)]) for i, c in enumerate(frame.columns)]
    return [{"locality": name, **{c: values[i] for c, values in columns}} for i, name in enumerate(names)]


def _column(frame: pd.DataFrame, position: int) -> list[Any]:
    """One column's values as Python objects, by position (labels may repeat)."""
    return frame.iloc[:, position].tolist()


def _csv_text(header: list[str], columns: list[list[str]], footer: list[str] | None = None) -> str:
    """CSV from a header and whole columns (the first holds the row names), with an optional last row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(zip(*columns, strict=True))
    if footer is not None:
        writer.writerow(footer)
    return buffer.getvalue()


def _csv_numbers(values: Any, places: int = precision.PLACES) -> list[str]:
    """A whole column as CSV cells: each figure as _csv_number() writes it."""
    if isinstance(values, np.ndarray) and values.dtype == float:
        return ["" if v is None else repr(v) for v in _numbers(values, places)]
    return [_csv_number(v, places) for v in (values.tolist() if hasattr(values, "tolist") else values)]


def _csv_number(value: Any, places: int = precision.PLACES) -> str:
    figure = number(value, places)
    return "" if figure is None else repr(figure)
