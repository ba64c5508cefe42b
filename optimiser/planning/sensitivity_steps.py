"""The inputs a sensitivity table moves, each as two ends (its figure in words, and the inputs and
LP figures at that end), made as `plan` would make them had the input been that figure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from optimiser.errors import InputError
from optimiser.inputs.weighting import weighted_caseload
from optimiser.planning.prepare import lp_data

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.bundle import Inputs
    from optimiser.inputs.caseload_model import CaseloadModel
    from optimiser.lp.data import LpData
    from optimiser.planning.prepare import Prepared

CAP_STEP, COST_STEP, CASELOAD_STEP, WEIGHT_STEP = 0.10, 0.05, 0.10, 0.20
POINTS = 5.0
"""Headroom and non-clinical time move by this many percentage points."""

Case = tuple["Inputs", "LpData"]
End = tuple[str, Callable[[], Case | None]]
Spec = tuple[str, str, str, End, End]
"""(key, label, step in words, low end, high end)."""


def _with_model(prepared: Prepared, model: CaseloadModel, **figures: Any) -> Case | None:
    """The inputs with another model (and figures), weighted and turned into the LP's figures again;
    None where the model gives no valid weighting (a multiplier at or below 0)."""
    inputs = replace(prepared.inputs, model=model, **figures)
    try:
        audit = weighted_caseload(model, inputs.localities)
    except InputError:
        return None
    data = lp_data(inputs, audit)
    return inputs, replace(data, priority=prepared.data.priority)


def _cap(prepared: Prepared) -> Spec:
    inputs, d = prepared.inputs, prepared.data

    def end(f: float) -> End:
        return f"{d.cap * f:,.4g}", lambda: (inputs, replace(d, cap=d.cap * f))

    return ("cap", "Cap", "±10%", end(1 - CAP_STEP), end(1 + CAP_STEP))


def _cost(prepared: Prepared) -> Spec:
    inputs = prepared.inputs
    model = inputs.model

    def end(f: float) -> End:
        grades = tuple(g.model_copy(update={"cost_per_wte": g.cost_per_wte * f}) for g in model.grades)
        changed = model.model_copy(update={"grades": grades})
        cost = inputs.cost_per_wte * f
        return f"£{cost:,.0f}", lambda: _with_model(prepared, changed, cost_per_wte=cost)

    label = "Cost per WTE" + (" (every grade)" if len(model.grades) > 1 else "")
    return ("cost_per_wte", label, "±5%", end(1 - COST_STEP), end(1 + COST_STEP))


def _caseloads(prepared: Prepared) -> Spec:
    inputs, d = prepared.inputs, prepared.data
    total = sum(d.weighted.values())

    def end(f: float) -> End:
        scaled = replace(
            d,
            weighted={k: v * f for k, v in d.weighted.items()},
            high_risk={k: v * f for k, v in d.high_risk.items()},
        )
        return f"{total * f:,.0f}", lambda: (inputs, scaled)

    label = "Caseloads (every locality, weighted total)"
    return ("caseloads", label, "±10%", end(1 - CASELOAD_STEP), end(1 + CASELOAD_STEP))


def _weights(prepared: Prepared) -> list[Spec]:
    model = prepared.inputs.model
    specs = []
    for i, category in enumerate(model.categories):

        def end(f: float, i: int = i) -> End:
            weight = model.categories[i].weight * f
            changed = list(model.categories)
            changed[i] = changed[i].model_copy(update={"weight": weight})
            copy = model.model_copy(update={"categories": tuple(changed)})
            return f"{weight:g}", lambda: _with_model(prepared, copy)

        label = f"Weight of {category.name}"
        specs.append((f"weight:{category.name}", label, "±20%", end(1 - WEIGHT_STEP), end(1 + WEIGHT_STEP)))
    return specs


def _slopes(prepared: Prepared) -> list[Spec]:
    model = prepared.inputs.model
    specs = []
    for key, factor in model.factor_keys():
        if factor.linear is None:
            continue

        def end(f: float, key: str = key) -> End:
            slope = dict(model.factor_keys())[key].linear.slope * f  # type: ignore[union-attr]
            return f"{slope:g}", lambda: _with_model(prepared, _with_slope(model, key, slope))

        label = f"Slope of the {factor.name} multiplier"
        specs.append((f"slope:{key}", label, "±20%", end(1 - WEIGHT_STEP), end(1 + WEIGHT_STEP)))
    return specs


def _with_slope(model: CaseloadModel, key: str, slope: float) -> CaseloadModel:
    """The model with one linear multiplier's slope changed (`deprivation`, or `multipliers.i`)."""
    factor = dict(model.factor_keys())[key]
    linear = factor.linear.model_copy(update={"slope": slope})  # type: ignore[union-attr]
    changed = factor.model_copy(update={"linear": linear})
    if key == "deprivation":
        return model.model_copy(update={"deprivation": changed})
    factors = list(model.multipliers)
    factors[int(key.split(".")[1])] = changed
    return model.model_copy(update={"multipliers": tuple(factors)})


def _points(prepared: Prepared, field: str, label: str) -> Spec:
    model = prepared.inputs.model
    now = getattr(model, field)

    def end(points: float) -> End:
        value = now + points
        if not 0 <= value < 100:
            return f"none (it is {now:g}%)", lambda: None
        return f"{value:g}%", lambda: _with_model(prepared, model.model_copy(update={field: value}))

    key = field.removesuffix("_percent")
    return (key, label, "±5 points", end(-POINTS), end(POINTS))


def specs(prepared: Prepared) -> list[Spec]:
    """Every input a plan rests on that a sensitivity table moves, in the order STEPS states them."""
    return [
        _cap(prepared),
        _cost(prepared),
        _caseloads(prepared),
        *_weights(prepared),
        *_slopes(prepared),
        _points(prepared, "headroom_percent", "Headroom"),
        _points(prepared, "non_clinical_percent", "Non-clinical time"),
    ]
