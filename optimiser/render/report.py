"""The board pack: the paper (markdown, HTML, Word), an Excel workbook and charts, built in memory."""

import pandas as pd

from optimiser.inputs.options_file import Paper
from optimiser.planning.compare_measures import MEASURES, compare_frame, locality_frame
from optimiser.planning.results import LOCALITY_COLUMNS, YEAR_COLUMNS, HorizonPlan, Option
from optimiser.render import charts
from optimiser.render.explain import audit_frame
from optimiser.render.paper import build
from optimiser.render.paper.docx import paper_docx
from optimiser.render.paper.html import paper_html
from optimiser.render.paper.paper_markdown import paper_markdown
from optimiser.render.workbook import (
    COUNT,
    MONEY,
    SHEET_NAME_LENGTH,
    WTE,
    WTE_IN_POST,
    Sheet,
    sheet_titles,
    workbook_bytes,
)
from optimiser.render.workbook_inputs import inputs_sheet
from optimiser.render.workbook_plan import plan_sheet
from optimiser.render.years_words import ordered_localities

YEAR_FORMATS = {
    "start_wte": WTE_IN_POST,
    "leavers": WTE,
    "recruits": WTE,
    "removed": WTE,
    "moved": WTE,
    "moved_in": WTE,
    "moved_out": WTE,
    "planned_wte": WTE,
    "change_wte": WTE,
    "weighted_caseload": COUNT,
    "required_wte": WTE,
    "load_per_wte": COUNT,
    "worst_load_per_wte": COUNT,
    "cost": MONEY,
    "full_year_cost": MONEY,
    "in_year_cost": MONEY,
    "change_in_year": MONEY,
    "change_full_year": MONEY,
    "budget": MONEY,
    "one_off_cost": MONEY,
}
YEAR_FLOWS = (
    "leavers",
    "recruits",
    "removed",
    "moved",
    "change_wte",
    "in_year_cost",
    "change_in_year",
    "change_full_year",
    "one_off_cost",
)
"""Per-year figures that add up over the horizon (the Years sheet's total row); stocks, loads and
budgets do not, and are left blank there."""
MEASURE_FORMATS = {"wte": WTE, "signed_wte": WTE, "money": MONEY, "signed_money": MONEY, "count": COUNT}


def chart_files(figures: dict[str, charts.Figure]) -> dict[str, bytes]:
    """PNG and SVG of the paper's charts: charts/frontier and charts/load."""
    files = {}
    for kind, figure in figures.items():
        files[f"charts/{kind}.png"] = charts.to_png(figure)
        files[f"charts/{kind}.svg"] = charts.to_svg(figure)
    return files


def _audit_sheet(title: str, option: Option) -> Sheet:
    frame = audit_frame(option.prepared.audit, option.prepared.data, option.prepared.inputs.model)
    rows = [[str(name), *(float(v) for v in row)] for name, row in frame.iterrows()]
    return Sheet(
        title,
        ["locality", *frame.columns],
        rows,
        [None, *(["#,##0.00"] * len(frame.columns))],
    )


def _years_sheet(horizon: HorizonPlan) -> Sheet:
    """One row per year (YEAR_COLUMNS, unrounded), then the horizon's total of each flow."""
    result = horizon.result
    t = result.by_year
    rows: list[list[object]] = [[y, *(float(t.loc[y, c]) for c in YEAR_COLUMNS)] for y in result.years]
    rows.append(["Total", *(float(t[c].sum()) if c in YEAR_FLOWS else None for c in YEAR_COLUMNS)])
    return Sheet(
        "Years", ["year", *YEAR_COLUMNS], rows, [None, *(YEAR_FORMATS[c] for c in YEAR_COLUMNS)], True
    )


def _years_locality_sheet(horizon: HorizonPlan) -> Sheet:
    """One row per year and locality (LOCALITY_COLUMNS, unrounded), each year closed by its total."""
    result = horizon.result
    t, by_year = result.localities, result.by_year
    totals = {
        "moved_in": "moved",
        "moved_out": "moved",
        "cost": "full_year_cost",
    }
    rows: list[list[object]] = []
    bold = []
    for year in result.years:
        for loc in ordered_localities(result):
            rows.append([year, loc, *(float(t.loc[(loc, year), c]) for c in LOCALITY_COLUMNS)])
        bold.append(len(rows))
        rows.append([year, "Total", *(float(by_year.loc[year, totals.get(c, c)]) for c in LOCALITY_COLUMNS)])
    return Sheet(
        "Years by locality",
        ["year", "locality", *LOCALITY_COLUMNS],
        rows,
        [None, None, *(YEAR_FORMATS[c] for c in LOCALITY_COLUMNS)],
        bold_rows=tuple(bold),
    )


