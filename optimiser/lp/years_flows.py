"""The flows of a horizon plan, settled by a stated rule once the establishment is chosen.

With every locality's WTE fixed, year by year and grade by grade a locality grows by
net = WTE - (1 - leaver rate) x last year's WTE (the first year: today's in post), or falls. The
rule: as many WTE move between localities as can (the smaller of the growth and the fall of that
grade and year); every growing locality takes the same share of its growth as moves in and
recruits the rest; every falling locality sends the same share of its fall as moves out and
removes the rest. This is the fewest flows any plan with that establishment can have: every
growing locality recruits or takes in at least its growth and every falling one removes or
sends at least its fall, so recruits + removed + moved (each move counted once) is at least the
larger of the growth and the fall, which the rule reaches. Among all such plans it is the one
with the least sum over localities of (moved in^2 + recruits^2) / growth + (moved out^2 +
removed^2) / fall, a strictly convex measure, so the answer is unique: it depends on the
establishment alone, never on the order of the localities or on the solver's path, and is
computed here by arithmetic, not by the solver.

Where a limit on flows (recruits per locality) would be broken by that split, the rule does not
apply and the caller settles the flows with the solver (`years_objectives`).
"""

import math

import numpy as np

from optimiser.lp.check import TOLERANCE
from optimiser.lp.years_rows import KINDS, MOVED_IN, MOVED_OUT, RECRUITS, REMOVED, WTE, YearsData, start_array


def settle(d: YearsData, wte: np.ndarray) -> np.ndarray:
    """WTE and flows as one array [kind (KINDS), year, locality, grade], from the WTE [year,
    locality, grade] by the rule above."""
    wte = np.asarray(wte, dtype=float)
    before = np.concatenate([start_array(d)[None], wte[:-1]])
    net = wte - d.kept * before
    growth, fall = np.maximum(net, 0.0), np.maximum(-net, 0.0)
    laid = np.zeros((len(KINDS), *wte.shape))
    laid[KINDS.index(WTE)] = wte
    into = np.zeros_like(wte)
    out = np.zeros_like(wte)
    if d.moves:
        grows, falls = _totals(growth), _totals(fall)  # [year, grade]
        moved = np.minimum(grows, falls)
        with np.errstate(invalid="ignore", divide="ignore"):
            share_in = np.where(grows > 0, moved / grows, 0.0)
            share_out = np.where(falls > 0, moved / falls, 0.0)
        into = np.where(share_in[:, None, :] == 1.0, growth, share_in[:, None, :] * growth)
        out = np.where(share_out[:, None, :] == 1.0, fall, share_out[:, None, :] * fall)
    laid[KINDS.index(RECRUITS)] = growth - into
    laid[KINDS.index(REMOVED)] = fall - out
    laid[KINDS.index(MOVED_IN)] = into
    laid[KINDS.index(MOVED_OUT)] = out
    return laid


def _totals(figures: np.ndarray) -> np.ndarray:
    """Each year's and grade's total over the localities [year, grade], correctly rounded (math.fsum),
    so it does not depend on the order the localities come in."""
    years, _, grades = figures.shape
    return np.array([[math.fsum(figures[y, :, g].tolist()) for g in range(grades)] for y in range(years)])


def within_limits(d: YearsData, laid: np.ndarray) -> bool:
    """The rule's flows keep the recruitment limits, to the plan check's tolerance (the total a year
    holds for any establishment the solver found, since the rule recruits the fewest; the limit per
    locality can be broken by the split)."""
    recruits = laid[KINDS.index(RECRUITS)].sum(axis=-1)  # [year, locality]
    per, total = d.max_recruits_per_locality, d.max_recruits_per_year
    if per is not None and np.any(recruits > per + TOLERANCE * max(1.0, per)):
        return False
    return total is None or bool(np.all(recruits.sum(axis=1) <= total + TOLERANCE * max(1.0, total)))
