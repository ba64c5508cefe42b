"""The board paper's content as a document model, in the house style of a 2010 NHS board paper:
cover block, summary of key points, one options table (today first), implications, recommendation,
then appendices (the plan per option, method and assumptions, technical detail, data provenance).
With a horizon scenario (`horizon:` in the options file) the body gains "The path over several
years" before the recommendation, and Appendix E its tables (`render.paper.years`).

Nothing is solved here: the plans and the cost-of-cap curve arrive computed.
"""

import os
from pathlib import Path

import pandas as pd

from optimiser.inputs.options_file import Paper
from optimiser.planning.results import HorizonPlan, Option
from optimiser.render import charts, numbers
from optimiser.render.columns import (
    MANY_LOCALITIES,
    NOT_KNOWN,
    SHOWN_EACH_END,
    more_row,
    plan_cells,
    shown_localities,
)
from optimiser.render.marginal_words import marginal_sentences
from optimiser.render.paper import uncertain_section, words
from optimiser.render.paper import years as horizon_blocks
from optimiser.render.paper.document import (
    Block,
    Bullets,
    Cover,
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)

SHORT_HASH = 12
"""Characters of a SHA-256 shown in the paper; the full hash is in the workbook."""


def figures(
    paper: Paper, options: list[Option], frontier: pd.DataFrame, curves: dict[int, pd.DataFrame] | None = None
) -> dict[str, charts.Figure]:
    """The paper's two charts: the cost of each cap, and load per WTE by option against each cap; then
    a confidence chart for each option planned to a confidence level (`curves`: its sweep of levels).

    Above `MANY_LOCALITIES` localities the load chart shows the spread across localities (lightest,
    middle half, heaviest) for today and each option, not one bar per locality."""
    first = options[0].plan
    labelled = list(zip(paper.labels, options, strict=True))
    marks = [(label, o.plan.cap, o.plan.totals["cost"]) for label, o in labelled]
    budgets: dict[float, str] = {}
    today = round(words.today_cost(options[0]), 2)
    for label, o in labelled:
        if o.plan.budget is not None and round(o.plan.budget, 2) != today:
            budgets.setdefault(round(o.plan.budget, 2), label)
    index = first.localities.index
    series = [
        (
            label,
            [float(v) for v in o.plan.localities["load_per_wte"].reindex(index)],
            o.plan.cap,
            words.one_wte_holds(o),
        )
        for label, o in labelled
    ]
    now = [float(v) for v in first.localities["load_per_wte_before"]]
    if len(index) > MANY_LOCALITIES:
        load = charts.paper_load_distribution(
            now, series, first.case_unit, today_known=words.known(options[0])
        )
    else:
        load = charts.paper_load_chart([str(n) for n in index], now, series, first.case_unit)
    return {
        "frontier": charts.paper_frontier_chart(
            frontier,
            marks,
            words.today_cost(options[0]),
            [
                label
                for label, o in labelled
                if o.plan.budget is not None and round(o.plan.budget, 2) == today
            ],
            [(label, budget) for budget, label in budgets.items()],
            first.case_unit,
        ),
        "load": load,
        **uncertain_section.figures(paper, options, curves or {}),
    }


def _cover(paper: Paper, options: list[Option]) -> Cover:
    rows = [
        ("Meeting", paper.meeting),
        ("Date", paper.date),
        ("Title of the report", paper.title),
        ("Report by", paper.author),
        ("Purpose", paper.purpose),
    ]
    decision = (
        "To note"
        if len(options) == 1
        else "To choose between today's establishment and " + (words.listing(paper.labels))
    )
    rows.append(
        ("Decision asked for", decision if paper.recommendation is None else "To agree the recommendation")
    )
    return Cover(tuple((k, v) for k, v in rows if v))


