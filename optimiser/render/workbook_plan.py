"""A plan sheet finance can audit: every figure a formula of the Inputs sheet's named cells and the
weighting sheet, except the optimiser's decisions. The planned WTE is a formula too (= the WTE the cap
requires) wherever that is the optimiser's rule (least cost, one grade, only the cap binding); where a
budget or a bound set it, it is a value, shaded and marked as the optimiser's. Where WTE in post is not
known the cell is blank, and so is every formula resting on it."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from optimiser.planning.plan import Plan
from optimiser.render.workbook import COUNT, MONEY, Decision, Input, Note, Sheet
from optimiser.render.workbook_cells import (
    BLANK,
    Expr,
    Span,
    cell,
    count_of,
    equals,
    if_,
    less,
    max_of,
    n_of,
    rows_of,
    sum_of,
)
from optimiser.render.workbook_columns import Column, Table
from optimiser.render.workbook_inputs import InputNames
from optimiser.render.workbook_weighting import Weighting

PLAN_WTE = "0.00"
PER_1000 = "0.00"
SAME = 1e-9
"""A planned WTE this close (relatively) to the required WTE is the cap's rule, not a decision."""
OPTIMISER_NOTE = (
    "Blue cells are the optimiser's choice (least cost, or the best the budget buys, within every limit), "
    "stored as values; the other figures are formulas of them, of the Inputs sheet and of the weighting "
    "sheet. Changing an input does not re-plan them: run `establishment report` again."
)
RULE_NOTE = (
    "Establishment = Required for cap in every locality: the least-cost plan holds each locality exactly "
    "at the cap, so the establishment follows the inputs as a formula."
)


@dataclass(frozen=True)
class PlanCells:
    """The sheet, and its columns' cells, which the comparison and the Planned WTE sheet refer to."""

    sheet: Sheet
    table: Table
    columns: dict[str, Column]


def _known_sum(s: Span) -> Expr:
    """A total that is blank unless every row's figure is known (a partial sum is not a total)."""
    return if_(less(count_of(s), rows_of(s)), BLANK, sum_of(s))


def _ratio(top: Expr, bottom: Expr, scale: float | None = None) -> Expr:
    """top / bottom (x scale), blank where bottom is blank, text or 0."""
    zero = equals(n_of(bottom), 0)
    if zero.value:
        return if_(zero, BLANK, top)  # the other branch is not worked out, as a spreadsheet does not
    quotient = top / bottom
    return if_(zero, BLANK, quotient * scale if scale is not None else quotient)


def _if_known(in_post: Expr, formula: Expr | None) -> Expr:
    """`formula`, blank where WTE in post is blank."""
    blank = equals(in_post, BLANK)
    return if_(blank, BLANK, in_post if blank.value or formula is None else formula)


def decided_by_cap(plan: Plan) -> bool:
    """Whether the planned WTE is the cap's rule everywhere: least cost, one grade, planned = required."""
    frame = plan.localities
    planned, required = frame["planned_wte"].to_numpy(float), frame["required_wte"].to_numpy(float)
    close = np.abs(planned - required) <= SAME * np.maximum(1, required)
    return plan.objective == "min-cost" and len(plan.grade_names) <= 1 and bool(np.all(close))


def _grades(plan: Plan) -> tuple[str, ...]:
    return plan.grade_names if len(plan.grade_names) > 1 else ()


def _by_grade(plan: Plan, grade: str, column: str) -> np.ndarray:
    values = plan.by_grade[column].xs(grade, level="grade").reindex(plan.localities.index)
    return values.to_numpy(dtype=float)


def _known(values: np.ndarray) -> list[object]:
    return [Input(float(v)) if np.isfinite(v) else None for v in values]


def _in_post_by_grade(plan: Plan) -> bool:
    return bool(_grades(plan)) and bool(plan.by_grade["in_post_wte"].notna().any())


def in_post_column(plan: Plan) -> int:
    """The plan sheet's column of WTE in post (after any columns of it by grade)."""
    return 1 + (len(_grades(plan)) if _in_post_by_grade(plan) else 0)


