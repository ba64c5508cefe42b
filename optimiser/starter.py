"""`establishment new`: a starter scenario and locality workbook for a model, so nobody writes YAML
or guesses column names from nothing.

The workbook's columns are the ones the locality reader expects for the model (the same
functions decide both), with one example row and an Instructions sheet. The folder is
self-contained, so it plans the same wherever it is moved or shared: the scenario names a shipped
model by its name (`model: health-visiting`, found in the installed package from any folder), and
carries a copy of any other model (`model.yaml` beside it); never an absolute path.
"""

import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from optimiser.errors import InputError, Problem, bad_input
from optimiser.inputs import shipped
from optimiser.inputs.caseload_model import CaseloadModel, Category, load_caseload_model
from optimiser.inputs.factors import Factor, Measure
from optimiser.inputs.localities import IN_POST, NAME, TOTAL, expected_columns, in_post_columns
from optimiser.inputs.spreadsheet import EXCEL_ERRORS
from optimiser.inputs.suggest import did_you_mean, folded
from optimiser.inputs.yamlio import CoreResolver
from optimiser.output.files import current_umask, output_failed, staged
from optimiser.render.text import visible
from optimiser.render.workbook import print_setup, text_cell, wrap_row

SCENARIO, WORKBOOK, SHEET = "scenario.yaml", "localities.xlsx", "Localities"
MODEL_COPY = "model.yaml"
"""The copy of a model that is not shipped, beside the scenario that names it."""
SHEET_KEY = "localities_sheet"
EXAMPLE_IN_POST = 10
"""The example row's WTE in post; its caseload is the cap's worth for that many, before weighting."""
PLACEHOLDER_COST = 40_000
"""Written, marked ILLUSTRATIVE, only when the model has no cost per WTE, so the scenario runs."""
PLACEHOLDER_CAP = 100
"""Written, marked ILLUSTRATIVE, only when the model has no cap."""


@dataclass(frozen=True)
class Column:
    """One locality column as the Instructions sheet explains it, with the example row's value."""

    name: str
    required: str
    unit: str
    meaning: str
    source: str
    example: object = None
    in_sheet: bool = True
    """On the Localities sheet; else only explained, for the user to add."""
    key: str = ""
    """The model key that names the column, for messages ('' for the tool's own columns)."""


def model_path(given: str) -> Path:
    """A model file by its path, or a shipped model by its name (`health-visiting-count`)."""
    if not shipped.is_model_name(given):
        return Path(given)
    found = shipped.model_file(given)
    if found is not None:
        return found
    if Path(given).is_file():  # a model file whose name has no suffix
        return Path(given)
    names = shipped.model_names()
    raise bad_input(
        given,
        "option --model",
        "is neither a model file nor the name of a shipped model" + did_you_mean(given, names),
        "a model YAML path such as my-model.yaml"
        + (f", or one of: {', '.join(names)} (`establishment models` lists them)" if names else ""),
    )


def starter_files(model_file: Path, folder: Path) -> dict[str, bytes]:
    """The scenario and the workbook for `model_file`, by file name, ready to write into `folder`.
    A model whose column names no workbook can carry to the locality reader is refused (exit 2)."""
    model = load_caseload_model(model_file)
    columns = locality_columns(model)
    problems = header_problems(str(model_file), columns)
    if problems:
        raise InputError(problems)
    name = shipped.shipped_name(model_file)
    files = {
        SCENARIO: scenario_text(model, name or MODEL_COPY).encode("utf-8"),
        WORKBOOK: workbook_bytes(model, columns),
    }
    return files if name else {**files, MODEL_COPY: model_file.read_bytes()}


