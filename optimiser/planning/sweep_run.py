"""Sweeps over caps and budgets: the cost of meeting each cap and the best cap each budget buys.

Each point's plan comes from warm models (built once, re-solved in place):
- the min-cost model, without a budget row, gives the cost of meeting the cap at every point;
- the max-coverage model gives, once per budget, the best cap the budget can buy. Its optimum
  does not depend on the cap (scaling the cap scales theta), and neither does its cheapest
  plan at that coverage, so a budget that cannot meet a cap gives the same plan at every cap.
Every solution is checked against its rows before it becomes a row of the sweep.

Which plan a point shows follows `plan` (planning/objective_choice): with no objective named, the
least-cost plan when the budget pays for the cap, else the best the budget buys; min-cost named, the
least-cost plan or "infeasible"; max-coverage named, the best the budget buys at every budget.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from types import FrameType
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from optimiser.errors import InputError, PlanCheckError, TerminatedError
from optimiser.inputs.costs import budget_gap, in_post_cost_series, recurring_cost
from optimiser.inputs.scenario import Objective
from optimiser.lp.blocks import Block
from optimiser.lp.check import block_violations
from optimiser.lp.objectives import HOLD, THETA, blocks, cost_vector, families, model
from optimiser.lp.status import Solution as Result
from optimiser.lp.status import SolverChoice
from optimiser.planning.limits import cap_problems
from optimiser.planning.results import SWEEP_COLUMNS
from optimiser.planning.solver_noise import clean_staff, planned_matrix, row_sums

if TYPE_CHECKING:  # annotations only
    from optimiser.lp.data import LpData
    from optimiser.lp.model import Model
    from optimiser.planning.prepare import Prepared

COLUMNS = (*SWEEP_COLUMNS, "cost_of_cap")
"""The sweep's frame: the point columns, and the least cost of meeting the point's cap without
the budget (None where the bounds forbid it), from which the frontier is taken."""
MEETS, LIMITED, INFEASIBLE = "meets cap", "budget-limited", "infeasible"


class CapRangeError(InputError):
    """A cap that implies more WTE than a locality figure may be; it survives the trip back from
    a worker process with its problems intact."""

    def __reduce__(self):
        return (type(self), (self.problems,))


@dataclass(frozen=True)
class Point:
    cap: float
    budget: float | None


def grid(caps: list[float], budgets: list[float | None]) -> list[Point]:
    """Every (cap, budget) pair, caps varying slowest."""
    return [Point(cap, budget) for cap in caps for budget in budgets]


class Sweeper:
    """Warm models for one scenario, and the per-budget answers already found. `today` is what each
    locality's staff in post cost (NaN where not known), to clean each point's plan as `plan` does;
    `objective` the objective named (None: the question the budget asks)."""

    def __init__(self, data: LpData, today: np.ndarray, objective: Objective | None = None) -> None:
        self.data = data
        self.today = today
        self.objective = objective
        self.in_post = np.array([data.in_post.get(loc, math.nan) for loc in data.localities], dtype=float)
        self.weighted = np.array([data.weighted[loc] for loc in data.localities], dtype=float)
        self.costs = np.array([g.cost_per_wte for g in data.grades])
        self._min_cost: Model | None = None
        self._coverage: Model | None = None
        self._by_budget: dict[float, tuple[float | None, Result | None]] = {}
        self._by_cap: dict[float, Result] = {}

    def min_cost(self, cap: float) -> Result:
        if cap not in self._by_cap:
            d = replace(self.data, cap=cap, budget=None)
            problems = cap_problems(d, "command line", "option --cap")
            if problems:
                raise CapRangeError(problems)
            if self._min_cost is None:
                self._min_cost = model(d, Objective.MIN_COST, SolverChoice.HIGHS)
            else:
                m = self._min_cost
                m.update(blocks(d, families(Objective.MIN_COST), m.columns))
            result = self._min_cost.run()
            _check(self._min_cost.blocks, result, f"the cap of {cap:g}")
            self._by_cap[cap] = result
        return self._by_cap[cap]

    def best(self, budget: float) -> tuple[float | None, Result | None]:
        """Best achievable cap within `budget`, and the cheapest plan that achieves it."""
        if budget not in self._by_budget:
            d = replace(self.data, budget=budget)
            if not any(w > 0 for w in d.weighted.values()):
                self._by_budget[budget] = (None, None)  # no caseload anywhere: nothing to cover
                return self._by_budget[budget]
            if self._coverage is None:
                self._coverage = model(d, Objective.MAX_COVERAGE, SolverChoice.HIGHS)
                stage_one = self._coverage.cost
            else:
                m = self._coverage
                stage_one = np.zeros(len(m.columns))
                stage_one[m.columns.aux(THETA.kind)] = 1.0
                m.update(blocks(d, families(Objective.MAX_COVERAGE), m.columns))
            m = self._coverage
            theta_column = int(m.columns.aux(THETA.kind))
            m.set_lower(theta_column, 0.0)
            m.set_objective(stage_one, maximise=True)
            first = m.run()
            if not first.status.is_ok or first.values[THETA] <= 0:
                self._by_budget[budget] = (None, None)
                return self._by_budget[budget]
            theta = first.values[THETA]
            m.set_lower(theta_column, theta * (1 - HOLD))
            m.set_objective(cost_vector(d, m.columns))
            cheapest = m.run()
            if not cheapest.status.is_ok:
                m.set_lower(theta_column, theta * (1 - HOLD))
                cheapest = m.run()
            _check(m.blocks, cheapest, f"the budget of £{budget:,.0f}")
            self._by_budget[budget] = (self.data.cap / theta, cheapest)
        return self._by_budget[budget]

    def point(self, point: Point) -> dict:
        meets = self.min_cost(point.cap)
        cost_of_cap = recurring_cost(self.data, meets.values) if meets.status.is_ok else None
        achievable, limited = (None, None) if point.budget is None else self.best(point.budget)
        pays = cost_of_cap is not None and (
            point.budget is None or budget_gap(cost_of_cap, point.budget) <= 0
        )
        best_asked = self.objective is Objective.MAX_COVERAGE and limited is not None
        if pays and not best_asked:
            row = self._row(point, MEETS, meets, achievable if point.budget is not None else None)
        elif limited is not None and self.objective is not Objective.MIN_COST:
            holds = achievable is not None and achievable <= point.cap * (1 + HOLD)
            row = self._row(point, MEETS if holds else LIMITED, limited, achievable)
        else:
            row = {"cap": point.cap, "budget": point.budget, "status": INFEASIBLE} | dict.fromkeys(
                COLUMNS[3:]
            )
            row["achievable_cap"] = achievable
        return row | {"cost_of_cap": cost_of_cap}

    def _row(self, point: Point, status: str, result: Result, achievable: float | None) -> dict:
        """The point's figures from its plan, cleaned of the solver's tolerance as `plan` cleans
        it (planning/solver_noise), so a point and the plan at its cap and budget agree."""
        staff = planned_matrix(self.data, result.x if result.x is not None else result.values)
        staff = clean_staff(staff, self.in_post, self.costs, self.today)
        planned = row_sums(staff)
        loads = self.weighted[planned > 1e-12] / planned[planned > 1e-12]
        total = float(planned.sum())
        return {
            "cap": point.cap,
            "budget": point.budget,
            "status": status,
            "planned_wte": total,
            "change_wte": total - float(self.in_post.sum()),  # NaN when any in post is not known
            "cost": float(row_sums(staff, tuple(self.costs.tolist())).sum()),
            "worst_load_per_wte": float(loads.max()) if loads.size else None,
            "achievable_cap": achievable if achievable is not None else None,
        }


def _check(found: list[Block], result: Result, what: str) -> None:
    if result.status.is_ok and result.x is not None:
        broken = block_violations(found, result.x)
        if broken:
            raise PlanCheckError(
                f"The plan for {what} failed the independent check:\n  " + "\n  ".join(map(str, broken))
            )


def _run_chunk(
    data: LpData, today: np.ndarray, points: list[Point], objective: Objective | None = None
) -> list[dict]:
    sweeper = Sweeper(data, today, objective)
    return [sweeper.point(p) for p in points]


def run(
    prepared: Prepared,
    points: list[Point],
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    objective: Objective | None = None,
) -> pd.DataFrame:
    """One row per point, in the order given, for the objective named (None: the question the budget
    asks). With jobs > 1 the points are split into contiguous chunks solved in parallel processes;
    the rows are the same either way.

    SIGTERM becomes a TerminatedError (exit 143) while the sweep runs, as Ctrl-C becomes a
    KeyboardInterrupt (exit 130): either way the worker processes are stopped before it propagates,
    and nothing has been written."""
    rows: list[dict] = []
    today = in_post_cost_series(prepared.inputs).to_numpy(dtype=float)
    with _sigterm_raises():
        if jobs <= 1:
            sweeper = Sweeper(prepared.data, today, objective)
            for point in points:
                rows.append(sweeper.point(point))
                if progress:
                    progress(1)
        else:
            size = max(1, -(-len(points) // (jobs * 4)))
            chunks = [points[i : i + size] for i in range(0, len(points), size)]
            earlier = set(multiprocessing.active_children())
            pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_setup, initargs=(os.getpid(),))
            try:
                for chunk, result in zip(
                    chunks,
                    pool.map(
                        _run_chunk,
                        [prepared.data] * len(chunks),
                        [today] * len(chunks),
                        chunks,
                        [objective] * len(chunks),
                    ),
                    strict=True,
                ):
                    rows.extend(result)
                    if progress:
                        progress(len(chunk))
            except BaseException:
                _stop(pool, earlier)
                raise
            pool.shutdown()
    return pd.DataFrame.from_records(rows, columns=list(COLUMNS))


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While the block runs (in the main thread), SIGTERM raises TerminatedError; a second SIGTERM, or
    one after the block, does what it did before."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    restore = previous if previous is not None else signal.SIG_DFL

    def terminated(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, restore)
        raise TerminatedError("interrupted (SIGTERM); nothing was written.")

    signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, restore)


def _worker_setup(parent: int) -> None:
    """In each worker: Ctrl-C is for the main process to handle (it stops the workers); SIGTERM
    (sent by the main process to stop one) ends it at once, whatever handler it inherited; and on
    Linux the worker ends when the main process does, however that ends (even SIGKILL)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux") and os.getppid() == parent:
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG (linux/prctl.h)
        if os.getppid() != parent:  # the main process ended before the request took hold
            os._exit(1)


def _stop(pool: ProcessPoolExecutor, earlier: set, seconds: float = 5.0) -> None:
    """Cancel the chunks not started and end the workers now (shutdown alone waits for them): the
    pool's, and any child started since `earlier` (one being started when the signal came may not
    be listed by the pool yet). A worker still there after `seconds` is killed."""
    processes = set((getattr(pool, "_processes", None) or {}).values())
    processes |= set(multiprocessing.active_children()) - earlier
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with suppress(Exception):
            process.terminate()
    for process in processes:
        with suppress(Exception):
            process.join(seconds)
            if process.is_alive():
                process.kill()
                process.join(seconds)


def frontier(frame: pd.DataFrame) -> pd.DataFrame:
    """The cost of meeting each cap swept (columns cap and cost): the least-cost plan for the cap
    with every bound but no budget, whatever the budget of the point; NaN where the bounds forbid it."""
    costs = pd.to_numeric(frame["cost_of_cap"], errors="coerce").astype(float)
    by_cap = costs.groupby(frame["cap"].astype(float), sort=True).first()
    return pd.DataFrame({"cap": by_cap.index.to_numpy(), "cost": by_cap.to_numpy()})
