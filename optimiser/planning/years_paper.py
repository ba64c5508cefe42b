"""The board paper's path over several years: the options file's `horizon:` scenario, checked before
the command plans it with `plan_years` beside the options (renderers never solve), and the plan with
the files that made it and the option it follows.

One story: the horizon's first year starts in the month the options' first-year effect starts (or
the paper is refused, naming both), and it follows one of the options (the same cap, model and
localities), named by `horizon_follows` or found as the only one that matches; a horizon that
follows none is refused."""

from dataclasses import replace
from pathlib import Path

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs.options_file import MONTHS, Paper, month_number
from optimiser.inputs.provenance import InputFile, input_files
from optimiser.inputs.yamlio import load_yaml_mapping
from optimiser.planning.results import HorizonPlan, Option, YearsResult

FINANCIAL_YEAR_STARTS = 4
"""A horizon's years begin in April unless it says otherwise (`year_starts`)."""


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


def one_start_month(paper: Paper) -> Paper:
    """The paper with one start month: the options file's, which must be the month the horizon's
    first-year changes take effect; or, when the options file gives none, the horizon's."""
    found = _horizon_month(paper)
    if found is None:
        return paper
    month, where = found
    if paper.start_month is None:
        return replace(paper, start_month=MONTHS[month - 1])
    if month_number(paper.start_month) != month:
        raise InputError(
            [
                Problem(
                    _source(paper),
                    paper.place("start_month"),
                    f"the options' changes start in {paper.start_month}, but the horizon's first-year "
                    f"changes take effect in {MONTHS[month - 1]} ({paper.horizon}: {where})",
                    "one start month for the paper: the same month in both files",
                )
            ]
        )
    return paper


def _horizon_month(paper: Paper) -> tuple[int, str] | None:
    """The calendar month the horizon's first-year changes take effect, and where its file says so;
    None without a horizon (or one whose block `plan_years` will refuse anyway)."""
    if paper.horizon is None:
        return None
    data, lines = load_yaml_mapping(paper.horizon, "horizon scenario file")
    block = data.get("horizon")
    if not isinstance(block, dict):
        return None
    for key in ("start_month", "year_starts"):
        value = block.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12:
            line = lines.get(("horizon", key))
            return value, (f"line {line}, " if line else "") + f"key 'horizon.{key}' is {value}"
    return FINANCIAL_YEAR_STARTS, "no start_month: its years start in April"


def horizon_plan(paper: Paper, options: list[Option], result: YearsResult) -> HorizonPlan:
    """The horizon scenario as planned (`plan_years`), with its input files and their hashes and the
    option it follows; one planning other localities than the options, or following none of them,
    is refused naming the options file, line and key."""
    assert paper.horizon is not None
    plan = HorizonPlan(paper.horizon, result, _files(result))
    _same_localities(_source(paper), paper, options, plan)
    return replace(plan, follows=_followed(paper, options, result))


def _source(paper: Paper) -> str:
    return str(paper.source) if paper.source is not None else str(paper.horizon)


def _files(result: YearsResult) -> tuple[InputFile, ...]:
    scenario, model, localities = result.paths
    return input_files([("scenario", scenario), ("model", model), ("localities", localities)])


def _differences(option: Option, result: YearsResult) -> list[str]:
    """How the horizon differs from an option: cap, model or localities file. A cap the command line
    set for the options (not the horizon; Appendix B says so) is not compared."""
    inputs, (_, model, localities) = option.prepared.inputs, result.paths
    found = []
    overridden = inputs.overrides.cap is not None
    if not overridden and abs(option.plan.cap - result.cap) > 1e-9 * max(1.0, result.cap):
        found.append(f"its cap is {result.cap:g}, the option's {option.plan.cap:g}")
    if model.resolve() != inputs.model_path.resolve():
        found.append(f"its model is {model.name}, the option's {inputs.model_path.name}")
    if localities.resolve() != inputs.localities.path.resolve():
        found.append(f"its localities are {localities.name}, the option's {inputs.localities.path.name}")
    return found


def _followed(paper: Paper, options: list[Option], result: YearsResult) -> str:
    """The label of the option the horizon follows (see the module's docstring)."""
    labelled = dict(zip(paper.labels, options, strict=True))
    if paper.horizon_follows is not None:
        return _named(paper, labelled, result)
    matching = [label for label, o in labelled.items() if not _differences(o, result)]
    if len(matching) == 1:
        return matching[0]
    what = (
        f"names '{paper.horizon}', which follows none of the options (none plans its cap of "
        f"{result.cap:g} with its model and localities)"
        if not matching
        else f"names '{paper.horizon}', which plans the cap, model and localities of "
        + " and ".join(f"'{m}'" for m in matching)
    )
    raise bad_input(
        _source(paper),
        paper.horizon_place,
        what,
        "a horizon that follows one option, named with horizon_follows: (its label)",
    )


def _named(paper: Paper, labelled: dict[str, Option], result: YearsResult) -> str:
    label = paper.horizon_follows
    assert label is not None
    if label not in labelled:
        raise bad_input(
            _source(paper),
            paper.place("horizon_follows"),
            f"names '{label}', which is not an option's label",
            "one of " + ", ".join(f"'{n}'" for n in labelled),
        )
    differences = _differences(labelled[label], result)
    if differences:
        raise bad_input(
            _source(paper),
            paper.place("horizon_follows"),
            f"says the horizon ({paper.horizon}) follows '{label}', but " + "; ".join(differences),
            "a horizon planning the same cap, model and localities as the option it follows",
        )
    return label


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