def _options_table(paper: Paper, options: list[Option], facts: list[words.Facts]) -> Table:
    """Table 1: planned WTE by locality, today first, then the totals. Above `MANY_LOCALITIES`
    localities, the top and bottom by the first option's required WTE, with a row counting the rest
    (every locality is in appendix A). Where WTE in post is not known, today's figures and every
    change say so."""
    first = options[0].plan
    known = words.known(options[0])

    def today(text: str) -> str:
        return text if known else NOT_KNOWN

    def change(text: str) -> str:
        return text if known else NOT_KNOWN

    shown, left_out = shown_localities(first)
    headers = ["", "Today\n(in post)", *paper.labels]
    rows: list[tuple[str, ...]] = []
    for name in shown:
        in_post = first.localities.at[name, "in_post_wte"]
        rows.append(
            (
                str(name),
                NOT_KNOWN if pd.isna(in_post) else numbers.wte(in_post, 2),
                *(numbers.wte(o.plan.localities.at[name, "planned_wte"]) for o in options),
            )
        )
    if left_out:
        more = more_row(left_out, len(headers))
        more[0] += " (every locality is in appendix A)"
        rows.insert(SHOWN_EACH_END, tuple(more))
    t = first.totals
    bold = [len(rows)]
    rows.append(
        (
            "Total establishment (WTE)",
            today(numbers.wte(t["in_post_wte"], 2)),
            *(numbers.wte(f.wte) for f in facts),
        )
    )
    rows.append(("Change from today (WTE)", "", *(change(numbers.signed_wte(f.change)) for f in facts)))
    bold.append(len(rows))
    rows.append(
        (
            "Recurring cost (£ a year)",
            today(numbers.money(words.today_cost(options[0]))),
            *(numbers.money(f.cost) for f in facts),
        )
    )
    rows.append(
        ("Change in cost (£ a year)", "", *(change(numbers.signed_money(f.cost_change)) for f in facts))
    )
    share = paper.first_year_share
    if share is not None:
        rows.append(
            (
                f"First-year change, from {paper.start_month} (£)",
                "",
                *(change(numbers.signed_money(f.cost_change * share)) for f in facts),
            )
        )
    if any(f.one_off > 0 for f in facts):
        rows.append(("One-off cost (£)", "", *(numbers.money(f.one_off) for f in facts)))
    unit = first.case_unit
    rows.append((f"Cap (weighted {unit} per WTE)", "", *(f"{o.plan.cap:,g}" for o in options)))
    if any(words.holds_differs(o) for o in options):
        rows.append((f"What one WTE can hold ({unit})", "", *(numbers.count(f.holds) for f in facts)))
    before = first.localities["load_per_wte_before"]
    rows.append(
        (
            "Average load per WTE",
            today(numbers.count(t["load_per_wte_before"])),
            *(numbers.count(o.plan.totals["load_per_wte"]) for o in options),
        )
    )
    rows.append(
        (
            "Heaviest locality load per WTE",
            today(numbers.count(before.max())),
            *(numbers.count(o.plan.totals["worst_load_per_wte"]) for o in options),
        )
    )
    rows.append(("Localities over the option's cap", "", *(str(len(f.over_cap)) for f in facts)))
    headers[0] = "Locality (WTE)"
    note = (
        f"WTE to one decimal place (in post to two, as recorded); totals are computed before rounding. "
        f"Cost at {numbers.money(first.cost_per_wte)} per WTE."
    )
    if left_out:
        note += (
            f" The {SHOWN_EACH_END} localities needing the most WTE and the {SHOWN_EACH_END} needing the "
            f"least under {paper.labels[0]} are shown, of {len(first.localities):,}; totals are over all."
        )
    if not known:
        note += f" WTE in post by locality is {NOT_KNOWN}."
        compared = words.comparison_phrase(options[0])
        if compared:
            note += f" For comparison, {compared}."
    return Table(
        tuple(headers),
        tuple(rows),
        caption=(
            "Table 1: Establishment by locality, cost and load per WTE, today and under each option"
            + (f" (the top and bottom {SHOWN_EACH_END})" if left_out else "")
        ),
        bold_rows=tuple(bold),
        note=note,
    )


