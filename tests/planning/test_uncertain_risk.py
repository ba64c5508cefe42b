"""Staff to a level of confidence: closed forms written out here independently of
optimiser.planning.uncertain_risk, Monte Carlo figures within 4 standard errors of known answers,
determinism, the shared error, and refusals of bad input."""

import math

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError
from scipy.stats import norm, triang, truncnorm

from optimiser.inputs.problems import problems_from
from optimiser.inputs.uncertain_block import Uncertainty
from optimiser.inputs.yamlio import line_of, load_yaml_mapping
from optimiser.planning.uncertain_risk import (
    RISK_COLUMNS,
    confidence_caseloads,
    joint_probability,
    plan_risk,
    quantile_factor,
    relative_errors,
)
from tests.risk_draws import draw_caseloads

LCR = {"CHW": 7240.0, "NWL": 5133.0, "HB": 5323.0, "MR": 5159.0, "SLH": 10362.0}
"""LCR 2010 Appendix 3 weighted caseloads (children, one weight per child)."""
CAP = 400.0
CONFIDENCES = (0.5, 0.8, 0.9, 0.95, 0.99)
DISTRIBUTIONS = ("uniform", "normal", "triangular")


def spec(**fields) -> Uncertainty:
    return Uncertainty.model_validate({"relative": 0.1, **fields})


def within(estimate: float, truth: float, se: float) -> bool:
    return abs(estimate - truth) <= 4 * se


def headroom_risk(weighted: np.ndarray, headroom: float, **fields):
    """One grade of capacity 1 holding cap x WTE, with WTE = W x (1 + headroom) / cap."""
    wte = weighted * (1 + headroom) / CAP
    return plan_risk(weighted, fields.get("relative", 0.1), wte, wte, CAP, spec(**fields))


# Closed forms: the WTE one grade needs to hold the caseload with probability p.


@pytest.mark.parametrize("p", CONFIDENCES)
@pytest.mark.parametrize("r", [0.0, 0.05, 0.1, 0.25])
def test_uniform_requirement_is_w_times_1_plus_r_2p_minus_1_over_cap(p, r):
    w = np.array(list(LCR.values()))
    required = confidence_caseloads(w, r, spec(relative=r), p) / CAP
    np.testing.assert_allclose(required, w * (1 + r * (2 * p - 1)) / CAP, rtol=1e-12)


@pytest.mark.parametrize("p", CONFIDENCES)
@pytest.mark.parametrize("r", [0.05, 0.1, 0.2])
def test_normal_requirement_is_w_times_1_plus_r_z_p_over_cap(p, r):
    """Exact up to the truncation at 0: a chance of Phi(-1/r), 1e-23 at r = 0.1, 3e-7 at r = 0.2."""
    w = np.array(list(LCR.values()))
    required = confidence_caseloads(w, r, spec(relative=r, distribution="normal"), p) / CAP
    rtol = 1e-12 if r <= 0.1 else 1e-6
    np.testing.assert_allclose(required, w * (1 + r * norm.ppf(p)) / CAP, rtol=rtol)


@pytest.mark.parametrize("p", [0.01, 0.3, 0.5, 0.9, 0.99])
@pytest.mark.parametrize("r", [0.5, 0.8, 1.0])
def test_normal_truncated_at_zero_uses_the_conditional_quantile(p, r):
    """Where truncation matters (sd half the caseload or more), the quantile is that of the normal
    given a non-negative caseload: scipy's truncnorm on z >= -1/r."""
    expected = 1 + r * truncnorm.ppf(p, -1 / r, np.inf)
    np.testing.assert_allclose(quantile_factor(spec(relative=r, distribution="normal"), r, p), expected)


