"""A plan sheet finance can audit: the optimiser's planned WTE as values, and everything that follows
from them and the inputs (required WTE, change, loads, WTE per 1,000 cases, costs, totals) as live
formulas of the Inputs sheet's named cells. Where WTE in post is not known the cell is blank, and so
is every formula resting on it."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from openpyxl.utils import get_column_letter

from optimiser.planning.plan import Plan
from optimiser.render.workbook import COUNT, MONEY, Formula, Note, Sheet
from optimiser.render.workbook_inputs import InputNames

PLAN_WTE = "0.00"
PER_1000 = "0.00"
OPTIMISER_NOTE = (
    "Planned by the optimiser: these WTE are the linear programme's choice (least cost, or the best "
    "the budget buys, within every limit), stored as values. The other columns are formulas of them and "
    "of the Inputs sheet; changing an input does not re-plan (run `establishment report` again)."
)


@dataclass(frozen=True)
class Column:
    """One column: its header, number format, each locality's cell (by row index and Excel row) and
    the total row's cell."""

    key: str
    header: str
    number_format: str | None
    cell: Callable[[int, int], object]
    total: Callable[[], object]
    optimiser: bool = False
    """The optimiser's choice, stored as values (marked by a comment on the header)."""


def _value(values: np.ndarray) -> Callable[[int, int], object]:
    return lambda i, _r: float(values[i])


class _Refs:
    """Cell references by column key, for formulas on the same sheet: the columns' places are known
    once they are all listed, before any formula is written."""

    def __init__(self, first: int, last: int) -> None:
        self.letters: dict[str, str] = {}
        self.first, self.last = first, last

    def place(self, keys: list[str]) -> None:
        self.letters = {key: get_column_letter(i) for i, key in enumerate(keys, start=1)}

    def at(self, key: str, row: int) -> str:
        return f"{self.letters[key]}{row}"

    def span(self, key: str) -> str:
        return f"{self.letters[key]}{self.first}:{self.letters[key]}{self.last}"

    def total(self, key: str) -> str:
        return self.at(key, self.last + 1)


def _sum(refs: _Refs, key: str) -> Formula:
    return Formula(f"SUM({refs.span(key)})")


def _known_sum(refs: _Refs, key: str) -> Formula:
    """A total that is blank unless every row's figure is known (a partial sum is not a total)."""
    span = refs.span(key)
    return Formula(f'IF(COUNT({span})<ROWS({span}),"",SUM({span}))')


def _ratio(top: str, bottom: str, scale: str = "") -> Formula:
    """top / bottom, blank where bottom is blank, text or 0 (blank-safe)."""
    return Formula(f'IF(N({bottom})=0,"",{top}/{bottom}{scale})')


def _if_known(in_post: str, formula: str) -> Formula:
    return Formula(f'IF({in_post}="","",{formula})')


