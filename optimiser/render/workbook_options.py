"""The workbook's comparison sheets, every figure a formula of the plan sheets: Options (the measures
of each option beside today's, headed by the options' labels) and Planned WTE (each locality's
establishment by option, beside its WTE in post)."""

from __future__ import annotations

from optimiser.planning.compare_measures import MEASURES
from optimiser.planning.results import OVER_CAP_TOLERANCE, Option
from optimiser.render.workbook import COUNT, MONEY, WTE, WTE_IN_POST, Sheet
from optimiser.render.workbook_cells import BLANK, Expr, constant, count_over, max_of
from optimiser.render.workbook_inputs import InputNames
from optimiser.render.workbook_plan import PlanCells

FORMATS = {"wte": WTE, "signed_wte": WTE, "money": MONEY, "signed_money": MONEY, "count": COUNT}
TODAY = "Today\n(in post)"


def _over(cells: PlanCells, key: str, cap: Expr) -> Expr:
    """How many localities' load is over the cap (beyond the solver's tolerance)."""
    table = cells.table
    return count_over(table.outside_span(cells.columns[key].span), cap * constant(1 + OVER_CAP_TOLERANCE))


def _total(cells: PlanCells, key: str) -> Expr | None:
    total = cells.columns[key].total
    return None if total is None else cells.table.outside(total)


def _known(cells: PlanCells, *figures: Expr | None) -> bool:
    """Whether figures resting on WTE in post are known (its total is not blank)."""
    in_post = _total(cells, "in_post")
    return in_post is not None and in_post.value not in (BLANK, None) and all(f is not None for f in figures)


def _today(first: PlanCells, names: InputNames) -> list[object]:
    """Today's column: WTE in post, its cost (the first option's cost less its cost of change), and its
    loads against the first option's cap; blank where WTE in post is not known."""
    table = first.table
    if not _known(first):
        return [None] * len(MEASURES)
    cost, change = _total(first, "cost"), _total(first, "cost_change")
    return [
        _total(first, "in_post"),
        0.0,
        cost - change,  # type: ignore[operator]
        0.0,
        names.cap,
        max_of(table.outside_span(first.columns["load_before"].span)),
        _total(first, "load_before"),
        _over(first, "load_before", names.cap),
    ]


def _option(cells: PlanCells, names: InputNames) -> list[object]:
    known = _known(cells)
    return [
        _total(cells, "planned"),
        _total(cells, "change") if known else None,
        _total(cells, "cost"),
        _total(cells, "cost_change") if known else None,
        names.cap,
        max_of(cells.table.outside_span(cells.columns["load_after"].span)),
        _total(cells, "load_after"),
        _over(cells, "load_after", names.cap),
    ]


def options_sheet(labels: list[str], plans: list[PlanCells], names: list[InputNames]) -> Sheet:
    """Measures by option, today's establishment first; the options headed by their labels."""
    columns = [_today(plans[0], names[0]), *(_option(p, n) for p, n in zip(plans, names, strict=True))]
    rows = [[label, *(column[i] for column in columns)] for i, (label, _) in enumerate(MEASURES)]
    in_post_row = 0  # today's total establishment is WTE in post, to two decimals as the paper shows it
    return Sheet(
        "Options",
        ["Measure", TODAY, *labels],
        rows,
        [None] * (len(labels) + 2),
        row_formats=[FORMATS[kind] for _, kind in MEASURES],
        cell_formats=((in_post_row, 1, WTE_IN_POST),),
        widths=(30, 13, *([15] * len(labels))),
    )


def planned_sheet(labels: list[str], options: list[Option], plans: list[PlanCells]) -> Sheet:
    """Each locality's establishment by option, beside its WTE in post, with a total row."""
    first = plans[0]
    names = [str(n) for n in options[0].plan.localities.index]
    rows: list[list[object]] = []
    for i, name in enumerate(names):
        row: list[object] = [name, first.table.outside(first.columns["in_post"].cells[i])]
        for option, cells in zip(options, plans, strict=True):
            at = [str(n) for n in option.plan.localities.index].index(name)
            row.append(cells.table.outside(cells.columns["planned"].cells[at]))
        rows.append(row)
    total = ["Total", _total(first, "in_post"), *(_total(p, "planned") for p in plans)]
    return Sheet(
        "Planned WTE",
        ["Locality", "In post\n(WTE)", *labels],
        [*rows, total],
        [None, WTE_IN_POST, *([WTE] * len(options))],
        bold_last_row=True,
        widths=(22, 10, *([15] * len(labels))),
    )
