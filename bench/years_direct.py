"""Direct-HiGHS baseline for several years: bench/years.py's stock-and-flow LP built from numpy arrays
and solved once, in-process (as bench/highs_direct.py does for one year).

Columns, per year y and locality l (one grade): wte, recruits, removed, moved in, moved out; then
theta_y per year and the worst year's theta (max-coverage only). Rows:

    wte - kept wte(y-1) - recruits + removed - in + out = kept in post (first year) or 0   (stock)
    sum_l in - sum_l out = 0                                                              (moves)
    out - kept wte(y-1) <= 0, or out <= kept in post in the first year                    (moves out)
    cap wte >= W_ly (min-cost), or cap / W_ly wte - theta_y >= 0, theta_y >= worst         (cover)
    share_y cost sum_l wte <= budget_y - (1 - share_y) today's cost                       (budget)
    sum_l recruits <= R, recruits <= r                                                   (recruitment)

min-cost minimises the cost over the years (share_y cost wte); max-coverage maximises the worst
year's theta. This is the project's first stage of the same scenario, solved once: no later stage,
no tie-break, no check, no tables or JSON (what the project does on top is what the ratio measures).
Each is solved the fastest way found for it: min-cost by HiGHS's default (dual simplex, 0.16 s at
1,000 localities against 0.19 s by interior point), max-coverage by interior point with crossover
(2.1 s at 1,000 localities against 4.5 s by dual simplex, 14 s at 3,000 against 42 s), as the
project solves its first stage.
"""

from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np

from bench.highs_direct import quiet_highs

INF = highspy.kHighsInf
CAP, COST = 400.0, 38_323.0


@dataclass(frozen=True)
class Horizon:
    years: int
    growth: float
    leavers: float
    recruits_total: float | None
    """Recruits a year across the service, and per locality (None: no limits)."""
    recruits_each: float
    first_share: float
    budget_changes: tuple[float, ...] | None
    """Each year's budget as a change on the year before (the first on today's cost); None: no budget."""


def read(scenario: Path) -> tuple[np.ndarray, np.ndarray]:
    """In post and caseload per locality from bench/synthetic.py's locality file."""
    table = np.loadtxt(scenario.parent / "localities.csv", delimiter=",", skiprows=2, usecols=(1, 2), ndmin=2)
    return table[:, 0].copy(), table[:, 1].copy()


def _rows(n: int, h: Horizon, maximise: bool) -> tuple[list, list, list, list, list]:
    """The matrix as (row, column, value) triplets and the row bounds, block by block, in numpy."""
    y = h.years
    kept = 1.0 - h.leavers
    col = lambda kind, year: (year * 5 + kind) * n + np.arange(n)  # noqa: E731 (kind: wte, rec, rem, in, out)
    theta = 5 * n * y
    rows, cols, vals, low, high = [], [], [], [], []
    at = 0

    def block(r, c, v, lo, hi):
        nonlocal at
        rows.append(r + at)
        cols.append(c)
        vals.append(v)
        low.append(lo)
        high.append(hi)
        at += len(lo)

    ones, idx = np.ones(n), np.arange(n)
    for year in range(y):
        r = np.concatenate([idx] * 5 + ([idx] if year else []))
        c = np.concatenate([col(k, year) for k in range(5)] + ([col(0, year - 1)] if year else []))
        v = np.concatenate([ones, -ones, ones, -ones, ones] + ([-kept * ones] if year else []))
        block(r, c, v, np.zeros(n), np.zeros(n))  # stock (right-hand side set by the caller)
    for year in range(y):
        block(np.zeros(2 * n, dtype=int), np.concatenate([col(3, year), col(4, year)]),
              np.concatenate([ones, -ones]), np.zeros(1), np.zeros(1))  # fmt: skip
    for year in range(y):
        r = np.concatenate([idx] + ([idx] if year else []))
        c = np.concatenate([col(4, year)] + ([col(0, year - 1)] if year else []))
        v = np.concatenate([ones] + ([-kept * ones] if year else []))
        block(r, c, v, np.full(n, -INF), np.zeros(n))  # moves out (first year's bound set by the caller)
    for year in range(y):
        if maximise:
            r = np.concatenate([idx, idx])
            c = np.concatenate([col(0, year), np.full(n, theta + year)])
            block(r, c, np.concatenate([np.zeros(n), -ones]), np.zeros(n), np.full(n, INF))
        else:
            block(idx, col(0, year), CAP * ones, np.zeros(n), np.full(n, INF))
    if maximise:
        for year in range(y):
            block(np.zeros(2, dtype=int), np.array([theta + year, theta + y]), np.array([1.0, -1.0]),
                  np.zeros(1), np.full(1, INF))  # fmt: skip
    for year in range(y if h.recruits_total is not None else 0):
        block(np.zeros(n, dtype=int), col(1, year), ones, np.full(1, -INF), np.full(1, h.recruits_total))
        block(idx, col(1, year), ones, np.full(n, -INF), np.full(n, h.recruits_each))
    return rows, cols, vals, low, high


