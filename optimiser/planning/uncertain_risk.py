"""Staff to a level of confidence: how sure is a plan when the caseload counts are uncertain?

The LCR 2010 counts are manual, accurate to +/-10%, so each locality's weighted caseload W is
really W x F, where F is a random factor near 1 (the `uncertainty:` block says how near). A plan
holds a locality when the drawn caseload is at most what its staff hold at the cap:
cap x capacity-weighted planned WTE, the left-hand side of the LP's cap cover row.

Per-locality figures (quantiles, confidence caseloads, the chance one locality goes over) depend
only on F's own distribution, so they come in closed form with no sampling error. Only figures
about localities together (the chance that any goes over) need Monte Carlo draws, which is where
`shared` matters. Draws are made in fixed tiles of DRAW_BLOCK draws x LOCALITY_BLOCK localities,
each from its own seeded stream, so memory stays small and the draws never depend on how the
work is chunked, on the plan, or on anything but (caseloads, relative errors, uncertainty).
"""

import math
import numbers
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from optimiser.inputs.uncertain_block import BOUNDED, Distribution, Uncertainty
from optimiser.planning.solver_noise import snapped

DRAW_BLOCK = 128
"""Draws per tile. Part of the definition of the draws: changing it changes them."""
LOCALITY_BLOCK = 8192
"""Localities per tile: a tile is 128 x 8192 floats (8 MB), whatever the number of localities."""
_STANDARD = NormalDist()
PERCENTILES = (50, 90, 95)
"""Percentiles of load per WTE reported for each locality."""
RISK_COLUMNS = (
    "weighted_caseload",
    "relative_error",
    "held_caseload",
    "p_over_cap",
    "p_over_cap_se",
    "p_over_cap_exact",
    *(f"load_per_wte_p{q}" for q in PERCENTILES),
)
"""The columns of `Risk.localities`, in order."""


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo figure and its standard error (about two thirds of runs land within one)."""

    value: float
    se: float


@dataclass(frozen=True)
class Risk:
    """How sure a plan is: per locality and for all localities together. Numbers are unrounded."""

    localities: pd.DataFrame
    """One row per locality, with RISK_COLUMNS: held_caseload is cap x capacity-weighted planned WTE;
    p_over_cap the share of draws whose caseload exceeds it (p_over_cap_exact the same from the
    distribution, no sampling error); load_per_wte_pNN the exact percentiles of caseload / planned
    WTE (NaN where none are planned)."""
    any_over: Estimate
    """Chance that at least one locality goes over the cap (from the joint draws; depends on shared)."""
    all_within: Estimate
    """Chance that every locality stays within the cap: 1 - any_over."""
    expected_over: Estimate
    """Expected number of localities over the cap."""
    draws: int
    uncertainty: Uncertainty
    confidence: "Confidence | None" = None
    """Set when the plan was made to a confidence level: what that level cost against the central plan."""


@dataclass(frozen=True)
class Confidence:
    """A plan made so that each locality holds the cap with probability `level`, beside the plan made
    to the counted (central) caseloads: the difference is the cost of confidence."""

    level: float
    planned_wte: float
    cost: float
    central_wte: float | None
    """None when the central plan could not be made (its cap or budget could not be met)."""
    central_cost: float | None
    achievable_cap: float | None = None
    """With a budget: the best cap every locality holds with probability `level` (cap / theta)."""
    central_achievable_cap: float | None = None
    all_within: Estimate | None = None
    """Chance that every locality holds at once what it was planned to hold with probability `level`
    (the cap, or with a budget the best cap it allows), from the joint draws."""

    @property
    def extra_wte(self) -> float | None:
        """What the level needs over the central plan; 0 within the solver's tolerance."""
        if self.central_wte is None:
            return None
        return snapped(self.planned_wte - self.central_wte, self.planned_wte, self.central_wte)

    @property
    def extra_cost(self) -> float | None:
        """What the level costs over the central plan; 0 within the solver's tolerance."""
        if self.central_cost is None:
            return None
        return snapped(self.cost - self.central_cost, self.cost, self.central_cost)


def relative_errors(spec: Uncertainty, localities: pd.DataFrame) -> np.ndarray:
    """Each locality's relative error: its `column` value where filled in, otherwise `relative`."""
    rel = pd.Series(spec.relative if spec.relative is not None else np.nan, index=localities.index)
    if spec.column is not None:
        if spec.column not in localities:
            raise ValueError(f"the uncertainty column '{spec.column}' is not a locality column")
        raw = localities[spec.column]
        given = pd.to_numeric(raw, errors="coerce")
        blank = raw.isna() | raw.astype(str).str.strip().eq("")
        unreadable = given.isna() & ~blank
        _refuse(unreadable, f"'{spec.column}' is not a number", "a relative error such as 0.1")
        rel = given.where(~blank, rel)
    _refuse(rel.isna(), f"'{spec.column}' is blank and no 'relative' is given", "a relative error")
    values = rel.to_numpy(dtype=float)
    _check_relative(values, spec.distribution)
    return values


