"""Uncertain counts keep their `shared` correlation when a normal error is truncated at 0 (issue
20, class 4), and each locality's own distribution stays exactly as stated, for all three
distributions. Expected figures come from scipy's distributions and the copula's own algebra,
worked out here.

Before: a normal error drawn below -1/r standard deviations (a caseload below 0) was redrawn on its
own, which loses its shared part; at a relative error of 0.95 that is one draw in seven, and with
`shared: 1` "all hold" came out near 0.55 where every locality moving together gives the least of
their own chances."""

import math

import numpy as np
import pytest
from scipy.stats import kstest, spearmanr, triang, truncnorm, uniform

from optimiser.inputs.uncertain_block import Uncertainty
from optimiser.planning.uncertain_risk import plan_risk
from tests.risk_draws import draw_caseloads

W = np.array([7240.0, 5133.0, 5323.0, 5159.0, 10362.0])
"""LCR 2010 Appendix 3 weighted caseloads."""
CAP = 400.0
HELD = np.array([1.3, 1.45, 1.32, 1.6, 1.38])
"""What each locality's staff hold, as a multiple of its counted caseload."""


def spec(distribution: str, r: float, shared: float, draws: int = 20_000) -> Uncertainty:
    return Uncertainty.model_validate(
        {"distribution": distribution, "relative": r, "shared": shared, "draws": draws}
    )


def marginal(distribution: str, r: float):
    """Each locality's factor F (drawn caseload / count), as the README states it, from scipy."""
    return {
        "normal": truncnorm(-1 / r, np.inf, loc=1, scale=r),
        "uniform": uniform(loc=1 - r, scale=2 * r),
        "triangular": triang(0.5, loc=1 - r, scale=2 * r),
    }[distribution]


CASES = [("normal", 0.95), ("normal", 0.5), ("normal", 0.1), ("uniform", 0.5), ("triangular", 0.9)]


@pytest.mark.parametrize(("distribution", "r"), CASES)
def test_fully_shared_errors_move_every_locality_together(distribution, r):
    """shared = 1: every locality's draw is the same quantile of its own distribution (comonotone)."""
    factors = draw_caseloads(W, r, spec(distribution, r, 1.0)) / W
    quantiles = marginal(distribution, r).cdf(factors)
    np.testing.assert_allclose(quantiles, quantiles[:, :1].repeat(len(W), axis=1), atol=1e-9)


@pytest.mark.parametrize(("distribution", "r"), CASES)
def test_fully_shared_all_hold_is_the_least_of_the_localities_own_chances(distribution, r):
    """Moving together, all hold exactly when the one that holds least does: the chance is the least
    of the localities' exact chances, within 4 standard errors of 20,000 draws."""
    exact = marginal(distribution, r).cdf(HELD)
    risk = plan_risk(W, r, W * HELD / CAP, W * HELD / CAP, CAP, spec(distribution, r, 1.0))
    least = float(exact.min())
    assert abs(risk.all_within.value - least) <= 4 * math.sqrt(least * (1 - least) / risk.draws)
    np.testing.assert_allclose(1 - risk.localities["p_over_cap_exact"], exact, atol=1e-12)


def test_the_issue_s_case_perfect_correlation_at_a_relative_error_of_0_95():
    """Normal, relative 0.95, shared 1, each locality holding 1.3 times its count: every one holds
    with the same chance, (Phi(0.3 / 0.95) - Phi(-1 / 0.95)) / (1 - Phi(-1 / 0.95)) = 0.559, and
    so do all at once. Redrawing the truncated draws on their own gave 0.48."""
    from scipy.stats import norm

    r = 0.95
    one = (norm.cdf(0.3 / r) - norm.cdf(-1 / r)) / (1 - norm.cdf(-1 / r))
    held = W * 1.3 / CAP
    risk = plan_risk(W, r, held, held, CAP, spec("normal", r, 1.0))
    assert one == pytest.approx(0.5595, abs=1e-4)
    assert abs(risk.all_within.value - one) <= 4 * math.sqrt(one * (1 - one) / risk.draws)


@pytest.mark.parametrize("shared", [0.0, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("r", [0.5, 0.95, 1.0])
def test_each_locality_keeps_its_truncated_normal_whatever_is_shared(shared, r):
    """Kolmogorov-Smirnov against scipy's truncated normal, each locality, at the 0.1% level; and
    no caseload below 0."""
    drawn = draw_caseloads(W, r, spec("normal", r, shared))
    assert drawn.min() >= 0
    law = marginal("normal", r)
    critical = 1.95 / math.sqrt(drawn.shape[0])
    for j in range(len(W)):
        assert kstest(drawn[:, j] / W[j], law.cdf).statistic <= critical, (shared, r, j)


@pytest.mark.parametrize("shared", [0.0, 0.3, 0.7, 1.0])
@pytest.mark.parametrize(("distribution", "r"), CASES)
def test_shared_sets_the_rank_correlation_between_two_localities(distribution, r, shared):
    """Ranks do not change under each locality's own transformation, so the rank correlation shows
    the dependence alone: a Gaussian copula with correlation rho has Spearman's rho (6 / pi) x
    asin(rho / 2) (normal, however hard it is truncated); in a share `shared` of draws every
    locality takes the same percentile, otherwise its own, which gives exactly `shared` (uniform,
    triangular)."""
    drawn = draw_caseloads(W[:2], r, spec(distribution, r, shared))
    expected = 6 / math.pi * math.asin(shared / 2) if distribution == "normal" else shared
    assert spearmanr(drawn[:, 0], drawn[:, 1]).statistic == pytest.approx(expected, abs=0.03)


@pytest.mark.parametrize("r", [0.05, 0.1, 0.115, 0.13, 0.5, 1.0])
def test_a_drawn_normal_maps_to_its_own_quantile_of_the_truncated_normal(r):
    """The map from a drawn normal z to the locality's factor, at chosen z down to 12 sd: F = 1 +
    r x G^-1(Phi(z)), G the normal truncated at -1/r, against scipy's truncnorm. Below -1/r (a
    caseload below 0 before truncation) F stays just above 0; just above it, F is pushed up by
    the mass the truncation moved; further up it is 1 + r z."""
    from scipy.stats import norm

    from optimiser.planning.uncertain_risk import _truncated_normal

    z = np.array([[-12.0, -10.5, -10.0, -9.0, -7.0, -5.5, -2.0, -0.5, 0.0, 0.7, 3.0, 5.0]])
    factors = _truncated_normal(z.copy(), np.full(z.shape[1], r))
    expected = 1 + r * truncnorm(-1 / r, np.inf).ppf(norm.cdf(z))
    np.testing.assert_allclose(factors, expected, rtol=1e-9, atol=1e-14)
    assert (factors >= 0).all()