def _in_post(table: Table, plan: Plan, cols: dict[str, Column]) -> None:
    """WTE in post (inputs): by grade where the locality file gives it, and in total."""
    if _in_post_by_grade(plan):
        for g in _grades(plan):
            cells = _known(_by_grade(plan, g, "in_post_wte"))
            cols[f"in_post:{g}"] = table.add(f"In post\n{g}\n(WTE)", PLAN_WTE, cells, _known_sum)
    values = plan.localities["in_post_wte"].to_numpy(dtype=float)
    cols["in_post"] = table.add("In post\n(WTE)", PLAN_WTE, _known(values), _known_sum)


def _planned(table: Table, plan: Plan, cols: dict[str, Column]) -> None:
    """The establishment: = required where the cap's rule decided it, else the optimiser's values."""
    header = "Establishment\n(WTE)"
    if decided_by_cap(plan):
        cols["planned"] = table.add(header, PLAN_WTE, list(cols["required"].cells))
        return
    if not _grades(plan):
        values = plan.localities["planned_wte"].to_numpy(dtype=float)
        decided = [Decision(float(v)) for v in values]
        cols["planned"] = table.add("Establishment\n(optimiser)\n(WTE)", PLAN_WTE, decided, optimiser=True)
        return
    for g in _grades(plan):
        decided = [Decision(float(v)) for v in _by_grade(plan, g, "planned_wte")]
        cols[f"planned:{g}"] = table.add(
            f"Establishment\n{g}\n(optimiser)\n(WTE)", PLAN_WTE, decided, optimiser=True
        )
    parts = [cols[f"planned:{g}"] for g in _grades(plan)]
    cols["planned"] = table.add(
        header, PLAN_WTE, [sum_of([c.cells[i] for c in parts]) for i in range(table.n)]
    )


def plan_sheet(
    title: str, plan: Plan, names: InputNames, weighting: Weighting, main_capacity: float
) -> PlanCells:
    """The plan of one option, rows by locality then a total row; see the module docstring.

    `main_capacity` (the main grade's capacity per WTE) gives, for a plan made to a confidence level,
    the weighted caseload it was planned for: its required WTE x cap x capacity."""
    frame, unit = plan.localities, plan.case_unit
    table = Table(title, len(frame))
    cols: dict[str, Column] = {}
    _in_post(table, plan, cols)
    cols["caseload"] = table.add(f"Caseload\n({unit})", COUNT, list(weighting.caseload))
    cols["weighted"] = table.add(f"Weighted\ncaseload\n({unit})", COUNT, list(weighting.weighted))
    held = cols["weighted"]
    level = plan.risk.confidence.level if plan.risk is not None and plan.risk.confidence is not None else None
    if level is not None:
        planned_for = frame["required_wte"].to_numpy(dtype=float) * plan.cap * main_capacity
        held = table.add(
            f"Weighted\ncaseload at\n{level:.0%}\nconfidence", COUNT, [float(v) for v in planned_for]
        )
    n = range(table.n)
    weighted, in_post = cols["weighted"].cells, cols["in_post"].cells
    cols["load_before"] = table.add(
        "Load per\nWTE now", COUNT, [_ratio(weighted[i], in_post[i]) for i in n], None
    )
    capacity = names.cap * names.capacities[0]
    cols["required"] = table.add("Required\nfor cap\n(WTE)", PLAN_WTE, [held.cells[i] / capacity for i in n])
    _planned(table, plan, cols)
    _after(table, cols, plan, names)
    return _finish(table, cols, plan, names)


