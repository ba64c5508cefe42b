"""Rich terminal rendering of a plan and of a weighting audit (built from `render.console`'s
literal text and tables)."""

import pandas as pd
from rich.console import Group

from optimiser.planning.plan import Plan
from optimiser.render.answer import DETAILS_HINT, answer_sentences, with_holds
from optimiser.render.columns import (
    MANY_LOCALITIES,
    NOT_KNOWN,
    national_note,
    plan_cells,
    plan_fits,
    summary_sentences,
)
from optimiser.render.console import tables, text
from optimiser.render.explain import audit_cells
from optimiser.render.question_words import objective_words
from optimiser.render.titles import plan_title


def plan_table(plan: Plan, width: int | None = None, details: bool = True) -> Group:
    """The Appendix 3 style table with a total row, then the headline sentences and assumptions.

    Above `MANY_LOCALITIES` localities the table shows the top and bottom by required WTE, with a
    row counting the rest and a line saying where every locality is (csv, json, the workbook).
    `width`: fit a terminal this wide (secondary columns left out, see `columns.PLAN_RANKS`).
    `details` False: the answer first (`render.answer`), the rest left to `--details`.
    """
    headers, body, total = plan_cells(plan, many=MANY_LOCALITIES)
    if not details:
        return Group(*_answer_first(plan, headers, [*body, total], width))
    parts = tables(plan_title(plan), headers, [*body, total], width, plan_fits(plan), total=True)
    note = national_note(plan)
    lines = [text(note, style="dim")] if note else []
    lines += [text(s) for s in with_holds(plan, summary_sentences(plan))]
    lines.append(
        text(f"Status: {plan.status} ({plan.solver}); objective: {objective_words(plan)}.", style="dim")
    )
    lines.append(text("Assumptions:", style="bold"))
    for a in plan.assumptions:
        lines.append(text(f"  {a.label}: {a.value}" + (f" (source: {a.source})" if a.source else "")))
    return Group(*parts, *lines)


def _answer_first(plan: Plan, headers: list[str], rows: list[list[str]], width: int | None) -> list:
    """The table without the columns that are not known in any row (the answer says so), then the
    answer in at most five sentences and where the rest is."""
    fits = plan_fits(plan)
    keep = [0] + [i for i in range(1, len(headers)) if any(row[i] not in (NOT_KNOWN, "") for row in rows)]
    headers, rows = [headers[i] for i in keep], [[row[i] for i in keep] for row in rows]
    fits = [fits[i - 1] for i in keep[1:]]
    parts = tables("", headers, rows, width, fits, total=True)  # the title on its own line: not
    # wrapped to a narrow table's width
    answer = [text(s) for s in answer_sentences(plan)]
    # the scenario's name states its own figures; figures set on the command line are said too
    title = plan_title(plan) if plan.set_on_command_line else plan.scenario
    return [text(title, style="bold"), *parts, *answer, text(DETAILS_HINT, style="dim")]


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
