"""Risk check: time and peak memory of `plan_risk` on synthetic plans, then of the whole `plan`
with an uncertainty block (and with a confidence level) at the same sizes.

Run: .venv/bin/python -m bench.risk   (153 localities x 10,000 draws and 32,844 x 1,000, each
distribution; then `plan` on bench.synthetic scenarios of those sizes). Each case runs in a fresh
process so its peak memory (max RSS) is its own; the traced peak is what numpy allocated during
the call, beyond what was already held.
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from bench.synthetic import write_synthetic
from optimiser.inputs.uncertain_block import Uncertainty
from optimiser.planning.uncertain_risk import plan_risk

CASES = ((153, 10_000), (32_844, 1_000))
"""Today's scale (LCR-sized trusts, 153 rows) and every English LSOA (32,844) at the minimum draws."""
SPECS = (("uniform", 0.0), ("triangular", 0.5), ("normal", 0.5))


def synthetic(localities: int, seed: int = 2010) -> tuple[np.ndarray, np.ndarray]:
    """Caseloads of 1,000-12,000 (as bench.synthetic) and a plan holding each at 95-115% of the cap."""
    rng = np.random.default_rng(seed)
    weighted = rng.uniform(1_000, 12_000, localities)
    return weighted, weighted / 400 * rng.uniform(0.95, 1.15, localities)


def measure(localities: int, draws: int, distribution: str, shared: float) -> dict:
    """Time one plan_risk call, then trace a second identical call for its peak allocation."""
    weighted, wte = synthetic(localities)
    spec = Uncertainty(relative=0.1, distribution=distribution, shared=shared, draws=draws)
    start = time.perf_counter()
    risk = plan_risk(weighted, 0.1, wte, wte, 400.0, spec)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    plan_risk(weighted, 0.1, wte, wte, 400.0, spec)
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "localities": localities,
        "draws": draws,
        "distribution": distribution,
        "shared": shared,
        "seconds": seconds,
        "traced_mb": traced,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "p_any_over": risk.any_over.value,
    }


PLAN_CHILD = """
import resource, sys, time
from pathlib import Path
from optimiser.planning.pipeline import plan_with_risk as plan
from optimiser.planning.precision import rounded_plan
from optimiser.planning.prepare import prepare
from optimiser.render.machine import plan_dict, to_json
from optimiser.render.uncertain_figures import with_risk_key
start = time.perf_counter()
result = plan(prepare(Path(sys.argv[1])))
text = to_json(with_risk_key(plan_dict(rounded_plan(result)), result))
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(text))
"""
PLAN_CASES = (
    ("no uncertainty", ""),
    ("uncertainty", "uncertainty: {{distribution: uniform, relative: 0.1, draws: {draws}}}\n"),
    (
        "confidence 0.9",
        "uncertainty: {{distribution: uniform, relative: 0.1, draws: {draws}}}\nconfidence: 0.9\n",
    ),
)


def measure_plan(localities: int, draws: int, block: str) -> dict:
    """The whole `plan` (prepare, solve, marginal figures, risk, JSON) on a synthetic scenario."""
    with tempfile.TemporaryDirectory() as folder:
        scenario = write_synthetic(Path(folder), localities)
        with scenario.open("a", encoding="utf-8") as file:
            file.write(block.format(draws=draws))
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", PLAN_CHILD, str(scenario)], capture_output=True, text=True, check=True
        )
        wall = time.perf_counter() - start
    seconds, peak, _ = done.stdout.split()
    return {"plan_seconds": float(seconds), "process_seconds": wall, "peak_rss_mb": float(peak)}


def plans() -> list[dict]:
    print(
        f"\n{'localities':>10} {'draws':>7} {'plan':>15} {'plan s':>8} {'process s':>10} {'peak RSS MB':>11}"
    )
    results = []
    for localities, draws in CASES:
        for label, block in PLAN_CASES:
            r = {"localities": localities, "draws": draws, "plan": label} | measure_plan(
                localities, draws, block
            )
            results.append(r)
            print(
                f"{localities:>10,} {draws:>7,} {label:>15} {r['plan_seconds']:>8.2f} "
                f"{r['process_seconds']:>10.2f} {r['peak_rss_mb']:>11.0f}"
            )
    return results


def main() -> None:
    print(
        f"{'localities':>10} {'draws':>7} {'distribution':>12} {'shared':>6} {'seconds':>8} "
        f"{'traced MB':>9} {'peak RSS MB':>11}"
    )
    results = []
    for localities, draws in CASES:
        for distribution, shared in SPECS:
            args = [str(localities), str(draws), distribution, str(shared)]
            done = subprocess.run(
                [sys.executable, "-m", "bench.risk", *args], capture_output=True, text=True, check=True
            )
            r = json.loads(done.stdout)
            results.append(r)
            print(
                f"{r['localities']:>10,} {r['draws']:>7,} {r['distribution']:>12} {r['shared']:>6g} "
                f"{r['seconds']:>8.3f} {r['traced_mb']:>9.1f} {r['peak_rss_mb']:>11.0f}"
            )
    results += plans()
    print(json.dumps(results))


if __name__ == "__main__":
    if len(sys.argv) == 5:
        n, d, distribution, shared = sys.argv[1:]
        print(json.dumps(measure(int(n), int(d), distribution, float(shared))))
    else:
        main()