@pytest.mark.parametrize("p", [0.01, 0.2, 0.5, 0.75, 0.9, 0.999])
@pytest.mark.parametrize("r", [0.1, 0.3])
def test_triangular_quantile_inverts_the_cdf(p, r):
    def cdf(x: float) -> float:
        """Symmetric triangle on [1 - r, 1 + r] with mode 1, integrated by hand."""
        if x <= 1 - r:
            return 0.0
        if x <= 1:
            return (x - (1 - r)) ** 2 / (2 * r**2)
        if x < 1 + r:
            return 1 - ((1 + r) - x) ** 2 / (2 * r**2)
        return 1.0

    low, high = 1 - r, 1 + r
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if cdf(middle) < p else (low, middle)
    factor = quantile_factor(spec(relative=r, distribution="triangular"), r, p)
    np.testing.assert_allclose(factor, (low + high) / 2, rtol=1e-12)
    np.testing.assert_allclose(factor, triang.ppf(p, 0.5, loc=1 - r, scale=2 * r), rtol=1e-12)


def test_appendix3_at_90_percent_with_10_percent_uniform_error():
    """+/-10% uniform, 90% confidence: plan for W x 1.08, so CHW needs 7240 x 1.08 / 400 = 19.548 WTE."""
    w = np.array(list(LCR.values()))
    required = dict(zip(LCR, confidence_caseloads(w, 0.1, spec(), 0.9) / CAP, strict=True))
    assert required["CHW"] == pytest.approx(19.548, abs=1e-9)
    for name, weighted in LCR.items():
        assert required[name] == pytest.approx(weighted * 1.08 / 400, rel=1e-12)
    assert sum(required.values()) == pytest.approx(sum(LCR.values()) * 1.08 / 400)


def test_quantile_factor_is_per_locality():
    r = np.array([0.0, 0.1, 0.2])
    np.testing.assert_allclose(quantile_factor(spec(), r, 0.9), [1.0, 1.08, 1.16])


# Monte Carlo against known probabilities.


def test_uniform_10_percent_with_5_percent_headroom_is_over_a_quarter_of_the_time():
    w = np.array(list(LCR.values()))
    risk = headroom_risk(w, 0.05)
    table = risk.localities
    np.testing.assert_allclose(table["p_over_cap_exact"], 0.25)
    for p, se in zip(table["p_over_cap"], table["p_over_cap_se"], strict=True):
        assert se == pytest.approx(math.sqrt(0.25 * 0.75 / 10_000), rel=0.05)
        assert within(p, 0.25, se)


@pytest.mark.parametrize("distribution", DISTRIBUTIONS)
@pytest.mark.parametrize("shared", [0.0, 0.5, 1.0])
def test_marginals_are_as_stated_whatever_is_shared(distribution, shared):
    """Each locality's chance of going over matches its own distribution within 4 SE, for any
    share of common error, and for localities of different relative error and headroom."""
    w = np.array([7240.0, 5133.0, 5323.0, 5159.0, 10362.0, 0.0])
    r = np.array([0.1, 0.05, 0.2, 0.1, 0.15, 0.1])
    held = w * np.array([1.0, 1.02, 0.9, 1.12, 1.05, 1.0])
    risk = plan_risk(w, r, held / CAP, held / CAP, CAP, spec(distribution=distribution, shared=shared))
    table = risk.localities
    for p, se, exact in table[["p_over_cap", "p_over_cap_se", "p_over_cap_exact"]].itertuples(index=False):
        assert within(p, exact, max(se, math.sqrt(exact * (1 - exact) / risk.draws)))
    assert table["p_over_cap"].iloc[-1] == 0.0  # no caseload, nothing to go over


@pytest.mark.parametrize("distribution", DISTRIBUTIONS)
def test_exact_exceed_probability_against_scipy(distribution):
    r, x = 0.1, np.array([0.85, 0.95, 1.0, 1.03, 1.2])
    w = np.full(x.size, 1000.0)
    frozen = {
        "uniform": lambda: 1 - (x - (1 - r)) / (2 * r),
        "normal": lambda: norm.sf((x - 1) / r),
        "triangular": lambda: triang.sf(x, 0.5, loc=1 - r, scale=2 * r),
    }[distribution]
    expected = np.clip(frozen(), 0, 1)
    risk = plan_risk(w, r, w * x / CAP, w * x / CAP, CAP, spec(distribution=distribution))
    np.testing.assert_allclose(risk.localities["p_over_cap_exact"], expected, atol=1e-12)