def _decision(paper: Paper, options: list[Option], facts: list[words.Facts]) -> list[Block]:
    who = f"The {paper.meeting} is asked to:" if paper.meeting else "The board is asked to:"
    if paper.recommendation is not None:
        return [Paragraph(paper.recommendation)]
    in_post = options[0].plan.totals["in_post_wte"]
    held = f"{numbers.wte(in_post, 2)} WTE" if words.known(options[0]) else f"WTE in post {NOT_KNOWN}"
    choices = [f"keep today's establishment ({held})"]
    choices += [f"{f.label} ({numbers.wte(f.wte)} WTE, {numbers.money(f.cost)} a year)" for f in facts]
    asks = [
        "Choose one of: " + "; ".join(choices) + ".",
        "Note the recurring cost and the change against today of the option chosen, and how it is "
        "to be funded.",
        "Note the localities that would gain and lose posts, and the recruitment needed."
        if words.known(options[0])
        else f"Note that WTE in post by locality is {NOT_KNOWN}: the posts each locality would gain or "
        "lose, and the recruitment needed, follow once it is collected.",
    ]
    if paper.start_month is None:
        asks.append("Agree the month from which the change would start.")
    return [Paragraph("No option is recommended in this paper."), Paragraph(who), Bullets(tuple(asks))]


def _method(paper: Paper, options: list[Option], frontier: pd.DataFrame) -> list[Block]:
    blocks: list[Block] = [
        Heading("Appendix B: Method and assumptions", 2),
        Paragraph(
            "Each locality's caseload is counted and weighted as its model says: each case counts once, "
            "or more where the model weights it by need. The establishment a locality needs is its "
            "weighted caseload divided by what one WTE can hold. For each option the tool finds the "
            "establishment that holds every locality at or below the cap at the least cost, within any "
            "limits the option sets (floors, recruitment limits, a budget)."
        ),
        Paragraph(
            "Where an option fixes the money rather than the cap, the tool finds the lowest caseload every "
            "locality can be brought to within the budget, then the cheapest way of holding it. Where an "
            "option sets priorities, the money goes first to the localities with the highest priority."
        ),
        Paragraph(
            "Figures are kept unrounded and rounded only for display, half away from zero: WTE to "
            "one decimal "
            "place (in post to two), pounds and cases to whole numbers. A total may therefore "
            "differ from the "
            "sum of its rounded rows."
        ),
        Paragraph(
            f"Chart 1 plans {words.listing([paper.labels[0]])}'s localities, model and limits "
            "(without any budget) "
            f"at {len(frontier)} caps from {numbers.count(frontier['cap'].min())} to "
            f"{numbers.count(frontier['cap'].max())}; each option is marked at its own cost."
        ),
        Heading("Assumptions", 3),
    ]
    listed = [[(a.label, a.value, a.source) for a in o.plan.assumptions] for o in options]
    common = [a for a in listed[0] if all(a in other for other in listed[1:])]
    blocks.append(Paragraph("Common to every option:" if len(options) > 1 else "The option rests on:"))
    blocks.append(Bullets(tuple(_assumption(a) for a in common)))
    for label, items in zip(paper.labels, listed, strict=True):
        own = [a for a in items if a not in common]
        if own and len(options) > 1:
            blocks.append(Paragraph(f"{label} only:"))
            blocks.append(Bullets(tuple(_assumption(a) for a in own)))
    return blocks


def _assumption(item: tuple[str, str, str]) -> str:
    label, value, source = item
    return f"{label}: {value}" + (f" (source: {source})" if source else "")


def method_words(solvers: set[str]) -> str:
    """How the plans were solved, true for what ran: HiGHS is handed the model as arrays in process
    (PuLP never loads); only CBC's route goes through PuLP."""
    routes = {"HiGHS": "solved with HiGHS in process", "CBC": "written with PuLP and solved with CBC"}
    return " and ".join(routes.get(s, f"solved with {s}") for s in sorted(solvers))


