"""Time a 5-year horizon plan (synthetic, seeded) against the same LP solved once with HiGHS directly.

Run: .venv/bin/python -m bench.years [--sizes 1000,3000,7000] [--objectives max-coverage,min-cost]
     [--timeout 900]

Each side of each case runs in a fresh process; wall and CPU seconds are both printed, since other
processes on a 2-core machine stretch wall times. The project's time runs from after its imports to
the JSON text of `years --format json` (load, weight, every stage, the check, the tables, rounding,
JSON); the baseline's (bench/years_direct.py) from after its imports to the first stage's optimum:
read the locality CSV into numpy, build the arrays, pass them in one call, solve once. Both optima
(theta, or the cost over the horizon) must agree to a relative 1e-6. The ratio is project / baseline;
the targets (issue 21): at most 2x at 1,000 and 3,000 localities, and 7,000 within 60 s.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import write_synthetic

HORIZON = """\
objective: {objective}
horizon:
  years: [2025/26, 2026/27, 2027/28, 2028/29, 2029/30]
{limits}  caseload_growth: 0.02
  leaver_rate: 0.1
  start_month: 7
"""
LIMITS = """\
  budgets: ["-8%", "+0%", "+2%", "+2%", "+2%"]
  max_recruits_per_year: {recruits}
  max_recruits_per_locality: 3
"""
CHANGES = (-0.08, 0.0, 0.02, 0.02, 0.02)
MARK, TOLERANCE = "RESULT ", 1e-6


def write_case(folder: Path, localities: int, objective: str) -> Path:
    """The synthetic localities with a 5-year horizon; max-coverage with budgets and recruitment limits,
    min-cost without (the synthetic in post is below what the cap needs, so limits would make it
    infeasible)."""
    scenario = write_synthetic(folder, localities)
    limits = LIMITS.format(recruits=max(5, localities // 10)) if objective == "max-coverage" else ""
    extra = HORIZON.format(objective=objective, limits=limits)
    scenario.write_text(scenario.read_text() + extra, encoding="utf-8")
    return scenario


def child_project(scenario: Path) -> dict:
    from optimiser.planning.years_pipeline import plan_years
    from optimiser.render.machine import to_json
    from optimiser.render.years_tables import years_dict

    start, cpu = time.perf_counter(), time.process_time()
    result = plan_years(scenario)
    text = to_json(years_dict(result))  # as `years --format json` writes it
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if result.theta is not None:
        optimum = result.theta
    else:
        shares = [result.first_year_share] + [1.0] * (len(result.years) - 1)
        optimum = float((result.by_year["full_year_cost"] * shares).sum())
    return {"seconds": seconds, "cpu_s": cpu, "optimum": optimum, "json_chars": len(text)}


def child_baseline(scenario: Path, objective: str, localities: int) -> dict:
    from bench import years_direct

    start, cpu = time.perf_counter(), time.process_time()
    in_post, caseload = years_direct.read(scenario)
    limited = objective == "max-coverage"
    horizon = years_direct.Horizon(
        5, 0.02, 0.1, max(5, localities // 10) if limited else None, 3.0, 0.75, CHANGES if limited else None
    )
    optimum = years_direct.solve(in_post, caseload, horizon, objective == "max-coverage")
    return {"seconds": time.perf_counter() - start, "cpu_s": time.process_time() - cpu, "optimum": optimum}


def _run(args: list[str], timeout: float) -> dict | str:
    command = [sys.executable, "-m", "bench.years", "--child", *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"did not finish within {timeout:g} s"
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not lines:
        return f"failed (exit {done.returncode}): {(done.stderr.strip().splitlines() or ['no output'])[-1]}"
    return json.loads(lines[-1][len(MARK) :])


def measure(localities: int, objective: str, timeout: float) -> str:
    with tempfile.TemporaryDirectory() as folder:
        scenario = write_case(Path(folder), localities, objective)
        baseline = _run(["baseline", str(scenario), objective, str(localities)], timeout)
        project = _run(["project", str(scenario), objective, str(localities)], timeout)
    if isinstance(project, str) or isinstance(baseline, str):
        return f"| {localities:,} | {objective} | {project} | {baseline} | - | - | - |"
    ratio = project["seconds"] / baseline["seconds"]
    cpu = project["cpu_s"] / baseline["cpu_s"]
    gap = abs(project["optimum"] - baseline["optimum"]) / max(abs(baseline["optimum"]), 1e-12)
    agree = "agree" if gap <= TOLERANCE else "DISAGREE"
    return (
        f"| {localities:,} | {objective} | {project['seconds']:.2f} | {baseline['seconds']:.2f} | "
        f"{ratio:.1f}x | {project['cpu_s']:.2f} / {baseline['cpu_s']:.2f} = {cpu:.1f}x | "
        f"optima {agree} ({gap:.1e}) |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,7000")
    parser.add_argument("--objectives", default="max-coverage,min-cost")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, scenario, objective, localities = args.child
        if kind == "project":
            found = child_project(Path(scenario))
        else:
            found = child_baseline(Path(scenario), objective, int(localities))
        print(MARK + json.dumps(found), flush=True)
        return
    one, five, _ = os.getloadavg()
    print(f"python {sys.version.split()[0]}; load average {one:.2f} (1 min), {five:.2f} (5 min); 5 years")
    print(
        "| localities | objective | project s | direct HiGHS s | ratio | CPU s (project / direct) | check |"
    )
    print("|---:|---|---:|---:|---:|---:|---|")
    for size in (int(s.replace("_", "")) for s in args.sizes.split(",")):
        for objective in args.objectives.split(","):
            print(measure(size, objective, args.timeout), flush=True)


if __name__ == "__main__":
    main()