@pytest.mark.parametrize("distribution", DISTRIBUTIONS)
def test_fully_shared_error_makes_any_over_the_single_locality_chance(distribution):
    """All wrong together, equal relative headroom: all go over together or none does."""
    w = np.array(list(LCR.values()))
    risk = headroom_risk(w, 0.05, distribution=distribution, shared=1.0)
    single = risk.localities["p_over_cap"]
    assert (single == single.iloc[0]).all()
    assert risk.any_over.value == single.iloc[0]
    assert within(risk.any_over.value, single.iloc[0], risk.any_over.se)
    assert risk.expected_over.value == pytest.approx(5 * single.iloc[0])


@pytest.mark.parametrize("distribution", DISTRIBUTIONS)
def test_independent_errors_make_any_over_1_minus_1_minus_p_to_the_n(distribution):
    w = np.array(list(LCR.values()))
    risk = headroom_risk(w, 0.05, distribution=distribution, shared=0.0)
    p = risk.localities["p_over_cap_exact"].iloc[0]
    expected = 1 - (1 - p) ** len(w)
    assert within(risk.any_over.value, expected, math.sqrt(expected * (1 - expected) / risk.draws))
    assert risk.all_within.value == pytest.approx(1 - risk.any_over.value)
    assert within(risk.expected_over.value, len(w) * p, risk.expected_over.se)


@pytest.mark.parametrize("distribution", DISTRIBUTIONS)
@pytest.mark.parametrize("shared", [0.0, 0.3, 0.7])
def test_shared_is_the_correlation_between_two_localities_errors(distribution, shared):
    w = np.array([1000.0, 3000.0])
    draws = draw_caseloads(w, np.array([0.1, 0.2]), spec(distribution=distribution, shared=shared))
    assert np.corrcoef(draws.T)[0, 1] == pytest.approx(shared, abs=0.05)


def test_joint_probability_matches_plan_risk():
    w = np.array(list(LCR.values()))
    held = w * 1.05
    joint = joint_probability(w, 0.1, held, spec(shared=0.4))
    risk = plan_risk(w, 0.1, held / CAP, held / CAP, CAP, spec(shared=0.4))
    assert joint == risk.all_within


def test_percentiles_of_load_per_wte_are_those_of_the_draws():
    w = np.array([7240.0, 5133.0])
    wte = np.array([18.0, 0.0])
    uncertainty = spec(distribution="triangular", draws=100_000)
    table = plan_risk(w, 0.1, wte, wte, CAP, uncertainty).localities
    drawn = draw_caseloads(w, 0.1, uncertainty)[:, 0] / wte[0]
    for q in (50, 90, 95):
        assert table[f"load_per_wte_p{q}"].iloc[0] == pytest.approx(np.percentile(drawn, q), rel=1e-3)
        assert math.isnan(table[f"load_per_wte_p{q}"].iloc[1])  # no staff, no load per WTE
    assert table[f"load_per_wte_p{90}"].iloc[0] == pytest.approx(7240 * (1 + 0.1 * (1 - math.sqrt(0.2))) / 18)


def test_risk_table_is_indexed_like_the_localities():
    index = pd.Index(list(LCR), name="locality")
    w = np.array(list(LCR.values()))
    risk = plan_risk(w, 0.1, w / CAP, w / CAP, CAP, spec(), index=index)
    assert tuple(risk.localities.columns) == RISK_COLUMNS
    assert risk.localities.index.equals(index)
    assert risk.localities["held_caseload"].to_numpy() == pytest.approx(w)


