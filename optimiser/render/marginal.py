"""The marginal figures and binding constraints in plain sentences, for finance."""

from optimiser.plan import Plan
from optimiser.render import numbers


def _sentence(plan: Plan, figure) -> str:
    """One figure in words; figures that do not exist say why."""
    unit, cap = plan.case_unit, numbers.count(plan.cap)
    value, budget = figure.value, numbers.money(plan.budget)
    how = {"dual": " (from the budget's dual price, checked by a re-solve)", "re-solve": " (by re-solving)"}
    if figure.key == "cost_of_cap":
        if value is None:
            return f"A cap of {cap} weighted {unit} per WTE cannot be met within the bounds at any cost."
        cost = numbers.money(value)
        return f"Meeting the cap of {cap} weighted {unit} per WTE everywhere costs {cost} a year."
    if figure.key == "extra_budget_for_cap":
        if value is None:
            return "No budget can meet the cap within the bounds."
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
        verb = "lowers" if value < 0 else "changes"
        return (
            f"Each extra {step} a year {verb} the best achievable cap by {numbers.decimal(abs(value), 2)} "
            f"{unit} per WTE{how.get(figure.method, '')}."
        )
    if figure.key == "cost_of_lowering_cap":
        step = f"{figure.step:g} {unit}"
        if value is None:
            return f"Lowering the cap by {step} cannot be done: {figure.note}."
        method = how.get(figure.method, "").replace("budget's", "cap rows'")
        return f"Lowering the cap by {step} would cost {numbers.money(value)} a year more{method}."
    return f"{figure.key}: {value} {figure.unit}."


def marginal_sentences(plan: Plan) -> list[str]:
    """Binding constraints, then the finance figures, in plain words."""
    sentences = []
    if plan.binding:
        sentences.append("Binding constraints (held exactly by the plan): " + ", ".join(plan.binding) + ".")
    sentences += [_sentence(plan, f) for f in plan.marginal]
    return sentences
