"""Locality data (CSV or an .xlsx sheet): one row per locality, checked column by column with
file line (or sheet row) numbers.

Whole columns are parsed and checked at once (numbers, ranges, blanks, duplicate names, floor
against ceiling, caseload total, in post by grade). A row that fails a cell check is handed to
the pydantic row model, which says what is wrong in the same words as ever; the vectorised checks
only decide which rows need explaining, so pydantic stays the judge of every cell it sees.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
import pandas as pd
from pydantic import AfterValidator, Field, ValidationError, create_model, model_validator

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs.problems import problems_from
from optimiser.inputs.read_once import parsed
from optimiser.inputs.rows import EXCEL_SUFFIXES, MAX_CSV_BYTES, Rows
from optimiser.inputs.schema import LARGEST_CELL, SMALLEST_CELL, Frozen
from optimiser.inputs.suggest import did_you_mean, folded
from optimiser.inputs.table_rows import collisions, known_header, parse_csv
from optimiser.inputs.yamlio import read_text

if TYPE_CHECKING:  # annotations only
    from optimiser.inputs.caseload_model import CaseloadModel

NAME = "locality"
IN_POST = "in_post_wte"
TOTAL = "caseload"
OPTIONAL = ("deprivation", "floor_wte", "ceiling_wte")
AREA_CODE = "area_code"
TEXT = (AREA_CODE,)
"""Optional text columns, carried to the outputs as written (a blank cell: not given)."""

MAX_LOCALITIES = 100_000
"""Largest table accepted: tested at 100,000 localities (about 8 s and 510 MB; see README)."""


_PLAIN = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
PLAIN_NUMBER = re.compile(_PLAIN)
"""A cell the fast path reads itself; anything else (`1_000`, `inf`, `7,240`) goes to pydantic."""
ALL_PLAIN = re.compile(rf"{_PLAIN}(?:\x00{_PLAIN})*+")
"""A whole column of plain numbers, joined by SEPARATOR: checked in one pass. The repeat is
possessive (no cell is ever matched again: a cell's greedy match is its longest, and the next
must start at a separator), which makes it about four times faster than a plain `*`."""


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
    """File line (or sheet row) of each locality's row, for messages."""
    sheet: str | None = None
    """The worksheet read, for an .xlsx file."""
    header: tuple[str, ...] = ()
    """The file's headers as written, every column (a horizon's too), for "did you mean"."""
    given: dict[str, str] = dataclasses.field(default_factory=dict)
    """Each name the tool may ask for a column the file gives -> where the column is (`column
    'need'`, or `column D 'need'`). A column the model or scenario spells another way than the
    header (`Need Score` for `need_score`) is in the frame under every spelling asked for."""

    def place(self, name: str) -> str:
        """Where a locality's row is, for messages: `line 7`, or `sheet 'Localities', row 7`."""
        row = self.lines[name]
        return f"sheet '{self.sheet}', row {row}" if self.sheet is not None else f"line {row}"

    def column(self, name: str) -> str:
        """Where a column is, for messages: `column 'need'`, or `column D 'need'` in a sheet."""
        return self.given.get(name, f"column '{name}'")

    def missing(self, name: str, key: str, expected: str) -> Problem:
        """A column the scenario's `key` names that the file does not give, with the nearest headers."""
        return Problem(
            str(self.path),
            f"column '{name}'",
            f"is not in the locality file (the scenario's key '{key}' names it)"
            + did_you_mean(name, self.header),
            expected,
        )


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
    def _floor_not_above_ceiling(self) -> _RowBase:
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
    """The columns the model's multipliers (deprivation, rurality, ...) read, each once: two
    multipliers that spell one column differently (`IMD`, `imd`) read the same header."""
    return once(column for factor in model.factors for column in factor.columns())


def once(names: Iterable[str]) -> tuple[str, ...]:
    """Names as columns: each once, the first spelling of those that fold alike (as headers do)."""
    by_fold: dict[str, str] = {}
    for name in names:
        by_fold.setdefault(folded(name), name)
    return tuple(by_fold.values())


