"""Uncertain counts through the command line: closed forms for plans made to a confidence level
(computed here, independently of optimiser.planning.uncertain_risk), Monte Carlo figures within their standard
errors, determinism, the per-locality error column, and refusals of bad input."""

import csv
import io
import json
import math
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest

from optimiser.inputs.uncertain_block import Uncertainty
from optimiser.planning.uncertain_risk import joint_probability
from optimiser.render.machine import plan_dict
from tests.conftest import EXAMPLE, MODEL, TABLE1, plan_json, run_cli
from tests.england_loads import refusal, uses_england_file

LCR = {"CHW": 7240.0, "NWL": 5133.0, "HB": 5323.0, "MR": 5159.0, "SLH": 10362.0}
"""Table 1 of the LCR 2010 paper: children per locality, January 2010 (one weight per child)."""
CAP, COST = 400.0, 38323.0
NINETY = EXAMPLE.parent / "appendix3-90-percent.yaml"


def scenario(folder: Path, body: str, name: str = "scenario.yaml") -> Path:
    """A scenario on the LCR 2010 Table 1 counts, with `body` appended."""
    path = folder / name
    path.write_text(
        f"name: uncertain counts\nmodel: {MODEL}\nlocalities: {TABLE1}\n"
        f"cap: {CAP:g}\ncost_per_wte: {COST:g}\n{body}",
        encoding="utf-8",
    )
    return path


def planned(data: dict) -> np.ndarray:
    return np.array([loc["planned_wte"] for loc in data["localities"]])


W = np.array(list(LCR.values()))


# Closed forms: one grade, the requirement at confidence p.


@pytest.mark.parametrize("p", [0.6, 0.9, 0.95, 0.99])
@pytest.mark.parametrize("r", [0.05, 0.1])
def test_uniform_requirement_through_the_cli(tmp_path, p, r):
    """Uniform +/-r: the caseload held with probability p is W(1 + r(2p - 1)), so the WTE is that / cap."""
    path = scenario(tmp_path, f"uncertainty: {{distribution: uniform, relative: {r}}}\nconfidence: {p}\n")
    data = plan_json(path)
    expected = W * (1 + r * (2 * p - 1)) / CAP
    np.testing.assert_allclose(planned(data), expected, rtol=1e-7)
    np.testing.assert_allclose([loc["required_wte"] for loc in data["localities"]], expected, rtol=1e-7)
    # The table shows the counted caseloads, and the plan's own caseloads in the risk key.
    assert [loc["weighted_caseload"] for loc in data["localities"]] == list(LCR.values())
    risk = data["risk"]
    np.testing.assert_allclose(
        [loc["confidence_caseload"] for loc in risk["localities"]], W * (1 + r * (2 * p - 1)), rtol=1e-9
    )
    # Each locality is over the cap with probability exactly 1 - p.
    np.testing.assert_allclose([loc["p_over_cap_exact"] for loc in risk["localities"]], 1 - p, atol=1e-6)
    # The cost of confidence, against the plan on the counts.
    extra = risk["cost_of_confidence"]
    assert extra["central_planned_wte"] == pytest.approx(W.sum() / CAP, rel=1e-7)
    assert extra["extra_wte"] == pytest.approx(W.sum() * r * (2 * p - 1) / CAP, rel=1e-6)
    assert extra["extra_cost"] == pytest.approx(COST * W.sum() * r * (2 * p - 1) / CAP, abs=0.05)


@pytest.mark.parametrize("p", [0.75, 0.9, 0.975])
def test_normal_requirement_through_the_cli(tmp_path, p):
    """Normal with sd r x W: W(1 + r z_p) / cap (truncation at 0 moves it by 1e-23 at r = 0.1)."""
    r = 0.1
    path = scenario(tmp_path, f"uncertainty: {{distribution: normal, relative: {r}}}\nconfidence: {p}\n")
    z = NormalDist().inv_cdf(p)
    np.testing.assert_allclose(planned(plan_json(path)), W * (1 + r * z) / CAP, rtol=1e-7)


