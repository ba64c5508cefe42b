"""Appendix A, the plan for each option: every locality's figures, in the 2010 paper's Appendix 3
style, pounds to the pound. A column that would read "not known" on every row (WTE in post not
published) is left out and the note says so. At national scale one table sets every locality's
establishment and cost under each option side by side, rather than one long table per option."""

from optimiser.inputs.options_file import Paper
from optimiser.render import numbers
from optimiser.render.columns import MANY_LOCALITIES, plan_cells
from optimiser.render.paper.document import Block, Bullets, Heading, Keep, Paragraph, Table
from optimiser.render.paper.paper_numbers import Rounding
from optimiser.render.paper.words import Facts, against_comparison, holds_sentence, known
from optimiser.render.titles import option_heading

NOT_KNOWN_NOTE = "WTE in post by locality is not known, so today's figures and the changes are left out."


def plan_sentences(f: Facts) -> list[str]:
    """An option's figures in plain words, under its table."""
    plan, t, r = f.plan, f.plan.totals, f.r
    aim = (
        f"Holding every locality to {r.load(plan.cap)} weighted {plan.case_unit} per WTE needs"
        if plan.objective == "min-cost"
        else "Within the budget, the plan has"
    )
    if known(f.option):
        sentences = [
            f"{aim} {r.wte(f.wte)} WTE against {r.in_post(t['in_post_wte'])} in post "
            f"({r.signed_wte(f.change)} "
            f"WTE), costing {r.money(f.cost)} a year ({r.signed_money(f.cost_change)} against today).",
            f"Average load per WTE goes from {r.load(t['load_per_wte_before'])} to "
            f"{r.load(t['load_per_wte'])}; "
            f"the heaviest locality after the change holds {r.load(t['worst_load_per_wte'])}.",
        ]
    else:
        compared = against_comparison(f)
        sentences = [
            f"{aim} {r.wte(f.wte)} WTE, costing {r.money(f.cost)} a year"
            + (f"; {compared}" if compared else "")
            + ".",
            f"Average load per WTE after the change is {r.load(t['load_per_wte'])}; the heaviest "
            "locality holds "
            f"{r.load(t['worst_load_per_wte'])}.",
        ]
    holds = holds_sentence(f.option)
    if holds:
        sentences.append(holds)
    if plan.budget is not None:
        sentences.append(
            f"The budget is {r.money(plan.budget)} a year; the plan leaves "
            f"{r.money(plan.budget - f.cost)} of it unspent."
        )
    return sentences


def _option_table(n: int, f: Facts) -> Table:
    plan = f.plan
    headers, body, total = plan_cells(plan, risk=False)
    headers = [h.replace(f"{plan.cap:,g}", Rounding.load(plan.cap)) for h in headers]
    rows = [*body, total]
    keep = [i for i in range(len(headers)) if i == 0 or any(row[i] != numbers.NOT_KNOWN for row in rows)]
    return Table(
        tuple(headers[i] for i in keep),
        tuple(tuple(row[i] for i in keep) for row in rows),
        caption=f"Table A{n}: {f.label}, establishment by locality",
        bold_rows=(len(body),),
        wide=len(keep) > 8,
        note="" if len(keep) == len(headers) else NOT_KNOWN_NOTE,
    )


def _side_by_side(paper: Paper, facts: list[Facts]) -> Table:
    """Every locality: its weighted caseload, then each option's establishment and cost."""
    first = facts[0].plan
    frame = first.localities
    rows = []
    for name in frame.index:
        wte = [numbers.wte(f.plan.localities.at[name, "planned_wte"]) for f in facts]
        cost = [numbers.money(f.plan.localities.at[name, "cost"]) for f in facts]
        rows.append((str(name), numbers.count(frame.at[name, "weighted_caseload"]), *wte, *cost))
    total = [numbers.wte(f.wte) for f in facts] + [numbers.money(f.cost) for f in facts]
    rows.append(("Total", numbers.count(first.totals["weighted_caseload"]), *total))
    headers = (
        "Locality",
        f"Weighted\n{first.case_unit}",
        *(f"{label}\n(WTE)" for label in paper.labels),
        *(f"{label}\n(£ a year)" for label in paper.labels),
    )
    return Table(
        headers,
        tuple(rows),
        caption="Table A1: Establishment and cost by locality under each option",
        bold_rows=(len(rows) - 1,),
        wide=len(headers) > 8,
        note="WTE to one decimal place; pounds to the pound; totals are computed before rounding. "
        + ("" if known(facts[0].option) else NOT_KNOWN_NOTE),
    )


def appendix(paper: Paper, facts: list[Facts]) -> list[Block]:
    blocks: list[Block] = [Heading("Appendix A: The plan for each option", 2)]
    many = len(facts[0].plan.localities) > MANY_LOCALITIES
    if many:
        blocks.append(_side_by_side(paper, facts))
    for n, f in enumerate(facts, start=1):
        part: list[Block] = [Heading(option_heading(f"{f.label}: {f.plan.scenario}", f.plan), 3)]
        if f.plan.description:
            part.append(Paragraph(f.plan.description))
        if not many:
            part.append(_option_table(n, f))
        blocks.append(Keep((*part, Bullets(tuple(plan_sentences(f))))))
    return blocks
