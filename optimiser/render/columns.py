"""The plan's display columns, shared by the terminal table and markdown so they never drift.

Where WTE in post is not known (a blank `in_post_wte`), the figures that rest on it (in post, load
per WTE now, change, cost of change) say "not known" rather than a number or a dash. At national
scale (more than `MANY_LOCALITIES` rows) the terminal and the paper's body show the localities
needing the most and the least WTE, sorted, with a row saying how many more there are.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from optimiser.inputs.costs import budget_gap
from optimiser.planning.plan import Plan
from optimiser.render import numbers
from optimiser.render.fit import Fit
from optimiser.render.marginal_words import marginal_sentences
from optimiser.render.numbers import NOT_KNOWN
from optimiser.render.question_words import question_sentence
from optimiser.render.uncertain_figures import risk_cells, risk_fits, risk_sentences

ON_IN_POST = ("in_post_wte", "load_per_wte_before", "change_wte", "cost_change")
"""Columns whose figures rest on WTE in post (and `in_post_wte:<grade>`)."""

MANY_LOCALITIES = 40
"""Above this many localities, the terminal and the paper's body show the top and bottom rows only."""
SHOWN_EACH_END = 10
"""How many localities needing the most WTE, and the least, are shown at national scale."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    format: Callable[[float], str]
    short: str = ""
    """The header on a narrow terminal (see `render.fit`); empty: the full header."""
    rank: int = 0
    """On a narrow terminal, 0 is always shown and higher ranks are left out first (`PLAN_RANKS`)."""


PLAN_RANKS = {
    "planned_wte": 0,
    "change_wte": 0,
    "load_per_wte": 0,
    "cost_change": 0,
    "in_post_wte": 2,
    "load_per_wte_before": 3,
    "required_wte": 4,
    "weighted_caseload": 5,
    "planned_wte:": 7,
    "in_post_wte:": 8,
}
"""What a service lead needs first from the plan on a narrow terminal: the establishment each
locality gets, the change from today, the load per WTE it leaves and what the change costs are
primary (always shown, with the locality). Then, as room allows: the chance of going over the cap
(rank 1, with a risk), WTE in post, today's load, the WTE the cap alone requires, the weighted
caseload, then the per-grade figures (the totals per locality are already there) and the risk's
percentiles (rank 9). Keys ending ':' stand for every grade's column."""


@dataclass(frozen=True)
class ColumnSpec:
    """A plan column as data: its key, header and short header (templates filled with the grade `g`,
    the `cap`, the case `unit` and what the plan is `for`), and how its figures are shown."""

    key: str
    header: str
    short: str
    format: Callable[[float], str]


def _in_post(value: float) -> str:
    return numbers.wte(value, 2)


PLAN_COLUMNS = (
    ColumnSpec("in_post_wte:{g}", "In post\n{g}\n(WTE)", "In post\n{g}", _in_post),
    ColumnSpec("in_post_wte", "In post\n(WTE)", "In post", _in_post),
    ColumnSpec("weighted_caseload", "Weighted\ncaseload\n({unit})", "Weighted\ncaseload", numbers.count),
    ColumnSpec("load_per_wte_before", "Load per\nWTE now", "Load\nper WTE\nnow", numbers.count),
    ColumnSpec("required_wte", "Required\nfor cap {cap}\n(WTE)", "Required\nfor {cap}", numbers.wte),
    ColumnSpec("planned_wte:{g}", "Establishment\n{g}\n(WTE)", "Planned\n{g}", numbers.wte),
    ColumnSpec("planned_wte", "Establishment\n{for}\n(WTE)", "Planned\n(WTE)", numbers.wte),
    ColumnSpec("change_wte", "Change\n(WTE)", "Change\n(WTE)", numbers.signed_wte),
    ColumnSpec("load_per_wte", "Load per\nWTE after", "Load\nper WTE\nafter", numbers.count),
    ColumnSpec(
        "cost_change", "Cost of\nchange\n(£ a year)", "Cost of\nchange\n(£ a year)", numbers.signed_money
    ),
)
"""Appendix 3 style: in post, required, change, load per WTE, cost of the change. A key with `{g}` is a
column per grade (with several grades); the WTE in post by grade only where the locality file gives it,
and the 'required for the cap' column only where bounds make it differ from the plan."""


