"""Direct-HiGHS baseline: the project's min-cost LP built from numpy arrays and solved in-process.

    minimise    sum_l sum_g c_g x_lg
    subject to  cap * sum_g k_g x_lg >= W_l                      every locality l   (cap cover)
                x_l,main - share * sum_g x_lg >= 0               every l, with a share (min share)
                x >= 0

Columns are localities x grades (locality-major, as the project orders its variables); rows
are the cap cover rows, then the min share rows. The matrix goes to HiGHS in one `passModel`
call (column-wise), with no Python loop over rows or columns. Like the project's `plan`, it then
prices lowering the cap by one step with a warm re-solve: lowering the cap from C to C' is the
same as raising each cap cover row's lower bound from W to W x C / C', changed in place in one
call, and HiGHS re-runs from the previous basis.
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np

from bench.cases import CAP, CAP_STEP, MIXES

INF = highspy.kHighsInf


@dataclass(frozen=True)
class BaselineInputs:
    weighted: np.ndarray
    """Weighted caseload per locality, shape (N,)."""
    in_post: np.ndarray
    """WTE in post per locality, shape (N,)."""
    costs: np.ndarray
    """Annual cost of one WTE per grade, shape (G,); grade 0 is the main grade."""
    capacities: np.ndarray
    """What one WTE of each grade counts for against the cap, shape (G,)."""
    cap: float
    min_main_share: float | None = None


@dataclass(frozen=True)
class BaselineResult:
    cost: float
    """Optimal annual cost at the cap."""
    wte: np.ndarray
    """Planned WTE, shape (N, G)."""
    planned_wte: np.ndarray
    change_wte: np.ndarray
    locality_cost: np.ndarray
    load_per_wte: np.ndarray
    cost_at_lower_cap: float
    cost_of_lowering_cap: float


def read_inputs(scenario: Path, grades: int = 1) -> BaselineInputs:
    """The arrays of a case written by bench.cases.write_case (the synthetic model is unweighted)."""
    table = np.loadtxt(scenario.parent / "localities.csv", delimiter=",", skiprows=2, usecols=(1, 2), ndmin=2)
    mix = MIXES[grades]
    return BaselineInputs(
        weighted=table[:, 1].copy(),
        in_post=table[:, 0].copy(),
        costs=np.asarray(mix.costs, dtype=float),
        capacities=np.asarray(mix.capacities, dtype=float),
        cap=CAP,
        min_main_share=mix.min_main_share,
    )


def quiet_highs() -> highspy.Highs:
    """A Highs instance with its output off (highspy 1.16 prints a banner to fd 1 on construction)."""
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    return highs


def pass_model(highs: highspy.Highs, d: BaselineInputs) -> None:
    """Hand the whole LP to HiGHS from arrays, column-wise, in one call."""
    n, g = len(d.weighted), len(d.costs)
    share = d.min_main_share if g > 1 else None
    num_col = n * g
    cover = np.repeat(np.arange(n, dtype=np.int32), g)  # the cap cover row of each column
    cover_values = np.tile(d.cap * d.capacities, n)
    if share is None:
        index, value, per_col, num_row = cover, cover_values, 1, n
        row_lower = d.weighted.astype(float)
    else:
        index = np.column_stack([cover, cover + n]).ravel()
        mix = np.where(np.arange(g) == 0, 1.0 - share, -share)
        value = np.column_stack([cover_values, np.tile(mix, n)]).ravel()
        per_col, num_row = 2, 2 * n
        row_lower = np.concatenate([d.weighted.astype(float), np.zeros(n)])
    start = np.arange(0, num_col * per_col, per_col, dtype=np.int32)
    status = highs.passModel(
        num_col,
        num_row,
        len(value),
        int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        np.tile(d.costs, n),
        np.zeros(num_col),
        np.full(num_col, INF),
        row_lower,
        np.full(num_row, INF),
        start,
        index.astype(np.int32),
        value.astype(float),
        np.zeros(num_col, dtype=np.int32),  # all continuous (an empty array is read as garbage)
    )
    if status != highspy.HighsStatus.kOk:
        raise RuntimeError(f"HiGHS refused the model: {status}")


def _run(highs: highspy.Highs) -> float:
    highs.run()
    status = highs.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"HiGHS did not find an optimum: {highs.modelStatusToString(status)}")
    return float(highs.getInfo().objective_function_value)


def solve(d: BaselineInputs, cap_step: float = CAP_STEP) -> BaselineResult:
    """Solve at the cap, read the plan back into arrays, then re-solve warm at cap - cap_step."""
    n, g = len(d.weighted), len(d.costs)
    highs = quiet_highs()
    pass_model(highs, d)
    cost = _run(highs)
    wte = np.asarray(highs.getSolution().col_value, dtype=float).reshape(n, g)
    planned = wte.sum(axis=1)
    locality_cost = wte @ d.costs
    with np.errstate(divide="ignore", invalid="ignore"):
        load = np.where(planned > 0, d.weighted / planned, np.nan)
    lower = d.cap - cap_step
    rows = np.arange(n, dtype=np.int32)
    highs.changeRowsBounds(n, rows, d.weighted * (d.cap / lower), np.full(n, INF))
    at_lower = _run(highs)
    return BaselineResult(
        cost=cost,
        wte=wte,
        planned_wte=planned,
        change_wte=planned - d.in_post,
        locality_cost=locality_cost,
        load_per_wte=load,
        cost_at_lower_cap=at_lower,
        cost_of_lowering_cap=at_lower - cost,
    )


def agreement(project_cost: float, baseline_cost: float) -> float:
    """Relative difference between the project's plan cost and the baseline's optimum."""
    return abs(project_cost - baseline_cost) / max(abs(baseline_cost), 1e-9)


TOLERANCE = 1e-6


def main() -> None:
    """Solve one synthetic case both ways, in this process, and check that the optima agree."""
    import argparse
    import tempfile

    from bench.cases import figure, project_plan, write_case

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("localities", nargs="?", type=int, default=150)
    parser.add_argument("--grades", type=int, choices=sorted(MIXES), default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scenario = write_case(Path(folder), args.localities, args.grades)
        result = solve(read_inputs(scenario, args.grades))
        data, _ = project_plan(scenario)
    project_cost = data["totals"]["cost"]
    gap = agreement(project_cost, result.cost)
    step = figure(data, "cost_of_lowering_cap")
    print(f"{args.localities:,} localities, {args.grades} grade(s)")
    print(f"  project plan cost      £{project_cost:,.2f}")
    print(f"  direct-HiGHS optimum   £{result.cost:,.2f}")
    print(
        f"  relative difference    {gap:.1e} ({'agree' if gap <= TOLERANCE else 'DISAGREE'} to {TOLERANCE:g})"
    )
    if step is not None:
        print(
            f"  cost of lowering the cap by {CAP_STEP:g}: project £{step:,.2f}, "
            f"baseline re-solve £{result.cost_of_lowering_cap:,.2f}"
        )
    if gap > TOLERANCE:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