def _after(table: Table, cols: dict[str, Column], plan: Plan, names: InputNames) -> None:
    """The columns that follow from the establishment: change, loads, WTE per 1,000 cases, costs."""
    n, unit = range(table.n), plan.case_unit
    in_post, planned, caseload = cols["in_post"].cells, cols["planned"].cells, cols["caseload"].cells
    change = [_if_known(in_post[i], planned[i] - in_post[i]) for i in n]
    cols["change"] = table.add("Change\n(WTE)", PLAN_WTE, change, None)
    after = [_ratio(cols["weighted"].cells[i], planned[i]) for i in n]
    cols["load_after"] = table.add("Load per\nWTE after", COUNT, after, None)
    per_1000 = [_ratio(planned[i], caseload[i], 1000) for i in n]
    cols["per_1000"] = table.add(f"Establishment\nper 1,000\n{unit}", PER_1000, per_1000, None)
    now_1000 = [_if_known(in_post[i], _ratio(in_post[i], caseload[i], 1000)) for i in n]
    cols["in_post_per_1000"] = table.add(f"In post\nper 1,000\n{unit}", PER_1000, now_1000, None)
    cols["cost"] = table.add("Cost\n(£ a year)", MONEY, [_priced(cols, plan, names, "planned", i) for i in n])
    changes = [_if_known(in_post[i], cols["cost"].cells[i] - _today(cols, plan, names, i)) for i in n]
    cols["cost_change"] = table.add("Cost of\nchange\n(£ a year)", MONEY, changes, None)


def _priced(cols: dict[str, Column], plan: Plan, names: InputNames, prefix: str, i: int) -> Expr:
    """WTE x cost per WTE: grade by grade where the sheet has them, else at the main grade's cost."""
    grades = _grades(plan)
    if not grades or f"{prefix}:{grades[0]}" not in cols:
        return cols[prefix].cells[i] * names.costs[0]
    terms = [cols[f"{prefix}:{g}"].cells[i] * c for g, c in zip(grades, names.costs, strict=True)]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _today(cols: dict[str, Column], plan: Plan, names: InputNames, i: int) -> Expr:
    """What the WTE in post cost: by grade where every grade's in post is known, as `plan` prices it."""
    grades = _grades(plan)
    by_grade = [cols.get(f"in_post:{g}") for g in grades]
    if by_grade and all(c is not None and c.cells[i].value is not None for c in by_grade):
        return _priced(cols, plan, names, "in_post", i)
    return cols["in_post"].cells[i] * names.costs[0]


def _finish(table: Table, cols: dict[str, Column], plan: Plan, names: InputNames) -> PlanCells:
    """The total row's ratios, the notes under the table and the sheet."""
    total = {key: column.total for key, column in cols.items()}

    def put(key: str, value: Expr) -> None:
        column = cols[key]
        table.totals[column.index] = value
        cols[key] = replace(column, total=cell(None, table.n + 1, column.index, value.value))

    put("load_before", _ratio(total["weighted"], total["in_post"]))  # type: ignore[arg-type]
    put("change", _if_known(total["in_post"], sum_of(cols["change"].span)))  # type: ignore[arg-type]
    put("load_after", _ratio(total["weighted"], total["planned"]))  # type: ignore[arg-type]
    put("per_1000", _ratio(total["planned"], total["caseload"], 1000))  # type: ignore[arg-type]
    ratio = _ratio(total["in_post"], total["caseload"], 1000)  # type: ignore[arg-type]
    put("in_post_per_1000", _if_known(total["in_post"], ratio))  # type: ignore[arg-type]
    put("cost_change", _if_known(total["in_post"], sum_of(cols["cost_change"].span)))  # type: ignore[arg-type]
    notes = [Note("Worst load per WTE after", max_of(cols["load_after"].span), COUNT)]
    if names.budget is not None:
        left = names.budget - cols["cost"].total  # type: ignore[operator]
        notes += [Note("Budget (£ a year)", names.budget, MONEY), Note("Budget left (£ a year)", left, MONEY)]
    notes.append(Note(RULE_NOTE if decided_by_cap(plan) else OPTIMISER_NOTE))
    rows = table.rows([str(n) for n in plan.localities.index])
    comments = tuple((c, OPTIMISER_NOTE) for c in table.optimiser)
    sheet = Sheet(
        table.title, table.headers, rows, table.formats, True, comments=comments, notes=tuple(notes)
    )
    return PlanCells(sheet, table, cols)
