"""The workbook's Sensitivity sheet: for each option, each input moved its stated step either way and
the plan made again (stored as values, shaded as the optimiser's: a spreadsheet cannot re-plan), the
change from the plan's figure at each end as a formula of those cells, and a tornado chart of it."""

from __future__ import annotations

from optimiser.planning.sensitivity_results import INFEASIBLE, Replan, Sensitivity
from optimiser.render.workbook import COUNT, MONEY, WTE, Chart, Decision, Note, Sheet
from optimiser.render.workbook_cells import cell

HEADERS = [
    "Input",
    "Step",
    "Low",
    "High",
    "Plan's figure",
    "At low\n(re-plan)",
    "At high\n(re-plan)",
    "Change\nat low",
    "Change\nat high",
    "Establishment\nat low (WTE)",
    "Establishment\nat high (WTE)",
]
PLAN, LOW, HIGH, CHANGE_LOW, CHANGE_HIGH = 4, 5, 6, 7, 8
MEASURE = {"cost": ("recurring cost (£ a year)", MONEY), "best_cap": ("best cap the budget buys", COUNT)}
NOTE = (
    "Blue cells are re-plans (the optimiser run again with one input moved), stored as values; the "
    "changes are formulas of them. Run `establishment plan SCENARIO --sensitivity` to work them out again."
)


def _figure(sensitivity: Sensitivity, replan: Replan | None) -> object:
    if replan is None or replan.status == INFEASIBLE:
        return "not planned" if replan is None else INFEASIBLE
    value = replan.best_cap if sensitivity.measure == "best_cap" else replan.cost
    return Decision(value) if value is not None else "holds the cap"


def _wte(replan: Replan | None) -> object:
    return Decision(replan.planned_wte) if replan is not None and replan.planned_wte is not None else None


def _change(row: int, column: int, figure: object, base: float) -> object:
    """The end's figure less the plan's, as a formula of the two cells (blank where no figure)."""
    if not isinstance(figure, Decision):
        return None
    end = cell(None, row + 1, column, figure.value)
    return end - cell(None, row + 1, PLAN, base)


def _rows(label: str, sensitivity: Sensitivity, first: int) -> list[list[object]]:
    base = sensitivity.base.best_cap if sensitivity.measure == "best_cap" else sensitivity.base.cost
    rows: list[list[object]] = []
    for i, swing in enumerate(sensitivity.swings):
        row = first + i
        low, high = _figure(sensitivity, swing.low), _figure(sensitivity, swing.high)
        rows.append(
            [
                f"{label}: {swing.label}" if label else swing.label,
                swing.step,
                swing.low_value,
                swing.high_value,
                base,
                low,
                high,
                _change(row, LOW, low, base or 0.0),
                _change(row, HIGH, high, base or 0.0),
                _wte(swing.low),
                _wte(swing.high),
            ]
        )
    return rows


def sensitivity_sheet(found: list[tuple[str, Sensitivity]]) -> Sheet:
    """One row per option's input, ranked within each option; the tornado chart of the changes."""
    rows: list[list[object]] = []
    for label, sensitivity in found:
        rows += _rows(label if len(found) > 1 else "", sensitivity, len(rows))
    words, number = MEASURE[found[0][1].measure]
    formats = [None, None, None, None, number, number, number, number, number, WTE, WTE]
    steps = [Note("Steps: " + "; ".join(s.steps) + ".") for _, s in found[:1]]
    chart = Chart(
        f"What moves the {words} most", 0, (("Low end", CHANGE_LOW), ("High end", CHANGE_HIGH)), words
    )
    return Sheet(
        "Sensitivity",
        HEADERS,
        rows,
        formats,
        notes=(*steps, Note(NOTE)),
        widths=(34, 10, 14, 14, 14, 14, 14, 13, 13, 14, 14),
        chart=chart,
    )
