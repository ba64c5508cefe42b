"""The summary of key points: today, each option in one bullet, what a budget buys, what one WTE
holds; every figure as Table 1 shows it."""

import numpy as np

from optimiser.planning.results import Option
from optimiser.render.numbers import NOT_KNOWN
from optimiser.render.paper.words import (
    Facts,
    against_comparison,
    at_cost,
    comparison_phrase,
    holds_differs,
    holds_sentence,
    known,
    more_or_less,
    moves,
    plural,
    today_cost,
)

MOST = 6
"""Bullets in the summary, at most (with up to four options)."""


def today_bullet(first: Option, f: Facts) -> str:
    plan, r = first.plan, f.r
    if not known(first):
        text = (
            f"WTE {plan.staff_title}s in post by locality are {NOT_KNOWN}, so today's cost, today's load per "
            "WTE and the change each option makes are not known."
        )
        compared = comparison_phrase(first)
        return text + (f" For comparison, {compared}." if compared else "")
    t, load = plan.totals, plan.localities["load_per_wte_before"]
    heaviest = ""
    if load.notna().any():
        heaviest = f"; the heaviest locality, {load.idxmax()}, holds {r.load(load.max())}"
    return (
        f"Today {r.in_post(t['in_post_wte'])} WTE {plan.staff_title}s are in post, costing "
        f"{r.money(today_cost(first))} a year {at_cost(first)}. On average each WTE holds "
        f"{r.load(t['load_per_wte_before'])} weighted {plan.case_unit}{heaviest}."
    )


def option_bullet(f: Facts) -> str:
    plan, r = f.plan, f.r
    worst = plan.totals["worst_load_per_wte"]
    if f.over_cap:
        load = (
            f"{plural(len(f.over_cap), 'locality')} stay above the cap of {r.load(plan.cap)} "
            f"(the heaviest at {r.load(worst)})"
        )
    else:
        load = f"no {plan.staff_title} holds more than {r.load(worst)} weighted {plan.case_unit}"
        if holds_differs(f.option):
            load += f" (the cap of {r.load(plan.cap)} less time away from the caseload)"
    if not known(f.option):
        compared = against_comparison(f)
        return (
            f"{f.label}: {r.wte(f.wte)} WTE at {r.money(f.cost)} a year"
            + (f" ({compared})" if compared else "")
            + f"; {load}."
        )
    return (
        f"{f.label}: {r.wte(f.wte)} WTE ({more_or_less(f.change, 'WTE')} than today) at "
        f"{r.money(f.cost)} a year ({more_or_less(f.cost_change, '£', r)}); {load}; {moves(f.option)}."
    )


def budget_bullet(all_facts: list[Facts]) -> str | None:
    """What each budget buys: the lowest cap every locality could be held to within it."""
    found = []
    for f in all_facts:
        plan, r = f.plan, f.r
        if plan.budget is None or plan.achievable_cap is None or np.isnan(plan.achievable_cap):
            continue
        found.append(
            f"within {f.label}'s budget of {r.money(plan.budget)} a year the lowest cap every "
            f"locality could be held to is {r.load(plan.achievable_cap)} weighted {plan.case_unit} per WTE"
        )
    if not found:
        return None
    text = "; ".join(found)
    return text[0].upper() + text[1:] + "."


def summary_bullets(options: list[Option], all_facts: list[Facts], recommended: bool) -> tuple[str, ...]:
    """Today, each option, then what the budgets buy and what one WTE holds while there is room."""
    bullets = [today_bullet(options[0], all_facts[0]), *(option_bullet(f) for f in all_facts)]
    extra = [budget_bullet(all_facts), next((s for s in map(holds_sentence, options) if s), None)]
    if not recommended:
        extra.append("No option is recommended; the decision asked for is set out at the end of the paper.")
    room = max(MOST - len(bullets), 0) if len(options) <= 4 else len(extra)
    return tuple(bullets + [e for e in extra if e][:room])