def solve(in_post: np.ndarray, caseload: np.ndarray, h: Horizon, maximise: bool) -> float:
    """Build the LP from arrays, pass it in one call, solve once; its optimum (theta or cost)."""
    n, y, kept = len(in_post), h.years, 1.0 - h.leavers
    rows, cols, vals, low, high = _rows(n, h, maximise)
    weighted = caseload[None, :] * (1 + h.growth) ** np.arange(y)[:, None]
    low[0] = kept * in_post  # the first year's stock
    high[0] = kept * in_post.copy()
    high[2 * y] = kept * in_post  # the first year's moves out
    share = np.where(np.arange(y) == 0, h.first_share, 1.0)
    for year in range(y):
        if maximise:  # coverage: cap / W wte, where W > 0
            vals[3 * y + year][:n] = CAP / weighted[year]
        else:
            low[3 * y + year] = weighted[year]
    num_col = 5 * n * y + (y + 1 if maximise else 0)
    cost = np.zeros(num_col)
    if maximise:
        cost[-1] = -1.0
    else:
        for year in range(y):
            cost[year * 5 * n : year * 5 * n + n] = share[year] * COST
    matrix_rows, matrix_cols, matrix_vals = (np.concatenate(a) for a in (rows, cols, vals))
    row_low, row_high = np.concatenate(low), np.concatenate(high)
    if h.budget_changes is not None:
        today, budgets = COST * in_post.sum(), []
        for change in h.budget_changes:
            budgets.append((budgets[-1] if budgets else today) * (1 + change))
        extra = np.arange(y)
        matrix_rows = np.concatenate([matrix_rows, np.repeat(len(row_low) + extra, n)])
        matrix_cols = np.concatenate(
            [matrix_cols, np.concatenate([year * 5 * n + np.arange(n) for year in extra])]
        )
        matrix_vals = np.concatenate([matrix_vals, np.repeat(share * COST, n)])
        row_low = np.concatenate([row_low, np.full(y, -INF)])
        row_high = np.concatenate([row_high, np.array(budgets) - (1 - share) * today])
    order = np.lexsort((matrix_cols, matrix_rows))
    r, c, v = matrix_rows[order], matrix_cols[order], matrix_vals[order]
    starts = np.searchsorted(r, np.arange(len(row_low))).astype(np.int32)
    highs = quiet_highs()
    if maximise:
        highs.setOptionValue("solver", "ipm")
    status = highs.passModel(
        num_col, len(row_low), len(v), int(highspy.MatrixFormat.kRowwise), int(highspy.ObjSense.kMinimize),
        0.0, cost, np.zeros(num_col), np.full(num_col, INF), row_low, row_high,
        starts, c.astype(np.int32), v.astype(float), np.zeros(num_col, dtype=np.int32),
    )  # fmt: skip
    if status != highspy.HighsStatus.kOk:
        raise RuntimeError(f"HiGHS refused the model: {status}")
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"no optimum: {highs.modelStatusToString(highs.getModelStatus())}")
    value = float(highs.getInfo().objective_function_value)
    return -value if maximise else value
