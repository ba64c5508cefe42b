"""The board pack: a markdown paper, an HTML page and an Excel workbook, with charts, built in memory."""

import base64
import re

import pandas as pd

from optimiser.planning.options import MEASURES, Option, compare_frame, locality_frame
from optimiser.planning.plan import COLUMNS, Plan
from optimiser.render import charts
from optimiser.render.columns import plan_cells, summary_sentences
from optimiser.render.compare import compare_cells, compare_markdown, locality_cells
from optimiser.render.explain import audit_frame
from optimiser.render.markdown import plan_markdown
from optimiser.render.text import html_text, markdown_code, markdown_text
from optimiser.render.workbook import COUNT, MONEY, WTE, WTE_IN_POST, Sheet, workbook_bytes

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
MEASURE_FORMATS = {"wte": WTE, "signed_wte": WTE, "money": MONEY, "signed_money": MONEY, "count": COUNT}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "option"


def chart_files(options: list[Option], frontiers: list[pd.DataFrame]) -> dict[str, bytes]:
    """PNG and SVG of each option's load, change and frontier charts, named by option and scenario file."""
    files = {}
    for i, (option, frontier) in enumerate(zip(options, frontiers, strict=True), start=1):
        stem = f"charts/{i}-{slug(option.path.stem)}"
        plan = option.plan
        figures = (
            ("load", charts.load_chart(option.plan)),
            ("change", charts.change_chart(option.plan)),
            ("frontier", charts.frontier_chart(frontier, plan.scenario, plan.cap, plan.case_unit)),
        )
        for kind, figure in figures:
            files[f"{stem}-{kind}.png"] = charts.to_png(figure)
            files[f"{stem}-{kind}.svg"] = charts.to_svg(figure)
    return files


def _provenance_markdown(options: list[Option]) -> list[str]:
    lines = ["## Input files", "", "| Option | Role | File | SHA-256 |", "|---|---|---|---|"]
    for option in options:
        for f in option.files:
            cells = (markdown_text(option.plan.scenario), markdown_text(f.role), markdown_code(str(f.path)))
            lines.append(f"| {' | '.join(cells)} | `{f.sha256}` |")
    return lines


def paper_markdown(title: str, options: list[Option], chart_names: list[str]) -> str:
    parts = [f"# {markdown_text(title)}", ""]
    if len(options) > 1:
        parts += [compare_markdown("Options compared", options), ""]
    for i, option in enumerate(options, start=1):
        parts.append(plan_markdown(option.plan).replace("## ", f"## Option {i}: ", 1))
        for name in chart_names:
            if name.startswith(f"charts/{i}-") and name.endswith(".png"):
                alt = markdown_text(
                    f"{option.plan.scenario}: {name.rsplit('-', 1)[1][:-4]} chart", brackets=True
                )
                parts += [f"![{alt}]({name})", ""]
    parts += _provenance_markdown(options)
    return "\n".join(parts) + "\n"


def _html_table(headers: list[str], rows: list[list[str]], total: bool = False) -> str:
    head = "".join(f"<th>{html_text(h).replace(chr(10), '<br>')}</th>" for h in headers)
    body = []
    for n, row in enumerate(rows):
        cls = ' class="total"' if total and n == len(rows) - 1 else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{html_text(c)}</td>" for c in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


STYLE = """body{font-family:Arial,Helvetica,sans-serif;max-width:1100px;margin:2em auto;color:#111}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:4px 8px}
td:not(:first-child){text-align:right}th{background:#eee}tr.total td{font-weight:bold}
img{max-width:100%;border:1px solid #ccc}code{font-size:85%}"""


def paper_html(title: str, options: list[Option], files: dict[str, bytes]) -> str:
    out = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html_text(title)}</title>"]
    out.append(f"<style>{STYLE}</style></head><body><h1>{html_text(title)}</h1>")
    if len(options) > 1:
        out += ["<h2>Options compared</h2>", _html_table(*compare_cells(options))]
        out.append(_html_table(*locality_cells(options), total=True))
    for i, option in enumerate(options, start=1):
        plan = option.plan
        headers, body, total = plan_cells(plan)
        out.append(f"<h2>Option {i}: {html_text(plan.scenario)}</h2>")
        if plan.description:
            out.append(f"<p>{html_text(plan.description)}</p>")
        out.append(_html_table(headers, [*body, total], total=True))
        out += [f"<p>{html_text(s)}</p>" for s in summary_sentences(plan)]
        out.append("<h3>Assumptions</h3><ul>")
        for a in plan.assumptions:
            source = f" (source: {html_text(a.source)})" if a.source else ""
            out.append(f"<li>{html_text(a.label)}: {html_text(a.value)}{source}</li>")
        out.append("</ul>")
        for name, data in files.items():
            if name.startswith(f"charts/{i}-") and name.endswith(".png"):
                encoded = base64.b64encode(data).decode("ascii")
                alt = html_text(f"{plan.scenario}: {name.rsplit('-', 1)[1][:-4]} chart")
                out.append(f"<p><img alt='{alt}' src='data:image/png;base64,{encoded}'></p>")
    out.append("<h2>Input files</h2>")
    rows = [[o.plan.scenario, f.role, f.path, f.sha256] for o in options for f in o.files]
    out.append(_html_table(["Option", "Role", "File", "SHA-256"], rows))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


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


def workbook(title: str, options: list[Option]) -> bytes:
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
    sheets.append(Sheet("Assumptions", ["option", "assumption", "value", "source"], assumptions, [None] * 4))
    return workbook_bytes(sheets)


def pack(title: str, options: list[Option], frontiers: list[pd.DataFrame]) -> dict[str, bytes]:
    """Every file of the board pack, by relative name, from planned options and their cost-of-cap
    frontiers (columns cap and cost); nothing is solved or written here."""
    files = chart_files(options, frontiers)
    names = sorted(files)
    files["report.md"] = paper_markdown(title, options, names).encode("utf-8")
    files["report.html"] = paper_html(title, options, files).encode("utf-8")
    files["report.xlsx"] = workbook(title, options)
    return files
