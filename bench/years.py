"""Time a 5-year horizon plan at 150 and 7,000 localities (synthetic, seeded) and print the figures.

Run: .venv/bin/python -m bench.years [N ...]
"""

import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import write_synthetic
from optimiser.planning.years import plan_years

HORIZON = """\
objective: max-coverage
horizon:
  years: [2025/26, 2026/27, 2027/28, 2028/29, 2029/30]
  budgets: ["-8%", "+0%", "+2%", "+2%", "+2%"]
  caseload_growth: 0.02
  leaver_rate: 0.1
  max_recruits_per_year: {recruits}
  max_recruits_per_locality: 3
  start_month: 7
"""


def time_horizon(localities: int) -> tuple[float, int]:
    """Seconds for one 5-year max-coverage plan (all its stages, the check and the tables)."""
    with tempfile.TemporaryDirectory() as folder:
        scenario = write_synthetic(Path(folder), localities)
        recruits = max(5, localities // 10)
        scenario.write_text(scenario.read_text() + HORIZON.format(recruits=recruits), encoding="utf-8")
        start = time.perf_counter()
        result = plan_years(scenario)
        return time.perf_counter() - start, len(result.localities)


def main(sizes: list[int]) -> None:
    print("| localities | years | locality-years | seconds |")
    print("|---:|---:|---:|---:|")
    for n in sizes:
        seconds, rows = time_horizon(n)
        print(f"| {n:,} | 5 | {rows:,} | {seconds:.2f} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [150, 7_000])
