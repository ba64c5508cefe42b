"""The project's whole `plan` against a direct-HiGHS baseline: time and peak memory, as a ratio.

Run: .venv/bin/python -m bench.versus_highs [--sizes 150,7000,32844,100000] [--grades 1|3] [--quick]
     [--timeout 600]

With neither --sizes nor --grades: one grade at N = 150, 7,000, 32,844 and 100,000, and three
grades at 7,000 and 32,844 (issue 15, item 5); --grades alone keeps those of that many grades,
--sizes runs the sizes given with --grades (default 1). Cases come from bench/cases.py (seeded synthetic
localities). Each side of each case runs in a fresh process, so its peak memory (max RSS) is its
own. The project's time runs from after its imports to the plan's JSON text: load, validate,
weight, build, solve, check, marginal figures (with their re-solves), round and render, as
`plan --format json` does. The
baseline's runs from after its imports to its per-locality results: read the locality CSV
into numpy, pass the LP to HiGHS, solve, read the solution, and re-solve warm at the cap less
one step (what the plan's figures need at least). Imports are timed apart. Times are wall
clock; the CPU ratio (process CPU seconds over the same spans) is printed too, since other
processes on a 2-core machine stretch wall times. The two optimal costs must agree to a
relative 1e-6.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.cases import CAP_STEP, entry_points, figure, project_plan, write_case

DEFAULT_CASES = ((1, 150), (1, 7_000), (1, 32_844), (1, 100_000), (3, 7_000), (3, 32_844))
QUICK_CASES = ((1, 150), (1, 7_000))
MARK = "RESULT "
TOLERANCE = 1e-6


def target(grades: int, localities: int) -> float | None:
    """The issue's targets for project / baseline: one grade 3x up to 32,844 and 6x at 100,000;
    three grades 10x at 32,844 (none is stated for three grades at smaller sizes)."""
    if grades == 1:
        return 3.0 if localities <= 32_844 else 6.0
    return 10.0 if localities >= 32_844 else None


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load(when: str) -> str:
    """The machine's load (other processes skew the times on 2 cores), printed with the results."""
    one, five, _ = os.getloadavg()
    return f"{when}: {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def _emit(result: dict) -> None:
    sys.stdout.flush()
    print(MARK + json.dumps(result), flush=True)


def child_project(scenario: Path) -> None:
    start = time.perf_counter()
    entry = entry_points()
    imported, cpu = time.perf_counter(), time.process_time()
    data, text = project_plan(scenario, entry)
    done = time.perf_counter()
    _emit(
        {
            "import_s": imported - start,
            "seconds": done - imported,
            "cpu_s": time.process_time() - cpu,
            "peak_mb": _peak_mb(),
            "cost": data["totals"]["cost"],
            "cost_of_lowering_cap": figure(data, "cost_of_lowering_cap"),
            "status": data["status"],
            "json_chars": len(text),
        }
    )


def child_baseline(scenario: Path, grades: int) -> None:
    start = time.perf_counter()
    from bench import highs_direct

    imported, cpu = time.perf_counter(), time.process_time()
    inputs = highs_direct.read_inputs(scenario, grades)
    read = time.perf_counter()
    result = highs_direct.solve(inputs, CAP_STEP)
    done = time.perf_counter()
    _emit(
        {
            "import_s": imported - start,
            "seconds": done - imported,
            "cpu_s": time.process_time() - cpu,
            "read_s": read - imported,
            "peak_mb": _peak_mb(),
            "cost": result.cost,
            "cost_of_lowering_cap": result.cost_of_lowering_cap,
            "planned_wte": float(result.planned_wte.sum()),
        }
    )


