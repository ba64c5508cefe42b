"""Locality data (CSV): one row per locality, validated row by row with file line numbers."""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from pydantic import AfterValidator, Field, ValidationError, create_model, model_validator

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs.caseload_model import CaseloadModel
from optimiser.inputs.problems import problems_from
from optimiser.inputs.schema import Frozen
from optimiser.inputs.yamlio import read_text

NAME = "locality"
IN_POST = "in_post_wte"
TOTAL = "caseload"
OPTIONAL = ("deprivation", "floor_wte", "ceiling_wte")

MAX_LOCALITIES = 100_000
"""Largest table accepted: tested at 100,000 localities (about 8 s and 510 MB; see README)."""
MAX_CSV_BYTES = 50_000_000

SMALLEST_CELL, LARGEST_CELL = 1e-6, 1e9
"""Locality figures are 0 or within this range: beyond it they are typos, and they would make
the LP's coefficients span more orders of magnitude than a solver can handle."""


def _sane(value: float) -> float:
    if 0 < value < SMALLEST_CELL:
        raise ValueError(f"is {value:g}, too small to be a count or WTE (0, or at least {SMALLEST_CELL:g})")
    return value


CsvNumber = Annotated[float, Field(ge=0, le=LARGEST_CELL, allow_inf_nan=False), AfterValidator(_sane)]


@dataclass(frozen=True)
class LocalityTable:
    """Validated locality data: a frame indexed by locality, and where each row came from."""

    path: Path
    frame: pd.DataFrame
    count_columns: tuple[str, ...]
    """The caseload columns: the model's category names, or ("caseload",) for a total."""
    lines: dict[str, int]
    """File line of each locality's row, for messages."""


@dataclass(frozen=True)
class NamedColumn:
    """A locality column the scenario names (its `priority` column): numbers of 0 or more."""

    column: str
    key: str
    """The scenario key that names the column, for messages."""
    required: bool = True
    """Every row must give a value (the objective uses the column)."""


class _RowBase(Frozen):
    @model_validator(mode="after")
    def _floor_not_above_ceiling(self) -> "_RowBase":
        floor, ceiling = (
            getattr(self, "floor_wte", None),
            getattr(self, "ceiling_wte", None),
        )
        if floor is not None and ceiling is not None and floor > ceiling:
            raise ValueError(f"floor_wte {floor:g} is above ceiling_wte {ceiling:g}")
        return self


def expected_columns(model: CaseloadModel) -> tuple[str, ...]:
    """The caseload columns a locality file must have for this model."""
    return tuple(c.name for c in model.categories) or (TOTAL,)


def factor_columns(model: CaseloadModel) -> tuple[str, ...]:
    """The columns the model's multipliers (deprivation, rurality, ...) read."""
    return tuple(column for factor in model.factors for column in factor.columns())


def in_post_columns(model: CaseloadModel) -> tuple[str, ...]:
    """Optional in-post by grade, `in_post_wte:<grade>`, for a model with more than one grade."""
    return tuple(f"{IN_POST}:{g.name}" for g in model.grades) if len(model.grades) > 1 else ()


def _row_model(
    count_columns: tuple[str, ...], present: set[str], model: CaseloadModel, named: tuple[str, ...] = ()
) -> type[_RowBase]:
    fields: dict[str, Any] = {
        NAME: (Annotated[str, Field(min_length=1)], ...),
        IN_POST: (CsvNumber, ...),
    }
    for column in count_columns + factor_columns(model):
        fields[column] = (CsvNumber, ...)
    for column in in_post_columns(model):
        fields[column] = (CsvNumber | None, None)
    if TOTAL in present and TOTAL not in count_columns:
        fields[TOTAL] = (CsvNumber, ...)
    for column in (*OPTIONAL, *named):
        fields.setdefault(column, (CsvNumber | None, None))
    return create_model("LocalityRow", __base__=_RowBase, **fields)