def _technical(paper: Paper, options: list[Option], horizon: HorizonPlan | None) -> list[Block]:
    solvers = {o.plan.solver for o in options} | ({horizon.result.solver} if horizon else set())
    blocks: list[Block] = [
        Heading("Appendix C: Technical detail", 2),
        Paragraph(
            f"Each plan is a linear programme {method_words(solvers)}, then checked "
            "against every constraint independently of the solver. The figures below name the constraints "
            "that hold exactly (binding) and the marginal figures finance asks for; each step "
            "figure says how "
            "it was found, and any taken from a dual price is confirmed by re-solving."
        ),
    ]
    for label, option in zip(paper.labels, options, strict=True):
        plan = option.plan
        blocks.append(Heading(f"{label}: {plan.scenario}", 3))
        items = [f"Status: {plan.status} ({plan.solver}); objective {plan.objective}."]
        if plan.theta is not None:
            items.append(f"theta (share of each weighted caseload covered at the cap): {plan.theta:.6f}.")
        items += marginal_sentences(plan)
        blocks.append(Bullets(tuple(items)))
    if horizon is not None:
        blocks += horizon_blocks.technical(horizon)
    return blocks


def _relative(path: str, base: Path) -> str:
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:
        return path


def _horizon_letter(options: list[Option]) -> str:
    """The horizon's appendix follows the one on uncertain counts (E) when the paper has both."""
    return "F" if any(o.plan.risk is not None for o in options) else "E"


def _provenance(paper: Paper, options: list[Option], horizon: HorizonPlan | None) -> list[Block]:
    rows = []
    for label, option in zip(paper.labels, options, strict=True):
        base = option.path.parent
        for f in option.files:
            name = option.path.name if f.role == "scenario" else _relative(f.path, base)
            rows.append((label, f.role, name, f.sha256[:SHORT_HASH]))
    if horizon is not None:
        rows += [
            (label, role, name, sha[:SHORT_HASH])
            for label, role, name, sha in horizon_blocks.provenance_rows(
                horizon, _relative, _horizon_letter(options)
            )
        ]
    return [
        Heading("Appendix D: Data provenance", 2),
        Paragraph(
            "Every input file, named relative to its scenario file, with the first 12 characters of "
            "its SHA-256 "
            "hash; the full hashes are in the workbook (report.xlsx, Assumptions sheet)."
        ),
        Table(("Option", "Role", "File", "SHA-256 (first 12)"), tuple(rows), caption="Table D1: Input files"),
    ]