def write_starter(files: dict[str, bytes], folder: Path) -> None:
    """Write `files` into `folder` all or nothing: a new folder (and any missing parents) is built
    beside its place and renamed into it; in an existing folder each file is written beside its
    place, then all are renamed in. On any failure, Ctrl-C included, nothing is left behind."""
    present = [name for name in files if os.path.lexists(folder / name)]
    if present:
        raise bad_input(
            str(folder),
            "",
            f"already holds {' and '.join(present)}; nothing was written",
            "a new folder, or one without " + " or ".join(files),
        )
    if os.path.lexists(folder) and not folder.is_dir():
        raise bad_input(str(folder), "", "is a file, not a folder", "a folder for the starter files")
    made = _missing_parents(folder.parent)
    try:
        if folder.is_dir():
            _into_existing(files, folder)
        else:
            _into_new(files, folder)
    except BaseException as exc:
        for directory in reversed(made):  # innermost first
            shutil.rmtree(directory, ignore_errors=True)
        if isinstance(exc, OSError):
            raise output_failed(folder, exc) from None
        raise


def _missing_parents(directory: Path) -> list[Path]:
    """Create `directory` and its missing parents; return those made, outermost first."""
    missing = []
    while not directory.is_dir():
        if os.path.lexists(directory):
            raise bad_input(str(directory), "", "is a file, not a folder", "a folder for the starter files")
        missing.append(directory)
        directory = directory.parent
    made: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except OSError as exc:
            for done in reversed(made):
                done.rmdir()
            raise bad_input(
                str(path), "", f"cannot be created ({exc.strerror})", "a folder you can write"
            ) from None
        made.append(path)
    return made


