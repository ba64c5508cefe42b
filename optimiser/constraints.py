"""Constraint families, each a generator of labelled rows.

The same rows build the LP and check a finished plan, so a violation reads the same
words a user sees in an explanation. Variables are keyed by (locality, grade) tuples.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd

from optimiser import budget
from optimiser.grades import available_fraction
from optimiser.inputs import Inputs
from optimiser.weighting import HIGH_RISK

VarKey = tuple[str, str]
"""(locality, grade): one decision variable, planned WTE of that grade in that locality."""


@dataclass(frozen=True)
class Aux:
    """An auxiliary variable (coverage ratio, shortfall, posts added): never mistaken for a VarKey."""

    kind: str
    subject: str


Key = VarKey | Aux


@dataclass(frozen=True)
class Grade:
    """A staff grade: its annual cost per WTE and what one WTE counts for against the cap."""

    name: str
    cost_per_wte: float
    capacity: float = 1.0


@dataclass(frozen=True)
class LpData:
    """Everything the formulation needs, already validated and weighted."""

    localities: tuple[str, ...]
    grades: tuple[Grade, ...]
    weighted: Mapping[str, float]
    cap: float
    floors: Mapping[str, float]
    ceilings: Mapping[str, float]
    budget: float | None
    case_unit: str
    min_main_share: float | None = None
    """Least share of each locality's planned WTE that must be of the main grade (grades[0])."""
    high_risk: Mapping[str, float] = field(default_factory=dict)
    """High-risk weighted caseload per locality, held by the main grade."""
    high_risk_share: float | None = None
    """Most of one main-grade WTE's capacity that high-risk cases may fill."""
    in_post: Mapping[str, float] = field(default_factory=dict)
    keep_share: float | None = None
    """Share of its WTE in post every locality keeps (1.0 is no cuts); None means no such floor."""
    max_new_per_locality: float | None = None
    max_new_total: float | None = None
    recruitment_cost: float = 0.0
    removal_cost: float = 0.0
    priority: Mapping[str, float] = field(default_factory=dict)
    """Priority weight of each locality's shortfall (objective priority only)."""

    @classmethod
    def from_inputs(cls, inputs: Inputs, audit: pd.DataFrame) -> "LpData":
        """Assemble the LP data from the load and weight stages."""
        frame = inputs.localities.frame
        model = inputs.model
        available = available_fraction(model.non_clinical_percent, model.headroom_percent)
        specs = [(g.name, g.cost_per_wte, g.capacity) for g in model.grades[1:]]
        main = (model.main_grade, inputs.cost_per_wte, model.grades[0].capacity if model.grades else 1.0)
        grades = tuple(Grade(name, cost, capacity * available) for name, cost, capacity in [main, *specs])
        high_risk = audit[HIGH_RISK] if HIGH_RISK in audit else pd.Series(dtype=float)

        def present(column: str) -> dict[str, float]:
            return {name: float(v) for name, v in frame[column].items() if v is not None and not pd.isna(v)}

        scenario = inputs.scenario
        return cls(
            localities=tuple(frame.index),
            grades=grades,
            weighted={name: float(w) for name, w in audit["weighted caseload"].items()},
            cap=inputs.cap,
            floors=present("floor_wte"),
            ceilings=present("ceiling_wte"),
            budget=budget.resolve(scenario.budget, today_cost(inputs)),
            case_unit=inputs.model.case_unit,
            min_main_share=model.min_main_share,
            high_risk={name: float(h) for name, h in high_risk.items()},
            high_risk_share=model.high_risk.max_share if model.high_risk else None,
            in_post=present("in_post_wte"),
            keep_share=1.0 if scenario.no_cuts else scenario.keep_share_of_in_post,
            max_new_per_locality=scenario.max_new_wte_per_locality,
            max_new_total=scenario.max_new_wte_total,
            recruitment_cost=scenario.recruitment_cost or 0.0,
            removal_cost=scenario.removal_cost or 0.0,
        )

    def variables(self) -> list[VarKey]:
        """Every decision variable, in a stable order (localities as given, then grades)."""
        return [(loc, g.name) for loc in self.localities for g in self.grades]

    def cost_terms(self) -> tuple[tuple[VarKey, float], ...]:
        """The annual cost of the establishment as linear terms."""
        return tuple(((loc, g.name), g.cost_per_wte) for loc in self.localities for g in self.grades)

    def wte_terms(self, locality: str) -> tuple[tuple[VarKey, float], ...]:
        """Total planned WTE in one locality as linear terms."""
        return tuple(((locality, g.name), 1.0) for g in self.grades)


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