def _run_child(args: list[str], timeout: float) -> dict | str:
    """A child's result, or why there is none."""
    command = [sys.executable, "-m", "bench.versus_highs", "--child", *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"did not finish within {timeout:g} s"
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"failed (exit {done.returncode}): {tail}"
    return json.loads(lines[-1][len(MARK) :])


@dataclass
class Case:
    grades: int
    localities: int
    project: dict | str
    baseline: dict | str

    @property
    def name(self) -> str:
        return f"{self.grades} grade{'s' if self.grades > 1 else ''}, N = {self.localities:,}"


def measure(grades: int, localities: int, timeout: float) -> Case:
    with tempfile.TemporaryDirectory() as folder:
        scenario = write_case(Path(folder), localities, grades)
        baseline = _run_child(["baseline", str(scenario), str(grades)], timeout)
        project = _run_child(["project", str(scenario), str(grades)], timeout)
    return Case(grades, localities, project, baseline)


def _seconds(side: dict | str) -> str:
    return f"{side['seconds']:.3f}" if isinstance(side, dict) else "-"


def _field(side: dict | str, key: str, spec: str) -> str:
    return format(side[key], spec) if isinstance(side, dict) else "-"


def table(cases: list[Case]) -> list[str]:
    head = (
        f"{'case':<22} {'project s':>10} {'baseline s':>10} {'ratio':>8} {'target':>7} {'met?':>5} "
        f"{'project MB':>10} {'baseline MB':>11} {'project import s':>16} {'baseline import s':>17} "
        f"{'CPU ratio':>9}"
    )
    lines = [head, "-" * len(head)]
    for c in cases:
        goal = target(c.grades, c.localities)
        both = isinstance(c.project, dict) and isinstance(c.baseline, dict)
        ratio = c.project["seconds"] / c.baseline["seconds"] if both else None
        cpu = f"{c.project['cpu_s'] / c.baseline['cpu_s']:.1f}x" if both else "-"
        if isinstance(c.project, str):
            met = "no"
        elif goal is None or ratio is None:
            met = "n/a"
        else:
            met = "yes" if ratio <= goal else "no"
        lines.append(
            f"{c.name:<22} {_seconds(c.project):>10} {_seconds(c.baseline):>10} "
            f"{(f'{ratio:.1f}x' if ratio is not None else '-'):>8} "
            f"{(f'{goal:g}x' if goal else '-'):>7} {met:>5} "
            f"{_field(c.project, 'peak_mb', '.0f'):>10} {_field(c.baseline, 'peak_mb', '.0f'):>11} "
            f"{_field(c.project, 'import_s', '.3f'):>16} {_field(c.baseline, 'import_s', '.3f'):>17} "
            f"{cpu:>9}"
        )
    return lines


def checks(cases: list[Case]) -> tuple[list[str], bool]:
    """Each case's cost agreement, and any case that did not finish; False if any optimum disagrees."""
    lines, ok = [], True
    for c in cases:
        for side, what in ((c.project, "project"), (c.baseline, "baseline")):
            if isinstance(side, str):
                lines.append(f"{c.name}: {what} {side}")
        if not (isinstance(c.project, dict) and isinstance(c.baseline, dict)):
            continue
        gap = abs(c.project["cost"] - c.baseline["cost"]) / abs(c.baseline["cost"])
        ok = ok and gap <= TOLERANCE
        step_p, step_b = c.project["cost_of_lowering_cap"], c.baseline["cost_of_lowering_cap"]
        step = f"; lowering the cap by {CAP_STEP:g}: £{step_p:,.0f} vs £{step_b:,.0f}" if step_p else ""
        lines.append(
            f"{c.name}: cost £{c.project['cost']:,.2f} (project) vs £{c.baseline['cost']:,.2f} (baseline), "
            f"relative difference {gap:.1e}, {'agree' if gap <= TOLERANCE else 'DISAGREE'} to "
            f"{TOLERANCE:g}{step}; baseline CSV read {c.baseline['read_s']:.3f} s of its time"
        )
    return lines, ok


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated numbers of localities, e.g. 150,7000")
    parser.add_argument("--grades", type=int, choices=(1, 3), help="grades for --sizes (default 1)")
    parser.add_argument("--quick", action="store_true", help="only N = 150 and 7,000, one grade")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per process (default 600)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, scenario = args.child[0], Path(args.child[1])
        if kind == "project":
            child_project(scenario)
        else:
            child_baseline(scenario, int(args.child[2]))
        return
    if args.quick:
        cases = QUICK_CASES
    elif args.sizes:
        cases = tuple((args.grades or 1, int(s.replace("_", ""))) for s in args.sizes.split(","))
    elif args.grades:
        cases = tuple(case for case in DEFAULT_CASES if case[0] == args.grades)
    else:
        cases = DEFAULT_CASES
    print(f"python {sys.version.split()[0]}; timeout {args.timeout:g} s per process; one process at a time")
    print(_load("load average before"))
    results = []
    for grades, localities in cases:
        results.append(measure(grades, localities, args.timeout))
        print(f"  done: {results[-1].name}", file=sys.stderr, flush=True)
    print(_load("load average after"))
    print()
    print("\n".join(table(results)))
    print()
    lines, ok = checks(results)
    print("\n".join(lines))
    if not ok:
        raise SystemExit("the baseline's optimum and the project's plan cost disagree")


if __name__ == "__main__":
    main()
