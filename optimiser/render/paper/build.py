"""The board paper's content as a document model, in the house style of the 2010 NHS board paper:
the front (title, cover, summary of key points, implications), numbered sections (introduction,
the options, what each option means, the path over several years, conclusion, recommendation with
"The Board is asked to:"), then the appendices (the plan for each option, method and assumptions,
how the figures were worked out, data provenance, uncertain counts, the path over several years).

Nothing is solved here: the plans, the cost-of-cap curve and the horizon arrive computed. Every
figure goes through one `Rounding`, so a figure reads the same wherever it appears.
"""

from dataclasses import dataclass

import pandas as pd

from optimiser.inputs.options_file import Paper
from optimiser.planning.plan import Plan
from optimiser.planning.results import HorizonPlan, Option
from optimiser.render import charts
from optimiser.render.columns import MANY_LOCALITIES
from optimiser.render.paper import (
    appendix_files,
    appendix_method,
    appendix_plans,
    appendix_working,
    effects,
    uncertain_section,
    years_section,
)
from optimiser.render.paper.cover import front
from optimiser.render.paper.decision import conclusion, paragraphs, recommendation
from optimiser.render.paper.document import Block, Bullets, Document, Figure, Heading, PageBreak, Paragraph
from optimiser.render.paper.options_table import options_table
from optimiser.render.paper.paper_numbers import Rounding
from optimiser.render.paper.words import Facts, facts, known, one_wte_holds, today_cost
from optimiser.render.titles import planned_line

Drawn = dict[str, tuple[bytes, bytes]]
"""Each chart by name (frontier, load, map, years, confidence-1...): its PNG and its SVG."""


def rounding(options: list[Option]) -> Rounding:
    """The paper's rounding: £m in the body when an option costs £10m a year or more."""
    return Rounding.for_costs([o.plan.totals["cost"] for o in options])


class Charts:
    """Figure blocks numbered in the order the paper shows them."""

    def __init__(self, drawn: Drawn) -> None:
        self.drawn, self.count = drawn, 0

    def figure(self, name: str, caption: str, alt: str, inline: bool = False) -> list[Block]:
        if name not in self.drawn:
            return []
        self.count += 1
        png, svg = self.drawn[name]
        return [
            Figure(
                f"charts/{name}",
                png,
                svg,
                f"Chart {self.count}: {caption}",
                f"Chart {self.count}: {alt}",
                inline,
            )
        ]


def figures(
    paper: Paper, options: list[Option], frontier: pd.DataFrame, curves: dict[int, pd.DataFrame] | None = None
) -> dict[str, charts.Figure]:
    """The paper's charts: the cost of each cap; the load per WTE by option against each cap (at
    national scale the spread across localities as a dot plot); a confidence chart for each option
    planned to a confidence level (`curves`: its sweep of levels)."""
    r, first = rounding(options), options[0].plan
    labelled = list(zip(paper.labels, options, strict=True))
    marks = [(label, o.plan.cap, o.plan.totals["cost"]) for label, o in labelled]
    budgets: dict[float, list[str]] = {}
    for label, o in labelled:
        if o.plan.budget is not None:
            budgets.setdefault(round(o.plan.budget, 2), []).append(label)
    lines = [(f"Budget of {' and '.join(names)}", budget) for budget, names in budgets.items()]
    index = first.localities.index
    series = [
        (
            label,
            [float(v) for v in o.plan.localities["load_per_wte"].reindex(index)],
            o.plan.cap,
            one_wte_holds(o),
        )
        for label, o in labelled
    ]
    now = [float(v) for v in first.localities["load_per_wte_before"]]
    return {
        "frontier": charts.paper_frontier_chart(
            frontier, marks, today_cost(options[0]), lines, first.case_unit, r.money, r.load
        ),
        "load": _spread(paper, options, now, series)
        if len(index) > MANY_LOCALITIES
        else charts.paper_load_chart([str(n) for n in index], now, series, first.case_unit, r.load),
        **uncertain_section.figures(paper, options, curves or {}),
    }


def _spread(paper: Paper, options: list[Option], now: list[float], series) -> charts.Figure:
    """At national scale: the loads as a dot plot where they differ between localities (or today is
    known); where every option holds every locality exactly at its cap, the establishment each
    locality needs instead, which does differ."""
    loads_differ = any(max(s[1]) - min(s[1]) >= 0.5 for s in series)
    if loads_differ or known(options[0]):
        return charts.paper_load_distribution(now, series, options[0].plan.case_unit, known(options[0]))
    rows = [
        (label, [float(v) for v in o.plan.localities["planned_wte"]])
        for label, o in zip(paper.labels, options, strict=True)
    ]
    n = len(options[0].plan.localities)
    return charts.dot_plot(
        rows, "Establishment needed (WTE)", f"Establishment needed in each of the {n:,} localities, by option"
    )


