"""The board paper's path over several years: the options file's `horizon:` scenario, checked before
the command plans it with `plan_years` beside the options (renderers never solve), and the plan with
the files that made it."""

from pathlib import Path

from optimiser.errors import bad_input
from optimiser.inputs.options_file import Paper
from optimiser.inputs.provenance import InputFile, input_files
from optimiser.inputs.yamlio import load_yaml_mapping
from optimiser.planning.results import HorizonPlan, Option, YearsResult


def horizon_scenario(paper: Paper) -> Path | None:
    """The options file's horizon scenario, or None without one. A scenario without a horizon
    block is refused naming the options file, the line and the key (before the horizon is planned)."""
    if paper.horizon is None:
        return None
    data, _ = load_yaml_mapping(paper.horizon, "horizon scenario file")
    if "horizon" not in data:
        raise bad_input(
            _source(paper),
            paper.horizon_place,
            f"names '{paper.horizon}', a scenario without a horizon block",
            "a scenario with a horizon block (horizon: years: [...]), as `establishment years` plans",
        )
    return paper.horizon


def horizon_plan(paper: Paper, options: list[Option], result: YearsResult) -> HorizonPlan:
    """The horizon scenario as planned (`plan_years`), with its input files and their hashes; one
    planning other localities than the options is refused naming the options file, line and key."""
    assert paper.horizon is not None
    plan = HorizonPlan(paper.horizon, result, _files(result))
    _same_localities(_source(paper), paper, options, plan)
    return plan


def _source(paper: Paper) -> str:
    return str(paper.source) if paper.source is not None else str(paper.horizon)


def _files(result: YearsResult) -> tuple[InputFile, ...]:
    scenario, model, localities = result.paths
    return input_files([("scenario", scenario), ("model", model), ("localities", localities)])


def _same_localities(source: str, paper: Paper, options: list[Option], plan: HorizonPlan) -> None:
    ours = [str(n) for n in options[0].plan.localities.index]
    theirs = plan.localities
    if set(ours) != set(theirs):
        missing = ", ".join(n for n in ours if n not in theirs) or "none"
        extra = ", ".join(n for n in theirs if n not in ours) or "none"
        raise bad_input(
            source,
            paper.horizon_place,
            f"names '{paper.horizon}', whose localities differ from the options' "
            f"({options[0].path}): missing {missing}; not in the options: {extra}",
            "a horizon scenario planning the same localities as the options",
        )
