"""What staff cost today: one place for the figures every budget, plan and comparison starts from."""

import pandas as pd

from optimiser.inputs.bundle import Inputs


def in_post_costs(inputs: Inputs) -> dict[str, float]:
    """What each locality's staff in post cost a year: by grade where the locality file gives
    WTE in post for every grade, otherwise all at the main grade's cost."""
    model, frame = inputs.model, inputs.localities.frame
    costs = {model.main_grade: inputs.cost_per_wte, **{g.name: g.cost_per_wte for g in model.grades[1:]}}
    at_main = frame["in_post_wte"].astype(float) * inputs.cost_per_wte
    columns = [f"in_post_wte:{grade}" for grade in costs]
    if len(costs) == 1 or not all(c in frame for c in columns):
        return at_main.to_dict()
    by_grade = frame[columns].apply(pd.to_numeric, errors="coerce")
    known = by_grade.notna().all(axis=1)
    priced = sum(by_grade[c].fillna(0.0) * cost for c, cost in zip(columns, costs.values(), strict=True))
    return at_main.where(~known, priced).to_dict()


def today_cost(inputs: Inputs) -> float:
    """What the WTE in post cost a year: the base of a budget written as "-8%"."""
    return sum(in_post_costs(inputs).values())
