"""The caseload weighting model: which case categories a service counts and how heavily."""

from enum import StrEnum
from pathlib import Path

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from optimiser.errors import InputError
from optimiser.inputs.factors import RESERVED_COLUMNS, Factor, repeated, reserved
from optimiser.inputs.grades import GradeSpec, HighRisk, Percent, Share
from optimiser.inputs.problems import problems_from
from optimiser.inputs.schema import Frozen, PositiveNumber, Text
from optimiser.inputs.suggest import did_you_mean, folded
from optimiser.inputs.yamlio import line_of, load_yaml_mapping, with_text_notes


class Category(Frozen):
    """A case category (a tier, a tag, a complexity code) and its weight."""

    name: Text
    """Column name in the locality CSV holding the count of cases in this category."""
    weight: PositiveNumber
    """How many weighted cases one case in this category counts for."""
    description: str = ""
    """What the category means, in the service's words."""

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        """A category is a locality column: it cannot share a name with one the tool already reads."""
        clash = reserved(value, (*RESERVED_COLUMNS, "deprivation"))
        if clash:
            raise ValueError(
                f"category '{value}' is named like the locality column '{clash}', which the tool reads "
                f"for itself; give the category a name of its own (reserved: {', '.join(RESERVED_COLUMNS)}, "
                "deprivation, in_post_wte:<grade>)"
            )
        return value


class Basis(StrEnum):
    """What the locality counts measure."""

    CURRENT = "current"
    """Cases held at any one time."""
    ANNUAL = "annual"
    """Cases seen over a year; converted to at-once by episode_months / 12."""


