"""An options file: the scenarios a board compares, listed in one YAML file (paths relative to it),
with what the paper needs around them: title, meeting, date, author, purpose, recommendation,
the month a change would start, a short label for each option, and optionally a horizon scenario
(`horizon:`) whose path over several years the paper sets out."""

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator, model_validator

from optimiser.errors import InputError, bad_input
from optimiser.inputs.problems import problems_from
from optimiser.inputs.schema import Frozen, Text
from optimiser.inputs.yamlio import line_of, load_yaml_mapping

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
Month = Annotated[str, Field(pattern="(?i)^(" + "|".join(MONTHS) + ")$")]


class OptionEntry(Frozen):
    """One option: its scenario file and the short label shown in column headers and legends."""

    scenario: Text
    """Scenario file, relative to the options file."""
    label: Annotated[str, Field(min_length=1, max_length=40, strict=True)] | None = None
    """Short label, for example "A: hold 450"."""


class OptionsFile(Frozen):
    """A YAML file listing the scenarios to compare (paths relative to it), and the paper's cover."""

    name: Text | None = None
    """Title of the comparison (kept for older files; `title` wins when both are given)."""
    title: Text | None = None
    """Title of the paper."""
    meeting: Text | None = None
    """The meeting the paper goes to, for example "LCR CHS Board"."""
    date: Text | None = None
    """The date of the meeting, as it should be printed."""
    author: Text | None = None
    """Report by: name and role."""
    purpose: Text | None = None
    """What the paper is for, in a sentence or two."""
    recommendation: Text | None = None
    """The option recommended and why; when absent the paper recommends none and lists the decision
    asked for."""
    start_month: Month | None = None
    """Month the change would start (the financial year runs April to March), for the part-year effect."""
    horizon: Text | None = None
    """A scenario with a `horizon:` block (see `establishment years`), relative to the options file,
    for example `three-years.yaml`. It must plan the same localities as the options. When given,
    `report` plans it over its years and the paper gains "The path over several years" (a summary
    and chart in the body, the tables in Appendix E), the workbook a "Years" sheet, and the
    provenance its files. `compare` checks the file exists but does not plan it."""
    options: list[OptionEntry] = Field(min_length=1)
    """Scenario files, one per option, in the order to show them: a path, or {scenario, label}."""

    @field_validator("options", mode="before")
    @classmethod
    def _paths_are_entries(cls, value: object) -> object:
        if isinstance(value, list):
            return [v if isinstance(v, dict) else {"scenario": v} for v in value]
        return value

    @model_validator(mode="after")
    def _named(self) -> "OptionsFile":
        if self.name is None and self.title is None:
            raise ValueError("an options file needs a title (or a name)")
        return self


@dataclass(frozen=True)
class Paper:
    """What the board paper says around the options: cover, recommendation, labels."""

    title: str
    paths: list[Path]
    labels: list[str]
    meeting: str | None = None
    date: str | None = None
    author: str | None = None
    purpose: str | None = None
    recommendation: str | None = None
    start_month: str | None = None
    source: Path | None = None
    """The options file, when there is one."""
    horizon: Path | None = None
    """The horizon scenario (`horizon:` in the options file), relative to the working folder."""
    horizon_place: str = "key 'horizon'"
    """Where the options file names it ("line 9, key 'horizon'"), for error messages."""

    @property
    def first_year_share(self) -> float | None:
        """Share of a full year's change that falls in the first financial year (April to March):
        a change from October runs 6 months of 12 before April."""
        if self.start_month is None:
            return None
        month = [m.lower() for m in MONTHS].index(self.start_month.lower()) + 1
        return ((3 - month) % 12 + 1) / 12


def _key(loc: tuple) -> str:
    """The key an error is about, with the option's place: `options.2.label` is the second option's
    label (counted from 1, as a person counts the list)."""
    if not loc:
        return "title"
    return ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in loc)


def default_labels(count: int) -> list[str]:
    return [f"Option {chr(ord('A') + i)}" if i < 26 else f"Option {i + 1}" for i in range(count)]


def read_paper(paths: list[Path]) -> Paper:
    """The paper from one options file, or from scenario paths given on the command line."""
    if len(paths) == 1:
        data, lines = load_yaml_mapping(paths[0], "options or scenario file")
        if "options" in data:
            try:
                listing = OptionsFile.model_validate(data)
            except ValidationError as exc:

                def place(loc: tuple) -> str:
                    line = line_of(lines, loc)
                    return f"line {line}, key '{_key(loc)}'" if line else f"key '{_key(loc)}'"

                raise InputError(problems_from(exc, str(paths[0]), place, OptionsFile)) from None
            entries = listing.options
            horizon, horizon_place = None, "key 'horizon'"
            if listing.horizon is not None:
                line = line_of(lines, ("horizon",))
                horizon_place = f"line {line}, key 'horizon'" if line else horizon_place
                horizon = _horizon_file(paths[0], listing.horizon, horizon_place)
            defaults = default_labels(len(entries))
            return Paper(
                title=listing.title or listing.name or "",
                paths=[paths[0].parent / e.scenario for e in entries],
                labels=[e.label or d for e, d in zip(entries, defaults, strict=True)],
                meeting=listing.meeting,
                date=listing.date,
                author=listing.author,
                purpose=listing.purpose,
                recommendation=listing.recommendation,
                start_month=listing.start_month.capitalize() if listing.start_month else None,
                source=paths[0],
                horizon=horizon,
                horizon_place=horizon_place,
            )
    return Paper("Options compared", paths, default_labels(len(paths)))


def _horizon_file(options_path: Path, value: str, place: str) -> Path:
    """The horizon scenario, relative to the options file: it must be a YAML file that exists."""
    path = options_path.parent / value
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise bad_input(
            str(options_path), place, f"names '{value}', not a .yaml or .yml file", "a scenario file"
        )
    if not path.is_file():
        what = "a folder" if path.is_dir() else "not found"
        raise bad_input(
            str(options_path),
            place,
            f"names '{value}' ({path}), {what}",
            "a scenario file with a horizon block, relative to the options file",
        )
    return path


def lists_options(path: Path) -> bool:
    """A YAML mapping with an `options:` key is an options file, as `compare` and `report` read it
    (a file that cannot be read is left to the scenario checks to report)."""
    try:
        data, _ = load_yaml_mapping(path, "options or scenario file")
    except InputError:
        return False
    return "options" in data
