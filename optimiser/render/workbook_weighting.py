"""An option's weighting sheet: each locality's counts (inputs), weighted by the Inputs sheet's named
weights and multipliers, as live formulas: change a count or a weight and the weighted caseload moves,
and with it the plan sheet's required WTE, costs and loads."""

from __future__ import annotations

from dataclasses import dataclass

from optimiser.inputs.factors import HIGH_RISK
from optimiser.inputs.weighting import EPISODE
from optimiser.planning.results import Option
from optimiser.render.workbook import COUNT, Input, Note, Sheet
from optimiser.render.workbook_cells import Expr, sum_of
from optimiser.render.workbook_columns import Table
from optimiser.render.workbook_inputs import InputNames

FIGURE = "#,##0.00"
FACTOR = "0.0000"
BANDED = (
    "A multiplier read from the model's bands (see the model file and the Assumptions sheet) is stored as "
    "a value; a linear multiplier is a formula of the Inputs sheet's intercept and slope."
)
ANNUAL = (
    "Counts are over a year: weighted caseload = category-weighted x multiplier x episode months / 12 "
    "(the Inputs sheet's episode length)."
)


@dataclass(frozen=True)
class Weighting:
    """The sheet, and each locality's caseload and weighted caseload as the plan sheet refers to them."""

    sheet: Sheet
    caseload: list[Expr]
    weighted: list[Expr]


def _inputs(audit, column: str) -> list[object]:
    return [Input(float(v)) for v in audit[column]]


def _categories(table: Table, option: Option, names: InputNames) -> tuple[list[Expr], list[Expr]]:
    """Counts (inputs) and weighted counts per category: the caseload and the category-weighted sum."""
    audit, model = option.prepared.audit, option.prepared.inputs.model
    unit = option.plan.case_unit
    if not model.categories:
        caseload = table.add(f"Caseload\n({unit})", COUNT, _inputs(audit, "raw caseload")).cells
        return caseload, caseload
    counts, weighted = [], []
    for category in model.categories:
        count = table.add(f"{category.name}\ncount", COUNT, _inputs(audit, f"{category.name} count")).cells
        weight = names.weights[category.name]
        counts.append(count)
        weighted.append(table.add(f"{category.name}\nweighted", FIGURE, [c * weight for c in count]).cells)
    rows = range(table.n)
    caseload = table.add(f"Caseload\n({unit})", COUNT, [sum_of([c[i] for c in counts]) for i in rows])
    total = table.add("Category-\nweighted", FIGURE, [sum_of([w[i] for w in weighted]) for i in rows])
    return caseload.cells, total.cells


def _multipliers(table: Table, option: Option, names: InputNames) -> list[Expr] | None:
    """Each factor's values (inputs) and multiplier; their product per locality, or None without any."""
    audit, model = option.prepared.audit, option.prepared.inputs.model
    found = []
    for _key, factor in model.factor_keys():
        values = [
            table.add(
                f"{factor.name}\n{column}", "0.00", _inputs(audit, f"{factor.name} {column}"), None
            ).cells
            for column in factor.columns()
        ]
        header = f"{factor.name}\nmultiplier"
        if factor.linear is not None and len(values) == 1:
            intercept, slope = names.linear[factor.name]
            cells = [intercept + slope * v for v in values[0]]
        else:
            cells = [float(v) for v in audit[f"{factor.name} multiplier"]]
        found.append(table.add(header, FACTOR, cells, None).cells)
    if len(found) <= 1:
        return found[0] if found else None
    product = []
    for i in range(table.n):
        term = found[0][i]
        for other in found[1:]:
            term = term * other[i]
        product.append(term)
    return table.add("Multiplier", FACTOR, product, None).cells


def weighting_sheet(title: str, option: Option, names: InputNames) -> Weighting:
    """The option's weighting, locality by locality, with a total row."""
    frame, audit = option.plan.localities, option.prepared.audit
    model = option.prepared.inputs.model
    table = Table(title, len(frame))
    caseload, weighted_sum = _categories(table, option, names)
    multiplier = _multipliers(table, option, names)
    weighted = []
    for i in range(table.n):
        value = weighted_sum[i] if multiplier is None else weighted_sum[i] * multiplier[i]
        weighted.append(value if names.episode is None else value * names.episode)
    result = table.add(f"Weighted\ncaseload\n({option.plan.case_unit})", FIGURE, weighted)
    if model.high_risk and HIGH_RISK in audit:
        table.add("High-risk\nweighted", FIGURE, [float(v) for v in audit[HIGH_RISK]])
    notes = [Note(BANDED)] if model.factor_keys() else []
    notes += [Note(ANNUAL)] if EPISODE in audit else []
    rows = table.rows([str(loc) for loc in frame.index])
    sheet = Sheet(title, table.headers, rows, table.formats, bold_last_row=True, notes=tuple(notes))
    return Weighting(sheet, [table.outside(e) for e in caseload], table.elsewhere(result))
