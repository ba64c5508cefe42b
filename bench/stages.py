"""Where the project's time goes in one `plan --format json`: each stage timed on its own.

Run: .venv/bin/python -m bench.stages [--sizes 32844,100000] [--grades 1|3] [--repeat 3]

Each stage runs `--repeat` times on the previous stage's output in one process (CPU seconds,
the least of the repeats, since other processes on a 2-core machine only ever add time), with
the cyclic garbage collector paused as `prepare` and the later stages pause it. The
stages are those of bench/cases.py's project_plan: read and validate the files, weight and
check before solving, plan_scenario, round to the written precision, plan as data, JSON text.
"""

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.cases import write_case

STAGES = (
    ("read", "prepare: read and validate the files (inputs/)"),
    ("weigh", "prepare: weight, LP data, checks before solving"),
    ("solve", "plan_scenario (build, solve, extract, check, figures)"),
    ("round", "round to the written precision"),
    ("data", "plan as data (plan_dict)"),
    ("json", "JSON text (indented, as json.dumps writes it)"),
)


def _least(work: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None  # the last run's output is freed before the clock starts, not on it
        start = time.process_time()
        result = work()
        best = min(best, time.process_time() - start)
    return best, result


def stage_times(scenario: Path, repeat: int) -> dict[str, float]:
    """CPU seconds of each stage of one plan of `scenario`, keyed as STAGES."""
    from optimiser.bulk import bulk
    from optimiser.inputs.bundle import load_inputs
    from optimiser.planning.pipeline import plan_scenario
    from optimiser.planning.precision import rounded_plan
    from optimiser.planning.prepare import prepare_inputs
    from optimiser.render.machine import plan_dict, to_json

    times = {}
    times["read"], inputs = _least(lambda: bulk(load_inputs)(scenario), repeat)
    times["weigh"], prepared = _least(lambda: prepare_inputs(inputs), repeat)
    times["solve"], plan = _least(lambda: plan_scenario(prepared), repeat)
    times["round"], rounded = _least(lambda: rounded_plan(plan), repeat)
    times["data"], data = _least(lambda: plan_dict(rounded), repeat)
    times["json"], _ = _least(lambda: to_json(data), repeat)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="32844,100000", help="comma-separated numbers of localities")
    parser.add_argument("--grades", type=int, choices=(1, 3), default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each stage (the least is kept)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    columns = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            columns.append(stage_times(write_case(Path(folder), size, args.grades), args.repeat))
    grades = f"{args.grades} grade{'s' if args.grades > 1 else ''}"
    heads = [f"{grades} {size:,}" for size in sizes]
    print(f"{'stage':<54}" + "".join(f"{h:>18}" for h in heads))
    for key, label in STAGES:
        print(f"{label:<54}" + "".join(f"{c[key]:>18.3f}" for c in columns))
    print(f"{'total':<54}" + "".join(f"{sum(c.values()):>18.3f}" for c in columns))


if __name__ == "__main__":
    main()
