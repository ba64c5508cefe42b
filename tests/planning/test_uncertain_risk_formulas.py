"""The risk's figures each have a test that a wrong formula fails (issue 20, class 7): the standard
errors of "any exceeds", "all hold", the expected number over and each locality's share of draws
over, worked out here from the very draws the figures came from (binomial sqrt(p(1 - p) / n), the
sample standard deviation over sqrt(n)) and, separately, from the spread of the estimates over
many seeds; the percentiles of load per WTE, each locality's exact chance of exceeding the cap and
the caseload planned for at a confidence level, from scipy's distributions; and each as printed in
JSON, CSV and words.

A standard error off by n - 1 for n (5e-5 of itself at 10,000 draws), without its square root, or
with p for 1 - p fails here; the tests before these passed with the first."""

import csv
import io
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import norm, triang, truncnorm, uniform

from optimiser.inputs.uncertain_block import Uncertainty
from optimiser.planning.uncertain_risk import joint_probability, plan_risk
from tests.conftest import run_cli
from tests.risk_draws import draw_caseloads

W = np.array([7240.0, 5133.0, 5323.0, 5159.0, 10362.0])
"""LCR 2010 Appendix 3 weighted caseloads (children)."""
NAMES = ("CHW", "NWL", "HB", "MR", "SLH")
CAP = 400.0
HELD = np.array([1.02, 1.06, 1.04, 0.99, 1.08])
"""What each locality's staff hold, as a multiple of its count: "any exceeds" far from 0.5, so
that p and 1 - p differ."""
DISTRIBUTIONS = ("uniform", "normal", "triangular")


def spec(distribution: str = "uniform", r: float = 0.1, shared: float = 0.3, **more) -> Uncertainty:
    return Uncertainty.model_validate({"distribution": distribution, "relative": r, "shared": shared, **more})


def marginal(distribution: str, r: float):
    """A locality's factor F (drawn caseload / count) as the README states it, from scipy."""
    return {
        "normal": truncnorm(-1 / r, np.inf, loc=1, scale=r),
        "uniform": uniform(loc=1 - r, scale=2 * r),
        "triangular": triang(0.5, loc=1 - r, scale=2 * r),
    }[distribution]


def binomial_se(p: float, n: int) -> float:
    return math.sqrt(p * (1 - p) / n)


# Standard errors, from the draws themselves.


@pytest.mark.parametrize("distribution", DISTRIBUTIONS)
def test_standard_errors_are_those_of_the_draws(distribution):
    uncertainty = spec(distribution)
    held = W * HELD
    over = draw_caseloads(W, 0.1, uncertainty) > held
    n = over.shape[0]
    risk = plan_risk(W, 0.1, held / CAP, held / CAP, CAP, uncertainty)
    any_over = over.any(axis=1).mean()
    assert abs(any_over - 0.5) > 0.1  # p and 1 - p tell apart
    assert risk.any_over.value == any_over
    assert risk.any_over.se == pytest.approx(binomial_se(any_over, n), rel=1e-12)
    assert risk.all_within.value == pytest.approx(1 - any_over, abs=1e-15)
    assert risk.all_within.se == pytest.approx(binomial_se(1 - any_over, n), rel=1e-12)
    counts = over.sum(axis=1)
    assert risk.expected_over.value == pytest.approx(counts.mean(), rel=1e-12)
    assert risk.expected_over.se == pytest.approx(counts.std(ddof=1) / math.sqrt(n), rel=1e-9)
    each = over.mean(axis=0)
    np.testing.assert_allclose(risk.localities["p_over_cap"], each, rtol=0, atol=0)
    np.testing.assert_allclose(risk.localities["p_over_cap_se"], np.sqrt(each * (1 - each) / n), rtol=1e-12)


def test_the_joint_chance_at_a_confidence_level_has_the_same_standard_error():
    """With a budget the chance all hold what a confidence plan holds comes from joint_probability:
    binomial too, from the same draws."""
    uncertainty = spec("triangular", shared=0.0)
    held = W * 1.05
    within = (draw_caseloads(W, 0.1, uncertainty) <= held).all(axis=1).mean()
    joint = joint_probability(W, 0.1, held, uncertainty)
    assert joint.value == within
    assert joint.se == pytest.approx(binomial_se(within, uncertainty.draws), rel=1e-12)


# Standard errors, from the spread over seeds: what a standard error promises.


@pytest.mark.parametrize("distribution", ["uniform", "normal"])
def test_standard_errors_are_the_spread_of_the_estimates_over_seeds(distribution):
    """300 seeds of 1,000 draws: the standard deviation of the estimates across seeds is the
    reported standard error (the spread's own sampling error is 1 / sqrt(2 x 299), about 4%; within
    15%). A standard error without its square root is 60 times too small, one of p x p 40% too large."""
    held = W * HELD
    anys, alls, expected, reported = [], [], [], []
    for seed in range(300):
        risk = plan_risk(W, 0.1, held / CAP, held / CAP, CAP, spec(distribution, draws=1_000, seed=seed))
        anys.append(risk.any_over.value)
        alls.append(risk.all_within.value)
        expected.append(risk.expected_over.value)
        reported.append((risk.any_over.se, risk.all_within.se, risk.expected_over.se))
    mean_se = np.mean(reported, axis=0)
    spreads = (np.std(anys, ddof=1), np.std(alls, ddof=1), np.std(expected, ddof=1))
    for spread, se in zip(spreads, mean_se, strict=True):
        assert se == pytest.approx(spread, rel=0.15)


