"""The workbook's Inputs sheet: every figure a plan sheet's formulas use, as a named cell with its
label, unit and source, one block per option (`opt1_cap`, `opt2_cost_health_visitor`, ...), so
finance can change a cap or a cost and watch the plan sheets recalculate."""

import re
from dataclasses import dataclass

from optimiser.planning.results import Option
from optimiser.render.workbook import COUNT, MONEY, Formula, Note, Sheet

SHARE = "0.0%"
FACTOR = "0.0000"
NAME_PART_LENGTH = 200
"""Excel's defined names hold at most 255 characters; a grade's part of one is cut to this."""
HEADERS = ["Option", "Input", "Value", "Unit", "Name", "Source"]


@dataclass(frozen=True)
class InputNames:
    """The defined names of one option's inputs, for the formulas of its plan sheet."""

    cap: str
    costs: tuple[str, ...]
    """Cost per WTE of each grade, main grade first."""
    capacities: tuple[str, ...]
    """Capacity per WTE of each grade (its share of a full caseload), main grade first."""
    budget: str | None


def name_part(text: str) -> str:
    """Text as part of an Excel defined name: lower case letters, digits and underscores."""
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")[:NAME_PART_LENGTH] or "grade"


def _grade_parts(grades: tuple[str, ...]) -> list[str]:
    """A distinct name part for each grade (numbered where two would read the same)."""
    parts: list[str] = []
    for i, grade in enumerate(grades, start=1):
        part = name_part(grade)
        parts.append(f"{part}_{i}" if part in parts else part)
    return parts


def _source(option: Option, *keys: str) -> str:
    inputs = option.prepared.inputs
    return next((s for s in map(inputs.source_of, keys) if s), "")


def _budget_words(option: Option) -> str:
    return next((a.value for a in option.plan.assumptions if a.label == "Budget"), "")


def option_rows(
    number: int, label: str, option: Option, first_row: int
) -> tuple[list, list, list, InputNames]:
    """One option's rows of the Inputs sheet (from row index `first_row`), their number formats,
    their defined names (name, row index, column 2) and the names the plan sheet refers to."""
    inputs, data, plan = option.prepared.inputs, option.prepared.data, option.plan
    model, unit = inputs.model, plan.case_unit
    prefix = f"opt{number}_"
    rows: list[list[object]] = []
    formats: list[str | None] = []
    names: list[tuple[str, int, int]] = []

    def add(what: str, value: object, shown_in: str, fmt: str, name: str, source: str) -> None:
        names.append((prefix + name, first_row + len(rows), 2))
        rows.append([label, what, value, shown_in, prefix + name, source])
        formats.append(fmt)

    add("Cap", plan.cap, f"weighted {unit} per WTE", COUNT, "cap", _source(option, "cap"))
    add(
        "Non-clinical time",
        model.non_clinical_percent / 100,
        "share of a WTE's time",
        SHARE,
        "non_clinical",
        _source(option, "non_clinical_percent"),
    )
    add(
        "Headroom",
        model.headroom_percent / 100,
        "uplift on WTE (leave, sickness, training)",
        SHARE,
        "headroom",
        _source(option, "headroom_percent"),
    )
    grade_names = tuple(g.name for g in data.grades)
    factors = [g.capacity for g in model.grades] or [1.0]
    several = len(grade_names) > 1
    costs, capacities = [], []
    for i, (grade, part) in enumerate(zip(data.grades, _grade_parts(grade_names), strict=True)):
        suffix = f"_{part}" if several else ""
        cost_source = _source(option, "cost_per_wte", "grades") if i == 0 else _source(option, "grades")
        of = f" ({grade.name})" if several else ""
        add(
            f"Cost per WTE{of}",
            grade.cost_per_wte,
            "£ a year, with on-costs",
            MONEY,
            f"cost{suffix}",
            cost_source,
        )
        costs.append(f"{prefix}cost{suffix}")
        add(
            f"Capacity factor{of}",
            factors[i],
            f"of a {data.grades[0].name} WTE" if several else "of a full WTE",
            FACTOR,
            f"factor{suffix}",
            _source(option, "grades") if several else "",
        )
        rule = f"{prefix}factor{suffix}*(1-{prefix}non_clinical)/(1+{prefix}headroom)"
        add(
            f"Capacity per WTE{of}",
            Formula(rule),
            "share of the cap one WTE holds: factor x (1 - non-clinical) / (1 + headroom)",
            FACTOR,
            f"capacity{suffix}",
            "calculated",
        )
        capacities.append(f"{prefix}capacity{suffix}")
    budget = None
    if plan.budget is not None:
        words = _budget_words(option)
        source = "; ".join(filter(None, [words, _source(option, "budget")]))
        add("Budget", plan.budget, "£ a year", MONEY, "budget", source)
        budget = f"{prefix}budget"
    return rows, formats, names, InputNames(f"{prefix}cap", tuple(costs), tuple(capacities), budget)


def inputs_sheet(labels: list[str], options: list[Option]) -> tuple[Sheet, list[InputNames]]:
    """The Inputs sheet, one block of named cells per option, and each option's names."""
    rows: list[list[object]] = []
    formats: list[str | None] = []
    names: list[tuple[str, int, int]] = []
    found = []
    for number, (label, option) in enumerate(zip(labels, options, strict=True), start=1):
        block, block_formats, block_names, option_names = option_rows(number, label, option, len(rows))
        rows += block
        formats += block_formats
        names += block_names
        found.append(option_names)
    sheet = Sheet(
        "Inputs",
        HEADERS,
        rows,
        [None] * len(HEADERS),
        row_formats=formats,
        names=tuple(names),
        notes=(
            Note(
                "Change a value in column C and every plan sheet recalculates what rests on it (required "
                "WTE, cost, loads); the establishment planned by the optimiser stays as planned: run "
                "`establishment report` again to re-plan."
            ),
        ),
    )
    return sheet, found