FIXED_SHEETS = ("Options", "Planned WTE", "Inputs", "Years", "Years by locality", "Assumptions")
"""The workbook's sheets whose names do not come from option labels."""
WEIGHTING = " weighting"


def option_sheet_titles(labels: list[str]) -> list[tuple[str, str]]:
    """Each option's plan sheet and weighting sheet names, from its label (see `sheet_titles`)."""
    plans = sheet_titles(labels, FIXED_SHEETS)
    room = SHEET_NAME_LENGTH - len(WEIGHTING)
    weighting = sheet_titles([t[:room].rstrip() + WEIGHTING for t in plans], (*FIXED_SHEETS, *plans))
    return list(zip(plans, weighting, strict=True))


def workbook(labels: list[str], options: list[Option], horizon: HorizonPlan | None = None) -> bytes:
    """The workbook: the comparison (several options), the Inputs sheet of named cells, each option's
    plan (live formulas of those cells) and weighting, the years (with a horizon), and assumptions."""
    sheets = []
    if len(options) > 1:
        frame = compare_frame(options)
        rows = [[m, *(float(v) for v in row)] for m, row in frame.iterrows()]
        row_formats = [MEASURE_FORMATS[kind] for _, kind in MEASURES]
        sheets.append(
            Sheet(
                "Options",
                ["measure", *frame.columns],
                rows,
                [None] * (len(frame.columns) + 1),
                False,
                row_formats,
            )
        )
        localities = locality_frame(options)
        loc_rows = [[str(n), *(float(v) for v in row)] for n, row in localities.iterrows()]
        sheets.append(
            Sheet(
                "Planned WTE",
                ["locality", *localities.columns],
                loc_rows,
                [None, WTE_IN_POST, *([WTE] * len(options))],
            )
        )
    inputs, names = inputs_sheet(labels, options)
    sheets.append(inputs)
    for option, option_names, (plan_title, weighting_title) in zip(
        options, names, option_sheet_titles(labels), strict=True
    ):
        capacity = option.prepared.data.grades[0].capacity
        sheets += [
            plan_sheet(plan_title, option.plan, option_names, capacity),
            _audit_sheet(weighting_title, option),
        ]
    if horizon is not None:
        sheets += [_years_sheet(horizon), _years_locality_sheet(horizon)]
    assumptions = [
        [f"{label}: {o.plan.scenario}", a.label, a.value, a.source]
        for label, o in zip(labels, options, strict=True)
        for a in o.plan.assumptions
    ]
    assumptions += [
        [f"{label}: {o.plan.scenario}", f"{f.role} file", f.path, f"SHA-256 {f.sha256}"]
        for label, o in zip(labels, options, strict=True)
        for f in o.files
    ]
    if horizon is not None:
        named = f"Years: {horizon.result.scenario}"
        assumptions += [[named, label, value, ""] for label, value in horizon.result.assumptions]
        assumptions += [[named, f"{f.role} file", f.path, f"SHA-256 {f.sha256}"] for f in horizon.files]
    sheets.append(Sheet("Assumptions", ["option", "assumption", "value", "source"], assumptions, [None] * 4))
    return workbook_bytes(sheets)


def pack(
    paper: Paper,
    options: list[Option],
    frontier: pd.DataFrame,
    curves: dict[int, pd.DataFrame] | None = None,
    horizon: HorizonPlan | None = None,
) -> dict[str, bytes]:
    """Every file of the board pack, by relative name, from planned options, one cost-of-cap
    frontier for the whole paper (columns cap and cost), for options planned to a confidence level
    their sweep of levels (`curves`, by option index) and, when the options file names one, the
    horizon planned over its years (charts/years, its appendix, the Years sheets); nothing is
    solved or written here.

    The paper is one document model (`render.paper.build`) written three ways, so report.md,
    report.html and report.docx cannot drift apart."""
    figures = build.figures(paper, options, frontier, curves)
    if horizon is not None:
        from optimiser.render.years_chart import trajectory_chart

        figures["years"] = trajectory_chart(horizon.result)
    files = chart_files(figures)
    doc = build.document(paper, options, frontier, {k: files[f"charts/{k}.png"] for k in figures}, horizon)
    files["report.md"] = paper_markdown(doc).encode("utf-8")
    files["report.html"] = paper_html(doc).encode("utf-8")
    files["report.docx"] = paper_docx(doc)
    files["report.xlsx"] = workbook(paper.labels, options, horizon)
    return files
