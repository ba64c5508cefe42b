"""The scenario file: which model and locality data, the cap, the cost, the budget, the objective."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, ValidationInfo, field_validator

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs.problems import describe
from optimiser.inputs.rows import EXCEL_SUFFIXES, LOCALITY_SUFFIXES
from optimiser.inputs.schema import Budget, Frozen, NonNegativeNumber, PositiveNumber, Text
from optimiser.inputs.shipped import MODEL_SUFFIXES, is_model_name
from optimiser.inputs.suggest import folded
from optimiser.inputs.uncertain_block import Uncertainty
from optimiser.inputs.yamlio import Lines, line_of, load_yaml_mapping, read_text, with_text_notes
from optimiser.inputs.years_horizon import Horizon


class Objective(StrEnum):
    """What a scenario asks the optimiser to do; the LP, the planning and the renderers branch on it."""

    MIN_COST = "min-cost"
    """Meet the cap in every locality at least cost."""
    MAX_COVERAGE = "max-coverage"
    """Within the budget, make the worst load per WTE as low as it can be, then spend least."""
    PRIORITY = "priority"
    """Within the budget, minimise the shortfall against the cap weighted by a locality priority."""


def _strictly_between_0_and_1(value: float) -> float:
    if not 0 < value < 1:
        raise ValueError(
            f"is {value:g}; expected a probability strictly between 0 and 1, such as 0.9 for 90% "
            "(at 0 or 1 the caseload to plan for is the least or most the error allows)"
        )
    return value


Probability = Annotated[
    float, Field(allow_inf_nan=False, strict=True), AfterValidator(_strictly_between_0_and_1)
]


class Comparison(Frozen):
    """A published figure to set beside the plan's total establishment, stated with its source.

    For a plan whose WTE in post by locality is not known: the national figure from its published
    series, shown as a comparison in the sentences and the assumptions, never split across localities.
    """

    value: NonNegativeNumber
    """The figure, in WTE (or the unit below), for example 6688."""
    label: Text
    """What the figure counts, as a noun phrase: "health visitors in post in England, April 2023"."""
    source: Text
    """Where the figure is published (publisher, title, date)."""
    unit: Text = "WTE"
    """The unit the source states the figure in (WTE or FTE, which are the same measure)."""


class Scenario(Frozen):
    """A scenario file in examples/ (paths inside it are relative to the file itself)."""

    name: Text
    """Title shown at the top of every report."""
    description: str = ""
    """One or two sentences on what question this scenario answers."""
    model: Text
    """The caseload weighting model: a shipped model's name (health-visiting), or the path of a model
    file (YAML), relative to this file."""
    localities: Text
    """Path to the locality data (CSV or .xlsx), relative to this file."""
    localities_sheet: Text | None = None
    """The sheet of an .xlsx locality file to read; the first sheet when not given."""
    cap: PositiveNumber | None = None
    """Most weighted cases one WTE may hold; defaults to the model's cap."""
    cost_per_wte: PositiveNumber | None = None
    """Annual cost of one WTE in pounds, with on-costs; defaults to the model's."""
    budget: Budget | None = None
    """Most the planned establishment may cost a year: pounds, or a change from today's cost ("-8%")."""
    objective: Objective = Objective.MIN_COST
    """What to optimise: min-cost, max-coverage or priority."""
    priority: Text | None = None
    """Locality column whose values weight each locality's shortfall (objective priority)."""
    no_cuts: Annotated[bool, Field(strict=True)] = False
    """No locality may end with fewer WTE than it has in post (true or false; yes/no are text)."""
    keep_share_of_in_post: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)] | None = None
    """Every locality keeps at least this share of its WTE in post (0.9: no locality loses over 10%)."""
    max_new_wte_per_locality: NonNegativeNumber | None = None
    """Most WTE any one locality may recruit (posts added); none means no limit."""
    max_new_wte_total: NonNegativeNumber | None = None
    """Most WTE all localities together may recruit; none means no limit."""
    recruitment_cost: NonNegativeNumber | None = None
    """One-off cost in pounds of each WTE recruited, minimised and reported apart from the budget."""
    removal_cost: NonNegativeNumber | None = None
    """One-off cost in pounds of each WTE removed, minimised and reported apart from the budget."""
    budget_step: PositiveNumber = 10_000
    """Step in pounds for "each extra £10k lowers the achievable cap by ..."."""
    cap_step: PositiveNumber = 10
    """Step in weighted cases for "lowering the cap by 10 costs ..."."""
    horizon: Horizon | None = None
    """Several years planned together (`establishment years`, docs/method.md, "Plans over several years")."""
    data_date: Annotated[str, BeforeValidator(lambda v: v.isoformat() if isinstance(v, date) else v)] = ""
    """When the locality data was collected (for example 2010-01), shown with the results."""
    sources: dict[str, str] = Field(default_factory=dict)
    """Where each figure comes from, keyed by field name (cap, cost_per_wte, budget, ...)."""
    comparison: Comparison | None = None
    """A published total to set beside the plan's establishment ({value, label, source, unit}); shown
    in the sentences and the assumptions only, never split across localities or used by the plan."""
    uncertainty: Uncertainty | None = None
    """How far each locality's weighted caseload may be wrong: the plan's risk is reported with it."""
    confidence: Probability | None = None
    """Plan so that each locality holds the cap with this probability (needs `uncertainty`)."""

    @field_validator("model")
    @classmethod
    def _model_is_yaml(cls, value: str) -> str:
        if is_model_name(value):  # a shipped model, by name: found wherever the scenario is
            return value
        expected = "a model file ending .yaml or .yml, or a shipped model's name (health-visiting)"
        return _with_suffix(value, MODEL_SUFFIXES, expected)

    @field_validator("localities")
    @classmethod
    def _localities_is_csv(cls, value: str) -> str:
        return _with_suffix(value, LOCALITY_SUFFIXES, "a locality file ending .csv or .xlsx")

    @field_validator("localities_sheet")
    @classmethod
    def _sheet_of_a_workbook(cls, value: str | None, info: ValidationInfo) -> str | None:
        localities = info.data.get("localities")
        if value is not None and localities and Path(localities).suffix.lower() not in EXCEL_SUFFIXES:
            raise ValueError(
                f"names a sheet, but '{localities}' is not an .xlsx workbook; leave it out for a CSV"
            )
        return value