def test_normal_draws_are_never_negative():
    w = np.full(50, 100.0)
    drawn = draw_caseloads(w, 1.0, spec(relative=1.0, distribution="normal", shared=0.5))
    assert drawn.min() >= 0
    assert (drawn / 100 > 0.01).mean() > 0.5  # not simply clipped at zero


def test_many_localities_span_several_tiles():
    """Over 8,192 localities the draws come in several locality tiles; all are filled and distinct."""
    w = np.full(20_000, 1000.0)
    drawn = draw_caseloads(w, 0.1, spec(draws=1_000, shared=0.0))
    assert drawn.shape == (1_000, 20_000)
    assert np.isfinite(drawn).all() and drawn.min() >= 900 and drawn.max() < 1100
    assert not np.array_equal(drawn[:, 0], drawn[:, 8_192])
    assert not np.array_equal(drawn[:128], drawn[128:256])


# Determinism.


@pytest.mark.parametrize("distribution", DISTRIBUTIONS)
def test_same_seed_same_draws_byte_for_byte(distribution):
    w = np.array(list(LCR.values()))
    first = draw_caseloads(w, 0.1, spec(distribution=distribution, shared=0.3))
    again = draw_caseloads(w, 0.1, spec(distribution=distribution, shared=0.3))
    assert first.tobytes() == again.tobytes()
    other = draw_caseloads(w, 0.1, spec(distribution=distribution, shared=0.3, seed=2011))
    assert not np.array_equal(first, other)


def test_same_seed_same_risk():
    w = np.array(list(LCR.values()))
    first = headroom_risk(w, 0.05, distribution="normal", shared=0.5)
    again = headroom_risk(w, 0.05, distribution="normal", shared=0.5)
    pd.testing.assert_frame_equal(first.localities, again.localities)
    assert (first.any_over, first.expected_over) == (again.any_over, again.expected_over)


def test_plan_risk_counts_the_draws_draw_caseloads_returns():
    w = np.array(list(LCR.values()))
    held = w * np.array([1.0, 1.05, 1.1, 0.95, 1.02])
    uncertainty = spec(distribution="normal", shared=0.2)
    drawn = draw_caseloads(w, 0.1, uncertainty)
    risk = plan_risk(w, 0.1, held / CAP, held / CAP, CAP, uncertainty)
    over = drawn > held
    np.testing.assert_array_equal(risk.localities["p_over_cap"], over.mean(axis=0))
    assert risk.any_over.value == over.any(axis=1).mean()
    assert risk.expected_over.value == pytest.approx(over.sum(axis=1).mean())


# Bad input.


@pytest.mark.parametrize(
    ("fields", "key", "words"),
    [
        ({"relative": -0.1}, "relative", "at least 0"),
        ({"relative": 1.5, "distribution": "normal"}, "relative", "at most 1"),
        ({"relative": 1.0}, "relative", "less than 1"),
        ({"relative": 1.0, "distribution": "triangular"}, "relative", "less than 1"),
        ({"distribution": "poisson"}, "distribution", "one of"),
        ({"draws": 999}, "draws", "at least 1000"),
        ({"draws": 2_000_000}, "draws", "at most 1000000"),
        ({"draws": 1e4}, "draws", "whole number"),
        ({"shared": 1.2}, "shared", "at most 1"),
        ({"seed": -1}, "seed", "at least 0"),
        ({"relative": True}, "relative", "number"),
        ({"relatve": 0.1}, "relatve", "known key"),
    ],
)
def test_bad_uncertainty_blocks_are_pydantic_errors(fields, key, words):
    with pytest.raises(ValidationError) as caught:
        Uncertainty.model_validate({"relative": 0.1, **fields})
    problems = problems_from(caught.value, "s.yaml", lambda loc: ".".join(map(str, loc)), ("relative",))
    assert [p.where for p in problems] == [key]
    assert words in str(problems[0])


def test_a_relative_error_or_a_column_is_needed():
    with pytest.raises(ValidationError, match="give 'relative'"):
        Uncertainty.model_validate({"distribution": "normal"})
    assert Uncertainty.model_validate({"column": "count_error"}).relative is None
    assert Uncertainty.model_validate({"relative": 1.0, "distribution": "normal"}).relative == 1.0