def _into_new(files: dict[str, bytes], folder: Path) -> None:
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; this is an ordinary folder
        os.rename(staging, folder)  # refused if the folder appeared meanwhile and holds anything
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _into_existing(files: dict[str, bytes], folder: Path) -> None:
    temporaries: dict[Path, Path] = {}
    placed: list[Path] = []
    try:
        for name, data in files.items():
            temporaries[folder / name] = staged(folder / name, data)
        for path, temporary in temporaries.items():
            os.replace(temporary, path)
            placed.append(path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def locality_columns(model: CaseloadModel) -> list[Column]:
    """Every column the reader expects for the model, then the optional ones, explained."""
    caseload = _example_caseload(model)
    columns = [*_named_columns(model), *_caseload_columns(model, caseload)]
    read = {folded(c.name) for c in columns}
    # Multipliers may share a column: it is written once, with the value of the most particular
    # measure (a quintile's 3 is a score too; a score's 10 is no quintile).
    narrowest: dict[str, Factor] = {}
    for _, factor in sorted(model.factor_keys(), key=lambda kf: _particular(kf[1]), reverse=True):
        if factor.measure is not Measure.QUINTILE_COUNTS:
            narrowest |= {folded(c): factor for c in factor.columns()}
    for key, factor in model.factor_keys():
        shared = [
            c
            if factor.measure is Measure.QUINTILE_COUNTS
            else replace(c, example=_inside(narrowest[folded(c.name)]))
            for c in _factor_columns(factor, caseload, f"{key}.column")
            if folded(c.name) not in read
        ]
        read |= {folded(c.name) for c in shared}
        columns.extend(shared)
    return [*columns, *_grade_columns(model), *BOUND_COLUMNS]


def _particular(factor: Factor) -> int:
    """How narrow the values a factor accepts are: quintiles, deciles, bands, then a linear score."""
    order = {Measure.QUINTILE: 0, Measure.DECILE: 1}
    return order.get(factor.measure, 2 if factor.linear is None else 3)


def _named_columns(model: CaseloadModel) -> list[Column]:
    """The locality's name and its WTE in post."""
    return [
        Column(
            NAME,
            "yes",
            "text",
            "the locality's name; each locality once (case and spaces ignored)",
            "the service's list of localities, teams or networks",
            "Example locality",
        ),
        Column(
            IN_POST,
            "yes (cells may be blank)",
            "WTE",
            f"whole-time equivalent {model.staff_title}s in post today; a blank cell means not known, not 0",
            "ESR or the workforce team's establishment report, on the data date",
            EXAMPLE_IN_POST,
        ),
    ]


def _caseload_columns(model: CaseloadModel, caseload: int) -> list[Column]:
    """The caseload: one column per case category, or the total."""
    unit = model.case_unit
    caseload_source = "the caseload report of the clinical system, counted on the data date" + (
        " (cases seen over a year)" if model.episode_months else " (cases held on that date)"
    )
    if not model.categories:
        return [Column(TOTAL, "yes", unit, f"{unit} on the caseload", caseload_source, caseload)]
    shares = _split(caseload, len(expected_columns(model)))
    return [
        Column(
            category.name,
            "yes",
            unit,
            f"{_meaning(category, unit)} (weight {category.weight:g})",
            caseload_source,
            share,
            key=f"categories.{i}.name",
        )
        for i, (category, share) in enumerate(zip(model.categories, shares, strict=True))
    ]


def _meaning(category: Category, unit: str) -> str:
    return category.description or f"{unit} in the category '{category.name}'"


def _grade_columns(model: CaseloadModel) -> list[Column]:
    """WTE in post by grade: one optional column per grade, in the model's order."""
    return [
        Column(
            column,
            "no (add the column)",
            "WTE",
            f"WTE in post of the grade '{model.grades[i].name}': all grades or none, adding up to {IN_POST}",
            "ESR, by grade",
            in_sheet=False,
            key=f"grades.{i}.name",
        )
        for i, column in enumerate(in_post_columns(model))
    ]


BOUND_COLUMNS = (
    Column(
        "floor_wte",
        "no",
        "WTE",
        "the plan may not give this locality fewer WTE; blank: no floor",
        "a decision of the service or the board",
    ),
    Column(
        "ceiling_wte",
        "no",
        "WTE",
        "the plan may not give this locality more WTE; blank: no ceiling",
        "a decision of the service or the board",
    ),
)
"""The optional bounds a locality may give."""


def _split(caseload: int, parts: int) -> list[int]:
    """The example caseload by category: most in the first (the universal or standard cases), the
    rest shared equally, as a caseload usually is."""
    if parts == 1:
        return [caseload]
    rest = max(1, caseload // 10 // (parts - 1))
    return [caseload - rest * (parts - 1)] + [rest] * (parts - 1)


def _example_caseload(model: CaseloadModel) -> int:
    """Cases for the example row: about what EXAMPLE_IN_POST WTE hold at the cap."""
    cap = model.cap if model.cap is not None else PLACEHOLDER_CAP
    return max(5, round(cap * EXAMPLE_IN_POST / model.at_once_factor))


def _factor_columns(factor: Factor, caseload: int, key: str) -> list[Column]:
    """The columns a multiplier reads, with a value inside its range for the example row."""
    rule = factor.description or factor.rule()
    source = "see the model file's sources (for deprivation: the English Indices of Deprivation, by area)"
    if factor.measure is Measure.QUINTILE_COUNTS:
        share = caseload // 5
        return [
            Column(
                column,
                "yes",
                "cases",
                f"{factor.name}: cases living in quintile {q} ({rule})",
                source,
                share,
                key=key,
            )
            for q, column in enumerate(factor.columns(), start=1)
        ]
    meaning = f"{factor.name}, a {factor.measure}: {factor.expected()} ({rule})"
    return [Column(factor.column, "yes", str(factor.measure), meaning, source, _inside(factor), key=key)]


def _inside(factor: Factor) -> float:
    """A value the factor accepts: the middle of a decile or quintile, of the first band, or the
    score at which a linear multiplier is 1 (0 when that is below 0)."""
    if factor.measure is Measure.DECILE:
        return 5
    if factor.measure is Measure.QUINTILE:
        return 3
    if factor.linear is not None:
        slope, intercept = factor.linear.slope, factor.linear.intercept
        at_one = (1 - intercept) / slope if slope else 0.0
        return round(at_one, 2) if at_one > 0 and intercept + slope * round(at_one, 2) > 0 else 0.0
    band = factor.bands[0]
    return (band.lower + band.upper) / 2


NOT_IN_A_WORKBOOK = re.compile(ILLEGAL_CHARACTERS_RE.pattern + r"|[\ud800-\udfff\ufffe\uffff]")
"""Characters a workbook cannot hold: the control characters openpyxl refuses and what XML cannot
hold at all."""


def header_problems(source: str, columns: list[Column]) -> list[Problem]:
    """Column names the starter cannot write as headers the locality reader reads back as the same
    column: characters a workbook cannot hold, an Excel error's text (read as that error), or two
    names the reader takes for one (it ignores case, spaces, underscores and hyphens)."""
    problems = []
    seen: dict[str, Column] = {}
    for column in columns:
        where = f"key '{column.key}'" if column.key else ""
        shown = visible(column.name)
        bad = NOT_IN_A_WORKBOOK.search(column.name)
        if bad:
            problems.append(
                Problem(
                    source,
                    where,
                    f"column '{shown}' holds a character a workbook cannot hold ({visible(bad.group())})",
                    "a column name without control characters",
                )
            )
        elif column.name.strip() in EXCEL_ERRORS:
            problems.append(
                Problem(
                    source,
                    where,
                    f"column '{shown}' would read back from a workbook as an Excel error value",
                    "a column name that is not an Excel error value",
                )
            )
        other = seen.setdefault(folded(column.name), column)
        if other is not column:
            named = f" ({other.key})" if other.key else " (a column the tool reads)"
            problems.append(
                Problem(
                    source,
                    where,
                    f"column '{shown}' is the column '{visible(other.name)}'{named} to the locality reader, "
                    "which ignores case, spaces, underscores and hyphens in headers",
                    "column names that differ in more than these",
                )
            )
    return problems


def workbook_bytes(model: CaseloadModel, columns: list[Column]) -> bytes:
    """The Localities sheet (header and one example row) and the Instructions sheet. Column names
    are written exactly, as the locality reader will read them; other text in its visible form."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    shown = [c for c in columns if c.in_sheet]
    _put_row(sheet, 1, [c.name for c in shown])
    _put_row(sheet, 2, [c.example for c in shown])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, column in enumerate(shown, start=1):
        widest = max(len(column.name), len(str(column.example)))
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(12, widest + 2)
    sheet.freeze_panes = "A2"
    print_setup(sheet)
    _instructions(book.create_sheet("Instructions"), model, columns)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put_row(sheet, row: int, values: list[object]) -> None:
    """A row of cells: text as text (never a formula), numbers as numbers, None left blank."""
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            text_cell(sheet.cell(row, column), value)
        elif value is not None:
            sheet.cell(row, column).value = value


def _instructions(notes, model: CaseloadModel, columns: list[Column]) -> None:
    """What each column means, its unit and where to get it; how to fill the sheet in."""
    _put_row(notes, 1, [visible(f"Locality data for the model '{model.name}'")])
    notes["A1"].font = Font(bold=True, size=13)
    lines = (
        f"One row per locality on the '{SHEET}' sheet; replace the example row. Keep the header row: "
        "headers may differ in case, spaces and underscores ('In Post WTE' is in_post_wte).",
        "Numbers are plain numbers (no units, commas or % signs). A formula is fine once the workbook "
        "is saved in Excel or LibreOffice (its worked-out value is read). Dates, true/false and "
        "error cells (#DIV/0!) in number columns are refused with their cell named.",
        f"Count every column on the same date and give it as data_date in {SCENARIO}, with the "
        "sources of the figures under sources.",
    )
    for row, line in enumerate(lines, start=2):
        _put_row(notes, row, [line])
    table = len(lines) + 3  # after a blank row
    _put_row(notes, table, ["Column", "Required", "Unit", "Meaning", "Where to get it"])
    for cell in notes[table]:
        cell.font = Font(bold=True)
    for row, c in enumerate(columns, start=table + 1):
        _put_row(notes, row, [c.name, *(visible(t) for t in (c.required, c.unit, c.meaning, c.source))])
    widths = (26, 22, 12, 70, 50)
    for letter, width in zip("ABCDE", widths, strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=table + 1):  # the column table: wrapped, rows as tall as their text
        cells = [(cell.column, cell.value, width) for cell, width in zip(row, widths, strict=False)]
        wrap_row(notes, row[0].row, cells)
    print_setup(notes, title_rows=None)


def scenario_keys(model: CaseloadModel, model_ref: str) -> dict[str, object]:
    """The starter scenario's keys and values: the model's cap and cost where it has them, else
    ILLUSTRATIVE placeholders with their sources saying so."""
    cost = model.grades[0].cost_per_wte if model.grades else model.cost_per_wte
    keys: dict[str, object] = {
        "name": f"New scenario, {model.staff_title} establishment",
        "description": "Replace with the question this scenario answers.",
        "model": model_ref,
        "localities": WORKBOOK,
        SHEET_KEY: SHEET,
    }
    placeholders = {}
    if model.cap is None:
        keys["cap"] = placeholders["cap"] = PLACEHOLDER_CAP
    if cost is None:
        keys["cost_per_wte"] = placeholders["cost_per_wte"] = PLACEHOLDER_COST
    keys["objective"] = "min-cost"
    keys["data_date"] = "Replace with the date the locality figures were counted"
    keys["sources"] = {
        "localities": "Replace with where the locality figures come from",
        **dict.fromkeys(placeholders, "ILLUSTRATIVE placeholder written by 'establishment new'; replace it"),
    }
    return keys


NOTES = {
    "model": "A shipped model's name ('establishment models' lists them), or a model file's path "
    "relative to this file.",
    "cap": "ILLUSTRATIVE placeholder: the most weighted cases one WTE may hold. Replace it.",
    "cost_per_wte": "ILLUSTRATIVE placeholder: pounds a year for one WTE, with on-costs. Replace it.",
}
"""A comment above a key: fixed words only, so no text from a model is ever written outside the
YAML emitter."""


def scenario_text(model: CaseloadModel, model_ref: str) -> str:
    """The scenario as YAML that reads back as exactly `scenario_keys`: every value goes through the
    emitter (never spliced into YAML by hand); the comments are fixed words and the model's own
    figures, emitted as YAML and then commented out."""
    cost = model.grades[0].cost_per_wte if model.grades else model.cost_per_wte
    lines = [
        f"# Written by 'establishment new' on {date.today().isoformat()} for the model named under 'model'.",
        f"# Fill in {WORKBOOK} (its Instructions sheet says what each column means), then:",
        f"#   establishment validate {SCENARIO}",
        f"#   establishment plan {SCENARIO}",
        "# Every key is listed under 'Scenario files' in the project's docs/files.md.",
    ]
    for key, value in scenario_keys(model, model_ref).items():
        lines += [f"# {NOTES[key]}"] if key in NOTES else []
        lines.append(yaml_text({key: value}).rstrip("\n"))
        if key == SHEET_KEY:  # then the model's own figures, ready to change
            for figure, given in (("cap", model.cap), ("cost_per_wte", cost)):
                if given is not None:
                    lines.append(f"# The model's {figure} is used; to use another, remove the '# ' below.")
                    lines += ["# " + line for line in yaml_text({figure: _number(given)}).splitlines()]
    return "\n".join(lines) + "\n"


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe emitter, quoting any text that a YAML 1.1 reader or this tool's YAML 1.2 core
    reader would take for a number, true/false or null (`1e5`, `0o17` as well as `yes`)."""


for _first, _pairs in CoreResolver.yaml_implicit_resolvers.items():
    for _tag, _pattern in _pairs:
        _Dumper.add_implicit_resolver(_tag, _pattern, None if _first is None else [_first])

LINE_BREAKS = re.compile(r"[\r\n\x85\u2028\u2029]")
"""Line breaks to YAML: in plain or single-quoted text a reader folds them (one becomes a space)."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Text with a line break in double quotes, where every break is written as an escape."""
    style = '"' if LINE_BREAKS.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)


def yaml_text(data: dict[str, object]) -> str:
    """A mapping as block YAML that reads back exactly: keys in order, Unicode kept, no line folded."""
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000
    )