def _refuse(bad: pd.Series, what: str, expected: str) -> None:
    if bad.any():
        names = ", ".join(str(n) for n in bad[bad].index[:5]) + (", ..." if bad.sum() > 5 else "")
        raise ValueError(f"{what} for locality {names}; expected {expected}")


def below_zero(r: float) -> float:
    """Phi(-1/r): the chance a normal error of relative size r would make a caseload negative,
    which the truncation at 0 takes away. From erfc, accurate in the far tail (1 - erf cancels to 0
    below about -8 sd, so NormalDist.cdf(-10) is 0 where it is 7.6e-24)."""
    return 0.5 * math.erfc(1 / (r * math.sqrt(2)))


def quantile_factor(spec: Uncertainty, rel: np.ndarray | float, p: float) -> np.ndarray:
    """The factor q with P(drawn caseload <= q W) = p, exactly, per locality.

    Depends only on each locality's own distribution, so it holds whatever `shared` is.
    """
    _check_confidence(p)
    r = _check_relative(np.atleast_1d(np.asarray(rel, dtype=float)), spec.distribution)
    if spec.distribution is Distribution.UNIFORM:
        return 1 + r * (2 * p - 1)
    if spec.distribution is Distribution.TRIANGULAR:
        # Inverse CDF of the symmetric triangle on [-1, 1]: F(t) = (1 + t)^2 / 2 below 0.
        t = math.sqrt(2 * p) - 1 if p <= 0.5 else 1 - math.sqrt(2 * (1 - p))
        return 1 + r * t
    # Normal truncated below at factor 0, i.e. z >= -1/r: the quantile of z given z >= -1/r.
    factor = np.ones_like(r)
    for value in np.unique(r[r > 0]):
        below = below_zero(value)
        factor[r == value] = 1 + value * _STANDARD.inv_cdf(below + p * (1 - below))
    return factor


def confidence_caseloads(
    weighted: np.ndarray, rel: np.ndarray | float, spec: Uncertainty, p: float
) -> np.ndarray:
    """Weighted caseloads each locality stays within with probability p: plan on these to staff to p."""
    w = _check_weighted(weighted)
    return w * quantile_factor(spec, np.broadcast_to(rel, w.shape), p)


def joint_probability(
    weighted: np.ndarray, rel: np.ndarray | float, held: np.ndarray, spec: Uncertainty
) -> Estimate:
    """Chance that every locality's drawn caseload is within what it holds, from the joint draws."""
    w = _check_weighted(weighted)
    r = _check_relative(np.broadcast_to(np.asarray(rel, dtype=float), w.shape), spec.distribution)
    tally = _tally(w, r, _check_same("held", held, w.shape), spec)
    return _proportion(spec.draws - tally.draws_with_any, spec.draws)


def plan_risk(
    weighted: np.ndarray,
    rel: np.ndarray | float,
    capacity_wte: np.ndarray,
    planned_wte: np.ndarray,
    cap: float,
    spec: Uncertainty,
    index: Sequence | pd.Index | None = None,
) -> Risk:
    """How sure a plan is of keeping every locality under the cap.

    capacity_wte is each locality's capacity-weighted planned WTE (sum over grades of capacity x
    WTE), so a locality holds cap x capacity_wte weighted cases; planned_wte (plain WTE) gives load
    per WTE, as in the plan's table.
    """
    w = _check_weighted(weighted)
    r = _check_relative(np.broadcast_to(np.asarray(rel, dtype=float), w.shape), spec.distribution)
    if not (math.isfinite(cap) and cap > 0):
        raise ValueError(f"the cap must be a positive number (got {cap!r})")
    held = cap * _check_same("capacity_wte", capacity_wte, w.shape)
    wte = _check_same("planned_wte", planned_wte, w.shape)
    tally = _tally(w, r, held, spec)
    n = spec.draws

    table = pd.DataFrame(index=pd.Index(index) if index is not None else pd.RangeIndex(w.size))
    if index is not None and len(table.index) != w.size:
        raise ValueError(f"index has {len(table.index)} entries for {w.size} localities")
    p_over = tally.over / n
    table["weighted_caseload"] = w
    table["relative_error"] = r
    table["held_caseload"] = held
    table["p_over_cap"] = p_over
    table["p_over_cap_se"] = np.sqrt(p_over * (1 - p_over) / n)
    table["p_over_cap_exact"] = _exceed_exact(w, r, held, spec.distribution)
    staffed = np.where(wte > 0, wte, np.nan)
    for q in PERCENTILES:
        table[f"load_per_wte_p{q}"] = w * quantile_factor(spec, r, q / 100) / staffed

    mean = tally.count_sum / n
    variance = max(tally.count_squares / n - mean**2, 0.0) * n / (n - 1)
    any_over = _proportion(tally.draws_with_any, n)
    return Risk(
        localities=table,
        any_over=any_over,
        all_within=_proportion(n - tally.draws_with_any, n),
        expected_over=Estimate(mean, math.sqrt(variance / n)),
        draws=n,
        uncertainty=spec,
    )