def test_the_confidence_option_overrides_the_scenario(tmp_path):
    path = scenario(tmp_path, "uncertainty: {relative: 0.1}\nconfidence: 0.6\n")
    data = plan_json(path, "--confidence", "0.9")
    np.testing.assert_allclose(planned(data), W * 1.08 / CAP, rtol=1e-7)
    assert data["risk"]["confidence"] == 0.9


def test_max_coverage_at_confidence_is_the_best_cap_every_locality_holds_with_p(tmp_path):
    """One grade, a budget B and no bounds: the best cap covering the caseloads at p is
    cost x sum of W(1 + r(2p - 1)) / B."""
    budget, p, r = 3_000_000.0, 0.9, 0.1
    body = f"objective: max-coverage\nbudget: {budget:g}\nuncertainty: {{relative: {r}}}\nconfidence: {p}\n"
    data = plan_json(scenario(tmp_path, body))
    best = COST * (W * (1 + r * (2 * p - 1))).sum() / budget
    assert data["achievable_cap"] == pytest.approx(best, rel=1e-6)
    cost = data["risk"]["cost_of_confidence"]
    assert cost["achievable_cap"] == pytest.approx(best, rel=1e-6)
    assert cost["central_achievable_cap"] == pytest.approx(COST * W.sum() / budget, rel=1e-6)
    # Each holds the best cap with 0.9, so all five at once with 0.9^5 (the cap of 400 itself: hardly ever).
    together = cost["all_within"]
    assert abs(together["value"] - p**5) <= 3 * together["se"]
    assert data["risk"]["all_within"]["value"] < 0.01
    sweep = json.loads(
        run_cli("sweep", scenario(tmp_path, body), "--confidence", "0.9", "--format", "json").stdout
    )
    assert sweep["points"][0]["all_within"] == together["value"]
    assert sweep["points"][0]["achievable_cap"] == pytest.approx(best, rel=1e-6)


def test_priority_plans_to_confidence_too(tmp_path):
    folder = tmp_path
    rows = "locality,in_post_wte,caseload,deprivation\n" + "".join(
        f"{name},10,{w:g},{i + 1}\n" for i, (name, w) in enumerate(LCR.items())
    )
    (folder / "loc.csv").write_text(rows, encoding="utf-8")
    path = folder / "s.yaml"
    path.write_text(
        f"name: priority\nmodel: {MODEL}\nlocalities: loc.csv\ncap: 400\ncost_per_wte: 38323\n"
        "objective: priority\npriority: deprivation\nbudget: 5000000\n"  # enough, and plausible
        "uncertainty: {relative: 0.1}\nconfidence: 0.9\n",
        encoding="utf-8",
    )
    data = plan_json(path)
    np.testing.assert_allclose(planned(data), W * 1.08 / CAP, rtol=1e-6)  # enough budget for all


# Monte Carlo figures and their standard errors.


def test_the_chance_all_hold_is_within_its_standard_error_of_p_to_the_n(tmp_path):
    """Independent errors, each locality holding with probability 0.9: all five hold with 0.9^5."""
    data = plan_json(scenario(tmp_path, "uncertainty: {relative: 0.1}\nconfidence: 0.9\n"))
    together = data["risk"]["all_within"]
    truth = 0.9**5
    assert together["se"] == pytest.approx(math.sqrt(truth * (1 - truth) / 10_000), rel=0.02)
    assert abs(together["value"] - truth) <= 3 * together["se"]
    assert data["risk"]["any_over"]["value"] == pytest.approx(1 - together["value"])


def test_fully_shared_error_makes_all_hold_together_with_p(tmp_path):
    data = plan_json(scenario(tmp_path, "uncertainty: {relative: 0.1, shared: 1}\nconfidence: 0.8\n"))
    together = data["risk"]["all_within"]
    assert abs(together["value"] - 0.8) <= 3 * together["se"]


def test_the_standard_error_is_honest():
    """Over 40 seeds about two thirds of estimates land within one standard error of the truth."""
    p, n = 0.9, 5
    w = W[:n]
    held = w * (1 + 0.1 * (2 * p - 1))
    truth = p**n
    hits = 0
    for seed in range(1, 41):
        estimate = joint_probability(w, 0.1, held, Uncertainty(relative=0.1, draws=2_000, seed=seed))
        hits += abs(estimate.value - truth) <= estimate.se
    assert 17 <= hits <= 37  # binomial(40, 0.68) within about 5 standard deviations