class Sense(StrEnum):
    AT_LEAST = ">="
    AT_MOST = "<="


@dataclass(frozen=True)
class Row:
    """One labelled linear constraint: sum(coef * x[key]) sense rhs."""

    family: str
    subject: str
    terms: tuple[tuple[Key, float], ...]
    sense: Sense
    rhs: float
    meaning: str
    """The constraint in plain words, as shown to users."""
    limit: bool = True
    """False for rows that only define a variable (posts added) or hold a first stage's optimum:
    they are always tight, so they are never reported as binding constraints."""

    @property
    def name(self) -> str:
        """Readable constraint name, for example `cap cover[CHW]`."""
        return f"{self.family}[{self.subject}]"

    def lhs(self, values: Mapping[Key, float]) -> float:
        return sum(coef * values[key] for key, coef in self.terms)

    def slack(self, values: Mapping[Key, float]) -> float:
        """How far inside the limit the plan is; negative means the constraint is broken."""
        lhs = self.lhs(values)
        return lhs - self.rhs if self.sense is Sense.AT_LEAST else self.rhs - lhs


def define_cap_cover(d: LpData) -> Iterator[Row]:
    """cap x capacity-weighted WTE >= weighted caseload, in every locality."""
    for loc in d.localities:
        yield Row(
            "cap cover",
            loc,
            tuple(((loc, g.name), d.cap * g.capacity) for g in d.grades),
            Sense.AT_LEAST,
            d.weighted[loc],
            f"{loc}: {d.cap:g} {d.case_unit} per WTE x planned WTE must cover "
            f"{d.weighted[loc]:,.1f} weighted {d.case_unit}",
        )


def define_floors(d: LpData) -> Iterator[Row]:
    """No fewer WTE than a locality's floor, where one is given."""
    for loc in d.localities:
        if loc in d.floors:
            yield Row(
                "floor",
                loc,
                d.wte_terms(loc),
                Sense.AT_LEAST,
                d.floors[loc],
                f"{loc}: at least {d.floors[loc]:g} WTE (floor)",
            )


def define_ceilings(d: LpData) -> Iterator[Row]:
    """No more WTE than a locality's ceiling, where one is given."""
    for loc in d.localities:
        if loc in d.ceilings:
            yield Row(
                "ceiling",
                loc,
                d.wte_terms(loc),
                Sense.AT_MOST,
                d.ceilings[loc],
                f"{loc}: at most {d.ceilings[loc]:g} WTE (ceiling)",
            )


def define_budget(d: LpData) -> Iterator[Row]:
    """Total annual cost within the budget, where one is given."""
    if d.budget is not None:
        yield Row(
            "budget",
            "total",
            d.cost_terms(),
            Sense.AT_MOST,
            d.budget,
            f"total cost at most £{d.budget:,.0f} a year (budget)",
        )


def define_min_share(d: LpData) -> Iterator[Row]:
    """Main-grade WTE >= min share x all planned WTE, in every locality, when a skill mix is set."""
    if d.min_main_share is None:
        return
    main, share = d.grades[0], d.min_main_share
    for loc in d.localities:
        yield Row(
            "min share",
            loc,
            tuple(((loc, g.name), (1.0 if g is main else 0.0) - share) for g in d.grades),
            Sense.AT_LEAST,
            0.0,
            f"{loc}: at least {share:.0%} of planned WTE must be {main.name}",
        )


def define_high_risk(d: LpData) -> Iterator[Row]:
    """High-risk weighted cases fill at most the set share of each main-grade WTE's capacity."""
    if d.high_risk_share is None:
        return
    main, share = d.grades[0], d.high_risk_share
    for loc in d.localities:
        yield Row(
            "high risk",
            loc,
            (((loc, main.name), share * d.cap * main.capacity),),
            Sense.AT_LEAST,
            d.high_risk[loc],
            f"{loc}: {main.name} WTE x {share:.0%} of {d.cap * main.capacity:,.1f} {d.case_unit} must "
            f"hold the {d.high_risk[loc]:,.1f} high-risk weighted {d.case_unit}",
        )


FAMILIES: tuple[Callable[[LpData], Iterator[Row]], ...] = (
    define_cap_cover,
    define_floors,
    define_ceilings,
    define_budget,
    define_min_share,
    define_high_risk,
)


def all_rows(d: LpData, families: tuple[Callable[[LpData], Iterator[Row]], ...] = FAMILIES) -> list[Row]:
    """Every constraint of the formulation, family by family."""
    return [row for family in families for row in family(d)]
