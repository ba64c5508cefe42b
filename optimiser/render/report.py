"""The board pack: the paper (markdown, HTML, Word), an Excel workbook and charts, built in memory."""

import pandas as pd

from optimiser.inputs.options_file import Paper
from optimiser.planning.options import MEASURES, Option, compare_frame, locality_frame
from optimiser.planning.paper_horizon import HorizonPlan
from optimiser.planning.plan import COLUMNS, Plan
from optimiser.planning.years import LOCALITY_COLUMNS, YEAR_COLUMNS
from optimiser.render import charts
from optimiser.render.explain import audit_frame
from optimiser.render.paper import build
from optimiser.render.paper.docx import paper_docx
from optimiser.render.paper.html import paper_html
from optimiser.render.paper.markdown import paper_markdown
from optimiser.render.workbook import COUNT, MONEY, WTE, WTE_IN_POST, Sheet, workbook_bytes
from optimiser.render.years import ordered_localities

PLAN_FORMATS = {
    "in_post_wte": WTE_IN_POST,
    "weighted_caseload": COUNT,
    "load_per_wte_before": COUNT,
    "required_wte": WTE,
    "planned_wte": WTE,
    "change_wte": WTE,
    "load_per_wte": COUNT,
    "cost": MONEY,
    "cost_change": MONEY,
}
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


def _plan_sheet(number: int, plan: Plan) -> Sheet:
    rows = [[str(name), *(float(row[c]) for c in COLUMNS)] for name, row in plan.localities.iterrows()]
    rows.append(["Total", *(float(plan.totals[c]) for c in COLUMNS)])
    return Sheet(
        f"Plan {number}", ["locality", *COLUMNS], rows, [None, *(PLAN_FORMATS[c] for c in COLUMNS)], True
    )


def _audit_sheet(number: int, option: Option) -> Sheet:
    frame = audit_frame(option.prepared.audit, option.prepared.data, option.prepared.inputs.model)
    rows = [[str(name), *(float(v) for v in row)] for name, row in frame.iterrows()]
    return Sheet(
        f"Weighting {number}",
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


def workbook(title: str, options: list[Option], horizon: HorizonPlan | None = None) -> bytes:
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
    for i, option in enumerate(options, start=1):
        sheets += [_plan_sheet(i, option.plan), _audit_sheet(i, option)]
    if horizon is not None:
        sheets += [_years_sheet(horizon), _years_locality_sheet(horizon)]
    assumptions = [
        [f"Option {i}: {o.plan.scenario}", a.label, a.value, a.source]
        for i, o in enumerate(options, 1)
        for a in o.plan.assumptions
    ]
    assumptions += [
        [f"Option {i}: {o.plan.scenario}", f"{f.role} file", f.path, f"SHA-256 {f.sha256}"]
        for i, o in enumerate(options, 1)
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
    files["report.xlsx"] = workbook(paper.title, options, horizon)
    return files