# Determinism.


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "table"])
def test_same_bytes_twice(tmp_path, fmt):
    path = scenario(
        tmp_path, "uncertainty: {distribution: normal, relative: 0.1, shared: 0.5}\nconfidence: 0.9\n"
    )
    first, second = (run_cli("plan", path, "--format", fmt).stdout for _ in range(2))
    assert first == second and first


# The example and its words.


def test_the_appendix3_90_percent_example():
    result = run_cli("plan", NINETY)
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "There is a 10% chance that CHW's load exceeds 400 with this establishment" in out
    assert "each locality holds the cap of 400 with 90% probability; all five at once: 58%" in out
    assert "Planning to 90% confidence needs 6.6 WTE more and costs £254,595 a year more" in out
    assert "89.7" in out
    text = NINETY.read_text(encoding="utf-8")
    assert "LCR CHS Board paper, Health Visiting Capacity and Demand, 2 March 2010" in text
    assert "manual collection with accuracy +/- 10%" in text


def test_risk_without_confidence_says_it_is_planned_to_the_count(tmp_path):
    path = scenario(tmp_path, "uncertainty: {relative: 0.1}\n")
    data = plan_json(path)
    np.testing.assert_allclose(planned(data), W / CAP, rtol=1e-7)
    assert data["risk"]["confidence"] is None and data["risk"]["cost_of_confidence"] is None
    assert any(
        a["value"].startswith("planned to the counted caseloads; all five at once:")
        for a in data["assumptions"]
    )
    table = run_cli("plan", path).stdout
    assert "50% chance that CHW's load exceeds 400" in table


def test_csv_gains_risk_columns_and_the_total_row_the_chance_any_goes_over(tmp_path):
    path = scenario(tmp_path, "uncertainty: {relative: 0.1}\nconfidence: 0.9\n")
    rows = list(csv.DictReader(io.StringIO(run_cli("plan", path, "--format", "csv").stdout)))
    data = plan_json(path)
    assert [r["locality"] for r in rows] == [*LCR, "Total"]
    assert float(rows[0]["p_over_cap_exact"]) == pytest.approx(0.1, abs=1e-6)
    assert float(rows[-1]["p_over_cap"]) == data["risk"]["any_over"]["value"]
    assert float(rows[0]["load_per_wte_p90"]) == pytest.approx(400, rel=1e-6)


def test_without_uncertainty_nothing_changes():
    """No uncertainty block: no risk key, no risk columns, the same output as the plan alone."""
    from optimiser.planning.pipeline import plan_scenario
    from optimiser.planning.precision import rounded_plan
    from optimiser.planning.prepare import prepare
    from optimiser.render.machine import plan_csv, to_json

    for example in sorted(EXAMPLE.parent.parent.glob("*/*.yaml")):
        text = example.read_text(encoding="utf-8")
        if "options" in text or "\nhorizon:" in text or example == NINETY:
            continue
        if uses_england_file(example) and refusal():
            continue  # until the locality reader takes a blank in_post_wte (tests/england_loads.py)
        json_out = run_cli("plan", example, "--format", "json").stdout
        plan = plan_scenario(prepare(example))
        shown = {k: v for k, v in json.loads(json_out).items() if k not in ("title", "question")}
        assert to_json(shown) == to_json(plan_dict(rounded_plan(plan))), example
        assert run_cli("plan", example, "--format", "csv").stdout == plan_csv(rounded_plan(plan)), example


# The per-locality error column.


