"""Rich terminal rendering of a plan and of a weighting audit."""

import pandas as pd
from rich.console import Group
from rich.table import Table
from rich.text import Text

from optimiser.planning.plan import Plan
from optimiser.render.columns import plan_cells, summary_sentences
from optimiser.render.explain import audit_cells


def table_of(title: str, headers: list[str], rows: list[list[str]]) -> Table:
    """A table whose cells are never truncated: headers wrap, figures keep their full width."""
    table = Table(title=title, title_style="bold", header_style="bold")
    for i, header in enumerate(headers):
        widest = max([len(row[i]) for row in rows] + [len(line) for line in header.splitlines()])
        table.add_column(header, justify="left" if i == 0 else "right", min_width=widest, no_wrap=i > 0)
    for row in rows:
        table.add_row(*row)
    return table


def plan_table(plan: Plan) -> Group:
    """The Appendix 3 style table with a total row, then the headline sentences and assumptions."""
    headers, body, total = plan_cells(plan)
    table = table_of(plan.scenario, headers, [*body, total])
    table.rows[-1].end_section = False
    table.rows[-2].end_section = True
    table.rows[-1].style = "bold"
    lines = [Text(s) for s in summary_sentences(plan)]
    lines.append(Text(f"Status: {plan.status} ({plan.solver}); objective: {plan.objective}.", style="dim"))
    lines.append(Text("Assumptions:", style="bold"))
    for a in plan.assumptions:
        lines.append(Text(f"  {a.label}: {a.value}" + (f" (source: {a.source})" if a.source else "")))
    return Group(table, *lines)


def audit_table(audit: pd.DataFrame, title: str, notes: list[str]) -> Group:
    """The weighting audit: every factor from raw count to capacity per WTE, then the rules in words."""
    headers, body = audit_cells(audit)
    return Group(table_of(title, headers, body), *(Text(note) for note in notes))
