"""Scale check: time and peak memory of one `plan` at growing numbers of localities.

Run: .venv/bin/python -m bench.scale [N ...]   (default 1000 10000 50000)
Each size runs in a fresh process so that peak memory (max RSS) is its own.
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import write_synthetic

CHILD = """
import resource, sys, time
from pathlib import Path
from optimiser.planning.pipeline import plan_scenario
from optimiser.planning.prepare import prepare
from optimiser.render.machine import plan_dict, to_json
start = time.perf_counter()
plan = plan_scenario(prepare(Path(sys.argv[1])))
text = to_json(plan_dict(plan))
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, plan.status)
"""


def measure(localities: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        scenario = write_synthetic(Path(folder), localities)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(scenario)], capture_output=True, text=True, check=True
        )
        wall = time.perf_counter() - start
    seconds, peak_mb, status = done.stdout.split()
    return {
        "localities": localities,
        "plan_seconds": float(seconds),
        "process_seconds": wall,
        "peak_mb": float(peak_mb),
        "status": status,
    }


def main(sizes: list[int]) -> None:
    print(f"{'localities':>10} {'plan s':>8} {'process s':>10} {'peak MB':>8}  status")
    results = [measure(n) for n in sizes]
    for r in results:
        print(
            f"{r['localities']:>10,} {r['plan_seconds']:>8.2f} {r['process_seconds']:>10.2f} "
            f"{r['peak_mb']:>8.0f}  {r['status']}"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 50_000])