# As printed: JSON, CSV and words.


def _scenario(folder: Path, block: str) -> Path:
    (folder / "model.yaml").write_text("name: m\ncase_unit: children\n", encoding="utf-8")
    rows = [f"{name},{float(w / CAP * h)!r},{float(w)!r}" for name, w, h in zip(NAMES, W, HELD, strict=True)]
    (folder / "loc.csv").write_text(
        "locality,in_post_wte,caseload\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        "name: risk\nmodel: model.yaml\nlocalities: loc.csv\ncap: 400\ncost_per_wte: 38323\n"
        "keep_share_of_in_post: 1\n" + block,
        encoding="utf-8",
    )
    return scenario


def test_printed_standard_errors_are_binomial_in_json_csv_and_words(tmp_path):
    """Planned at least to today's staff (no cuts), which hold 1.02 to 1.08 of the counts: the JSON's
    standard errors are sqrt(p(1 - p) / n) of its own chances, the CSV's Total row gives the same
    for "any exceeds", and the sentence says "give or take" the JSON's "all hold" error in points."""
    scenario = _scenario(tmp_path, "uncertainty: {distribution: triangular, relative: 0.1, shared: 0.2}\n")
    data = json.loads(run_cli("plan", scenario, "--format", "json").stdout)["risk"]
    n = data["draws"]
    for key in ("any_over", "all_within"):
        p = data[key]["value"]
        assert 0.2 < p < 0.8 and abs(p - 0.5) > 0.05
        assert data[key]["se"] == pytest.approx(binomial_se(p, n), abs=2e-9)
    for row in data["localities"]:
        assert row["p_over_cap_se"] == pytest.approx(binomial_se(row["p_over_cap"], n), abs=2e-9)
    rows = list(csv.DictReader(io.StringIO(run_cli("plan", scenario, "--format", "csv").stdout)))
    total = rows[-1]
    assert float(total["p_over_cap"]) == data["any_over"]["value"]
    assert float(total["p_over_cap_se"]) == pytest.approx(
        binomial_se(float(total["p_over_cap"]), n), abs=2e-9
    )
    words = " ".join(run_cli("plan", scenario, "--format", "md").stdout.split())
    points = re.search(r"give or take ([0-9.]+) points", words).group(1)
    assert points == f"{data['all_within']['se'] * 100:.1f}"


# The exact figures, from scipy.


@pytest.mark.parametrize(
    ("distribution", "r"),
    [("uniform", 0.1), ("uniform", 0.6), ("triangular", 0.3), ("normal", 0.1), ("normal", 0.9)],
)
def test_exact_chance_over_and_percentiles_are_scipy_s(distribution, r):
    """Per locality: the chance the drawn caseload exceeds what the staff hold is F's survival at
    held / W (the truncated normal's, where r makes truncation matter); the pNN load per WTE is W x
    F's pNN / planned WTE; no staff, no load."""
    held = W * HELD
    wte = held / CAP * np.array([1.0, 1.0, 1.0, 1.0, 0.0])
    risk = plan_risk(W, r, held / CAP, wte, CAP, spec(distribution, r))
    law = marginal(distribution, r)
    np.testing.assert_allclose(risk.localities["p_over_cap_exact"], law.sf(HELD), rtol=1e-9, atol=1e-14)
    for q in (50, 90, 95):
        column = risk.localities[f"load_per_wte_p{q}"].to_numpy()
        np.testing.assert_allclose(column[:4], W[:4] * law.ppf(q / 100) / wte[:4], rtol=1e-9)
        assert math.isnan(column[4])


@pytest.mark.parametrize(
    ("block", "law", "level"),
    [
        ("{distribution: uniform, relative: 0.1}", uniform(loc=0.9, scale=0.2), 0.9),
        ("{distribution: triangular, relative: 0.3}", triang(0.5, loc=0.7, scale=0.6), 0.8),
        ("{distribution: normal, relative: 0.1}", norm(loc=1, scale=0.1), 0.95),
        ("{distribution: normal, relative: 0.8}", truncnorm(-1 / 0.8, np.inf, loc=1, scale=0.8), 0.75),
    ],
    ids=["uniform", "triangular", "normal", "truncated"],
)
def test_the_caseload_planned_for_at_a_confidence_level_is_the_quantile(tmp_path, block, law, level):
    """plan --confidence p: each locality is planned for W x F's p quantile (the normal at 0.1 is
    untruncated to 1e-23), so its WTE is that / the cap, in the JSON as printed."""
    scenario = _scenario(tmp_path, f"uncertainty: {block}\n").read_text(encoding="utf-8")
    path = tmp_path / "at-level.yaml"
    path.write_text(scenario.replace("keep_share_of_in_post: 1\n", ""), encoding="utf-8")
    data = json.loads(run_cli("plan", path, "--confidence", str(level), "--format", "json").stdout)
    caseloads = np.array([row["confidence_caseload"] for row in data["risk"]["localities"]])
    np.testing.assert_allclose(caseloads, W * law.ppf(level), rtol=1e-9)
    planned = np.array([row["planned_wte"] for row in data["localities"]])
    np.testing.assert_allclose(planned, W * law.ppf(level) / CAP, rtol=1e-7)
    exact = np.array([row["p_over_cap_exact"] for row in data["risk"]["localities"]])
    np.testing.assert_allclose(exact, 1 - level, atol=1e-7)