def test_a_column_of_relative_errors_is_accepted_and_used(tmp_path):
    (tmp_path / "loc.csv").write_text(
        "locality,in_post_wte,caseload,count_error\n"
        + "".join(
            f"{n},10,{w:g},{e}\n"
            for (n, w), e in zip(LCR.items(), ["0.2", "", "0.05", "0.15", "0.1"], strict=True)
        )
    )
    path = tmp_path / "s.yaml"
    path.write_text(
        f"name: column\nmodel: {MODEL}\nlocalities: loc.csv\ncap: 400\ncost_per_wte: 38323\n"
        "uncertainty: {relative: 0.1, column: count_error}\nconfidence: 0.9\n"
    )
    data = plan_json(path)
    r = np.array([0.2, 0.1, 0.05, 0.15, 0.1])
    np.testing.assert_allclose(planned(data), W * (1 + r * 0.8) / CAP, rtol=1e-7)
    assert [loc["relative_error"] for loc in data["risk"]["localities"]] == list(r)


@pytest.mark.parametrize(
    ("block", "cells", "words"),
    [
        ("{relative: 0.1}", ["0.1"] * 5, "line 1, column 'count_error': is not a known column"),
        (
            "{relative: 0.1, column: count_error}",
            ["0.1", "1.5", "0.1", "0.1", "0.1"],
            "line 3 (locality 'NWL'), column 'count_error': is 1.5",
        ),
        ("{column: count_error}", ["0.1", "", "0.1", "0.1", "0.1"], "column 'count_error': is blank"),
        (
            "{column: count_error}",
            ["0.1", "-0.1", "0.1", "0.1", "0.1"],
            "line 3 (locality 'NWL'), column 'count_error'",
        ),
    ],
)
def test_bad_error_columns_are_refused(tmp_path, block, cells, words):
    (tmp_path / "loc.csv").write_text(
        "locality,in_post_wte,caseload,count_error\n"
        + "".join(f"{n},10,{w:g},{e}\n" for (n, w), e in zip(LCR.items(), cells, strict=True))
    )
    path = tmp_path / "s.yaml"
    path.write_text(
        f"name: column\nmodel: {MODEL}\nlocalities: loc.csv\ncap: 400\ncost_per_wte: 38323\n"
        f"uncertainty: {block}\n"
    )
    for command in ("plan", "validate"):
        result = run_cli(command, path)
        assert result.exit_code == 2, result.stdout
        assert words in result.stderr and "loc.csv" in result.stderr


def test_a_named_column_missing_from_the_file_is_refused(tmp_path):
    path = scenario(tmp_path, "uncertainty: {relative: 0.1, column: count_error}\n")
    result = run_cli("plan", path)
    assert result.exit_code == 2
    assert "column 'count_error'" in result.stderr and "uncertainty.column" in result.stderr


# Bad input: exit 2, naming the key or option.


