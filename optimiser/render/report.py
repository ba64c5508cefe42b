"""The board pack: the paper (markdown, HTML, Word), an Excel workbook and charts, built in memory."""

import pandas as pd

from optimiser.inputs.options_file import Paper
from optimiser.planning.results import HorizonPlan, Option
from optimiser.planning.sensitivity_results import Sensitivity
from optimiser.render import charts
from optimiser.render.paper import build
from optimiser.render.paper.docx import paper_docx
from optimiser.render.paper.html import paper_html
from optimiser.render.paper.paper_markdown import paper_markdown
from optimiser.render.sensitivity_chart import sensitivity_charts
from optimiser.render.workbook_book import workbook


def chart_files(figures: dict[str, charts.Figure]) -> dict[str, bytes]:
    """PNG and SVG of the paper's charts: charts/frontier and charts/load."""
    files = {}
    for kind, figure in figures.items():
        files[f"charts/{kind}.png"] = charts.to_png(figure)
        files[f"charts/{kind}.svg"] = charts.to_svg(figure)
    return files


def pack(
    paper: Paper,
    options: list[Option],
    frontier: pd.DataFrame,
    curves: dict[int, pd.DataFrame] | None = None,
    horizon: HorizonPlan | None = None,
    sensitivity: list[tuple[str, Sensitivity]] | None = None,
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
    files |= sensitivity_charts(sensitivity or [])
    files["report.xlsx"] = workbook(paper.labels, options, horizon, sensitivity)
    return files
