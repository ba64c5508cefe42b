"""The marginal figures and binding constraints in plain sentences, for finance."""

from collections.abc import Callable

from optimiser.planning.plan import Figure, Plan
from optimiser.render import numbers

HOW = {"dual": " (from the {} dual price, checked by a re-solve)", "re-solve": " (by re-solving: {note})"}
"""How a step figure was found, so a reader knows whether a price or a re-solve stands behind it."""


def _how(figure: Figure, prices: str) -> str:
    return HOW[figure.method].format(prices, note=figure.note)


def _cost_of_cap(plan: Plan, figure: Figure) -> str | None:
    cap = f"{numbers.count(plan.cap)} weighted {plan.case_unit} per WTE"
    if figure.value is None:
        return f"A cap of {cap} cannot be met within the bounds at any cost."
    return f"Meeting the cap of {cap} everywhere costs {numbers.money(figure.value)} a year."


def _extra_budget(plan: Plan, figure: Figure) -> str | None:
    if figure.value is None:
        return None  # the cost of the cap sentence already says the bounds forbid it
    budget = numbers.money(plan.budget)
    if figure.value <= 0:
        return f"The budget of {budget} a year pays for the cap; no extra budget is needed."
    return f"Meeting the cap needs {numbers.money(figure.value)} a year more than the budget of {budget}."


def _best_cap(plan: Plan, figure: Figure) -> str | None:
    budget = numbers.money(plan.budget)
    if figure.value is None:
        return f"No plan fits the budget of {budget} a year: {figure.note}."
    return (
        f"The best cap within the budget of {budget} a year is {numbers.decimal(figure.value)} "
        f"weighted {plan.case_unit} per WTE, with no locality above it."
    )


def _budget_step(plan: Plan, figure: Figure) -> str | None:
    step = numbers.money(figure.step)
    if figure.value is None:
        return f"The effect of an extra {step} could not be found: {figure.note}."
    if abs(figure.value) < 0.005:
        return f"An extra {step} a year would not lower the best achievable cap: bounds, not money, hold it."
    how = _how(figure, "budget row's")
    return (
        f"Each extra {step} a year lowers the best achievable cap by {numbers.decimal(-figure.value, 2)} "
        f"{plan.case_unit} per WTE{how}."
    )


def _cap_step(plan: Plan, figure: Figure) -> str | None:
    step = f"{figure.step:g} {plan.case_unit}"
    if figure.value is None:
        return f"Lowering the cap by {step} cannot be done: {figure.note}."
    how = _how(figure, "cap rows'")
    return f"Lowering the cap by {step} would cost {numbers.money(figure.value)} a year more{how}."


SENTENCES: dict[str, Callable[[Plan, Figure], str | None]] = {
    "cost_of_cap": _cost_of_cap,
    "extra_budget_for_cap": _extra_budget,
    "best_cap_within_budget": _best_cap,
    "cap_change_per_budget_step": _budget_step,
    "cost_of_lowering_cap": _cap_step,
}


def _next_step(found: list[Figure]) -> str | None:
    """priority: where the next step of money goes, highest priority first (one sentence)."""
    if not found:
        return None
    step = numbers.money(found[0].step)
    if found[0].value is None:
        return f"Where an extra {step} would go could not be found: {found[0].note}."
    if not found[0].locality:
        return f"An extra {step} a year would not reduce any shortfall: no locality can use it."
    places = ", then ".join(f"{f.locality} (+{numbers.decimal(f.value, 2)} WTE)" for f in found)
    return f"An extra {step} a year would go to {places}: the highest priorities still above the cap."


LISTED_PER_FAMILY = 6
"""A family of binding constraints with more rows than this is counted, not listed (national scale)."""


def binding_listing(binding: tuple[str, ...], localities: int) -> str:
    """Binding constraints by name; a family binding in many localities (`cap cover[...]` in all 153)
    is counted instead of listed, so the sentence stays readable. JSON keeps every name."""
    families: dict[str, list[str]] = {}
    for name in binding:
        families.setdefault(name.split("[", 1)[0], []).append(name)
    parts = []
    for family, names in families.items():
        if len(names) <= LISTED_PER_FAMILY:
            parts += names
        else:
            every = " (every locality)" if len(names) == localities else ""
            parts.append(f"{family} in {len(names):,} localities{every}")
    return ", ".join(parts)


def marginal_sentences(plan: Plan) -> list[str]:
    """Binding constraints, then the finance figures, in plain words."""
    sentences = []
    if plan.binding:
        listed = binding_listing(plan.binding, len(plan.localities))
        sentences.append("Binding constraints (held exactly by the plan): " + listed + ".")
    sentences += [SENTENCES[f.key](plan, f) for f in plan.marginal if f.key in SENTENCES]
    sentences.append(_next_step([f for f in plan.marginal if f.key == "next_budget_step"]))
    return [s for s in sentences if s is not None]
