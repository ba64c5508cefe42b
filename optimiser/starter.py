"""`establishment new`: a starter scenario and locality workbook for a model, so nobody writes YAML
or guesses column names from nothing.

The workbook's columns are the ones the locality reader expects for the model (the same
functions decide both), with one example row and an Instructions sheet. The scenario refers to
the model by a path relative to the new folder, as the shipped examples do, rather than copying
it: the model stays one file, so a corrected weight reaches every scenario that uses it and the
board paper's provenance shows the same model by the same hash.
"""

import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from optimiser.errors import bad_input
from optimiser.inputs.caseload_model import CaseloadModel, load_caseload_model
from optimiser.inputs.factors import Factor, Measure
from optimiser.inputs.localities import (
    IN_POST,
    NAME,
    TOTAL,
    expected_columns,
    in_post_columns,
)
from optimiser.inputs.suggest import did_you_mean
from optimiser.render.workbook import print_setup, wrap_row

SCENARIO, WORKBOOK, SHEET = "scenario.yaml", "localities.xlsx", "Localities"
MODELS = Path(__file__).resolve().parent.parent / "models"
"""The shipped models beside an editable install; `models/` in the working folder comes first, which
is where they are for an ordinary install run from the repository (the README's quick start)."""
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


def model_path(given: str) -> Path:
    """A model file by its path, or a shipped model by its name (`health-visiting-count`)."""
    path = Path(given)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return path
    folders = [folder for folder in (Path("models"), MODELS) if folder.is_dir()]
    for folder in folders:
        if (folder / f"{given}.yaml").is_file():
            return folder / f"{given}.yaml"
    names = sorted({p.stem for folder in folders for p in folder.glob("*.yaml")})
    raise bad_input(
        given,
        "option --model",
        "is neither a model file nor the name of a shipped model" + did_you_mean(given, names),
        "a model YAML path such as models/health-visiting-count.yaml"
        + (f", or one of: {', '.join(names)}" if names else ""),
    )


def starter_files(model_file: Path, folder: Path) -> dict[str, bytes]:
    """The scenario and the workbook for `model_file`, by file name, ready to write into `folder`."""
    model = load_caseload_model(model_file)
    columns = locality_columns(model)
    return {
        SCENARIO: scenario_text(model, _reference(model_file, folder)).encode("utf-8"),
        WORKBOOK: workbook_bytes(model, columns),
    }


def _reference(model_file: Path, folder: Path) -> str:
    """The model's path as the scenario gives it: relative to the scenario's folder, as the examples
    give theirs, unless the two share nothing but the root (then the absolute path)."""
    model, home = model_file.resolve(), folder.resolve()
    shared = Path(os.path.commonpath([model, home])) if model.anchor == home.anchor else None
    if shared is None or shared == Path(shared.anchor):  # nothing shared but the root: absolute
        return model.as_posix()
    return Path(os.path.relpath(model, home)).as_posix()


def locality_columns(model: CaseloadModel) -> list[Column]:
    """Every column the reader expects for the model, then the optional ones, explained."""
    unit, staff = model.case_unit, model.staff_title
    caseload_source = "the caseload report of the clinical system, counted on the data date" + (
        " (cases seen over a year)" if model.episode_months else " (cases held on that date)"
    )
    counts = expected_columns(model)
    caseload = _example_caseload(model)
    columns = [
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
            f"whole-time equivalent {staff}s in post today; a blank cell means not known, not 0",
            "ESR or the workforce team's establishment report, on the data date",
            EXAMPLE_IN_POST,
        ),
    ]
    if model.categories:
        shares = _split(caseload, len(counts))
        for category, share in zip(model.categories, shares, strict=True):
            meaning = category.description or f"{unit} in the category '{category.name}'"
            columns.append(
                Column(
                    category.name,
                    "yes",
                    unit,
                    f"{meaning} (weight {category.weight:g})",
                    caseload_source,
                    share,
                )
            )
    else:
        columns.append(Column(TOTAL, "yes", unit, f"{unit} on the caseload", caseload_source, caseload))
    for factor in model.factors:
        columns.extend(_factor_columns(factor, caseload))
    for column in in_post_columns(model):
        grade = column.split(":", 1)[1]
        columns.append(
            Column(
                column,
                "no (add the column)",
                "WTE",
                f"WTE in post of the grade '{grade}': all grades or none, adding up to {IN_POST}",
                "ESR, by grade",
                in_sheet=False,
            )
        )
    columns += [
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
    ]
    return columns


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


