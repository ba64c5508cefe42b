"""Check stage for a horizon: stock and flow recomputed from the plan's own figures, not the solver's rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from optimiser.errors import PlanCheckError
from optimiser.lp.check import TOLERANCE, violations
from optimiser.lp.years import MOVED_IN, MOVED_OUT, RECRUITS, REMOVED, WTE, YearsData, YearVar

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.data import Key, Row


def identity_problems(d: YearsData, values: Mapping[Key, float]) -> list[str]:
    """Every broken identity: in post = start - leavers + recruits - removed + moved in - moved out
    (leavers = leaver rate x start), moves in = moves out, no locality moving out more than it has
    after leavers, and no negative WTE or flow."""
    problems = []

    def get(kind: str, loc: str, grade: str, year: str) -> float:
        return values.get(YearVar(kind, loc, grade, year), 0.0)

    for i, year in enumerate(d.years):
        for g in d.grades:
            moved = [0.0, 0.0]
            for loc in d.localities:
                start = d.start.get((loc, g.name), 0.0) if i == 0 else get(WTE, loc, g.name, d.years[i - 1])
                flows = {k: get(k, loc, g.name, year) for k in (WTE, RECRUITS, REMOVED, MOVED_IN, MOVED_OUT)}
                leavers = d.leaver_rate * start
                expected = (
                    start - leavers + flows[RECRUITS] - flows[REMOVED] + flows[MOVED_IN] - flows[MOVED_OUT]
                )
                if abs(flows[WTE] - expected) > TOLERANCE * max(1.0, abs(start)):
                    problems.append(
                        f"stock[{loc},{g.name},{year}]: {flows[WTE]:.6g} in post, but start {start:.6g} "
                        "- leavers "
                        f"{leavers:.6g} + recruits - removed + moves gives {expected:.6g}"
                    )
                if flows[MOVED_OUT] > start - leavers + TOLERANCE * max(1.0, abs(start)):
                    problems.append(
                        f"moves out[{loc},{g.name},{year}]: {flows[MOVED_OUT]:.6g} WTE moved out, more "
                        f"than the {start - leavers:.6g} in post after leavers"
                    )
                problems += [
                    f"negative {k} {v:.6g} for {loc} {g.name} {year}"
                    for k, v in flows.items()
                    if v < -TOLERANCE
                ]
                moved[0] += flows[MOVED_IN]
                moved[1] += flows[MOVED_OUT]
            if not d.moves and (moved[0] > TOLERANCE or moved[1] > TOLERANCE):
                problems.append(f"moves[{g.name},{year}]: staff moved although moves are off")
            if abs(moved[0] - moved[1]) > TOLERANCE * max(1.0, moved[1]):
                problems.append(
                    f"moves[{g.name},{year}]: {moved[0]:.6g} WTE moved in but {moved[1]:.6g} moved out"
                )
    return problems


def check_years(d: YearsData, rows: list[Row], values: Mapping[Key, float], totals: dict, sums: dict) -> None:
    """Refuse a horizon plan whose rows, identities or totals do not hold (exit 5)."""
    problems = [str(v) for v in violations(rows, values)]
    problems += identity_problems(d, values)
    for name, total in totals.items():
        if not np.isclose(total, sums[name], rtol=1e-9, atol=1e-9):
            problems.append(f"total {name} {total:.6g} differs from the sum of rows {sums[name]:.6g}")
    if problems:
        raise PlanCheckError(
            "The solver's plan failed the independent check, so it is not shown:\n  "
            + "\n  ".join(problems[:20])
        )
