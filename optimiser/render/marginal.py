"""The marginal figures and binding constraints in plain sentences, for finance."""

from optimiser.plan import Plan
from optimiser.render import numbers


def _sentence(plan: Plan, figure) -> str | None:
    """One figure in words; figures that do not exist say why (or nothing, if said already)."""
    unit, cap = plan.case_unit, numbers.count(plan.cap)
    value, budget = figure.value, numbers.money(plan.budget)
    how = {"dual": " (from the {} dual price, checked by a re-solve)", "re-solve": " (by re-solving: {note})"}
    if figure.key == "cost_of_cap":
        if value is None:
            return f"A cap of {cap} weighted {unit} per WTE cannot be met within the bounds at any cost."
        cost = numbers.money(value)
        return f"Meeting the cap of {cap} weighted {unit} per WTE everywhere costs {cost} a year."
    if figure.key == "extra_budget_for_cap":
        if value is None:
            return None
        if value <= 0:
            return f"The budget of {budget} a year pays for the cap; no extra budget is needed."
        return f"Meeting the cap needs {numbers.money(value)} a year more than the budget of {budget}."
    if figure.key == "best_cap_within_budget":
        if value is None:
            return f"No plan fits the budget of {budget} a year: {figure.note}."
        return (
            f"The best cap within the budget of {budget} a year is "
            f"{numbers.decimal(value)} weighted {unit} per WTE, with no locality above it."
        )
    if figure.key == "cap_change_per_budget_step":
        step = numbers.money(figure.step)
        if value is None:
            return f"The effect of an extra {step} could not be found: {figure.note}."
        if numbers.decimal(value, 2) in ("0.00", "-0.00"):
            return (
                f"An extra {step} a year would not lower the best achievable cap: bounds, not money, hold it."
            )
        method = how[figure.method].format("budget row's", note=figure.note)
        return (
            f"Each extra {step} a year lowers the best achievable cap by {numbers.decimal(-value, 2)} "
            f"{unit} per WTE{method}."
        )
    if figure.key == "cost_of_lowering_cap":
        step = f"{figure.step:g} {unit}"
        if value is None:
            return f"Lowering the cap by {step} cannot be done: {figure.note}."
        method = how[figure.method].format("cap rows'", note=figure.note)
        return f"Lowering the cap by {step} would cost {numbers.money(value)} a year more{method}."
    return f"{figure.key}: {value} {figure.unit}."


def _next_step(plan: Plan, found: list) -> str | None:
    """priority: where the next step of money goes, highest priority first."""
    if not found:
        return None
    step = numbers.money(found[0].step)
    if found[0].value is None:
        return f"Where an extra {step} would go could not be found: {found[0].note}."
    if not found[0].locality:
        return f"An extra {step} a year would not reduce any shortfall: no locality can use it."
    places = ", then ".join(f"{f.locality} (+{numbers.decimal(f.value, 2)} WTE)" for f in found)
    return f"An extra {step} a year would go to {places}: the highest priorities still above the cap."


def marginal_sentences(plan: Plan) -> list[str]:
    """Binding constraints, then the finance figures, in plain words."""
    sentences = []
    if plan.binding:
        sentences.append("Binding constraints (held exactly by the plan): " + ", ".join(plan.binding) + ".")
    found = [f for f in plan.marginal if f.key != "next_budget_step"]
    sentences += [s for s in (_sentence(plan, f) for f in found) if s is not None]
    next_step = _next_step(plan, [f for f in plan.marginal if f.key == "next_budget_step"])
    return sentences + ([next_step] if next_step else [])
