"""Check stage for a horizon: stock and flow recomputed from the plan's own figures, not the solver's rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from optimiser.errors import PlanCheckError
from optimiser.lp.check import TOLERANCE, block_violations
from optimiser.lp.years_rows import KINDS, YearsData, flows, start_array

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.blocks import Block
    from optimiser.lp.data import Key


def identity_problems(d: YearsData, values: Mapping[Key, float] | np.ndarray) -> list[str]:
    """Every broken identity: in post = start - leavers + recruits - removed + moved in - moved out
    (leavers = leaver rate x start), moves in = moves out, no locality moving out more than it has
    after leavers, and no negative WTE or flow; whole arrays at a time, words only for what broke."""
    f = flows(d, values)
    wte, recruits, removed, moved_in, moved_out = (f[KINDS.index(k)] for k in KINDS)
    start = np.concatenate([start_array(d)[None], wte[:-1]])
    leavers = d.leaver_rate * start
    expected = start - leavers + recruits - removed + moved_in - moved_out
    scale = TOLERANCE * np.maximum(1.0, np.abs(start))
    problems = []
    names = [(y, loc, g.name) for y in d.years for loc in d.localities for g in d.grades]
    for i in np.flatnonzero((np.abs(wte - expected) > scale).ravel()).tolist():
        y, loc, g = names[i]
        problems.append(
            f"stock[{loc},{g},{y}]: {wte.ravel()[i]:.6g} in post, but start {start.ravel()[i]:.6g} - leavers "
            f"{leavers.ravel()[i]:.6g} + recruits - removed + moves gives {expected.ravel()[i]:.6g}"
        )
    for i in np.flatnonzero((moved_out > start - leavers + scale).ravel()).tolist():
        y, loc, g = names[i]
        problems.append(
            f"moves out[{loc},{g},{y}]: {moved_out.ravel()[i]:.6g} WTE moved out, more than the "
            f"{(start - leavers).ravel()[i]:.6g} in post after leavers"
        )
    for k, kind in enumerate(KINDS):
        for i in np.flatnonzero((f[k] < -TOLERANCE).ravel()).tolist():
            y, loc, g = names[i]
            problems.append(f"negative {kind} {f[k].ravel()[i]:.6g} for {loc} {g} {y}")
    moved = moved_in.sum(axis=1), moved_out.sum(axis=1)  # [year, grade]
    for yi, y in enumerate(d.years):
        for gi, g in enumerate(d.grades):
            into, out = float(moved[0][yi, gi]), float(moved[1][yi, gi])
            if not d.moves and (into > TOLERANCE or out > TOLERANCE):
                problems.append(f"moves[{g.name},{y}]: staff moved although moves are off")
            if abs(into - out) > TOLERANCE * max(1.0, out):
                problems.append(f"moves[{g.name},{y}]: {into:.6g} WTE moved in but {out:.6g} moved out")
    return problems


def check_years(
    d: YearsData, blocks: list[Block], x: np.ndarray, laid: np.ndarray, totals: dict, sums: dict
) -> None:
    """Refuse a horizon plan (exit 5) whose rows do not hold for the solution `x` (as the solver held
    them, by arrays: words only for a row that breaks), or whose identities or totals do not hold
    for the figures shown (`laid`, [kind, year, locality, grade])."""
    problems = [str(v) for v in block_violations(blocks, x)]
    problems += identity_problems(d, laid)
    for name, total in totals.items():
        if not np.isclose(total, sums[name], rtol=1e-9, atol=1e-9):
            problems.append(f"total {name} {total:.6g} differs from the sum of rows {sums[name]:.6g}")
    if problems:
        raise PlanCheckError(
            "The solver's plan failed the independent check, so it is not shown:\n  "
            + "\n  ".join(problems[:20])
        )