@pytest.mark.parametrize(
    ("body", "args", "words"),
    [
        ("uncertainty: {relative: -0.1}\n", (), "line 6, key 'uncertainty.relative': is -0.1"),
        (
            "uncertainty: {relative: 0.1, distribution: poisson}\n",
            (),
            "key 'uncertainty.distribution': is 'poisson'",
        ),
        (
            "uncertainty: {relative: 0.1, relatve: 0.2}\n",
            (),
            "key 'uncertainty.relatve': is not a known key (did you mean 'relative'?); "
            "expected one of: distribution, relative",
        ),
        (
            "uncertainty:\n  relative: 0.1\nconfidence: 1\n",
            (),
            "line 8, key 'confidence': is 1; expected a probability strictly between 0 and 1",
        ),
        ("uncertainty:\n  relative: 0.1\nconfidence: 0\n", (), "key 'confidence': is 0"),
        ("uncertainty:\n  relative: 0.1\nconfidence: -0.5\n", (), "key 'confidence': is -0.5"),
        ("uncertainty:\n  relative: 0.1\nconfidence: '0.9'\n", (), "key 'confidence'"),
        (
            "uncertainty: {relative: 0.1}\n",
            ("--confidence", "1.5"),
            "option --confidence: is 1.5; expected a probability strictly",
        ),
        ("uncertainty: {relative: 0.1}\n", ("--confidence", "nan"), "option --confidence"),
        ("confidence: 0.9\n", (), "line 6, key 'confidence': a confidence level needs"),
        ("", ("--confidence", "0.9"), "option --confidence: a confidence level needs"),
    ],
)
def test_bad_input_is_refused_naming_the_key(tmp_path, body, args, words):
    path = scenario(tmp_path, body)
    result = run_cli("plan", path, *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert words in " ".join(result.stderr.split()), result.stderr
    assert str(path) in result.stderr or "scenario.yaml" in result.stderr


# Sweeps over confidence.


def test_confidence_sweep_rows(tmp_path):
    path = scenario(tmp_path, "uncertainty: {relative: 0.1}\n")
    result = run_cli("sweep", path, "--confidence", "0.5:0.99:0.01", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    points = data["points"]
    assert [p["confidence"] for p in points] == [round(0.5 + i / 100, 2) for i in range(50)]
    for point in points:
        p = point["confidence"]
        assert point["planned_wte"] == pytest.approx(W.sum() * (1 + 0.1 * (2 * p - 1)) / CAP, rel=1e-7)
        assert point["extra_cost"] == pytest.approx(COST * W.sum() * 0.1 * (2 * p - 1) / CAP, abs=0.05)
        assert abs(point["all_within"] - p**5) <= 4 * max(point["all_within_se"], 1e-3)
    costs = [p["cost"] for p in points]
    assert costs == sorted(costs)
    assert data["central"]["planned_wte"] == pytest.approx(W.sum() / CAP, rel=1e-7)


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json"])
def test_confidence_sweep_formats_are_byte_identical_twice(tmp_path, fmt):
    args = ("sweep", NINETY, "--confidence", "0.8:0.95:0.05", "--format", fmt)
    first, second = run_cli(*args), run_cli(*args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout
    assert "95%" in first.stdout or "0.95" in first.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--confidence", "0:0.9:0.1"), "option --confidence: '0:0.9:0.1' runs from 0 to 0.9"),
        (("--confidence", "0.5:1:0.1"), "levels strictly between 0 and 1"),
        (("--confidence", "0.9:0.5:0.1"), "runs backwards"),
        (("--confidence", "ninety"), "is not a range"),
        (("--confidence", "0.9", "--cap", "300:400:50"), "sweeps confidence levels alone"),
    ],
)
def test_bad_confidence_sweeps_are_refused(args, words):
    result = run_cli("sweep", NINETY, *args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_a_confidence_sweep_needs_an_uncertainty_block():
    result = run_cli("sweep", EXAMPLE, "--confidence", "0.5:0.9:0.1")
    assert result.exit_code == 2
    assert "option --confidence" in result.stderr and "uncertainty" in result.stderr


# The board paper.


def test_the_board_paper_shows_the_uncertainty(tmp_path):
    from tests.cli.test_paper import INTERNAL, SOLVER_WORDS

    options = tmp_path / "options.yaml"
    options.write_text(
        "title: Health visiting with uncertain counts\noptions:\n"
        f"  - {{scenario: {EXAMPLE}, label: 'A: cap 400'}}\n"
        f"  - {{scenario: {NINETY}, label: 'B: 400 at 90%'}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "pack"
    result = run_cli("report", options, "-o", out)
    assert result.exit_code == 0, result.stderr
    paper = (out / "report.md").read_text("utf-8")
    implications = paper.split("## Implications", 1)[1].split("## Recommendation", 1)[0]
    assert "**Uncertainty in the counts.**" in implications
    assert (
        "B: 400 at 90%: the locality most likely to go over the cap of 400 is CHW (10% chance)"
        in implications
    )
    assert "charts/confidence-2.png" in implications and (out / "charts/confidence-2.svg").is_file()
    appendix = paper.split("## Appendix E: Uncertainty in the counts", 1)[1]
    assert "| CHW | 7,240 | 19.5 | 7,819 | 10% | 370 | 400 | 404 |" in appendix
    assert "A: cap 400:" not in appendix  # only options with an uncertainty block
    body = paper.split("Appendix C: Technical detail", 1)[0]
    assert not SOLVER_WORDS.search(body) and not INTERNAL.search(paper)
    html = (out / "report.html").read_text("utf-8")
    assert "Appendix E: Uncertainty in the counts" in html and "Chart 3:" in html