def plan_columns(plan: Plan) -> list[Column]:
    """The plan's columns, from PLAN_COLUMNS."""
    names = plan.grade_names
    words = {
        "cap": f"{plan.cap:,g}",
        "unit": plan.case_unit,
        "for": f"for cap {plan.cap:,g}" if plan.objective == "min-cost" else "within\nbudget",
    }
    required_differs = (
        not plan.localities["required_wte"].sub(plan.localities["planned_wte"]).abs().le(1e-9).all()
    )
    columns = []
    for spec in PLAN_COLUMNS:
        per_grade = "{g}" in spec.key
        for g in (names if len(names) > 1 else ()) if per_grade else ("",):
            key = spec.key.format(g=g)
            if (per_grade and key.startswith("in_post") and key not in plan.localities) or (
                key == "required_wte" and not required_differs
            ):
                continue
            rank = PLAN_RANKS[key.split(":")[0] + ":" if per_grade else key]
            columns.append(
                Column(
                    key, spec.header.format(g=g, **words), spec.format, spec.short.format(g=g, **words), rank
                )
            )
    return columns


def missing(value: object) -> bool:
    """A figure that is not there: None or NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _rests_on_in_post(key: str) -> bool:
    return key in ON_IN_POST or key.startswith("in_post_wte:")


def _cell(column: Column, value: float, known: bool) -> str:
    return NOT_KNOWN if not known and _rests_on_in_post(column.key) else column.format(value)


def shown_localities(plan: Plan, many: int = MANY_LOCALITIES, each: int = SHOWN_EACH_END) -> tuple[list, int]:
    """The localities a readable table shows, in order, and how many it leaves out.

    Up to `many` localities: all of them, as in the file, none left out. Above it: the `each`
    needing the most WTE (required for the cap) and the `each` needing the least, sorted from most
    to least (ties in file order), and the number between them that are not shown.
    """
    names = list(plan.localities.index)
    if len(names) <= many:
        return names, 0
    order = plan.localities["required_wte"].sort_values(ascending=False, kind="stable").index
    return [*order[:each], *order[-each:]], len(names) - 2 * each


def more_row(left_out: int, width: int) -> list[str]:
    """The row standing for the localities a national-scale table does not show."""
    return [f"\u2026 {left_out:,} more", *([""] * (width - 1))]


def plan_cells(
    plan: Plan, many: int | None = None, risk: bool = True
) -> tuple[list[str], list[list[str]], list[str]]:
    """Headers, one row of text cells per locality, and the total row.

    `many`: above this many localities, show only the top and bottom by required WTE (see
    `shown_localities`) with a row counting the rest; None shows every locality in file order.
    The total row is always over every locality. The risk columns come last when the plan has a
    risk and `risk` is asked for.
    """
    columns = plan_columns(plan)
    frame = plan.localities
    extra, risk_rows, overall = risk_cells(plan) if risk and plan.risk is not None else ([], [], [])
    by_name = dict(zip(frame.index, risk_rows, strict=True)) if risk_rows else {}
    headers = ["Locality", *(c.header for c in columns), *extra]

    def cells(name) -> list[str]:
        row = frame.loc[name]
        known = not missing(row["in_post_wte"])
        return [str(name), *(_cell(c, row[c.key], known) for c in columns), *by_name.get(name, [])]

    if many is None:
        body = [cells(name) for name in frame.index]
    else:
        shown, left_out = shown_localities(plan, many)
        body = [cells(name) for name in shown]
        if left_out:
            body.insert(SHOWN_EACH_END, more_row(left_out, len(headers)))
    known = plan.in_post_known
    total = ["Total", *(_cell(c, plan.totals[c.key], known) for c in columns), *overall]
    return headers, body, total


def plan_fits(plan: Plan, risk: bool = True) -> list[Fit]:
    """Each column after the locality, in `plan_cells`' order, as a narrow terminal shows it."""
    fits = [Fit(c.short or c.header, c.rank) for c in plan_columns(plan)]
    return fits + (risk_fits(plan) if risk and plan.risk is not None else [])


