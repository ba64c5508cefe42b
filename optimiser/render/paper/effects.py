"""What each option means, in the body: its money, its posts and recruitment, and the loads left,
one bullet per option under each; and the short workforce, financial and performance implications
the cover states, written from the same figures."""

from optimiser.inputs.options_file import Paper
from optimiser.planning.results import OVER_CAP_TOLERANCE, Option
from optimiser.render.numbers import NOT_KNOWN
from optimiser.render.paper.words import (
    Facts,
    against_comparison,
    at_cost,
    cost_words,
    known,
    listing,
    moves,
    plural,
    today_cost,
)


def first_year(f: Facts, paper: Paper) -> str:
    share, month = paper.first_year_share, paper.start_month
    if share is None or month is None or share == 1:
        return ""
    months = round(share * 12)
    return (
        f" From {month}, {months} months of the change fall in the first financial year: "
        f"{f.r.signed_money(f.cost_change * share)}."
    )


def financial_item(f: Facts, paper: Paper) -> str:
    r = f.r
    one_off = (
        f"; one-off costs of {r.money(f.one_off)} (recruiting {r.wte(f.added)} WTE and "
        f"removing {r.wte(f.removed)} WTE)"
        if f.one_off > 0
        else ""
    )
    if not known(f.option):
        return f"{f.label}: recurring cost {r.money(f.cost)} a year; the change against today is {NOT_KNOWN}."
    return (
        f"{f.label}: recurring cost {r.money(f.cost)} a year, {r.signed_money(f.cost_change)} a year "
        f"against today{one_off}.{first_year(f, paper)}"
    )


def workforce_item(f: Facts) -> str:
    r, title = f.r, f.plan.staff_title
    if not known(f.option):
        compared = against_comparison(f)
        return (
            f"{f.label}: an establishment of {r.wte(f.wte)} WTE {title}s"
            + (f", {compared}" if compared else "")
            + f"; the posts to add or remove in each locality are {NOT_KNOWN}."
        )
    if r.wte(f.added) == "0.0" and r.wte(f.removed) == "0.0":
        return f"{f.label}: no change to the establishment."
    text = (
        f"{f.label}: {r.wte(f.added)} WTE added and {r.wte(f.removed)} WTE removed "
        f"(net {r.signed_wte(f.change)}); {moves(f.option)}."
    )
    if r.wte(f.added) == "0.0":
        return text + " No recruitment is needed."
    text += f" Recruitment needed: {r.wte(f.added)} WTE {title}s"
    if r.wte(f.removed) != "0.0":
        net = max(f.added - f.removed, 0.0)
        moved = r.wte(net) + " WTE" if r.wte(net) != "0.0" else "none"
        text += f", or {moved} if staff move from the localities that lose posts"
    return text + "."


def risk_item(f: Facts) -> str:
    plan, r = f.plan, f.r
    if f.over_cap:
        loads = plan.localities["load_per_wte"]
        listed = listing([f"{n} ({r.load(loads[n])})" for n in f.over_cap[:6]])
        more = f" and {len(f.over_cap) - 6:,} more" if len(f.over_cap) > 6 else ""
        left = plural(len(f.over_cap), "locality")
        return f"{f.label}: {left} left above the cap of {r.load(plan.cap)}: {listed}{more}."
    grown = plan.totals["worst_load_per_wte"] * 1.1
    return (
        f"{f.label}: no locality is left above the cap of {r.load(plan.cap)}, with no margin: a "
        "locality whose "
        f"caseload grows by 10% would hold about {r.load(grown)} per WTE until staff are added."
    )


def today_risk(first: Option, all_facts: list[Facts]) -> str:
    load = first.plan.localities["load_per_wte_before"]
    if not known(first):
        return f"Today's load per WTE is {NOT_KNOWN}, so nor is how many localities are above each cap."
    parts = []
    for f in all_facts:
        over = int((load > f.plan.cap * (1 + OVER_CAP_TOLERANCE)).sum())
        parts.append(f"{over:,} above {f.r.load(f.plan.cap)} ({f.label})")
    return f"Today, of the {plural(len(load), 'locality')}, " + listing(parts) + "."


def _each(all_facts: list[Facts], shown) -> str:
    """One figure per option, each with its label: "73.8 WTE (A: hold 450), 83.0 WTE (B: cap 400)"."""
    return listing([f"{shown(f)} ({f.label})" for f in all_facts])


def workforce_implication(options: list[Option], all_facts: list[Facts]) -> str:
    """The cover's paragraph on posts: each option's establishment, and the recruitment it needs."""
    title, r = options[0].plan.staff_title, all_facts[0].r
    need = f"the options need {_each(all_facts, lambda f: f'{r.wte(f.wte)} WTE')}"
    if not known(options[0]):
        return f"WTE {title}s in post are {NOT_KNOWN} by locality; {need} (section 3)."
    now = f"Today {r.in_post(options[0].plan.totals['in_post_wte'])} WTE {title}s are in post; {need}"
    recruiting = [f for f in all_facts if r.wte(f.added) != "0.0"]
    if not recruiting:
        return f"{now}; none needs recruitment (section 3)."
    return f"{now}, recruiting {_each(recruiting, lambda f: f'{r.wte(f.added)} WTE')} (section 3)."


def financial_implication(options: list[Option], all_facts: list[Facts], paper: Paper) -> str:
    """The cover's paragraph on money: today's cost and each option's, and the first year."""
    r, first = all_facts[0].r, options[0]
    costs = f"the options cost {_each(all_facts, lambda f: r.money(f.cost))} a year"
    if not known(first):
        return f"At {cost_words(first)}, {costs}; today's cost is {NOT_KNOWN}."
    changes = _each(all_facts, lambda f: r.signed_money(f.cost_change))
    share, when = paper.first_year_share, ""
    if share is not None and share < 1:
        months = round(share * 12)
        when = f" From {paper.start_month}, {months} months of each change fall in the first financial year."
    return (
        f"Today's establishment costs {r.money(today_cost(first))} a year {at_cost(first)}; {costs}, "
        f"a change of {changes}.{when}"
    )


def performance_implication(options: list[Option], all_facts: list[Facts]) -> str:
    """The cover's paragraph on caseloads: today's loads against each option's."""
    r, first = all_facts[0].r, options[0].plan
    heaviest = _each(all_facts, lambda f: r.load(f.plan.totals["worst_load_per_wte"]))
    after = f"the heaviest load after each option is {heaviest}"
    if not known(options[0]):
        return f"Today's load per WTE is {NOT_KNOWN}; {after} weighted {first.case_unit} per WTE."
    return (
        f"Today each WTE holds {r.load(first.totals['load_per_wte_before'])} weighted {first.case_unit} on "
        f"average and up to {r.load(first.localities['load_per_wte_before'].max())}; {after}."
    )