@dataclass
class _Tally:
    over: np.ndarray
    """Draws in which each locality went over."""
    draws_with_any: int = 0
    count_sum: float = 0.0
    count_squares: float = 0.0


def _tally(w: np.ndarray, r: np.ndarray, held: np.ndarray, spec: Uncertainty) -> _Tally:
    """Count, tile by tile, draws over the held caseload per locality and per draw."""
    tally = _Tally(over=np.zeros(w.size, dtype=np.int64))
    per_draw = np.zeros(DRAW_BLOCK, dtype=np.int64)
    current = None
    for rows, cols, factor in _factors(r, spec):
        if rows != current:
            _close_block(tally, per_draw, current)
            per_draw[:] = 0
            current = rows
        factor *= w[cols]
        over = factor > held[cols]
        tally.over[cols] += over.sum(axis=0)
        per_draw[: rows.stop - rows.start] += over.sum(axis=1)
    _close_block(tally, per_draw, current)
    return tally


def _close_block(tally: _Tally, per_draw: np.ndarray, rows: slice | None) -> None:
    if rows is None:
        return
    counts = per_draw[: rows.stop - rows.start].astype(float)
    tally.draws_with_any += int((counts > 0).sum())
    tally.count_sum += float(counts.sum())
    tally.count_squares += float((counts**2).sum())


def _factors(r: np.ndarray, spec: Uncertainty) -> Iterator[tuple[slice, slice, np.ndarray]]:
    """Yield (draw rows, locality columns, factor F) tile by tile; drawn caseload = W x F.

    Draw block b uses the stream SeedSequence(seed).spawn()[b] for what all localities share, and
    its child t for locality block t's own variates, so each tile is reproducible on its own.
    """
    shared = spec.shared
    for b, start in enumerate(range(0, spec.draws, DRAW_BLOCK)):
        rows = slice(start, min(start + DRAW_BLOCK, spec.draws))
        size = rows.stop - rows.start
        block = np.random.SeedSequence(spec.seed, spawn_key=(b,))
        common_rng = np.random.default_rng(block)
        if spec.distribution is Distribution.NORMAL:
            common = common_rng.standard_normal(size)[:, None] * math.sqrt(shared)
        else:
            together = (common_rng.random(size) < shared)[:, None]
            common = common_rng.random(size)[:, None]
        for t, first in enumerate(range(0, r.size, LOCALITY_BLOCK)):
            cols = slice(first, min(first + LOCALITY_BLOCK, r.size))
            rng = np.random.default_rng(np.random.SeedSequence(spec.seed, spawn_key=(b, t)))
            rel = r[cols]
            if spec.distribution is Distribution.NORMAL:
                z = rng.standard_normal((size, rel.size))
                z *= math.sqrt(1 - shared)
                z += common
                factor = _truncated_normal(z, rel)
            else:
                u = rng.random((size, rel.size))
                np.copyto(u, common, where=together)
                factor = _uniform_to_factor(u, rel, spec.distribution)
            yield rows, cols, factor


def _uniform_to_factor(u: np.ndarray, rel: np.ndarray, distribution: Distribution) -> np.ndarray:
    """Map uniform variates in [0, 1) through the inverse CDF of F, in place."""
    if distribution is Distribution.UNIFORM:
        u *= 2
        u -= 1
    else:
        # Symmetric triangle on [-1, 1]: t = sqrt(2u) - 1 below the median, 1 - sqrt(2(1 - u)) above.
        upper = u >= 0.5
        np.subtract(1, u, out=u, where=upper)
        u *= 2
        np.sqrt(u, out=u)
        u -= 1
        np.negative(u, out=u, where=upper)
    u *= rel
    u += 1
    return u


