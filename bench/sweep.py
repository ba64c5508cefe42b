"""Benchmark: one plan at N = 150 and 7,000 localities; a 1,000-point cap sweep at N = 150,
against a plain baseline that rebuilds a PuLP problem and calls CBC for every point.

Run: .venv/bin/python -m bench.sweep [--baseline-points N]
Scenarios come from bench/synthetic.py (seeded). The baseline's costs are checked against
the sweep's, point by point, so both answer the same question.
"""

import argparse
import tempfile
import time
import warnings
from dataclasses import replace
from pathlib import Path

import pulp

from bench.synthetic import write_synthetic
from optimiser.inputs.scenario import Objective
from optimiser.lp.families import all_rows
from optimiser.lp.objectives import families
from optimiser.planning import sweep_run
from optimiser.planning.pipeline import plan_scenario
from optimiser.planning.prepare import prepare

CAPS = [250 + 0.2 * i for i in range(1_000)]


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def baseline(prepared, caps: list[float]) -> list[float]:
    """Rebuild the min-cost problem from scratch at every cap and solve it with CBC."""
    costs = []
    for cap in caps:
        d = replace(prepared.data, cap=cap, budget=None)
        problem = pulp.LpProblem("baseline", pulp.LpMinimize)
        x = {key: problem.add_variable(f"x_{i}", lowBound=0) for i, key in enumerate(d.variables())}
        problem += pulp.lpSum(c * x[k] for k, c in d.cost_terms())
        for i, row in enumerate(all_rows(d, families(Objective.MIN_COST))):
            expr = pulp.lpSum(c * x[k] for k, c in row.terms)
            problem.addConstraint(expr >= row.rhs if row.sense.value == ">=" else expr <= row.rhs, f"c_{i}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            problem.solve(pulp.PULP_CBC_CMD(msg=False))
        costs.append(pulp.value(problem.objective))
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-points", type=int, default=len(CAPS), help="points for the CBC baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = prepare(write_synthetic(Path(folder) / "n150", 150))
        large = prepare(write_synthetic(Path(folder) / "n7000", 7_000))
        plan_150, _ = timed(lambda: plan_scenario(small))
        plan_7000, _ = timed(lambda: plan_scenario(large))
        points = sweep_run.grid(CAPS, [None])
        one_job, frame = timed(lambda: sweep_run.run(small, points, jobs=1))
        two_jobs, frame2 = timed(lambda: sweep_run.run(small, points, jobs=2))
        assert frame.equals(frame2), "parallel and serial sweeps differ"
        n = args.baseline_points
        base, costs = timed(lambda: baseline(small, CAPS[:n]))
        worst = max(abs(a - b) / b for a, b in zip(frame["cost"][:n], costs, strict=True))
        assert worst < 1e-6, f"baseline and sweep disagree by {worst:.2e}"
    per_point = base / n
    baseline_1000 = per_point * len(CAPS)
    measured = "measured" if n == len(CAPS) else f"{n:,} points measured, scaled to 1,000"
    print(f"one plan, N = 150:                              {plan_150:7.3f} s")
    print(f"one plan, N = 7,000:                            {plan_7000:7.3f} s")
    print(f"1,000-point cap sweep, N = 150, 1 process:      {one_job:7.3f} s")
    print(f"1,000-point cap sweep, N = 150, 2 processes:    {two_jobs:7.3f} s")
    print(f"baseline, rebuild PuLP + CBC every point:       {baseline_1000:7.3f} s ({measured})")
    print(f"ratio baseline / sweep, 1 process:              {baseline_1000 / one_job:7.1f}x")
    print(f"ratio baseline / sweep, 2 processes:            {baseline_1000 / two_jobs:7.1f}x")
    print(f"largest relative cost difference, sweep vs baseline: {worst:.1e}")


if __name__ == "__main__":
    main()
