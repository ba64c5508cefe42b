"""The page's whole state in its address: the scenario, the figures set, the map's measure and the
pinned options, read from and written to a query string, so a link reproduces the view.

Pure: nothing here reads a file. Which files a scenario reference may name is `routes`' to check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, quote, unquote, urlencode

from optimiser.app.settings import Defaults, Settings

BUDGET_UNITS = ("scenario", "pounds", "percent")
"""The budget as the scenario gives it, in pounds a year, or as a change from today's cost (%)."""
MEASURES = ("per_1000", "change", "load")
"""What the England map colours each authority by."""
MAX_PINS = 12


class StateError(ValueError):
    """A figure in the address that cannot be read: which field, what was wrong, what is expected."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass(frozen=True)
class Form:
    """The controls' values as typed (text), before they are compared with the scenario's own."""

    cap: str = ""
    budget: str = ""
    budget_unit: str = "scenario"
    cost: str = ""
    objective: str = ""
    confidence: str = ""
    meant: str = ""
    """The figures (Settings.words) the user said are meant as typed, though they looked like a
    slip: the confirmation holds for those figures only, and any other figure is asked about again."""


@dataclass(frozen=True)
class State:
    scenario: str = ""
    """The scenario's reference: a path relative to the page's folder, or an upload's."""
    form: Form = field(default_factory=Form)
    measure: str = MEASURES[0]
    pins: tuple[str, ...] = ()
    """Each pinned option as its own query string (scenario and form fields)."""


def _number(name: str, text: str, low: float, high: float, what: str) -> float | None:
    """A typed figure, or None when blank; refused outside (low, high] with what is expected."""
    if text.strip() == "":
        return None
    try:
        value = float(text.replace(",", "").replace("£", ""))
    except ValueError:
        raise StateError(name, f"'{text}' is not a number; expected {what}") from None
    if not math.isfinite(value) or not low < value <= high:
        raise StateError(name, f"{text} is out of range; expected {what}")
    return value


def settings(form: Form, defaults: Defaults) -> Settings:
    """The figures the form sets in place of the scenario's; a figure equal to the scenario's own
    (or blank) is the scenario's, so an untouched page plans the scenario as written."""
    cap = _number("cap", form.cap, 0, 1e6, "a cap above 0 (weighted cases per WTE)")
    cost = _number("cost", form.cost, 0, 1e8, "pounds a year above 0 for one WTE")
    conf = _number("confidence", form.confidence, 0, 0.9999, "a probability such as 0.9, below 1")
    budget = None
    if form.budget_unit not in BUDGET_UNITS:
        raise StateError("budget_unit", f"'{form.budget_unit}' is not one of {', '.join(BUDGET_UNITS)}")
    if form.budget_unit == "pounds":
        value = _number("budget", form.budget, 0, 1e12, "pounds a year above 0")
        budget = None if value is None else f"{value:.15g}"
    elif form.budget_unit == "percent":
        value = _number(
            "budget", form.budget, -100, 1000, "a change from today's cost above -100, such as -8"
        )
        budget = None if value is None else f"{value:+.15g}%"
    if form.objective and form.objective not in defaults.objectives:
        raise StateError("objective", f"'{form.objective}' is not an objective this scenario can use")
    if conf is not None and not defaults.uncertain:
        raise StateError("confidence", "this scenario has no uncertainty block, so no confidence level")
    found = Settings(
        cap=None if cap is None or cap == defaults.cap else cap,
        budget=None if budget is None or budget == defaults.budget else budget,
        cost_per_wte=None if cost is None or cost == defaults.cost_per_wte else cost,
        objective=None if not form.objective or form.objective == defaults.objective else form.objective,
        confidence=None if conf is None or conf == defaults.confidence else conf,
    )
    return replace(found, confirmed=form.meant == meant_for(found))


def meant_for(settings: Settings) -> str:
    """What the form's `meant` holds to confirm these figures: their words, or the scenario's own."""
    return settings.words() or "the scenario's figures"


def confirming(state: State, settings: Settings) -> State:
    """The state with these figures confirmed as meant (the page's answer to a slip's question)."""
    return replace(state, form=replace(state.form, meant=meant_for(settings)))


def form_for(defaults: Defaults, given: Form | None = None) -> Form:
    """The form as the page shows it: what was typed, else the scenario's own figures."""
    own_budget, own_unit = "", "scenario"
    if defaults.budget is not None:
        own_unit = "percent" if defaults.budget.endswith("%") else "pounds"
        own_budget = defaults.budget.rstrip("%")
    own = Form(
        cap=f"{defaults.cap:g}",
        budget=own_budget,
        budget_unit=own_unit,
        cost=f"{defaults.cost_per_wte:.15g}",
        objective=defaults.objective,
        confidence="" if defaults.confidence is None else f"{defaults.confidence:g}",
    )
    if given is None:
        return own
    chosen = {k: v for k, v in vars(given).items() if v not in ("", None)}
    if given.budget_unit == "scenario":
        chosen.pop("budget_unit", None)
    return replace(own, **chosen)


FORM_FIELDS = ("cap", "budget", "budget_unit", "cost", "objective", "confidence", "meant")


def parse(query: str) -> State:
    """A state from a query string (the address after '?'); unknown names are ignored."""
    pairs = parse_qsl(query, keep_blank_values=True)
    single = {k: v for k, v in pairs}
    pins = tuple(v for k, v in pairs if k == "pin")[:MAX_PINS]
    form = Form(**{k: single[k] for k in FORM_FIELDS if k in single})
    measure = single.get("measure", MEASURES[0])
    return State(single.get("s", ""), form, measure if measure in MEASURES else MEASURES[0], pins)


def query(state: State) -> str:
    """The query string of a state: only fields that say something, pins last, in order."""
    form = [(k, getattr(state.form, k)) for k in FORM_FIELDS]
    kept = [(k, v) for k, v in form if v not in ("",) and not (k == "budget_unit" and v == "scenario")]
    measure = [("measure", state.measure)] if state.measure != MEASURES[0] else []
    pairs = [("s", state.scenario), *kept, *measure, *(("pin", p) for p in state.pins)]
    return urlencode(pairs, safe="/:;")


def pin_of(state: State) -> str:
    """The current scenario and form as one pin: `s:PATH;cap:350;budget:-8;budget_unit:percent`."""
    form = [(k, getattr(state.form, k)) for k in FORM_FIELDS]
    kept = [
        ("s", state.scenario),
        *((k, v) for k, v in form if v and not (k == "budget_unit" and v == "scenario")),
    ]
    return ";".join(f"{k}:{quote(v, safe='/-+._')}" for k, v in kept)


def pinned(pin: str) -> State:
    """A pin read back (unknown names ignored)."""
    pairs = [part.partition(":") for part in pin.split(";")]
    values = {k: unquote(v) for k, _, v in pairs}
    return State(values.get("s", ""), Form(**{k: values[k] for k in FORM_FIELDS if k in values}))


def pin_labels(count: int) -> list[str]:
    return [f"Option {chr(ord('A') + i)}" for i in range(count)]
