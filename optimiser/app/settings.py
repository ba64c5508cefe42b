"""The figures the what-if page sets in place of a scenario's own, and the scenario's own figures:
plain values, shared by the page's state (its address) and its engine."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Settings:
    """Figures the page sets in place of the scenario's own; None keeps the scenario's figure.
    `budget` is written as the CLI's --budget takes it: pounds a year, or a change such as "-8%"."""

    cap: float | None = None
    budget: str | None = None
    cost_per_wte: float | None = None
    objective: str | None = None
    confidence: float | None = None
    confirmed: bool = False
    """The figures set are meant as typed, though one looks like a slip (the CLI's --yes)."""

    def given(self) -> dict[str, Any]:
        """The figures set, by scenario key (the keys a scenario file gives them under)."""
        figures = (f.name for f in fields(self) if f.name != "confirmed")
        return {name: getattr(self, name) for name in figures if getattr(self, name) is not None}

    def words(self) -> str:
        """The figures set, briefly ("cap 350, budget -8%"), for names and labels."""
        shown = {
            "cap": lambda v: f"cap {v:g}",
            "budget": lambda v: f"budget {v}" if str(v).endswith("%") else f"budget £{float(v):,.0f}",
            "cost_per_wte": lambda v: f"£{v:,.0f} a WTE",
            "objective": lambda v: str(v),
            "confidence": lambda v: f"confidence {v:g}",
        }
        return ", ".join(shown[k](v) for k, v in self.given().items())


@dataclass(frozen=True)
class Defaults:
    """A scenario's own figures, for the page's controls to start from."""

    name: str
    cap: float
    cost_per_wte: float
    budget: str | None
    objective: str
    objectives: tuple[str, ...]
    """The objectives this scenario can be planned for (priority needs its `priority` column)."""
    uncertain: bool
    confidence: float | None
    today_cost: float | None
    case_unit: str