def test_problems_name_the_file_line_and_key(tmp_path):
    """As a scenario's `uncertainty:` block, errors read "file: line N, key 'uncertainty.relative'"."""
    path = tmp_path / "scenario.yaml"
    path.write_text("name: x\nuncertainty:\n  relative: -0.1\n  draws: 10\n", encoding="utf-8")
    data, lines = load_yaml_mapping(path, "scenario file")
    with pytest.raises(ValidationError) as caught:
        Uncertainty.model_validate(data["uncertainty"])

    def place(loc: tuple) -> str:
        full = ("uncertainty", *loc)
        return f"line {line_of(lines, full)}, key '{'.'.join(full)}'"

    found = [str(p) for p in problems_from(caught.value, str(path), place)]
    assert found == [
        f"{path}: line 3, key 'uncertainty.relative': is -0.1; expected a number of at least 0.",
        f"{path}: line 4, key 'uncertainty.draws': is 10; expected a number of at least 1000.",
    ]


@pytest.mark.parametrize("p", [0, 1, 1.5, -0.2, math.nan, True, "0.9"])
def test_confidence_outside_0_1_is_refused(p):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        quantile_factor(spec(), 0.1, p)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        confidence_caseloads(np.array([7240.0]), 0.1, spec(), p)


@pytest.mark.parametrize(
    ("rel", "distribution", "words"),
    [
        (np.array([0.1, 1.0]), "uniform", "less than 1"),
        (np.array([0.1, 1.0]), "triangular", "less than 1"),
        (np.array([0.1, -0.1]), "normal", "from 0 to 1"),
        (np.array([0.1, math.nan]), "normal", "from 0 to 1"),
    ],
)
def test_bad_per_locality_errors_are_refused(rel, distribution, words):
    w = np.array([1000.0, 2000.0])
    with pytest.raises(ValueError, match=words):
        draw_caseloads(w, rel, spec(distribution=distribution))
    with pytest.raises(ValueError, match=words):
        quantile_factor(spec(distribution=distribution), rel, 0.9)


def test_bad_arrays_are_refused():
    w = np.array([1000.0, 2000.0])
    with pytest.raises(ValueError, match="finite and at least 0"):
        draw_caseloads(np.array([1000.0, -1.0]), 0.1, spec())
    with pytest.raises(ValueError, match="one per locality"):
        plan_risk(w, 0.1, np.array([1.0]), w, CAP, spec())
    with pytest.raises(ValueError, match="cap"):
        plan_risk(w, 0.1, w, w, 0.0, spec())
    with pytest.raises(ValueError, match="index"):
        plan_risk(w, 0.1, w, w, CAP, spec(), index=["a"])


def test_relative_errors_from_a_locality_column():
    frame = pd.DataFrame({"count_error": [0.2, None, "", 0.05]}, index=list("ABCD"))
    uncertainty = Uncertainty.model_validate({"relative": 0.1, "column": "count_error"})
    np.testing.assert_allclose(relative_errors(uncertainty, frame), [0.2, 0.1, 0.1, 0.05])
    np.testing.assert_allclose(relative_errors(spec(), frame), [0.1] * 4)
    with pytest.raises(ValueError, match="blank and no 'relative'"):
        relative_errors(Uncertainty.model_validate({"column": "count_error"}), frame)
    with pytest.raises(ValueError, match="not a number for locality B"):
        relative_errors(uncertainty, pd.DataFrame({"count_error": [0.1, "ten"]}, index=list("AB")))
    with pytest.raises(ValueError, match="less than 1"):
        relative_errors(uncertainty, pd.DataFrame({"count_error": [1.0]}, index=["A"]))
    with pytest.raises(ValueError, match="not a locality column"):
        relative_errors(uncertainty, pd.DataFrame({"other": [0.1]}))
