"""The paper's plain-English figures and sentences about each option, for people who are not analysts.

No solver vocabulary here: constraint labels, prices from the solver and status words belong in
appendix C (see `build.technical`). Names from the inputs are used as given; writers escape them.
"""

from dataclasses import dataclass

import numpy as np

from optimiser.inputs.grades import available_fraction
from optimiser.planning.results import OVER_CAP_TOLERANCE, Option
from optimiser.render import numbers
from optimiser.render.numbers import NOT_KNOWN


@dataclass(frozen=True)
class Facts:
    """One option's headline figures, unrounded."""

    label: str
    option: Option
    wte: float
    change: float
    cost: float
    cost_change: float
    one_off: float
    added: float
    removed: float
    over_cap: tuple[str, ...]
    holds: float
    """What one WTE of the main grade can hold at the cap after non-clinical time, headroom and grade
    capacity."""

    @property
    def plan(self):
        return self.option.plan


def today_cost(option: Option) -> float:
    """The cost of the WTE in post; NaN where in post is not known."""
    if not known(option):
        return float("nan")
    return option.plan.totals["in_post_wte"] * option.plan.cost_per_wte


def known(option: Option) -> bool:
    """Whether WTE in post is known for every locality, so today's figures and changes exist."""
    return option.plan.in_post_known


def comparison_phrase(option: Option) -> str | None:
    """The scenario's published comparison in words, with its source: "health visitors in post in
    England, April 2023: 6,688 FTE (source)"; None when the scenario gives none."""
    c = option.plan.comparison
    if c is None:
        return None
    return f"{c.label}: {c.value:,g} {c.unit} ({c.source})"


def comparison_source(f: "Facts") -> str:
    c = f.plan.comparison
    return f"source: {c.source}" if c is not None else ""


def against_comparison(f: "Facts") -> str:
    """'5,570.5 WTE more than the 6,688 FTE health visitors in post in England, April 2023', or ''."""
    c = f.plan.comparison
    if c is None:
        return ""
    return f"{more_or_less(f.wte - c.value, 'WTE')} than the {c.value:,g} {c.unit} {c.label}"


def one_wte_holds(option: Option) -> float:
    """cap x (1 - non-clinical %) / (1 + headroom %) x the main grade's capacity."""
    model = option.prepared.inputs.model
    capacity = model.grades[0].capacity if model.grades else 1.0
    return option.plan.cap * available_fraction(model.non_clinical_percent, model.headroom_percent) * capacity


def holds_differs(option: Option) -> bool:
    return abs(one_wte_holds(option) - option.plan.cap) > 1e-9 * option.plan.cap


def facts(label: str, option: Option) -> Facts:
    plan, t = option.plan, option.plan.totals
    load = plan.localities["load_per_wte"]
    over = load > plan.cap * (1 + OVER_CAP_TOLERANCE)
    return Facts(
        label=label,
        option=option,
        wte=t["planned_wte"],
        change=t["change_wte"],
        cost=t["cost"],
        cost_change=t["cost"] - today_cost(option),
        one_off=t["one_off_cost"],
        added=t["posts_added"],
        removed=t["posts_removed"],
        over_cap=tuple(str(n) for n in plan.localities.index[over.to_numpy()]),
        holds=one_wte_holds(option),
    )


def more_or_less(value: float, unit: str = "£") -> str:
    """'£51,906 less', '1.4 WTE more', 'no change'."""
    if unit == "£":
        shown = numbers.money(abs(value))
        zero = shown == "£0"
    else:
        shown = numbers.wte(abs(value))
        zero = shown == "0.0"
        shown = f"{shown} WTE"
    if zero:
        return "no change"
    return (
        f"{shown} {'more' if value > 0 else 'less'}"
        if unit == "£"
        else f"{shown} {'more' if value > 0 else 'fewer'}"
    )


def plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def listing(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def holds_sentence(option: Option) -> str | None:
    """What one WTE can hold, where headroom, non-clinical time or grade capacity make it differ from
    the cap."""
    if not holds_differs(option):
        return None
    model, plan = option.prepared.inputs.model, option.plan
    parts = []
    if model.non_clinical_percent:
        parts.append(f"{model.non_clinical_percent:g}% non-clinical time")
    if model.headroom_percent:
        parts.append(f"{model.headroom_percent:g}% headroom")
    capacity = model.grades[0].capacity if model.grades else 1.0
    if capacity != 1:
        parts.append(f"a grade capacity of {capacity:g}")
    return (
        f"A {plan.staff_title}'s effective capacity is {numbers.count(one_wte_holds(option))} weighted "
        f"{plan.case_unit}: the cap of {plan.cap:,g} less {listing(parts)}."
    )


def today_bullet(first: Option) -> str:
    plan = first.plan
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
        name = str(load.idxmax())
        heaviest = f"; the heaviest locality, {name}, holds {numbers.count(load.max())}"
    return (
        f"Today {numbers.wte(t['in_post_wte'], 2)} WTE {plan.staff_title}s are in post, costing "
        f"{numbers.money(today_cost(first))} a year at {numbers.money(plan.cost_per_wte)} per WTE. "
        f"On average each WTE holds {numbers.count(t['load_per_wte_before'])} weighted {plan.case_unit}"
        f"{heaviest}."
    )


def moves(option: Option) -> str:
    """Where posts are added and removed, by locality."""
    if not known(option):
        return f"the change by locality is {NOT_KNOWN}"
    change = option.plan.localities["change_wte"]
    up = [f"{n} {numbers.signed_wte(v)}" for n, v in change.items() if numbers.signed_wte(v).startswith("+")]
    down = [
        f"{n} {numbers.signed_wte(v)}" for n, v in change.items() if numbers.signed_wte(v).startswith("-")
    ]
    parts = []
    if up:
        parts.append(f"posts are added in {listing(up) if len(up) <= 6 else plural(len(up), 'locality')}")
    if down:
        parts.append(f"removed in {listing(down) if len(down) <= 6 else plural(len(down), 'locality')}")
    return "; ".join(parts) if parts else "no locality changes"


def option_bullet(f: Facts) -> str:
    plan = f.plan
    worst = plan.totals["worst_load_per_wte"]
    if f.over_cap:
        load = (
            f"{plural(len(f.over_cap), 'locality')} stay above the cap of {plan.cap:,g} "
            f"(the heaviest at {numbers.count(worst)})"
        )
    else:
        load = f"no {plan.staff_title} holds more than {numbers.count(worst)} weighted {plan.case_unit}"
        if holds_differs(f.option):
            load += f" (a cap of {plan.cap:,g} less time away from caseload work)"
    if not known(f.option):
        compared = against_comparison(f)
        return (
            f"{f.label}: {numbers.wte(f.wte)} WTE at {numbers.money(f.cost)} a year"
            + (f" ({compared})" if compared else "")
            + f"; {load}; {moves(f.option)}."
        )
    return (
        f"{f.label}: {numbers.wte(f.wte)} WTE ({more_or_less(f.change, 'WTE')} than today) at "
        f"{numbers.money(f.cost)} a year ({more_or_less(f.cost_change)}); {load}; {moves(f.option)}."
    )


def budget_bullet(all_facts: list[Facts]) -> str | None:
    """What the budget buys: the lowest cap each budgeted option could hold everywhere."""
    found = []
    for f in all_facts:
        plan = f.plan
        if plan.budget is None or plan.achievable_cap is None or np.isnan(plan.achievable_cap):
            continue
        found.append(
            f"within {f.label}'s budget of {numbers.money(plan.budget)} a year the lowest cap every "
            f"locality could be held to is {numbers.count(plan.achievable_cap)} weighted "
            f"{plan.case_unit} per WTE"
        )
    if not found:
        return None
    text = "; ".join(found)
    return text[0].upper() + text[1:] + "."


def first_year(f: Facts, share: float | None, month: str | None) -> str:
    if share is None or month is None:
        return ""
    return (
        f" Starting in {month}, {round(share * 12):d}/12 of the full-year change falls in the first "
        f"financial year: {numbers.signed_money(f.cost_change * share)}."
    )


def financial_item(f: Facts, share: float | None, month: str | None) -> str:
    one_off = (
        f"; one-off costs of {numbers.money(f.one_off)} (recruiting {numbers.wte(f.added)} WTE and "
        f"removing {numbers.wte(f.removed)} WTE)"
        if f.one_off > 0
        else ""
    )
    if not known(f.option):
        return (
            f"{f.label}: recurring cost {numbers.money(f.cost)} a year; the change against today is "
            f"{NOT_KNOWN}, as WTE in post is {NOT_KNOWN}."
        )
    return (
        f"{f.label}: recurring cost {numbers.money(f.cost)} a year, "
        f"{numbers.signed_money(f.cost_change)} a year against today{one_off}."
        f"{first_year(f, share, month)}"
    )


def workforce_item(f: Facts) -> str:
    title = f.plan.staff_title
    if not known(f.option):
        compared = against_comparison(f)
        return (
            f"{f.label}: an establishment of {numbers.wte(f.wte)} WTE {title}s; the posts to add or remove "
            f"in each locality are {NOT_KNOWN}, as WTE in post is {NOT_KNOWN}"
            + (f"; nationally, {compared}" if compared else "")
            + "."
        )
    if numbers.wte(f.added) == "0.0" and numbers.wte(f.removed) == "0.0":
        return f"{f.label}: no change to the establishment."
    text = (
        f"{f.label}: {numbers.wte(f.added)} WTE added and {numbers.wte(f.removed)} WTE removed "
        f"(net {numbers.signed_wte(f.change)}); {moves(f.option)}."
    )
    if numbers.wte(f.added) == "0.0":
        return text + " No recruitment is needed."
    net = max(f.added - f.removed, 0.0)
    text += f" Recruitment needed: {numbers.wte(f.added)} WTE {title}s"
    if numbers.wte(f.removed) != "0.0":
        after_moves = f"{numbers.wte(net)} WTE" if numbers.wte(net) != "0.0" else "none"
        text += f", or {after_moves} if staff move from the localities that lose posts"
    return text + "."


def risk_item(f: Facts) -> str:
    plan = f.plan
    if f.over_cap:
        loads = plan.localities["load_per_wte"]
        listed = listing([f"{n} ({numbers.count(loads[n])})" for n in f.over_cap])
        return (
            f"{f.label}: {plural(len(f.over_cap), 'locality')} left above the cap of {plan.cap:,g}: {listed}."
        )
    return (
        f"{f.label}: no locality is left above the cap of {plan.cap:,g}, with no margin: a locality whose "
        f"caseload grows by 10% would hold about {numbers.count(plan.totals['worst_load_per_wte'] * 1.1)} "
        f"per WTE until staff are added."
    )


def today_risk(first: Option, all_facts: list[Facts]) -> str:
    load = first.plan.localities["load_per_wte_before"]
    if not known(first):
        return (
            f"Today's load per WTE is {NOT_KNOWN} in any of the {plural(len(load), 'locality')}, so how "
            "many are above each option's cap today is not known."
        )
    parts = []
    for f in all_facts:
        over = int((load > f.plan.cap * (1 + OVER_CAP_TOLERANCE)).sum())
        parts.append(f"{over} above {f.label}'s cap of {f.plan.cap:,g}")
    return f"Today, of {plural(len(load), 'locality')}: " + "; ".join(parts) + "."


def plan_sentences(f: Facts) -> list[str]:
    """An option's figures in plain words, for its appendix A table."""
    plan, t = f.plan, f.plan.totals
    if plan.objective == "min-cost":
        aim = f"Holding every locality to {plan.cap:,g} weighted {plan.case_unit} per WTE needs"
    else:
        aim = "Within the budget, the plan has"
    if known(f.option):
        sentences = [
            f"{aim} {numbers.wte(f.wte)} WTE against {numbers.wte(t['in_post_wte'], 2)} in post "
            f"({numbers.signed_wte(f.change)} WTE), costing {numbers.money(f.cost)} a year "
            f"({numbers.signed_money(f.cost_change)} against today).",
            f"Average load per WTE goes from {numbers.count(t['load_per_wte_before'])} to "
            f"{numbers.count(t['load_per_wte'])}; the heaviest locality after the change holds "
            f"{numbers.count(t['worst_load_per_wte'])}.",
        ]
    else:
        compared = against_comparison(f)
        sentences = [
            f"{aim} {numbers.wte(f.wte)} WTE, costing {numbers.money(f.cost)} a year; WTE in post is "
            f"{NOT_KNOWN}, so the change is {NOT_KNOWN}"
            + (f" (nationally, {compared}, {comparison_source(f)})" if compared else "")
            + ".",
            f"Average load per WTE after the change is {numbers.count(t['load_per_wte'])}; the heaviest "
            f"locality holds {numbers.count(t['worst_load_per_wte'])}.",
        ]
    holds = holds_sentence(f.option)
    if holds:
        sentences.append(holds)
    if plan.budget is not None:
        sentences.append(
            f"The budget is {numbers.money(plan.budget)} a year; the plan leaves "
            f"{numbers.money(plan.budget - f.cost)} of it unspent."
        )
    return sentences