def _options_section(
    paper: Paper, options: list[Option], facts_: list[Facts], drawn: Charts, number: int
) -> list[Block]:
    first, many = options[0].plan, len(options[0].plan.localities) > MANY_LOCALITIES
    blocks: list[Block] = [
        Heading(f"{number}. The options", 2),
        Paragraph(
            "Table 1 sets today's establishment beside each option, in the style of the 2010 board paper's "
            "Appendix 3. Chart 1 shows what each cap costs; Chart 2 what each option means for each locality."
        ),
    ]
    for label, option in zip(paper.labels, options, strict=True):
        blocks.append(Paragraph(_described(option.plan), lead=f"{label}."))
    blocks.append(options_table(paper, options, facts_))
    blocks += drawn.figure(
        "frontier",
        "Annual cost of meeting each cap, with today's cost"
        + ("" if known(options[0]) else " (not known)")
        + (", the budgets" if any(o.plan.budget is not None for o in options) else "")
        + " and each option marked",
        "annual cost of meeting each cap",
    )
    spread = (
        f"across the {len(first.localities):,} localities, today and under each option"
        if many
        else "by locality, today and under each option, against each option's cap"
    )
    blocks += drawn.figure(
        "load", f"Load per WTE {spread}" if not many else f"The spread {spread}", "load per WTE by locality"
    )
    blocks += drawn.figure(
        "map",
        f"{paper.labels[0]}: where the establishment is needed, by authority",
        "a hex map of England",
        inline=True,
    )
    return blocks


def _effects(
    paper: Paper, options: list[Option], facts_: list[Facts], drawn: Charts, number: int
) -> list[Block]:
    r = facts_[0].r
    one_offs = (
        ""
        if any(f.one_off > 0 for f in facts_)
        else " No option sets one-off costs (recruitment or removal), so none are counted."
    )
    today = (
        f"Today's establishment costs {r.money(today_cost(options[0]))} a year."
        if known(options[0])
        else "Today's establishment and its cost are not known."
    )
    return [
        Heading(f"{number}. What each option means", 2),
        Paragraph(today + one_offs, lead="Financial."),
        Bullets(tuple(effects.financial_item(f, paper) for f in facts_)),
        Paragraph("Posts added and removed, and the recruitment needed.", lead="Workforce."),
        Bullets(tuple(effects.workforce_item(f) for f in facts_)),
        Paragraph(effects.today_risk(options[0], facts_), lead="Risk."),
        Bullets(tuple(effects.risk_item(f) for f in facts_)),
        *uncertain_section.implications(paper, options, facts_, drawn),
    ]


@dataclass(frozen=True)
class Letters:
    """The appendices after D: uncertain counts (E) when any option has them, then the path."""

    uncertain: str | None
    horizon: str | None

    @classmethod
    def of(cls, options: list[Option], horizon: HorizonPlan | None) -> "Letters":
        uncertain = any(o.plan.risk is not None for o in options)
        return cls("E" if uncertain else None, ("F" if uncertain else "E") if horizon else None)


def _body(paper, options, facts_, drawn: Charts, horizon, letters: Letters) -> list[Block]:
    blocks: list[Block] = []
    number = 1
    if paper.introduction:
        blocks += [Heading("1. Introduction", 2), *paragraphs(paper.introduction)]
        number += 1
    blocks += _options_section(paper, options, facts_, drawn, number)
    blocks += _effects(paper, options, facts_, drawn, number + 1)
    number += 2
    if horizon is not None:
        chart = drawn.figure(
            "years",
            f"Load per WTE and establishment by year, {horizon.result.years[0]} to "
            f"{horizon.result.years[-1]}",
            "load per WTE and establishment by year",
        )
        blocks += years_section.body(
            horizon, chart[0] if chart else Paragraph(""), number, letters.horizon, facts_[0].r
        )
        number += 1
    ending = conclusion(paper, number)
    return blocks + ending + recommendation(paper, options, facts_, number + bool(ending))


def document(
    paper: Paper,
    options: list[Option],
    frontier: pd.DataFrame,
    drawn: Drawn,
    horizon: HorizonPlan | None = None,
    draft: bool = False,
    method_extra: tuple[Block, ...] = (),
) -> Document:
    """The whole paper. `drawn`: the charts by name; `method_extra`: blocks that close Appendix B (the
    finance helper's "what moves the cost most" section, `render.paper.sensitivity_section`)."""
    r = rounding(options)
    facts_ = [facts(label, o, r) for label, o in zip(paper.labels, options, strict=True)]
    letters, numbered = Letters.of(options, horizon), Charts(drawn)
    blocks = [*front(paper, options, facts_), *_body(paper, options, facts_, numbered, horizon, letters)]
    blocks += [PageBreak(), *appendix_plans.appendix(paper, facts_)]
    blocks += appendix_method.appendix(paper, options, frontier, r, method_extra)
    blocks += appendix_working.appendix(paper, options, horizon, r)
    blocks += appendix_files.appendix(paper, options, horizon, letters.horizon or "")
    blocks += uncertain_section.appendix(paper, options)
    if horizon is not None and letters.horizon:
        year = appendix_method.paper_year(paper)
        blocks += years_section.appendix(horizon, letters.horizon, r, year)
    return Document(paper.title, tuple(blocks), draft)


def _described(plan: Plan) -> str:
    """An option's description, and the figures it was planned at when the command line set any."""
    words = plan.description or plan.scenario
    return f"{words} {planned_line(plan)}" if plan.set_on_command_line else words
