"""An independent formulation with scipy's linprog (one grade), to check the optimiser against.

Nothing here imports the optimiser's LP code: the same questions, written again from the maths
in DESIGN.md section 3, solved by a different route.
"""

from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import linprog

from optimiser.lp.data import Grade, LpData


@dataclass(frozen=True)
class Instance:
    """One grade: weighted caseloads W, cap C, cost c per WTE, in post, bounds, budget B."""

    weighted: tuple[float, ...]
    cap: float
    cost: float
    in_post: tuple[float, ...]
    budget: float | None = None
    floors: dict[int, float] = field(default_factory=dict)
    ceilings: dict[int, float] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f"L{i}" for i in range(len(self.weighted)))

    def data(self) -> LpData:
        names = self.names
        return LpData(
            localities=names,
            grades=(Grade("health visitor", self.cost),),
            weighted=dict(zip(names, self.weighted, strict=True)),
            cap=self.cap,
            floors={names[i]: v for i, v in self.floors.items()},
            ceilings={names[i]: v for i, v in self.ceilings.items()},
            budget=self.budget,
            case_unit="children",
            in_post=dict(zip(names, self.in_post, strict=True)),
        )

    def bounds(self) -> list[tuple[float, float | None]]:
        return [(self.floors.get(i, 0.0), self.ceilings.get(i)) for i in range(len(self.weighted))]

    def with_budget(self, budget: float) -> "Instance":
        return replace(self, budget=budget)


def max_theta(inst: Instance) -> float | None:
    """max theta s.t. C x_l >= theta W_l, c sum x <= B, bounds; None if infeasible."""
    n = len(inst.weighted)
    objective = np.r_[np.zeros(n), -1.0]
    rows = [np.r_[-inst.cap * np.eye(n)[i], inst.weighted[i]] for i in range(n)]
    rhs = [0.0] * n
    rows.append(np.r_[np.full(n, inst.cost), 0.0])
    rhs.append(inst.budget)
    result = linprog(
        objective, A_ub=np.array(rows), b_ub=rhs, bounds=[*inst.bounds(), (0, None)], method="highs-ds"
    )
    return float(result.x[-1]) if result.status == 0 else None


def min_cost(inst: Instance) -> float | None:
    """min c sum x s.t. C x_l >= W_l, bounds (no budget); None if infeasible."""
    n = len(inst.weighted)
    lower = [max(w / inst.cap, lo) for w, (lo, _) in zip(inst.weighted, inst.bounds(), strict=True)]
    upper = [hi for _, hi in inst.bounds()]
    if any(hi is not None and lo > hi for lo, hi in zip(lower, upper, strict=True)):
        return None
    result = linprog(np.full(n, inst.cost), bounds=list(zip(lower, upper, strict=True)), method="highs")
    return float(result.fun) if result.status == 0 else None