def plan_sheet(title: str, plan: Plan, names: InputNames, main_capacity: float) -> Sheet:
    """The plan of one option, rows by locality then a total row; see the module docstring.

    `main_capacity` (the main grade's capacity per WTE) gives, for a plan made to a confidence
    level, the weighted caseload it was planned for: its required WTE x cap x capacity."""
    frame, unit = plan.localities, plan.case_unit
    grades = plan.grade_names if len(plan.grade_names) > 1 else ()
    in_post_grades = grades if grades and _any_known(plan) else ()
    level = plan.risk.confidence.level if plan.risk is not None and plan.risk.confidence is not None else None
    confident = level is not None
    refs = _Refs(2, len(frame) + 1)
    at, total = refs.at, refs.total
    cap, capacity, costs = names.cap, names.capacities[0], names.costs
    held = "planned_for" if confident else "weighted"

    def cost_of(prefix: str, r: int) -> str:
        return "+".join(f"{at(f'{prefix}:{g}', r)}*{c}" for g, c in zip(grades, costs, strict=True))

    def in_post_cost(r: int) -> str:
        at_main = f"{at('in_post', r)}*{costs[0]}"
        if not in_post_grades:
            return at_main
        first, last = at(f"in_post:{grades[0]}", r), at(f"in_post:{grades[-1]}", r)
        return f"IF(COUNT({first}:{last})={len(grades)},{cost_of('in_post', r)},{at_main})"

    in_post = frame["in_post_wte"].to_numpy(dtype=float)
    columns = [
        *(
            Column(
                f"in_post:{g}",
                f"In post\n{g}\n(WTE)",
                PLAN_WTE,
                _by_grade(plan, g, "in_post_wte"),
                lambda g=g: _known_sum(refs, f"in_post:{g}"),
            )
            for g in in_post_grades
        ),
        Column("in_post", "In post\n(WTE)", PLAN_WTE, _value(in_post), lambda: _known_sum(refs, "in_post")),
        Column(
            "caseload",
            f"Caseload\n({unit})",
            COUNT,
            _value(frame["caseload"].to_numpy(dtype=float)),
            lambda: _sum(refs, "caseload"),
        ),
        Column(
            "weighted",
            f"Weighted\ncaseload\n({unit})",
            COUNT,
            _value(frame["weighted_caseload"].to_numpy(dtype=float)),
            lambda: _sum(refs, "weighted"),
        ),
        *(
            [
                Column(
                    "planned_for",
                    f"Weighted\ncaseload at\n{level:.0%}\nconfidence",
                    COUNT,
                    _value(frame["required_wte"].to_numpy(dtype=float) * plan.cap * main_capacity),
                    lambda: _sum(refs, "planned_for"),
                )
            ]
            if confident
            else []
        ),
        Column(
            "load_before",
            "Load per\nWTE now",
            COUNT,
            lambda _i, r: _ratio(at("weighted", r), at("in_post", r)),
            lambda: _ratio(total("weighted"), total("in_post")),
        ),
        Column(
            "required",
            "Required\nfor cap\n(WTE)",
            PLAN_WTE,
            lambda _i, r: Formula(f"{at(held, r)}/({cap}*{capacity})"),
            lambda: _sum(refs, "required"),
        ),
        *(
            Column(
                f"planned:{g}",
                f"Establishment\n{g}\n(optimiser)\n(WTE)",
                PLAN_WTE,
                _by_grade(plan, g, "planned_wte"),
                lambda g=g: _sum(refs, f"planned:{g}"),
                optimiser=True,
            )
            for g in grades
        ),
        Column(
            "planned",
            "Establishment\n(WTE)" if grades else "Establishment\n(optimiser)\n(WTE)",
            PLAN_WTE,
            (
                (
                    lambda _i, r: Formula(
                        f"SUM({at(f'planned:{grades[0]}', r)}:{at(f'planned:{grades[-1]}', r)})"
                    )
                )
                if grades
                else _value(frame["planned_wte"].to_numpy(dtype=float))
            ),
            lambda: _sum(refs, "planned"),
            optimiser=not grades,
        ),
        Column(
            "change",
            "Change\n(WTE)",
            PLAN_WTE,
            lambda _i, r: _if_known(at("in_post", r), f"{at('planned', r)}-{at('in_post', r)}"),
            lambda: _if_known(total("in_post"), f"SUM({refs.span('change')})"),
        ),
        Column(
            "load_after",
            "Load per\nWTE after",
            COUNT,
            lambda _i, r: _ratio(at("weighted", r), at("planned", r)),
            lambda: _ratio(total("weighted"), total("planned")),
        ),
        Column(
            "planned_per_1000",
            f"Establishment\nper 1,000\n{unit}",
            PER_1000,
            lambda _i, r: _ratio(at("planned", r), at("caseload", r), "*1000"),
            lambda: _ratio(total("planned"), total("caseload"), "*1000"),
        ),
        Column(
            "in_post_per_1000",
            f"In post\nper 1,000\n{unit}",
            PER_1000,
            lambda _i, r: _if_known(
                at("in_post", r), _ratio(at("in_post", r), at("caseload", r), "*1000").text
            ),
            lambda: _if_known(total("in_post"), _ratio(total("in_post"), total("caseload"), "*1000").text),
        ),
        Column(
            "cost",
            "Cost\n(£ a year)",
            MONEY,
            lambda _i, r: Formula(cost_of("planned", r) if grades else f"{at('planned', r)}*{costs[0]}"),
            lambda: _sum(refs, "cost"),
        ),
        Column(
            "cost_change",
            "Cost of\nchange\n(£ a year)",
            MONEY,
            lambda _i, r: _if_known(at("in_post", r), f"{at('cost', r)}-{in_post_cost(r)}"),
            lambda: _if_known(total("in_post"), f"SUM({refs.span('cost_change')})"),
        ),
    ]
    refs.place(["locality", *(c.key for c in columns)])
    rows: list[list[object]] = [
        [str(name), *(c.cell(i, i + 2) for c in columns)] for i, name in enumerate(frame.index)
    ]
    rows.append(["Total", *(c.total() for c in columns)])
    notes = [Note("Worst load per WTE after", Formula(f"MAX({refs.span('load_after')})"), COUNT)]
    if names.budget is not None:
        notes += [
            Note("Budget (£ a year)", Formula(names.budget), MONEY),
            Note("Budget left (£ a year)", Formula(f"{names.budget}-{total('cost')}"), MONEY),
        ]
    notes.append(Note(OPTIMISER_NOTE))
    return Sheet(
        title,
        ["Locality", *(c.header for c in columns)],
        rows,
        [None, *(c.number_format for c in columns)],
        True,
        comments=tuple((i, OPTIMISER_NOTE) for i, c in enumerate(columns, start=1) if c.optimiser),
        notes=tuple(notes),
    )


def _any_known(plan: Plan) -> bool:
    """Whether any locality gives WTE in post by grade."""
    return bool(plan.by_grade["in_post_wte"].notna().any())


def _by_grade(plan: Plan, grade: str, column: str) -> Callable[[int, int], object]:
    values = plan.by_grade[column].xs(grade, level="grade").reindex(plan.localities.index)
    array = values.to_numpy(dtype=float)
    return lambda i, _r: float(array[i])