class CaseloadModel(Frozen):
    """A weighting model file in models/."""

    name: Text
    """Human-readable name shown in reports."""
    description: str = ""
    """What the model is for and where its weights come from."""
    case_unit: Text = "cases"
    """What a case is, plural (for example "children"), used in report wording."""
    staff_title: Text = "WTE"
    """What one WTE is called (for example "health visitor"), used in report wording."""
    categories: tuple[Category, ...] = ()
    """Case categories with weights; empty means the caseload is a single unweighted count."""
    cap: PositiveNumber | None = None
    """Default cap: the most weighted cases one WTE may hold (a scenario may override it)."""
    cost_per_wte: PositiveNumber | None = None
    """Default annual cost of one WTE in pounds, with on-costs (a scenario may override it)."""
    episode_months: PositiveNumber | None = None
    """Average episode length in months; needed to turn an annual caseload into an at-once one."""
    basis: Basis = Field(default=Basis.CURRENT, validate_default=True)
    """current (counts held at any one time) or annual (counts over a year); the cap is always at once."""
    deprivation: Factor | None = None
    """Deprivation multiplier from a locality column (score, decile, quintile or quintile counts)."""
    multipliers: tuple[Factor, ...] = ()
    """Further locality multipliers (for example rurality), applied after deprivation."""
    non_clinical_percent: Percent = 0.0
    """Share of a WTE's time spent on admin, training and meetings, reducing its capacity."""
    headroom_percent: Percent = Field(default=0.0, validate_default=True)
    """Uplift for leave and sickness: 22 means 1.22 WTE are funded per post's worth of work."""
    grades: tuple[GradeSpec, ...] = ()
    """Staff grades (skill mix), main grade first; empty means one grade, staff_title at cost_per_wte."""
    min_main_share: Share | None = None
    """Least share (0 to 1) of each locality's planned WTE that must be of the main grade."""
    high_risk: HighRisk | None = None
    """Optional limit on high-risk cases held per WTE of the main grade."""
    sources: dict[str, str] = Field(default_factory=dict)
    """Where each figure comes from, keyed by field name (for example cap, cost_per_wte)."""

    @field_validator("categories")
    @classmethod
    def _unique_categories(cls, value: tuple[Category, ...]) -> tuple[Category, ...]:
        dupes = repeated([c.name for c in value])
        if dupes:
            raise ValueError(
                f"category names must be unique (compared ignoring case, spaces, underscores and hyphens); "
                f"repeated: {dupes}"
            )
        return value

    @field_validator("deprivation", "multipliers")
    @classmethod
    def _columns_not_categories(
        cls, value: Factor | tuple[Factor, ...] | None, info: ValidationInfo
    ) -> Factor | tuple[Factor, ...] | None:
        """A multiplier's column cannot also be a case category's column."""
        categories = {folded(c.name): c.name for c in info.data.get("categories") or ()}
        factors = value if isinstance(value, tuple) else (value,) if value else ()
        for factor in factors:
            for column in factor.columns():
                if folded(column) in categories:
                    raise ValueError(
                        f"multiplier '{factor.name}' reads column '{column}', which is also the case "
                        f"category '{categories[folded(column)]}'; give the multiplier's column or "
                        "the category another name"
                    )
        return value

    @field_validator("basis")
    @classmethod
    def _episode_for_annual(cls, value: Basis, info: ValidationInfo) -> Basis:
        episode = info.data.get("episode_months")
        if value is Basis.ANNUAL and episode is None and "episode_months" not in info.data:
            return value  # episode_months itself was invalid and is reported there
        if value is Basis.ANNUAL and episode is None:
            raise ValueError("an annual basis needs episode_months (average episode length) to convert")
        if value is Basis.CURRENT and episode is not None:
            raise ValueError("episode_months is only used with basis: annual")
        return value

    @field_validator("headroom_percent")
    @classmethod
    def _time_left(cls, value: float, info: ValidationInfo) -> float:
        non_clinical = info.data.get("non_clinical_percent")
        if non_clinical is not None and non_clinical + value >= 100:
            raise ValueError(
                f"non_clinical_percent {non_clinical:g} plus headroom_percent {value:g} reach 100; "
                "together they must stay below 100"
            )
        return value

    @field_validator("grades")
    @classmethod
    def _grades_sound(cls, value: tuple[GradeSpec, ...], info: ValidationInfo) -> tuple[GradeSpec, ...]:
        dupes = repeated([g.name for g in value])
        if dupes:
            raise ValueError(
                f"grade names must be unique (compared ignoring case, spaces, underscores and hyphens); "
                f"repeated: {dupes}"
            )
        if value and info.data.get("cost_per_wte") is not None:
            raise ValueError("with grades, give each grade its cost_per_wte and none at the top level")
        return value

    @field_validator("min_main_share")
    @classmethod
    def _share_needs_grades(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is not None and len(info.data.get("grades") or ()) < 2:
            raise ValueError("min_main_share needs at least two grades")
        return value

    @field_validator("high_risk")
    @classmethod
    def _known_high_risk(cls, value: HighRisk | None, info: ValidationInfo) -> HighRisk | None:
        known = [c.name for c in info.data.get("categories") or ()]
        unknown = [n for n in (value.categories if value else ()) if n not in known]
        if unknown:
            raise ValueError(
                f"high-risk categories {', '.join(n + did_you_mean(n, known) for n in unknown)} are not "
                "case categories; "
                f"expected names from: {', '.join(known) or '(the model has no categories)'}"
            )
        return value

    @property
    def main_grade(self) -> str:
        """The grade the cap and the high-risk limit are stated for."""
        return self.grades[0].name if self.grades else self.staff_title

    @property
    def factors(self) -> tuple[Factor, ...]:
        """Every locality multiplier, deprivation first."""
        return tuple(factor for _, factor in self.factor_keys())

    def factor_keys(self) -> tuple[tuple[str, Factor], ...]:
        """Every locality multiplier with its key in the model file, for messages."""
        first = (("deprivation", self.deprivation),) if self.deprivation else ()
        return first + tuple((f"multipliers.{i}", f) for i, f in enumerate(self.multipliers))

    @property
    def at_once_factor(self) -> float:
        """Cases held at once per case counted: episode_months / 12 on an annual basis, else 1.

        episode_months is only accepted with an annual basis (see _episode_for_annual).
        """
        return self.episode_months / 12 if self.episode_months else 1.0


def load_caseload_model(path: Path) -> CaseloadModel:
    """Load and validate a model file, naming the file, line and key of every problem."""
    data, lines = load_yaml_mapping(path, "model file")
    try:
        return CaseloadModel.model_validate(data)
    except ValidationError as exc:

        def place(loc: tuple) -> str:
            key = ".".join(str(p) for p in loc)
            line = line_of(lines, loc)
            return f"line {line}, key '{key}'" if line else f"key '{key}'"

        problems = problems_from(exc, str(path), place, CaseloadModel)
        raise InputError(with_text_notes(problems, exc.errors(include_url=False))) from None