def national_note(plan: Plan, many: int = MANY_LOCALITIES) -> str | None:
    """The line under a national-scale table: what it shows, and where every locality is."""
    left_out = shown_localities(plan, many)[1]
    if not left_out:
        return None
    n = len(plan.localities)
    return (
        f"Showing the {SHOWN_EACH_END} localities needing the most WTE and the {SHOWN_EACH_END} needing "
        f"the least, of {n:,}, by WTE required for the cap; the total is over all {n:,}. "
        f"{left_out:,} more are not shown: --format csv or --format json (or the workbook of "
        "`establishment report`) has every locality."
    )


def comparison_sentence(plan: Plan) -> str | None:
    """The scenario's published comparison beside the plan's total establishment, or None.

    A national figure stays national: it is set against the plan's total, never split by locality.
    """
    c = plan.comparison
    if c is None:
        return None
    planned = plan.totals["planned_wte"]
    gap = planned - c.value
    shown = numbers.wte(abs(gap))
    differs = "the same" if shown == "0.0" else f"{shown} {'more' if gap > 0 else 'fewer'}"
    return (
        f"For comparison, {c.label}: {c.value:,g} {c.unit} ({c.source}); this plan needs "
        f"{numbers.wte(planned)} WTE, {differs}."
    )


def summary_sentences(plan: Plan) -> list[str]:
    """The plan's headline figures in plain words."""
    t = plan.totals
    before, after = numbers.count(t["load_per_wte_before"]), numbers.count(t["load_per_wte"])
    aim = (
        f"Meeting a cap of {plan.cap:,g} weighted {plan.case_unit} per WTE needs"
        if plan.objective == "min-cost"
        else f"Within the budget, the {plan.objective} plan has"
    )
    cost = f"Recurring cost {numbers.money(t['cost'])} a year at {numbers.money(plan.cost_per_wte)} per WTE; "
    worst = f"the highest after the plan is {numbers.count(t['worst_load_per_wte'])}."
    if plan.in_post_known:
        sentences = [
            f"{aim} an establishment of {numbers.wte(t['planned_wte'])} WTE against "
            f"{numbers.wte(t['in_post_wte'], 2)} in post ({numbers.signed_wte(t['change_wte'])} WTE).",
            cost + f"the change costs {numbers.signed_money(t['cost_change'])} a year.",
            f"Average load per WTE goes from {before} to {after}; " + worst,
        ]
    else:
        sentences = [
            f"{aim} an establishment of {numbers.wte(t['planned_wte'])} WTE; WTE in post is {NOT_KNOWN} "
            f"{_where_not_known(plan.localities['in_post_wte'])}, so the change is {NOT_KNOWN}.",
            cost + f"the cost of the change is {NOT_KNOWN}.",
            f"Average load per WTE after the plan is {after} (today's is {NOT_KNOWN}); " + worst,
        ]
    compared = comparison_sentence(plan)
    if compared:
        sentences.insert(1, compared)
    asked = question_sentence(plan)
    if asked:
        sentences.insert(0, asked)
    if plan.budget is not None:
        spare = -budget_gap(t["cost"], plan.budget) + 0.0  # within the solver's tolerance: £0, not -£0
        sentences.append(
            f"The budget is {numbers.money(plan.budget)} a year; "
            f"the plan leaves {numbers.money(spare)} of it unspent."
        )
    if t["one_off_cost"] > 0:
        sentences.append(
            f"One-off cost of the change: {numbers.money(t['one_off_cost'])} "
            f"({numbers.wte(t['posts_added'])} WTE recruited, {numbers.wte(t['posts_removed'])} WTE removed)."
        )
    return sentences + marginal_sentences(plan) + risk_sentences(plan)


def _where_not_known(in_post: pd.Series) -> str:
    blank = int(in_post.isna().sum())
    if blank == len(in_post):
        return "for any locality"
    return f"for {blank:,} of {len(in_post):,} localities"