def _truncated_normal(z: np.ndarray, rel: np.ndarray) -> np.ndarray:
    """F = 1 + r x G^-1(Phi(z)) in place, from standard normals z that are correlated as `shared`
    says: a Gaussian copula. G is the standard normal truncated below at -1/r (F >= 0), so each
    locality's F is exactly the normal given F >= 0, and localities whose z move together move
    together (shared = 1: the same z, so the same quantile of each one's own distribution).

    Where the truncation is below what a double can tell (Phi(-1/r) under 2**-53 of Phi(z): every
    draw above -5.27 sd at r = 0.1), G^-1(Phi(z)) is z to the last bit and is left as drawn."""
    below, low = _truncation(rel)
    whole = below > 2.0**-53  # a truncation every draw of the locality shows
    if whole.all():
        z[:] = _truncated_quantile(z, below)
    elif whole.any():
        z[:, whole] = _truncated_quantile(z[:, whole], below[whole])
    tail = z < low  # -inf where the locality was done whole, or has no error
    if tail.any():
        i, j = np.nonzero(tail)
        z[i, j] = _truncated_quantile(z[i, j], below[j])
    z *= rel
    z += 1
    if whole.any() or tail.any():
        np.maximum(z, 0.0, out=z)  # G^-1 >= -1/r, to rounding: F never below 0
    return z


def _truncation(rel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per locality, Phi(-1/r) (the normal's chance below 0) and the z under which it changes G^-1
    in a double (-inf where it never does, or always does), each worked once per relative error."""
    values, where = np.unique(rel, return_inverse=True)
    below = np.array([below_zero(r) if r > 0 else 0.0 for r in values.tolist()])
    low = [_STANDARD.inv_cdf(b * 2.0**53) if 0 < b <= 2.0**-53 else -np.inf for b in below.tolist()]
    return below[where], np.array(low)[where]


def _truncated_quantile(z: np.ndarray, below: np.ndarray) -> np.ndarray:
    """G^-1(Phi(z)) for the standard normal truncated below where Phi is `below` (one per column, or
    one per entry): Phi^-1(b + (1 - b) Phi(z)), worked from the nearer tail so no digit is lost."""
    from scipy.special import ndtr, ndtri  # only where a truncation a double can tell is drawn

    tail = ndtr(-np.abs(z))
    left = z <= 0
    quantile = ndtri(np.where(left, below + (1 - below) * tail, (1 - below) * tail))
    return np.where(left, quantile, -quantile)


def _exceed_exact(w: np.ndarray, r: np.ndarray, held: np.ndarray, distribution: Distribution) -> np.ndarray:
    """P(W x F > held) from F's distribution: no sampling error, and shared does not change it."""
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(w > 0, held / np.where(w > 0, w, 1.0), np.inf)
        spread = np.where(r > 0, r, 1.0)
        t = (x - 1) / spread
    if distribution is Distribution.UNIFORM:
        survival = np.clip((1 - t) / 2, 0, 1)
    elif distribution is Distribution.TRIANGULAR:
        s = np.clip(-t, -1, 1)  # P(T > t) = P(T < -t) by symmetry
        survival = np.where(s <= 0, (1 + s) ** 2 / 2, 1 - (1 - s) ** 2 / 2)
    else:
        # P(Z > t | Z >= -1/r) = Phi(-t) / Phi(1/r) for t >= -1/r.
        upper = np.vectorize(lambda z: 0.5 * math.erfc(z / math.sqrt(2)), otypes=[float])
        with np.errstate(invalid="ignore"):
            survival = np.where(t >= -1 / spread, upper(t) / upper(-1 / spread), 1.0)
    survival = np.where(r > 0, survival, (x < 1).astype(float))
    return np.where(w > 0, survival, 0.0)


def _proportion(successes: int, n: int) -> Estimate:
    p = successes / n
    return Estimate(p, math.sqrt(p * (1 - p) / n))


def _check_confidence(p: float) -> None:
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 < p < 1:
        raise ValueError(
            f"confidence p must be strictly between 0 and 1, such as 0.9 for 90% (got {p!r}); "
            "at 0 or 1 the caseload to plan for is the least or most the error allows"
        )


def _check_weighted(weighted: np.ndarray) -> np.ndarray:
    w = np.asarray(weighted, dtype=float)
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"weighted caseloads must be a non-empty 1-D array (got shape {w.shape})")
    if not np.all(np.isfinite(w) & (w >= 0)):
        raise ValueError("weighted caseloads must be finite and at least 0")
    return w


def _check_same(name: str, values: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    if v.shape != shape:
        raise ValueError(f"{name} has shape {v.shape}; expected {shape}, one per locality")
    if not np.all(np.isfinite(v) & (v >= 0)):
        raise ValueError(f"{name} must be finite and at least 0")
    return v


def _check_relative(r: np.ndarray, distribution: Distribution) -> np.ndarray:
    """The same limits as Uncertainty.relative, for per-locality errors from a column."""
    if not np.all(np.isfinite(r) & (r >= 0) & (r <= 1)):
        raise ValueError("relative errors must be numbers from 0 to 1 (0.10 is +/-10%)")
    if distribution in BOUNDED and np.any(r >= 1):
        raise ValueError(
            f"relative errors must be less than 1 for a {distribution} error (1 would allow a caseload of 0)"
        )
    return r
