"""An options file: the scenarios a board compares, listed in one YAML file (paths relative to it),
with what the paper needs around them, in the house style of an NHS board paper: the cover (title,
meeting, date, report by, presented by, purpose), the implications a board reads that no figure
gives (patient care, governance, legal, equality and quality), the introduction and conclusion,
what the board is asked to do, the month a change would start, a short label for each option, and
optionally a horizon scenario (`horizon:`) whose path over several years the paper sets out,
following one of the options (`horizon_follows:`)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator, model_validator

from optimiser.errors import InputError, bad_input
from optimiser.inputs.problems import problems_from
from optimiser.inputs.schema import Frozen, Text
from optimiser.inputs.yamlio import Lines, line_of, load_yaml_mapping

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


class Implications(Frozen):
    """The implications a board paper states that the plans cannot work out (the 2010 paper's cover
    has patient care, workforce, financial, performance, governance and legal; boards now expect
    equality and quality too)."""

    patient_care: Text | None = None
    governance: Text | None = None
    legal: Text | None = None
    equality_and_quality: Text | None = None


IMPLICATIONS = {
    "patient_care": "Patient care",
    "governance": "Governance",
    "legal": "Legal",
    "equality_and_quality": "Equality and quality",
}
"""The options file's implications, by key, with the heading the paper gives each."""
COVER_KEYS = (
    "meeting",
    "date",
    "author",
    "presented_by",
    "purpose",
    "introduction",
    *(f"implications.{key}" for key in IMPLICATIONS),
    "conclusion",
    "board_asked_to",
)
"""The keys a board paper needs that only the options file can give; `validate` names those empty."""


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
    presented_by: Text | None = None
    """Presented by: name and role (the 2010 paper's cover has both)."""
    purpose: Text | None = None
    """What the paper is for, in a sentence or two."""
    introduction: Text | None = None
    """Section 1 of the paper: why the question is before the board."""
    implications: Implications = Implications()
    """The implications no figure gives; workforce, financial and performance are written from the
    plans."""
    conclusion: Text | None = None
    """The paper's conclusion, in the author's words, after the analysis."""
    board_asked_to: list[Text] | None = None
    """What the board is asked to do, one item each ("Approve ...", "Note ..."); when absent the
    paper asks the board to choose between the options."""
    recommendation: Text | None = None
    """The option recommended and why; when absent the paper recommends none and lists the decision
    asked for."""
    start_month: Month | None = None
    """Month the change would start (the financial year runs April to March), for the part-year effect.
    With a horizon it must be the month the horizon's first year's changes take effect."""
    horizon: Text | None = None
    """A scenario with a `horizon:` block (see `establishment years`), relative to the options file,
    for example `three-years.yaml`. It must plan the same localities as the options. When given,
    `report` plans it over its years and the paper gains "The path over several years" (a summary
    and chart in the body, the tables in an appendix), the workbook a "Years" sheet, and the
    provenance its files. `compare` checks the file exists but does not plan it."""
    horizon_follows: Text | None = None
    """The label of the option the horizon follows year by year (the same cap, model and localities);
    when absent, the one option that plans the horizon's cap, model and localities."""
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
    """What the board paper says around the options: cover, implications, introduction, conclusion,
    what the board is asked to do, labels, and where each key is in the options file."""

    title: str
    paths: list[Path]
    labels: list[str]
    meeting: str | None = None
    date: str | None = None
    author: str | None = None
    presented_by: str | None = None
    purpose: str | None = None
    introduction: str | None = None
    implications: dict[str, str] = field(default_factory=dict)
    """The options file's implications that are given, by key (`IMPLICATIONS`)."""
    conclusion: str | None = None
    board_asked_to: tuple[str, ...] = ()
    recommendation: str | None = None
    start_month: str | None = None
    source: Path | None = None
    """The options file, when there is one."""
    horizon: Path | None = None
    """The horizon scenario (`horizon:` in the options file), relative to the working folder."""
    horizon_follows: str | None = None
    """The label of the option the horizon follows, as the options file gives it."""
    places: dict[str, str] = field(default_factory=dict)
    """Where the options file gives each key ("line 9, key 'horizon'"), for error messages."""

    @property
    def horizon_place(self) -> str:
        return self.place("horizon")

    def place(self, key: str) -> str:
        return self.places.get(key, f"key '{key}'")

    @property
    def first_year_share(self) -> float | None:
        """Share of a full year's change that falls in the first financial year (April to March):
        a change from October runs 6 months of 12 before April."""
        if self.start_month is None:
            return None
        return ((3 - month_number(self.start_month)) % 12 + 1) / 12

    def empty_cover_keys(self) -> list[str]:
        """The keys a board paper needs (`COVER_KEYS`) that the options file leaves empty."""
        given = {
            "meeting": self.meeting,
            "date": self.date,
            "author": self.author,
            "presented_by": self.presented_by,
            "purpose": self.purpose,
            "introduction": self.introduction,
            "conclusion": self.conclusion,
            "board_asked_to": self.board_asked_to,
            **{f"implications.{k}": self.implications.get(k) for k in IMPLICATIONS},
        }
        return [key for key in COVER_KEYS if not given[key]]


def month_number(name: str) -> int:
    """1 for January, ... 12 for December."""
    return [m.lower() for m in MONTHS].index(name.lower()) + 1


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
            return _paper(paths[0], _listing(paths[0], data, lines), lines)
    return Paper("Options compared", paths, default_labels(len(paths)))


def _listing(path: Path, data: dict, lines: Lines) -> OptionsFile:
    try:
        return OptionsFile.model_validate(data)
    except ValidationError as exc:

        def place(loc: tuple) -> str:
            line = line_of(lines, loc)
            return f"line {line}, key '{_key(loc)}'" if line else f"key '{_key(loc)}'"

        raise InputError(problems_from(exc, str(path), place, OptionsFile)) from None


def _paper(path: Path, listing: OptionsFile, lines: Lines) -> Paper:
    places = {}
    for key in ("horizon", "horizon_follows", "start_month", "date"):
        line = line_of(lines, (key,))
        places[key] = f"line {line}, key '{key}'" if line else f"key '{key}'"
    entries = listing.options
    horizon = None if listing.horizon is None else _horizon_file(path, listing.horizon, places["horizon"])
    given = listing.implications.model_dump()
    return Paper(
        title=listing.title or listing.name or "",
        paths=[path.parent / e.scenario for e in entries],
        labels=[e.label or d for e, d in zip(entries, default_labels(len(entries)), strict=True)],
        meeting=listing.meeting,
        date=listing.date,
        author=listing.author,
        presented_by=listing.presented_by,
        purpose=listing.purpose,
        introduction=listing.introduction,
        implications={k: v for k, v in given.items() if v},
        conclusion=listing.conclusion,
        board_asked_to=tuple(listing.board_asked_to or ()),
        recommendation=listing.recommendation,
        start_month=listing.start_month.capitalize() if listing.start_month else None,
        source=path,
        horizon=horizon,
        horizon_follows=listing.horizon_follows,
        places=places,
    )


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