def _normalised(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _data_lines(text: str) -> tuple[list[int], list[str]]:
    """Lines that hold CSV (not comments or blanks), with their 1-based line numbers."""
    numbers, kept = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            numbers.append(number)
            kept.append(line)
    return numbers, kept


def load_localities(
    path: Path,
    model: CaseloadModel,
    model_path: Path | None = None,
    named: tuple[NamedColumn, ...] = (),
    extra_columns: tuple[str, ...] = (),
) -> LocalityTable:
    """Read and validate a locality CSV against the model's case categories, multipliers and grades,
    and the columns the scenario names (`named`: its priority column).

    `extra_columns` are allowed in the header but neither read nor kept: their owner (a scenario's
    horizon) reads and validates them itself.
    """
    source = str(path)
    text = read_text(path, "locality file", MAX_CSV_BYTES)  # refused by its size on disk, before reading
    numbers, kept = _data_lines(text)
    if len(kept) - 1 > MAX_LOCALITIES:
        raise bad_input(
            source,
            "",
            f"the table has {len(kept) - 1:,} rows",
            f"at most {MAX_LOCALITIES:,} localities (see README)",
        )
    if not kept:
        raise bad_input(
            source,
            "",
            "the file has no header and no rows",
            f"a header line starting '{NAME},{IN_POST},...'",
        )
    rows = list(csv.reader(io.StringIO("\n".join(kept))))
    header = [h.strip() for h in rows[0]]
    header_line = numbers[0]
    count_columns = expected_columns(model)
    allowed = (
        NAME,
        IN_POST,
        *count_columns,
        *((TOTAL,) if TOTAL not in count_columns else ()),
        *dict.fromkeys(factor_columns(model) + in_post_columns(model) + OPTIONAL + extra_columns),
    )
    extra = tuple(n.column for n in named if n.column not in allowed)
    allowed = (*allowed, *extra)
    models_say = (
        f" (set by model file {model_path}, keys 'categories', 'deprivation', 'multipliers' and 'grades')"
    )

    problems = []
    for column in header:
        if column not in allowed:
            problems.append(
                Problem(
                    source,
                    f"line {header_line}, column '{column}'",
                    "is not a known column",
                    f"columns from: {', '.join(allowed)}" + (models_say if model_path else ""),
                )
            )
    repeated = sorted({c for c in header if header.count(c) > 1})
    for column in repeated:
        problems.append(
            Problem(
                source,
                f"line {header_line}, column '{column}'",
                "appears more than once",
                "each column once",
            )
        )
    required = (NAME, IN_POST, *count_columns, *factor_columns(model))
    for column in required:
        if column not in header:
            if column in factor_columns(model):
                need = "a column for each multiplier the model names"
            elif model.categories:
                need = "a column per case category the model names"
            else:
                need = "a total caseload column"
            problems.append(
                Problem(
                    source,
                    f"line {header_line}",
                    f"column '{column}' is missing",
                    need + f" ('{column}')",
                )
            )
    for n in named:
        if n.column == NAME:
            problems.append(
                Problem(
                    source,
                    f"line {header_line}, column '{NAME}'",
                    f"holds names, but the scenario's key '{n.key}' names it",
                    "a numeric column of 0 or more per locality",
                )
            )
        elif n.required and n.column not in header and n.column not in required:
            problems.append(
                Problem(
                    source,
                    f"line {header_line}",
                    f"column '{n.column}' is not in the locality file "
                    f"(the scenario's key '{n.key}' names it)",
                    f"a numeric column of 0 or more per locality, from: {', '.join(header)}",
                )
            )
    if problems:
        raise InputError(problems)
    if len(rows) == 1:
        raise bad_input(
            source,
            f"line {header_line}",
            "the locality table has no rows",
            "one row per locality",
        )

    row_model = _row_model(count_columns, set(header), model, extra)
    blank_allowed = (*OPTIONAL, *extra)
    filled = [n for n in named if n.required and n.column in header and n.column != NAME]
    records, lines, seen = [], {}, {}
    for number, cells in zip(numbers[1:], rows[1:], strict=True):
        if len(cells) != len(header):
            problems.append(
                Problem(
                    source,
                    f"line {number}",
                    f"has {len(cells)} cells",
                    f"{len(header)}, one per header column",
                )
            )
            continue
        raw = {h: c.strip() for h, c in zip(header, cells, strict=True) if h not in extra_columns}
        label = f"line {number} (locality '{raw.get(NAME, '')}')"
        values = {k: (None if v == "" and k in blank_allowed else v) for k, v in raw.items()}
        try:
            row = row_model.model_validate(values)
        except ValidationError as exc:
            problems += problems_from(
                exc,
                source,
                lambda loc, label=label: f"{label}, column '{loc[0]}'" if loc else label,
                allowed,
            )
            continue
        key = _normalised(row.locality)
        if key in seen:
            first_line, first_name = seen[key]
            problems.append(
                Problem(
                    source,
                    label,
                    f"repeats locality '{first_name}' from line {first_line}",
                    "each locality once (names are compared ignoring case and spaces)",
                )
            )
            continue
        seen[key] = (number, row.locality)
        lines[row.locality] = number
        record = row.model_dump()
        for n in filled:
            if record.get(n.column) is None:
                problems.append(
                    Problem(
                        source,
                        f"{label}, column '{n.column}'",
                        "is blank",
                        f"a number of 0 or more in every row (the scenario's key '{n.key}' names it)",
                    )
                )
        records.append({k: (0.0 if v == 0 else v) for k, v in record.items()})  # no negative zero
        if TOTAL in record and TOTAL not in count_columns:
            total = sum(record[c] for c in count_columns)
            if abs(record[TOTAL] - total) > 1e-9 * max(1.0, total):
                problems.append(
                    Problem(
                        source,
                        f"{label}, column '{TOTAL}'",
                        f"is {record[TOTAL]:g} but the category counts add to {total:g}",
                        "the sum of the category columns, or no caseload column",
                    )
                )
        by_grade = [record[c] for c in in_post_columns(model) if c in record]
        if any(v is not None for v in by_grade):
            if any(v is None for v in by_grade):
                problems.append(
                    Problem(source, label, "gives in-post WTE for some grades only", "all grades, or none")
                )
            elif abs(sum(by_grade) - record[IN_POST]) > 1e-9 * max(1.0, record[IN_POST]):
                problems.append(
                    Problem(
                        source,
                        f"{label}, column '{IN_POST}'",
                        f"is {record[IN_POST]:g} but in-post by grade adds to {sum(by_grade):g}",
                        "the sum of the in_post_wte:<grade> columns",
                    )
                )
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame.from_records(records).set_index(NAME)
    for column in (*OPTIONAL, *in_post_columns(model)):
        if column not in frame:
            frame[column] = None
    return LocalityTable(path, frame, count_columns, lines)