def in_post_columns(model: CaseloadModel) -> tuple[str, ...]:
    """Optional in-post by grade, `in_post_wte:<grade>`, for a model with more than one grade."""
    return tuple(f"{IN_POST}:{g.name}" for g in model.grades) if len(model.grades) > 1 else ()


def text_columns(model: CaseloadModel) -> tuple[str, ...]:
    """The text columns a file may have: those the model does not read as numbers."""
    numeric = {folded(c) for c in expected_columns(model) + factor_columns(model)}
    return tuple(c for c in TEXT if folded(c) not in numeric)


def _row_model(fields: dict[str, Any]) -> type[_RowBase]:
    """One row's rules, field by field (from `_row_fields`); the field order is the frame's column order."""
    return create_model("LocalityRow", __base__=_RowBase, **fields)


def _row_fields(
    count_columns: tuple[str, ...],
    present: set[str],
    model: CaseloadModel,
    named: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The row model's fields (name -> type and default), in order, without building the model
    (pydantic takes about 10 ms to, needed only when a row fails a check)."""
    fields: dict[str, Any] = {
        NAME: (Annotated[str, Field(min_length=1)], ...),
        IN_POST: (CsvNumber | None, ...),  # blank: not known (0 means nobody in post)
    }
    for column in count_columns + factor_columns(model):
        fields[column] = (CsvNumber, ...)
    for column in in_post_columns(model):
        fields[column] = (CsvNumber | None, None)
    if TOTAL in present and TOTAL not in count_columns:
        fields[TOTAL] = (CsvNumber, ...)
    for column in (*OPTIONAL, *named):
        fields.setdefault(column, (CsvNumber | None, None))
    for column in text_columns(model):
        if column in present:
            fields.setdefault(column, (str | None, None))
    return fields


SPACES = re.compile(r"\s+")
SEPARATOR = "\x00"
"""Joins a column's cells into one text for whole-column regex work: never in a locality file
(read_text refuses NUL), and neither whitespace nor part of a number."""


def _normalised_all(names: list[str]) -> list[str]:
    """Every name with runs of spaces collapsed and case folded, in one pass over the column: the names
    are stripped cells, so that (character by character) is all that is left to do."""
    return SPACES.sub(" ", SEPARATOR.join(names)).casefold().split(SEPARATOR) if names else []


def read_table(
    path: Path, sheet: str | None = None, max_bytes: int = MAX_CSV_BYTES, max_rows: int | None = None
) -> Rows:
    """The rows of a locality CSV or .xlsx file (comments and blank lines skipped); an .xlsx file
    is read to a little past `max_rows` data rows at most. Parsed once per reading session
    (inputs/read_once)."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return parsed(
            path, ("xlsx", sheet, max_bytes, max_rows), lambda: _read_sheet(path, sheet, max_bytes, max_rows)
        )
    return parsed(path, ("csv", max_bytes), lambda: _read_csv(path, max_bytes))


def _read_sheet(path: Path, sheet: str | None, max_bytes: int, max_rows: int | None) -> Rows:
    from optimiser.inputs.spreadsheet import read_sheet  # openpyxl loads only for workbooks

    return read_sheet(path, sheet, max_bytes, max_rows)


def _read_csv(path: Path, max_bytes: int) -> Rows:
    text = read_text(path, "locality file", max_bytes)  # refused by its size on disk, before reading
    return parse_csv(text, str(path))