def _with_suffix(value: str, suffixes: tuple[str, ...], expected: str) -> str:
    """Paths may climb out of the scenario's folder (examples share models/ and inputs/), but
    must name a file of the right kind, so a scenario cannot point the tool at arbitrary files."""
    if Path(value).suffix.lower() not in suffixes:
        raise ValueError(f"'{value}' is not {expected}")
    return value


TABLE_SUFFIXES = (*LOCALITY_SUFFIXES, ".xls", ".xlsm", ".ods", ".tsv")


def _a_table(path: Path) -> InputError:
    """A locality table given where a scenario is expected (`establishment plan localities.csv`)."""
    return bad_input(
        str(path),
        "",
        "this looks like a locality table, not a scenario",
        "the scenario YAML that names it (its key 'localities'), for example "
        "examples/lcr-2010/appendix3.yaml; 'establishment new DIR --model MODEL' writes one",
    )


def _first_look(path: Path) -> None:
    """What a first run most often gets wrong, said plainly: a scenario path that is not there
    (where it was looked for, and how to start one), or a starter's folder given for its scenario."""
    if path.is_dir():
        inside = path / "scenario.yaml"
        if inside.is_file():
            raise bad_input(str(path), "", "is a folder, not a scenario file", f"its scenario: {inside}")
        raise bad_input(str(path), "", "is a folder, not a scenario file", "the path of a scenario YAML file")
    if not path.exists():
        raise bad_input(
            str(path),
            "",
            f"scenario file not found (looked for {path.resolve()})",
            "the path of a scenario YAML file from this folder; `establishment new DIR --model "
            "health-visiting` starts one (`establishment models` lists the models)",
        )


def _an_options_file(path: Path, line: int | None) -> InputError:
    """An options file (a list of scenarios for a board paper) given where one scenario is expected."""
    return bad_input(
        str(path),
        f"line {line}, key 'options'" if line else "key 'options'",
        "this is an options file (it lists scenarios to compare), not a scenario",
        f"one scenario here (one of the files it lists); or 'establishment compare {path}', "
        f"'establishment report {path} -o DIR' or 'establishment validate {path}', which take it whole",
    )


def _csv_header_with_locality(path: Path) -> bool:
    """The first line that is neither blank nor a comment reads as CSV cells, one of them `locality`."""
    try:
        text = read_text(path, "scenario file")
    except InputError:
        return False
    first = next(
        (line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), ""
    )
    return "," in first and ":" not in first and "locality" in {folded(cell) for cell in first.split(",")}


def key_place(path: Path, key: str) -> str:
    """Where a key sits in a scenario file, for messages about what it names: `line 3, key 'localities'`."""
    _, lines = load_yaml_mapping(path, "scenario file")
    line = lines.get((key,))
    return f"line {line}, key '{key}'" if line else f"key '{key}'"


def load_scenario(path: Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Load and validate a scenario; command-line overrides (by key) are validated the same way."""
    return read_scenario(path, overrides)[0]


def read_scenario(
    path: Path, overrides: dict[str, Any] | None = None, as_written: bool = False
) -> tuple[Scenario, Scenario]:
    """The scenario with the command line's figures (by key) in place, and as written: validated too
    when `as_written` (to say what an override replaced), else the same. One read of the file."""
    if path.suffix.lower() in TABLE_SUFFIXES:
        raise _a_table(path)
    _first_look(path)
    try:
        data, lines = load_yaml_mapping(path, "scenario file")
    except InputError:
        if _csv_header_with_locality(path):
            raise _a_table(path) from None
        raise
    if "options" in data and "model" not in data:
        raise _an_options_file(path, line_of(lines, ("options",)))
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    scenario = _validated(path, data, lines, given)
    return scenario, _validated(path, data, lines, {}) if as_written else scenario


def _validated(path: Path, data: dict[str, Any], lines: Lines, overrides: dict[str, Any]) -> Scenario:
    """The scenario's keys, with `overrides` in place, validated; problems name the line or the option."""
    try:
        return Scenario.model_validate({**data, **overrides})
    except ValidationError as exc:

        def place(loc: tuple) -> str:
            key = ".".join(str(p) for p in loc)
            if loc and loc[0] in overrides:
                return f"option --{str(loc[0]).replace('_', '-')}"
            line = line_of(lines, loc)
            return f"line {line}, key '{key}'" if line else f"key '{key}'"

        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            what, expected = describe(error, Scenario)
            problems.append(Problem(str(path), place(loc), what, expected))
        raise InputError(with_text_notes(problems, exc.errors(include_url=False))) from None