def _factor_columns(factor: Factor, caseload: int) -> list[Column]:
    """The columns a multiplier reads, with a value inside its range for the example row."""
    rule = factor.description or factor.rule()
    source = "see the model file's sources (for deprivation: the English Indices of Deprivation, by area)"
    if factor.measure is Measure.QUINTILE_COUNTS:
        share = caseload // 5
        return [
            Column(
                column, "yes", "cases", f"{factor.name}: cases living in quintile {q} ({rule})", source, share
            )
            for q, column in enumerate(factor.columns(), start=1)
        ]
    meaning = f"{factor.name}, a {factor.measure}: {factor.expected()} ({rule})"
    return [Column(factor.column, "yes", str(factor.measure), meaning, source, _inside(factor))]


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


def workbook_bytes(model: CaseloadModel, columns: list[Column]) -> bytes:
    """The Localities sheet (header and one example row) and the Instructions sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    shown = [c for c in columns if c.in_sheet]
    sheet.append([c.name for c in shown])
    sheet.append([c.example for c in shown])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, column in enumerate(shown, start=1):
        widest = max(len(column.name), len(str(column.example)))
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(12, widest + 2)
    sheet.freeze_panes = "A2"
    print_setup(sheet)
    notes = book.create_sheet("Instructions")
    notes.append([f"Locality data for the model '{model.name}'"])
    notes["A1"].font = Font(bold=True, size=13)
    for line in (
        f"One row per locality on the '{SHEET}' sheet; replace the example row. Keep the header row: "
        "headers may differ in case, spaces and underscores ('In Post WTE' is in_post_wte).",
        "Numbers are plain numbers (no units, commas or % signs). A formula is fine once the workbook "
        "is saved in Excel or LibreOffice (its worked-out value is read). Dates, true/false and "
        "error cells (#DIV/0!) in number columns are refused with their cell named.",
        f"Count every column on the same date and give it as data_date in {SCENARIO}, with the "
        "sources of the figures under sources.",
    ):
        notes.append([line])
    notes.append([])
    notes.append(["Column", "Required", "Unit", "Meaning", "Where to get it"])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    for column in columns:
        notes.append([column.name, column.required, column.unit, column.meaning, column.source])
    widths = (26, 22, 12, 70, 50)
    for letter, width in zip("ABCDE", widths, strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=7):  # the column table: wrapped, each row as tall as its text
        cells = [(cell.column, cell.value, width) for cell, width in zip(row, widths, strict=False)]
        wrap_row(notes, row[0].row, cells)
    print_setup(notes, title_rows=None)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def scenario_text(model: CaseloadModel, model_ref: str) -> str:
    """A scenario that plans as written: the model's cap and cost where it has them, else stated
    ILLUSTRATIVE placeholders, and a comment per key saying what to change."""
    cost = model.grades[0].cost_per_wte if model.grades else model.cost_per_wte
    figures = []
    if model.cap is None:
        figures.append(
            f"cap: {PLACEHOLDER_CAP}  # ILLUSTRATIVE placeholder: the most weighted {model.case_unit} per WTE"
        )
    else:
        figures.append(f"# cap: {model.cap:g}  # the model's cap is used; set it here to use another")
    if cost is None:
        figures.append(
            f"cost_per_wte: {PLACEHOLDER_COST}  # ILLUSTRATIVE placeholder: pounds a year, with on-costs"
        )
    else:
        figures.append(f"# cost_per_wte: {cost:g}  # the model's is used; set it here to use another")
    placeholders = [f for f in figures if "ILLUSTRATIVE" in f]
    sources = "\n".join(
        f"  {f.split(':')[0]}: ILLUSTRATIVE placeholder written by 'establishment new'; replace it"
        for f in placeholders
    )
    return (
        f"""\
# Written by 'establishment new' on {date.today().isoformat()} for the model '{model.name}'.
# Fill in {WORKBOOK} (its Instructions sheet says what each column means), then:
#   establishment validate {SCENARIO}
#   establishment plan {SCENARIO}
# Paths are relative to this file. The README's "Scenario files" lists every key.
name: New scenario, {model.staff_title} establishment
description: Replace with the question this scenario answers.
model: {_yaml_text(model_ref)}
localities: {WORKBOOK}
localities_sheet: {SHEET}
{chr(10).join(figures)}
objective: min-cost
data_date: Replace with the date the locality figures were counted
sources:
  localities: Replace with where the locality figures come from
{sources}
""".rstrip("\n")
        + "\n"
    )


def _yaml_text(text: str) -> str:
    """A path as a YAML string: quoted, so a path like `no` or `1.0` stays text."""
    return "'" + text.replace("'", "''") + "'"
