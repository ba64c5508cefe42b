"""What moves the cost most, as results renderers read: each input moved a stated step either way and
the plan made again (planning/sensitivity_run), ranked by effect. Types only: nothing here solves."""

from __future__ import annotations

import math
from dataclasses import dataclass

MEETS, LIMITED, INFEASIBLE = "meets cap", "budget-limited", "infeasible"


@dataclass(frozen=True)
class Replan:
    """One plan's headline figures: whether it holds the cap, its establishment and recurring cost,
    the best cap a budget buys (max-coverage) and the worst load per WTE it leaves."""

    status: str
    planned_wte: float | None = None
    cost: float | None = None
    best_cap: float | None = None
    worst_load: float | None = None


@dataclass(frozen=True)
class Swing:
    """One input moved down and up by its step, and the plan made again at each end."""

    key: str
    label: str
    step: str
    """The step in words: "±10%", "±5 points"."""
    low_value: str
    high_value: str
    """The input at each end, in words ("360", "£36,407")."""
    low: Replan | None
    high: Replan | None
    """None where that end is not an input a plan can take (headroom below 0)."""


@dataclass(frozen=True)
class Sensitivity:
    """The base plan's figures and each input's swing, largest effect on `measure` first."""

    base: Replan
    swings: tuple[Swing, ...]
    measure: str
    """"cost" (the plan meets the cap: what it costs moves) or "best_cap" (the budget binds: what it
    buys moves, and the cost stays at the budget)."""
    steps: tuple[str, ...]
    """Each step and why, as the assumptions state it."""

    def change(self, replan: Replan | None, key: str | None = None) -> float | None:
        """How far a re-plan's figure (`measure`, or `key`) moved from the base plan's; None where
        either is missing."""
        key = key or self.measure
        figure = getattr(replan, _FIELD[key], None) if replan is not None else None
        base = getattr(self.base, _FIELD[key])
        return None if figure is None or base is None else figure - base

    def effect(self, swing: Swing) -> float:
        """The swing's size on `measure`: its largest move either way; infinite where either end
        cannot be planned, so inputs that break the plan rank first."""
        ends = [e for e in (swing.low, swing.high) if e is not None]
        if any(e.status == INFEASIBLE for e in ends):
            return math.inf
        moves = [abs(c) for c in (self.change(e) for e in ends) if c is not None]
        return max(moves, default=0.0)


_FIELD = {"cost": "cost", "best_cap": "best_cap", "planned_wte": "planned_wte", "worst_load": "worst_load"}