def load_localities(
    path: Path,
    model: CaseloadModel,
    model_path: Path | None = None,
    named: tuple[NamedColumn, ...] = (),
    extra_columns: tuple[str, ...] = (),
    sheet: str | None = None,
) -> LocalityTable:
    """Read and validate a locality CSV or .xlsx sheet (the first, unless `sheet` names one) against
    the model's case categories, multipliers and grades, and the columns the scenario names
    (`named`: its priority column). Headers match ignoring case, spaces, underscores and hyphens;
    two headers that fold alike are refused, whether or not a column of that name is asked for.

    `extra_columns` are allowed in the header but neither read nor kept: their owner (a scenario's
    horizon) reads and validates them itself.
    """
    source = str(path)
    read = read_table(path, sheet, MAX_CSV_BYTES, MAX_LOCALITIES)
    _check_size(source, read)
    allowed, extra = _allowed_columns(model, named)
    aliases = _aliases(model, named, allowed)
    named = tuple(replace(n, column=aliases.get(n.column, n.column)) for n in named)
    everything = (*allowed, *(c for c in extra_columns if c not in allowed))
    written = known_header(read.header, everything)
    problems = _header_problems(source, written, read.numbers[0], model, model_path, named, everything, read)
    if problems:
        raise InputError(problems)
    given, header_as_written = _given(read, written, aliases), tuple(read.header)
    read = read.without({i for i, h in enumerate(written) if h not in allowed})
    header = known_header(read.header, allowed)
    if len(read.rows) == 1:
        raise bad_input(
            source,
            read.row_place(read.numbers[0]),
            "the locality table has no rows",
            "one row per locality",
        )
    layout = _layout(source, header, model, named, allowed, extra, read)
    table = _Reader(layout, read.numbers[1:], read.rows[1:]).table(path)
    frame = table.frame
    if aliases:  # every spelling asked for, so that each lookup is by exact name
        frame = frame.assign(**{alias: frame[column] for alias, column in aliases.items()})
    return replace(table, frame=frame, sheet=read.sheet, header=header_as_written, given=given)


def _check_size(source: str, read: Rows) -> None:
    """A table with a header and at most MAX_LOCALITIES rows."""
    if len(read.rows) - 1 > MAX_LOCALITIES:
        raise bad_input(
            source,
            "",
            f"the table has {len(read.rows) - 1:,}{'' if read.sheet is None else ' or more'} rows",
            f"at most {MAX_LOCALITIES:,} localities (see README)",
        )
    if not read.rows:
        raise bad_input(
            source,
            "" if read.sheet is None else f"sheet '{read.sheet}'",
            f"the {'file' if read.sheet is None else 'sheet'} has no header and no rows",
            f"a header {'line' if read.sheet is None else 'row'} starting '{NAME},{IN_POST},...'",
        )