def document(
    paper: Paper,
    options: list[Option],
    frontier: pd.DataFrame,
    pngs: dict[str, bytes],
    horizon: HorizonPlan | None = None,
) -> Document:
    """The whole paper. `pngs`: the charts by name (frontier, load, and years with a horizon)."""
    labels = paper.labels
    facts = [words.facts(label, o) for label, o in zip(labels, options, strict=True)]
    first = options[0]
    blocks: list[Block] = [
        Heading(paper.title, 1),
        _cover(paper, options),
        Heading("Summary of key points", 2),
    ]
    summary = [words.today_bullet(first), *(words.option_bullet(f) for f in facts)]
    budget = words.budget_bullet(facts)
    if budget:
        summary.append(budget)
    holds = next((s for s in map(words.holds_sentence, options) if s), None)
    if holds and len(summary) < 6:
        summary.append(holds)
    if paper.recommendation is None and len(summary) < 6:
        summary.append("No option is recommended; the decision asked for is set out at the end of the paper.")
    blocks.append(Bullets(tuple(summary[:6] if len(options) <= 4 else summary)))

    blocks.append(Heading("The options", 2))
    blocks.append(
        Paragraph(
            "Table 1 sets today's establishment beside each option, in the style of the 2010 board paper's "
            "Appendix 3. Chart 1 shows what each cap costs; Chart 2 what each option means for each locality."
        )
    )
    for label, option in zip(labels, options, strict=True):
        description = option.plan.description or option.plan.scenario
        blocks.append(Paragraph(description, lead=f"{label}."))
    blocks.append(_options_table(paper, options, facts))
    blocks.append(
        Figure(
            "charts/frontier.png",
            pngs["frontier"],
            "Chart 1: Annual cost of meeting each cap, with today's cost"
            + ("" if words.known(first) else f" ({NOT_KNOWN})")
            + (", the budget" if any(o.plan.budget is not None for o in options) else "")
            + " and each option marked",
            "Chart 1: annual cost of meeting each cap",
        )
    )
    blocks.append(
        Figure(
            "charts/load.png",
            pngs["load"],
            (
                f"Chart 2: Load per WTE across the {len(first.plan.localities):,} localities (lightest, "
                "middle half and heaviest), today and under each option, against each option's cap"
                if len(first.plan.localities) > MANY_LOCALITIES
                else "Chart 2: Load per WTE by locality, today and under each option, against each option's "
                "cap"
            ),
            "Chart 2: load per WTE by locality",
        )
    )

    blocks.append(Heading("Implications", 2))
    share, month = paper.first_year_share, paper.start_month
    one_offs = (
        ""
        if any(f.one_off > 0 for f in facts)
        else " No option sets one-off costs (recruitment or removal), so none are counted."
    )
    today_cost = (
        f"Today's establishment costs {numbers.money(words.today_cost(first))} a year at "
        if words.known(first)
        else f"Today's establishment and its cost are {NOT_KNOWN}; options are costed at "
    )
    blocks.append(
        Paragraph(
            f"{today_cost}{numbers.money(first.plan.cost_per_wte)} per WTE.{one_offs}", lead="Financial."
        )
    )
    blocks.append(Bullets(tuple(words.financial_item(f, share, month) for f in facts)))
    blocks.append(Paragraph("Posts added and removed, and the recruitment needed.", lead="Workforce."))
    blocks.append(Bullets(tuple(words.workforce_item(f) for f in facts)))
    blocks.append(Paragraph(words.today_risk(first, facts), lead="Risk."))
    blocks.append(Bullets(tuple(words.risk_item(f) for f in facts)))
    blocks += uncertain_section.implications(paper, options, facts, pngs)
    if horizon is not None:
        blocks += horizon_blocks.body(horizon, pngs["years"], letter=_horizon_letter(options))

    blocks.append(Heading("Recommendation", 2))
    blocks += _decision(paper, options, facts)

    blocks.append(PageBreak())
    blocks.append(Heading("Appendix A: The plan for each option", 2))
    for n, (f, option) in enumerate(zip(facts, options, strict=True)):
        plan = option.plan
        headers, body, total = plan_cells(plan, risk=False)
        blocks.append(Heading(f"{f.label}: {plan.scenario}", 3))
        if plan.description:
            blocks.append(Paragraph(plan.description))
        blocks.append(
            Table(
                tuple(headers),
                tuple(tuple(r) for r in [*body, total]),
                caption=f"Table A{n + 1}: {f.label}, establishment by locality",
                bold_rows=(len(body),),
                wide=len(headers) > 8,
            )
        )
        blocks.append(Bullets(tuple(words.plan_sentences(f))))
    blocks.append(PageBreak())
    blocks += _method(paper, options, frontier)
    blocks.append(PageBreak())
    blocks += _technical(paper, options, horizon)
    blocks += _provenance(paper, options, horizon)
    blocks += uncertain_section.appendix(paper, options)
    if horizon is not None:
        blocks.append(PageBreak())
        blocks += horizon_blocks.appendix(horizon, _horizon_letter(options))
    return Document(paper.title, tuple(blocks))
