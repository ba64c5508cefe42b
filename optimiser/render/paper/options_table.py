"""Table 1: the establishment by locality under each option, today first, then the totals, costs
and loads, each figure rounded as everywhere else in the paper.

Above `MANY_LOCALITIES` localities the top and bottom by the first option's required WTE are shown,
with a row counting the rest (every locality is in Appendix A). Where WTE in post is not known
today's column and every change are left out, and the note says so, rather than printing "not
known" on every row.
"""

from optimiser.inputs.options_file import Paper
from optimiser.planning.results import Option
from optimiser.render.columns import SHOWN_EACH_END, more_row, shown_localities
from optimiser.render.paper.document import Table
from optimiser.render.paper.paper_numbers import Rounding
from optimiser.render.paper.words import Facts, cost_words, holds_differs, known, today_cost


def _locality_rows(options: list[Option], today: bool) -> tuple[list[tuple[str, ...]], int]:
    first, r = options[0].plan, Rounding
    shown, left_out = shown_localities(first)
    rows = []
    for name in shown:
        in_post = [r.in_post(first.localities.at[name, "in_post_wte"])] if today else []
        planned = [r.wte(o.plan.localities.at[name, "planned_wte"]) for o in options]
        rows.append((str(name), *in_post, *planned))
    if left_out:
        more = more_row(left_out, len(options) + 1 + today)
        more[0] += " (every locality is in Appendix A)"
        rows.insert(SHOWN_EACH_END, tuple(more))
    return rows, left_out


def _money_rows(paper: Paper, options: list[Option], facts: list[Facts], today: bool) -> list[tuple]:
    r, first = facts[0].r, options[0]
    now = [r.money(today_cost(first))] if today else []
    blank = [""] if today else []
    rows: list[tuple] = [("Recurring cost (£ a year)", *now, *(r.money(f.cost) for f in facts))]
    if today:
        rows.append(("Change in cost (£ a year)", "", *(r.signed_money(f.cost_change) for f in facts)))
        share = paper.first_year_share
        if share is not None and share < 1:
            label = f"Change in the first year, from {paper.start_month} (£)"
            rows.append((label, "", *(r.signed_money(f.cost_change * share) for f in facts)))
    if any(f.one_off > 0 for f in facts):
        rows.append(("One-off cost (£)", *blank, *(r.money(f.one_off) for f in facts)))
    return rows


def _load_rows(options: list[Option], facts: list[Facts], today: bool) -> list[tuple]:
    r, first = facts[0].r, options[0].plan
    unit, blank = first.case_unit, [""] if today else []
    rows: list[tuple] = [(f"Cap (weighted {unit} per WTE)", *blank, *(r.load(o.plan.cap) for o in options))]
    if any(holds_differs(o) for o in options):
        rows.append((f"What one WTE can hold ({unit})", *blank, *(r.load(f.holds) for f in facts)))
    if any(o.plan.achievable_cap is not None for o in options):
        best = [r.load(o.plan.achievable_cap) if o.plan.achievable_cap is not None else "" for o in options]
        rows.append(("Lowest cap the budget can hold everywhere", *blank, *best))
    now = [r.load(first.totals["load_per_wte_before"])] if today else []
    rows.append(("Average load per WTE", *now, *(r.load(o.plan.totals["load_per_wte"]) for o in options)))
    worst = [r.load(first.localities["load_per_wte_before"].max())] if today else []
    rows.append(
        (
            "Heaviest locality load per WTE",
            *worst,
            *(r.load(o.plan.totals["worst_load_per_wte"]) for o in options),
        )
    )
    rows.append(("Localities over the option's cap", *blank, *(f"{len(f.over_cap):,}" for f in facts)))
    return rows


def options_table(paper: Paper, options: list[Option], facts: list[Facts]) -> Table:
    first, r = options[0].plan, facts[0].r
    today = known(options[0])
    headers = ("Locality (WTE)", *(["Today\n(in post)"] if today else []), *paper.labels)
    rows, left_out = _locality_rows(options, today)
    bold = [len(rows)]
    rows.append(("Total establishment (WTE)", *([r.in_post(first.totals["in_post_wte"])] if today else [])))
    rows[-1] = (*rows[-1], *(r.wte(f.wte) for f in facts))
    if today:
        rows.append(("Change from today (WTE)", "", *(r.signed_wte(f.change) for f in facts)))
    elif first.comparison is not None:
        c = first.comparison
        rows.append(
            (f"Against the {c.value:,g} {c.unit} {c.label}", *(r.signed_wte(f.wte - c.value) for f in facts))
        )
    bold.append(len(rows))
    rows += _money_rows(paper, options, facts, today) + _load_rows(options, facts, today)
    caption = "Table 1: Establishment by locality, cost and load per WTE, today and under each option"
    return Table(
        headers,
        tuple(rows),
        caption=caption + (f" (the top and bottom {SHOWN_EACH_END})" if left_out else ""),
        bold_rows=tuple(bold),
        note=_note(paper, options, r, left_out, today),
    )


def _note(paper: Paper, options: list[Option], r: Rounding, left_out: int, today: bool) -> str:
    first = options[0].plan
    note = (
        f"WTE to one decimal place (in post to two, as recorded); caps and loads in whole {first.case_unit}; "
        f"{r.money_rule}; totals are computed before rounding. Costs: {cost_words(options[0])}."
    )
    if left_out:
        note += (
            f" The {SHOWN_EACH_END} localities needing the most WTE and the {SHOWN_EACH_END} needing the "
            f"least under {paper.labels[0]} are shown, of {len(first.localities):,}; totals are over all."
        )
    if not today:
        note += " WTE in post by locality is not known, so today's figures and the changes are left out."
    return note
