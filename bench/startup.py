"""Start-up: the whole `establishment plan` on the Appendix 3 example against the floor of
importing what it cannot do without (pandas and highspy), in fresh processes on this machine.

Run: .venv/bin/python -m bench.startup [--runs N]
Prints the median wall time of each and their ratio (target: at most 1.5x the floor, issue 21), and the
heavy modules a plan imports that it should not (charts and spreadsheets are for `report`).
"""

import argparse
import statistics
import subprocess
import sys
import time

from tests.conftest import ROOT

PLAN = [sys.executable, "-m", "optimiser", "plan", "examples/lcr-2010/appendix3.yaml"]
FLOOR = [sys.executable, "-c", "import pandas, highspy"]
ONLY_FOR_REPORT = ("matplotlib", "openpyxl", "PIL")
TARGET = 1.5


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def imported_by_plan() -> set[str]:
    code = (
        "import sys, runpy; sys.argv = ['establishment', 'plan', 'examples/lcr-2010/appendix3.yaml'];\n"
        "try:\n    runpy.run_module('optimiser', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(done.stderr.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    median_seconds(FLOOR, 1)  # warm the file cache for both
    floor = median_seconds(FLOOR, runs)
    plan = median_seconds(PLAN, runs)
    ratio = plan / floor
    print(f"floor  python -c 'import pandas, highspy'   {floor:6.3f} s (median of {runs})")
    print(f"plan   establishment plan appendix3.yaml    {plan:6.3f} s (median of {runs})")
    print(f"ratio  {ratio:.2f}x (target at most {TARGET}x): {'met' if ratio <= TARGET else 'NOT met'}")
    heavy = sorted(set(ONLY_FOR_REPORT) & imported_by_plan())
    print("report-only modules imported by plan:", ", ".join(heavy) if heavy else "none")


if __name__ == "__main__":
    main()
