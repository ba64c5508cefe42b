"""The caseload weighting model: which case categories a service counts and how heavily."""

from pathlib import Path

from pydantic import Field, ValidationError, field_validator

from optimiser.errors import InputError
from optimiser.problems import problems_from
from optimiser.schema import Frozen, PositiveNumber, Text
from optimiser.yamlio import line_of, load_yaml_mapping


class Category(Frozen):
    """A case category (a tier, a tag, a complexity code) and its weight."""

    name: Text
    """Column name in the locality CSV holding the count of cases in this category."""
    weight: PositiveNumber
    """How many weighted cases one case in this category counts for."""
    description: str = ""
    """What the category means, in the service's words."""


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
    sources: dict[str, str] = Field(default_factory=dict)
    """Where each figure comes from, keyed by field name (for example cap, cost_per_wte)."""

    @field_validator("categories")
    @classmethod
    def _unique_categories(cls, value: tuple[Category, ...]) -> tuple[Category, ...]:
        names = [c.name for c in value]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"category names must be unique; repeated: {', '.join(dupes)}")
        return value


MODEL_KEYS = tuple(CaseloadModel.model_fields)


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

        raise InputError(problems_from(exc, str(path), place, MODEL_KEYS)) from None