def _allowed_columns(
    model: CaseloadModel, named: tuple[NamedColumn, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every column a file may have for this model and scenario, each once (the first spelling of
    names that fold alike), and the scenario's own among them."""
    count_columns = expected_columns(model)
    fixed = once(
        (
            NAME,
            IN_POST,
            *count_columns,
            TOTAL,
            *factor_columns(model),
            *in_post_columns(model),
            *OPTIONAL,
            *text_columns(model),
        )
    )
    allowed = once((*fixed, *(n.column for n in named)))
    return allowed, allowed[len(fixed) :]


def _aliases(
    model: CaseloadModel, named: tuple[NamedColumn, ...], allowed: tuple[str, ...]
) -> dict[str, str]:
    """Names the model's multipliers or the scenario ask for in another spelling than the column
    they fold to (`Deprivation` for the model's `deprivation`) -> that column."""
    column = {folded(c): c for c in allowed}
    asked = [c for factor in model.factors for c in factor.columns()] + [n.column for n in named]
    return {name: column[folded(name)] for name in asked if column[folded(name)] != name}


def _given(read: Rows, written: list[str], aliases: dict[str, str]) -> dict[str, str]:
    """Each name the file's columns answer to (as the tool knows them, and their other spellings
    asked for) -> where the column is."""
    at = {name: i for i, name in enumerate(written) if name}
    given = {name: read.column_place(i, name) for name, i in at.items()}
    return given | {alias: read.column_place(at[c], alias) for alias, c in aliases.items() if c in at}


def _header_problems(
    source: str,
    header: list[str],
    header_line: int,
    model: CaseloadModel,
    model_path: Path | None,
    named: tuple[NamedColumn, ...],
    allowed: tuple[str, ...],
    rows: Rows | None = None,
) -> list[Problem]:
    """Unknown, repeated and missing columns, and named columns that cannot hold numbers.

    `header` holds the names the columns are known by; `rows` (when given) the header as written,
    and the words that place a row and a column (a CSV line, or a sheet's row and column letter)."""
    written = rows.header if rows is not None else header
    line = rows.row_place(header_line) if rows is not None else f"line {header_line}"

    def column_at(i: int, name: str) -> str:
        return f"{line}, " + (rows.column_place(i, name) if rows is not None else f"column '{name}'")

    models_say = (
        f" (set by model file {model_path}, keys 'categories', 'deprivation', 'multipliers' and 'grades')"
    )
    problems = []
    for i, column in enumerate(header):
        if column not in allowed:
            problems.append(
                Problem(
                    source,
                    column_at(i, written[i]),
                    "is not a known column" + did_you_mean(written[i], allowed),
                    f"columns from: {', '.join(allowed)}" + (models_say if model_path else ""),
                )
            )
    problems += collisions(rows if rows is not None else Rows(source, [header_line], [header]))
    for column in (NAME, IN_POST, *expected_columns(model), *factor_columns(model)):
        if column not in header:
            problems.append(
                Problem(
                    source, line, f"column '{column}' is missing", _need(column, model) + f" ('{column}')"
                )
            )
    return problems + _named_problems(source, line, header, written, model, named)


def _named_problems(
    source: str,
    line: str,
    header: list[str],
    written: list[str],
    model: CaseloadModel,
    named: tuple[NamedColumn, ...],
) -> list[Problem]:
    """Columns the scenario names that hold names or text, or that the file lacks though needed."""
    required = (NAME, IN_POST, *expected_columns(model), *factor_columns(model))
    problems = []
    for n in named:
        if n.column == NAME or n.column in text_columns(model):
            holds = "names" if n.column == NAME else "text"
            problems.append(
                Problem(
                    source,
                    f"{line}, column '{n.column}'",
                    f"holds {holds}, but the scenario's key '{n.key}' names it",
                    "a numeric column of 0 or more per locality",
                )
            )
        elif n.required and n.column not in header and n.column not in required:
            problems.append(
                Problem(
                    source,
                    line,
                    f"column '{n.column}' is not in the locality file "
                    f"(the scenario's key '{n.key}' names it)" + did_you_mean(n.column, written),
                    f"a numeric column of 0 or more per locality, from: {', '.join(header)}",
                )
            )
    return problems


def _need(column: str, model: CaseloadModel) -> str:
    """What a missing required column is for, in words."""
    if column == NAME:
        return "a column naming each locality"
    if column == IN_POST:
        return "a column of WTE in post today (a blank cell means not known)"
    if column in factor_columns(model):
        return "a column for each multiplier the model names"
    if model.categories:
        return "a column per case category the model names"
    return "a total caseload column"


@dataclass(frozen=True)
class _Layout:
    """What the header and the model say about each column, for the checks and the frame."""

    source: str
    header: tuple[str, ...]
    allowed: tuple[str, ...]
    count_columns: tuple[str, ...]
    fields: tuple[str, ...]
    """The row model's fields but the name, in order: the frame's columns."""
    text: tuple[str, ...]
    """Text fields (area_code): carried as written."""
    blank_allowed: frozenset[str]
    """Columns whose blank cells mean "not given" (or, for in post, "not known")."""
    filled: tuple[NamedColumn, ...]
    """Named columns every row must fill."""
    grades: tuple[str, ...]
    """The in_post_wte:<grade> columns (given for all grades or none)."""
    row_fields: dict[str, Any]
    """The row model's fields, for `row_model`."""
    rows: Rows
    """The table as read: the words that place a row or a column, and what odd cells held."""

    @cached_property
    def row_model(self) -> type[_RowBase]:
        """The pydantic row model, built when a row needs explaining."""
        return _row_model(self.row_fields)

    @property
    def numeric(self) -> tuple[str, ...]:
        return tuple(f for f in self.fields if f not in self.text)

    def row(self, number: int) -> str:
        return self.rows.row_place(number)

    def column(self, name: str) -> str:
        """A column by the name the tool knows it by (`column C 'caseload'` in a sheet)."""
        return (
            self.rows.column_place(self.header.index(name), name)
            if name in self.header
            else f"column '{name}'"
        )

    def odd(self, position: int, name: str) -> str:
        """What a data cell really held when its text does not say (a date in a number column), or ''."""
        if name not in self.header:
            return ""
        return self.rows.odd.get((position + 1, self.header.index(name)), "")


def _layout(
    source: str,
    header: list[str],
    model: CaseloadModel,
    named: tuple[NamedColumn, ...],
    allowed: tuple[str, ...],
    extra: tuple[str, ...],
    rows: Rows,
) -> _Layout:
    count_columns = expected_columns(model)
    row_fields = _row_fields(count_columns, set(header), model, extra)
    fields = tuple(f for f in row_fields if f != NAME)
    text = tuple(c for c in text_columns(model) if c in fields)
    return _Layout(
        source=source,
        header=tuple(header),
        allowed=allowed,
        count_columns=count_columns,
        fields=fields,
        text=text,
        blank_allowed=frozenset((IN_POST, *OPTIONAL, *extra, *text)),
        filled=tuple(n for n in named if n.required and n.column in header and n.column != NAME),
        grades=in_post_columns(model),
        row_fields=row_fields,
        rows=rows,
    )


def _number_column(cells: pd.Series, blank_ok: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A column's numbers (NaN where blank or unreadable, -0 kept for messages), where it is blank,
    and where it passes: a plain number of 0, or from SMALLEST_CELL to LARGEST_CELL."""
    joined = SEPARATOR.join(cells)
    if len(cells) and ALL_PLAIN.fullmatch(joined):  # the usual case: no cell to look at alone
        blank, plain = np.zeros(len(cells), dtype=bool), np.ones(len(cells), dtype=bool)
        unsigned = cells.str.removeprefix("+") if "+" in joined else cells
    else:
        blank = np.array(cells == "", dtype=bool)
        plain = np.array(cells.str.fullmatch(PLAIN_NUMBER), dtype=bool)
        unsigned = cells.where(plain).str.removeprefix("+")
    # pandas reads "+x" a little differently from "x" (and from pydantic): the sign goes first
    values = np.array(pd.to_numeric(unsigned, errors="coerce"), dtype=float)
    zeros = np.flatnonzero(plain & (values == 0))
    signed = [i for i in zeros if cells.iat[i].startswith("-")]
    values[signed] = -0.0  # pydantic reads "-0" as -0.0, as messages show it; the frame stores 0.0
    with np.errstate(invalid="ignore"):
        ok = plain & (values >= 0) & (values <= LARGEST_CELL) & ~((values > 0) & (values < SMALLEST_CELL))
    return values, blank, ok | (blank & blank_ok)


class _Reader:
    """The data rows of one file, checked column by column; problems are kept by row, in file order."""

    def __init__(self, layout: _Layout, numbers: list[int], rows: list[list[str]]) -> None:
        self.layout = layout
        self.problems: dict[int, list[Problem]] = {}
        width = len(layout.header)
        lengths = list(map(len, rows))
        fits = [i for i, length in enumerate(lengths) if length == width]
        for i, length in enumerate(lengths):
            if length != width:
                self._add(i, layout.row(numbers[i]), f"has {length} cells", f"{width}, one per header column")
        self.numbers = np.asarray(numbers)[fits]
        kept = rows if len(fits) == len(rows) else [rows[i] for i in fits]
        by_column = zip(*kept, strict=True) if kept else [()] * width
        self.cells = {
            h: pd.Series(list(map(str.strip, column)), dtype=object)
            for h, column in zip(layout.header, by_column, strict=True)
        }
        self.positions = np.asarray(fits, dtype=int)

    def _add(self, row: int, where: str, what: str, expected: str) -> None:
        self.problems.setdefault(row, []).append(Problem(self.layout.source, where, what, expected))

    def _label(self, i: int) -> str:
        return f"{self.layout.row(self.numbers[i])} (locality '{self.names[i]}')"

    def table(self, path: Path) -> LocalityTable:
        """The checked frame; every problem found, in file order, when there is any."""
        self._read_columns()
        self._explain_failures()
        kept = self._unique()
        self._check_rows(kept)
        if self.problems:
            raise InputError([p for row in sorted(self.problems) for p in self.problems[row]])
        return LocalityTable(path, self._frame(kept), self.layout.count_columns, self._lines(kept))

    def _read_columns(self) -> None:
        """Parse every numeric column at once; flag the rows that fail any cell check."""
        n = len(self.numbers)
        self.names = self.cells[NAME].tolist()
        self.values: dict[str, np.ndarray] = {}
        self.blank: dict[str, np.ndarray] = {}
        self.failed = ~np.fromiter(map(bool, self.names), dtype=bool, count=n)
        for field in self.layout.numeric:
            if field in self.cells:
                values, blank, ok = _number_column(self.cells[field], field in self.layout.blank_allowed)
                self.failed |= ~ok
            else:
                values, blank = np.full(n, np.nan), np.ones(n, dtype=bool)
            self.values[field], self.blank[field] = values, blank
        self.text = {f: [c or None for c in self.cells[f].tolist()] for f in self.layout.text}
        if "floor_wte" in self.cells and "ceiling_wte" in self.cells:
            with np.errstate(invalid="ignore"):
                self.failed |= self.values["floor_wte"] > self.values["ceiling_wte"]

    def _explain_failures(self) -> None:
        """Each flagged row through the pydantic row model: its problems, or (a cell the fast path
        does not read, such as `1_000`) its values."""
        self.valid = ~self.failed
        for i in np.flatnonzero(self.failed):
            raw = {h: self.cells[h].iat[i] for h in self.layout.header}
            values = {k: (None if v == "" and k in self.layout.blank_allowed else v) for k, v in raw.items()}
            label = f"{self.layout.row(self.numbers[i])} (locality '{raw.get(NAME, '')}')"
            try:
                record = self.layout.row_model.model_validate(values).model_dump()
            except ValidationError as exc:
                found = problems_from(
                    exc,
                    self.layout.source,
                    lambda loc, label=label: f"{label}, {self.layout.column(str(loc[0]))}" if loc else label,
                    self.layout.allowed,
                )
                position = int(self.positions[i])
                errors = exc.errors(include_url=False)
                self.problems.setdefault(position, []).extend(
                    self._odd(position, error, problem) for error, problem in zip(errors, found, strict=True)
                )
                continue
            self._accept(i, record)

    def _odd(self, position: int, error: Any, problem: Problem) -> Problem:
        """A cell whose text hides what it held (a date read as a count) says what it was."""
        held = self.layout.odd(position, str(error["loc"][0])) if error["loc"] else ""
        return replace(problem, what=f"is {held}") if held else problem

    def _accept(self, i: int, record: dict[str, Any]) -> None:
        """A flagged row that pydantic accepts: its values as pydantic read them."""
        self.valid[i] = True
        for field in self.layout.numeric:
            value = record[field]
            self.values[field][i] = np.nan if value is None else value
            self.blank[field][i] = value is None
        for field in self.layout.text:
            self.text[field][i] = record[field]

    def _unique(self) -> np.ndarray:
        """Valid rows whose names (ignoring case and spaces) no earlier valid row has."""
        rows = np.flatnonzero(self.valid)
        keys = pd.Series(_normalised_all(self._names_at(rows)), index=rows, dtype=object)
        repeats = keys.duplicated(keep="first").to_numpy()
        first = pd.Series(rows[~repeats], index=keys[~repeats].to_numpy())
        for i, key in zip(rows[repeats], keys[repeats], strict=True):
            j = int(first[key])
            self._add(
                int(self.positions[i]),
                self._label(i),
                f"repeats locality '{self.names[j]}' from {self.layout.row(self.numbers[j])}",
                "each locality once (names are compared ignoring case and spaces)",
            )
        return rows[~repeats]

    def _check_rows(self, kept: np.ndarray) -> None:
        """Per-row checks across columns, in the order a row's problems are listed."""
        for n in self.layout.filled:
            for i in kept[self.blank[n.column][kept]]:
                self._add(
                    int(self.positions[i]),
                    f"{self._label(i)}, {self.layout.column(n.column)}",
                    "is blank",
                    f"a number of 0 or more in every row (the scenario's key '{n.key}' names it)",
                )
        if TOTAL in self.values and TOTAL not in self.layout.count_columns:
            self._check_total(kept)
        self._check_grades(kept)

    def _check_total(self, kept: np.ndarray) -> None:
        """A caseload column beside the categories must equal their sum."""
        total = np.zeros(len(kept))
        for column in self.layout.count_columns:
            total = total + self.values[column][kept]
        given = self.values[TOTAL][kept]
        for i, stated, added in zip(*_disagree(kept, given, total, total), strict=True):
            self._add(
                int(self.positions[i]),
                f"{self._label(i)}, {self.layout.column(TOTAL)}",
                f"is {stated:g} but the category counts add to {added:g}",
                "the sum of the category columns, or no caseload column",
            )

    def _check_grades(self, kept: np.ndarray) -> None:
        """In post by grade: for all grades or none, adding up to in_post_wte (which it then needs)."""
        if not self.layout.grades:
            return
        blank = np.column_stack([self.blank[c][kept] for c in self.layout.grades])
        given, partly = ~blank.all(axis=1), blank.any(axis=1)
        for i in kept[given & partly]:
            self._add(
                int(self.positions[i]),
                self._label(i),
                "gives in-post WTE for some grades only",
                "all grades, or none",
            )
        full = given & ~partly
        added = np.zeros(len(kept))
        for column in self.layout.grades:
            added = added + np.nan_to_num(self.values[column][kept])
        unknown = full & self.blank[IN_POST][kept]
        for i, by_grade in zip(kept[unknown], added[unknown], strict=True):
            self._add(
                int(self.positions[i]),
                f"{self._label(i)}, {self.layout.column(IN_POST)}",
                f"is blank (not known) but in-post by grade adds to {by_grade:g}",
                "the sum of the in_post_wte:<grade> columns, or every in-post cell of the row blank",
            )
        checked = full & ~unknown
        in_post = self.values[IN_POST][kept][checked]
        found = _disagree(kept[checked], in_post, added[checked], in_post)
        for i, stated, by_grade in zip(*found, strict=True):
            self._add(
                int(self.positions[i]),
                f"{self._label(i)}, {self.layout.column(IN_POST)}",
                f"is {stated:g} but in-post by grade adds to {by_grade:g}",
                "the sum of the in_post_wte:<grade> columns",
            )

    def _frame(self, kept: np.ndarray) -> pd.DataFrame:
        """The frame the row-by-row reader built: floats (+0.0, never -0.0), NaN where a blank sits
        among numbers, and None throughout a column left wholly blank (in post: NaN, not known)."""
        data: dict[str, Any] = {}
        for field in self.layout.fields:
            if field in self.layout.text:
                data[field] = [self.text[field][i] for i in kept]
                continue
            values, blank = self.values[field][kept] + 0.0, self.blank[field][kept]
            wholly_blank = field != IN_POST and blank.all()
            data[field] = np.full(len(kept), None, dtype=object) if wholly_blank else values
        index = pd.Index(self._names_at(kept), name=NAME)
        return pd.DataFrame(data, index=index)

    def _lines(self, kept: np.ndarray) -> dict[str, int]:
        return dict(zip(self._names_at(kept), self.numbers[kept].tolist(), strict=True))

    def _names_at(self, rows: np.ndarray) -> list[str]:
        """The names of these rows (ascending positions): the whole list when they are every row."""
        return self.names if len(rows) == len(self.names) else [self.names[i] for i in rows.tolist()]


def _disagree(
    rows: np.ndarray, stated: np.ndarray, added: np.ndarray, scale: np.ndarray
) -> tuple[np.ndarray, list[float], list[float]]:
    """Rows where a stated total differs from the sum of its parts by more than 1e-9 of `scale`
    (or of 1): the row-by-row reader's tolerance, term for term."""
    wrong = np.abs(stated - added) > 1e-9 * np.maximum(1.0, scale)
    return rows[wrong], stated[wrong].tolist(), added[wrong].tolist()
