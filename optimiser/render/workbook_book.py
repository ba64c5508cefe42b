"""The board pack's workbook, sheet by sheet: the comparison (Options, Planned WTE), the Inputs sheet of
named cells, each option's plan and weighting, the years (with a horizon), the sensitivity (when
worked out) and the assumptions. Every figure that can be a formula of the named inputs is one, and is
written with its worked-out value (render/workbook_writer)."""

from __future__ import annotations

from optimiser.planning.results import HorizonPlan, Option
from optimiser.planning.sensitivity_results import Sensitivity
from optimiser.render.workbook import SHEET_NAME_LENGTH, Sheet, sheet_titles
from optimiser.render.workbook_cells import span
from optimiser.render.workbook_inputs import InputNames, in_post_total, inputs_sheet, option_block
from optimiser.render.workbook_options import options_sheet, planned_sheet
from optimiser.render.workbook_plan import PlanCells, in_post_column, plan_sheet
from optimiser.render.workbook_sensitivity import sensitivity_sheet
from optimiser.render.workbook_weighting import weighting_sheet
from optimiser.render.workbook_writer import workbook_bytes
from optimiser.render.workbook_years import locality_sheet, years_sheet

FIXED_SHEETS = (
    "Options",
    "Planned WTE",
    "Inputs",
    "Years",
    "Years by locality",
    "Sensitivity",
    "Assumptions",
)
"""The workbook's sheets whose names do not come from option labels."""
WEIGHTING = " weighting"


def option_sheet_titles(labels: list[str]) -> list[tuple[str, str]]:
    """Each option's plan sheet and weighting sheet names, from its label (see `sheet_titles`)."""
    plans = sheet_titles(labels, FIXED_SHEETS)
    room = SHEET_NAME_LENGTH - len(WEIGHTING)
    weighting = sheet_titles([t[:room].rstrip() + WEIGHTING for t in plans], (*FIXED_SHEETS, *plans))
    return list(zip(plans, weighting, strict=True))


def _option_sheets(
    labels: list[str], options: list[Option]
) -> tuple[Sheet, list[PlanCells], list[InputNames], list[Sheet]]:
    """The Inputs sheet, each option's plan cells and names, and its plan and weighting sheets in order."""
    blocks, plans, names, sheets = [], [], [], []
    first_row = 0
    titles = option_sheet_titles(labels)
    for number, (label, option, (plan_title, weighting_title)) in enumerate(
        zip(labels, options, titles, strict=True), start=1
    ):
        plan = option.plan
        in_post = [float(v) for v in plan.localities["in_post_wte"]]
        column = span(plan_title, 1, len(in_post), in_post_column(plan), in_post)
        block, option_names = option_block(number, label, option, first_row, in_post_total(in_post, column))
        first_row += len(block.rows)
        weighting = weighting_sheet(weighting_title, option, option_names)
        capacity = option.prepared.data.grades[0].capacity
        cells = plan_sheet(plan_title, plan, option_names, weighting, capacity)
        blocks.append(block)
        plans.append(cells)
        names.append(option_names)
        sheets += [cells.sheet, weighting.sheet]
    return inputs_sheet(blocks), plans, names, sheets


def _assumptions(labels: list[str], options: list[Option], horizon: HorizonPlan | None) -> Sheet:
    """Every option's assumptions and input files (with their hashes), then the horizon's."""
    rows: list[list[object]] = []
    for label, option in zip(labels, options, strict=True):
        named = f"{label}: {option.plan.scenario}"
        rows += [[named, a.label, a.value, a.source] for a in option.plan.assumptions]
        rows += [[named, f"{f.role} file", f.path, f"SHA-256 {f.sha256}"] for f in option.files]
    if horizon is not None:
        named = f"Years: {horizon.result.scenario}"
        rows += [[named, label, value, ""] for label, value in horizon.result.assumptions]
        rows += [[named, f"{f.role} file", f.path, f"SHA-256 {f.sha256}"] for f in horizon.files]
    headers = ["Option", "Assumption", "Value", "Source"]
    return Sheet("Assumptions", headers, rows, [None] * 4, widths=(30, 26, 50, 60))


def workbook(
    labels: list[str],
    options: list[Option],
    horizon: HorizonPlan | None = None,
    sensitivity: list[tuple[str, Sensitivity]] | None = None,
) -> bytes:
    """The workbook (see the module docstring), as bytes for an atomic write."""
    inputs, plans, names, option_sheets = _option_sheets(labels, options)
    sheets = []
    if len(options) > 1:
        sheets += [options_sheet(labels, plans, names), planned_sheet(labels, options, plans)]
    sheets += [inputs, *option_sheets]
    if horizon is not None:
        localities, totals = locality_sheet(horizon)
        sheets += [years_sheet(horizon, localities, totals), localities]
    if sensitivity:
        sheets.append(sensitivity_sheet(sensitivity))
    sheets.append(_assumptions(labels, options, horizon))
    return workbook_bytes(sheets)
