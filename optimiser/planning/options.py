"""Options for the board: several scenarios planned side by side, with today as the baseline."""

from pathlib import Path

import pandas as pd

from optimiser.errors import InfeasibleError, InputError
from optimiser.inputs.listing import Listed, listing_problems
from optimiser.inputs.overrides import Overrides
from optimiser.inputs.provenance import input_files
from optimiser.lp.status import SolverChoice
from optimiser.planning import sweep_run
from optimiser.planning.pipeline import plan_with_risk
from optimiser.planning.prepare import prepare
from optimiser.planning.results import Option


def plan_options(
    paths: list[Path], solver: SolverChoice = SolverChoice.AUTO, overrides: Overrides | None = None
) -> list[Option]:
    """Plan every option; the localities must be the same in each, or the comparison is refused.
    Overrides (--cap, --budget) replace every option's own figure, and its assumptions say so."""
    options = []
    for path in paths:
        prepared = prepare(path, overrides)
        try:
            plan = plan_with_risk(prepared, solver)
        except InfeasibleError as exc:  # say which option cannot be planned
            raise InfeasibleError(f"{path}: {exc}", exc.figures) from exc
        inputs = prepared.inputs
        files = input_files(
            [("scenario", path), ("model", inputs.model_path), ("localities", inputs.localities.path)]
        )
        options.append(Option(path, prepared, plan, files))
    _same_localities(options)
    return options


def _same_localities(options: list[Option]) -> None:
    listed = [Listed(o.path, o.plan.scenario, list(o.plan.localities.index)) for o in options]
    problems = listing_problems(listed)
    if problems:
        raise InputError(problems)


PAPER_FRONTIER_POINTS = 41


def paper_frontier(options: list[Option]) -> pd.DataFrame:
    """One cost-of-cap curve for the whole paper (columns cap and cost): every cap from 80% of the
    lowest option's cap to 115% of the highest, planned with the first option's model, localities
    and bounds (without its budget), so each option can be marked on it."""
    caps = [o.plan.cap for o in options]
    low, high = min(caps) * 0.8, max(caps) * 1.15
    points = sorted(
        {low + (high - low) * i / (PAPER_FRONTIER_POINTS - 1) for i in range(PAPER_FRONTIER_POINTS)}
        | set(caps)
    )
    return sweep_run.frontier(sweep_run.run(options[0].prepared, sweep_run.grid(points, [None])))
