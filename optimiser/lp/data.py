"""The LP's data and vocabulary: variable keys, grades, LpData, and the labelled Row.

Variables are keyed by (locality, grade) tuples, never by parsing solver names.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

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

    @property
    def splits_change(self) -> bool:
        """The change is split into added and removed posts only when something prices or limits them."""
        return self.max_new_total is not None or self.recruitment_cost > 0 or self.removal_cost > 0

    def variables(self) -> list[VarKey]:
        """Every decision variable, in a stable order (localities as given, then grades)."""
        return [(loc, g.name) for loc in self.localities for g in self.grades]

    def cost_terms(self) -> tuple[tuple[VarKey, float], ...]:
        """The annual cost of the establishment as linear terms."""
        return tuple(((loc, g.name), g.cost_per_wte) for loc in self.localities for g in self.grades)

    def wte_terms(self, locality: str) -> tuple[tuple[VarKey, float], ...]:
        """Total planned WTE in one locality as linear terms."""
        return tuple(((locality, g.name), 1.0) for g in self.grades)


class Sense(StrEnum):
    AT_LEAST = ">="
    AT_MOST = "<="
    EQUAL = "="
    """An identity (stock and flow): one row with both bounds at the right-hand side."""


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
        if self.sense is Sense.EQUAL:
            return -abs(lhs - self.rhs)
        return lhs - self.rhs if self.sense is Sense.AT_LEAST else self.rhs - lhs
