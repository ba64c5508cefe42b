"""Rich terminal rendering of a plan and of a weighting audit.

Every piece of text reaches Rich as a `Text` in its visible form (see `render.text`), so names are
never read as console markup or emoji codes and no control character reaches the terminal.
"""

import pandas as pd
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from optimiser.planning.plan import Plan
from optimiser.render.columns import MANY_LOCALITIES, national_note, plan_cells, plan_fits, summary_sentences
from optimiser.render.explain import audit_cells
from optimiser.render.fit import Fit, fit, fitted_parts, full_width
from optimiser.render.text import visible


def text(value: str, style: str = "") -> Text:
    """Literal text for Rich: no markup, no emoji codes, control characters visible."""
    return Text(visible(value), style=style)


class LiteralConsole(Console):
    """A console that prints strings as literal text (never markup or emoji), controls visible."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, emoji=False, **kwargs)

    def print(self, *objects, **kwargs) -> None:
        super().print(*(text(o) if isinstance(o, str) else o for o in objects), **kwargs)


def table_of(title: str, headers: list[str], rows: list[list[str]]) -> Table:
    """A table whose cells are never truncated: headers wrap, figures keep their full width."""
    headers = [visible(h) for h in headers]
    rows = [[visible(c) for c in row] for row in rows]
    table = Table(title=text(title), title_style="bold", header_style="bold")
    for i, header in enumerate(headers):
        widest = max([len(row[i]) for row in rows] + [len(line) for line in header.split("\n")])
        table.add_column(Text(header), justify="left" if i == 0 else "right", min_width=widest, no_wrap=i > 0)
    for row in rows:
        table.add_row(*(Text(c) for c in row))
    return table


def _total_row(table: Table) -> Table:
    table.rows[-1].end_section = False
    table.rows[-2].end_section = True
    table.rows[-1].style = "bold"
    return table


def tables(
    title: str,
    headers: list[str],
    rows: list[list[str]],
    width: int | None,
    fits: list[Fit] | None = None,
    total: bool = False,
) -> list[RenderableType]:
    """The full table (`table_of`) when `width` is None or it fits; else the table fitted to `width`
    columns (`render.fit`), with a footnote naming any column left out. Without `fits` the columns
    are of equal standing: split over several tables, none left out."""
    if width is None or full_width(headers, rows) <= width:
        table = table_of(title, headers, rows)
        return [_total_row(table) if total else table]
    stack = fits is None
    fits = fits if fits is not None else [Fit(h) for h in headers[1:]]
    return fitted_parts(fit(title, headers, rows, fits, width, stack=stack, total=total), width)


def plan_table(plan: Plan, width: int | None = None) -> Group:
    """The Appendix 3 style table with a total row, then the headline sentences and assumptions.

    Above `MANY_LOCALITIES` localities the table shows the top and bottom by required WTE, with a
    row counting the rest and a line saying where every locality is (csv, json, the workbook).
    `width`: fit a terminal this wide (secondary columns left out, see `columns.PLAN_RANKS`).
    """
    headers, body, total = plan_cells(plan, many=MANY_LOCALITIES)
    parts = tables(plan.scenario, headers, [*body, total], width, plan_fits(plan), total=True)
    note = national_note(plan)
    lines = [text(note, style="dim")] if note else []
    lines += [text(s) for s in summary_sentences(plan)]
    lines.append(text(f"Status: {plan.status} ({plan.solver}); objective: {plan.objective}.", style="dim"))
    lines.append(text("Assumptions:", style="bold"))
    for a in plan.assumptions:
        lines.append(text(f"  {a.label}: {a.value}" + (f" (source: {a.source})" if a.source else "")))
    return Group(*parts, *lines)


AUDIT_EACH_END = 5
"""At national scale the audit (one column per locality) shows this many localities at each end."""


def audit_table(audit: pd.DataFrame, title: str, notes: list[str], width: int | None = None) -> Group:
    """The weighting audit: every factor from raw count to capacity per WTE, then the rules in words.

    Above `MANY_LOCALITIES` localities it shows the few needing the most and the least WTE, with a
    column counting the rest and a line saying where every locality is (csv, json). `width`: fit a
    terminal this wide; every figure matters, so the localities are split over several tables."""
    left_out = len(audit) - 2 * AUDIT_EACH_END
    if len(audit) <= MANY_LOCALITIES or "required WTE" not in audit.columns:
        headers, body = audit_cells(audit)
        return Group(*tables(title, headers, body, width), *(text(note) for note in notes))
    order = audit["required WTE"].sort_values(ascending=False, kind="stable").index
    headers, body = audit_cells(audit.loc[[*order[:AUDIT_EACH_END], *order[-AUDIT_EACH_END:]]])
    at = 1 + AUDIT_EACH_END
    headers.insert(at, f"\u2026 {left_out:,} more")
    for row in body:
        row.insert(at, "")
    note = (
        f"Showing the {AUDIT_EACH_END} localities needing the most WTE and the {AUDIT_EACH_END} needing the "
        f"least, of {len(audit):,}; --format csv or --format json has every locality."
    )
    return Group(*tables(title, headers, body, width), text(note, style="dim"), *(text(n) for n in notes))
