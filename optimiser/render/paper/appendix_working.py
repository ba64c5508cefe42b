"""Appendix C, "How the figures were worked out", for an analyst reviewing the paper: the method
named once, in a sentence true for what ran; then for each option what holds the answer where it
is (the limits it meets exactly, and where), what the cap costs, what each further £10,000 buys and
how that was checked. In words: no row labels, prices or solver terms."""

from optimiser.inputs.options_file import Paper
from optimiser.planning.plan import Figure
from optimiser.planning.results import HorizonPlan, Option
from optimiser.render.limit_words import limit_words
from optimiser.render.paper import years_section
from optimiser.render.paper.document import Block, Bullets, Heading, Paragraph
from optimiser.render.paper.paper_numbers import Rounding
from optimiser.render.paper.words import listing
from optimiser.render.titles import option_heading

SOFTWARE = {"HiGHS": "the open-source HiGHS software", "CBC": "the open-source CBC software"}
CHECKED = {
    "dual": "worked out from the plan and confirmed by planning it again",
    "re-solve": "found by planning it again",
}
"""How a step figure was found, in words (the plan's figures say which)."""


def method_sentence(solvers: set[str]) -> str:
    software = listing([SOFTWARE.get(s, f"the {s} software") for s in sorted(solvers)])
    return (
        f"Each establishment was worked out by linear optimisation with {software}: the cheapest "
        "establishment that holds every locality within the cap and the option's other limits or, where "
        "an option fixes the money, the lowest load every locality can be held to within it and then the "
        "cheapest way of holding that. Each plan was then checked against every limit again, independently, "
        "before any figure was printed."
    )


def _step(figure: Figure, r: Rounding, unit: str) -> str | None:
    how = CHECKED.get(figure.method, "found by planning it again")
    if figure.value is None:
        return None
    if figure.key == "cap_change_per_budget_step":
        if abs(figure.value) < 0.005:
            step = r.money(figure.step)
            return f"A further {step} a year would not lower that cap: limits other than money hold it."
        return (
            f"Each further {r.money(figure.step)} a year would bring that cap down by about "
            f"{-figure.value:,.1f} {unit} per WTE ({how} with {r.money(figure.step)} more)."
        )
    if figure.key == "cost_of_lowering_cap":
        return (
            f"Lowering the cap by {figure.step:g} {unit} would cost {r.money(figure.value)} a year more "
            f"({how} at the lower cap)."
        )
    return None


def option_items(option: Option, r: Rounding) -> list[str]:
    plan = option.plan
    inputs = option.prepared.inputs
    keep = inputs.scenario.keep_share_of_in_post
    figures = {"cap": r.load(plan.cap), "keep": f"{keep:.0%}" if keep else ""}
    limits = limit_words(plan.binding, [str(n) for n in plan.localities.index], (), figures)
    items = [f"What holds the answer where it is: {listing(limits)}."] if limits else []
    by_key = {f.key: f for f in plan.marginal}
    cost = by_key.get("cost_of_cap")
    if cost is not None and cost.value is not None:
        items.append(
            f"Holding every locality to the cap of {r.load(plan.cap)} costs {r.money(cost.value)} a year."
        )
    best = by_key.get("best_cap_within_budget")
    if best is not None and best.value is not None:
        items.append(
            "The lowest cap every locality can be held to within the budget of "
            f"{r.money(plan.budget)} a year "
            f"is {r.load(best.value)} weighted {plan.case_unit} per WTE."
        )
    items += [s for f in plan.marginal if (s := _step(f, r, plan.case_unit))]
    return items


def appendix(paper: Paper, options: list[Option], horizon: HorizonPlan | None, r: Rounding) -> list[Block]:
    solvers = {o.plan.solver for o in options} | ({horizon.result.solver} if horizon else set())
    blocks: list[Block] = [
        Heading("Appendix C: How the figures were worked out", 2),
        Paragraph(method_sentence(solvers)),
    ]
    for label, option in zip(paper.labels, options, strict=True):
        blocks += [
            Heading(option_heading(f"{label}: {option.plan.scenario}", option.plan), 3),
            Bullets(tuple(option_items(option, r))),
        ]
    if horizon is not None:
        blocks += years_section.limits(horizon, lambda binding, result: _horizon_items(binding, result, r))
    return blocks


def _horizon_items(binding: tuple[str, ...], result, r: Rounding) -> list[str]:
    localities = list(dict.fromkeys(result.localities.index.get_level_values("locality")))
    limits = limit_words(binding, localities, result.years, {"cap": r.load(result.cap), "keep": ""})
    items = [f"What holds the path where it is: {listing(limits)}."] if limits else []
    return [*items, years_section.outcome(result, r)]
