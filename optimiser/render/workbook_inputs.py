"""The workbook's Inputs sheet: every figure the other sheets' formulas use, as a named, shaded cell with
its label, unit and source, one block per option (`opt1_cap`, `opt2_cost_health_visitor`,
`opt1_weight_universal_plus`, ...), so finance can change a cap, a cost, a weight or the budget and
watch every sheet that rests on it recalculate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from optimiser.inputs import budget as budgets
from optimiser.planning.results import Option
from optimiser.render.workbook import COUNT, MONEY, Input, Note, Sheet
from optimiser.render.workbook_cells import Expr, name, sum_of

SHARE = "0.0%"
FACTOR = "0.0000"
NAME_PART_LENGTH = 200
"""Excel's defined names hold at most 255 characters; a grade's part of one is cut to this."""
HEADERS = ["Option", "Input", "Value", "Unit", "Name", "Source"]
INPUTS_NOTE = (
    "Yellow cells are inputs: change a value in column C and every sheet recalculates what rests on it "
    "(weighted caseloads, required WTE, costs, loads, totals, the comparison). Blue cells are the "
    "optimiser's decisions (planned WTE where a budget or bounds set them), stored as values: they do not "
    "move when an input changes. After changing an input, run `establishment report` (or `establishment "
    "plan` with the new figure) to plan again."
)


@dataclass(frozen=True)
class InputNames:
    """One option's named input cells, each with its value, for the other sheets' formulas."""

    cap: Expr
    costs: tuple[Expr, ...]
    """Cost per WTE of each grade, main grade first."""
    capacities: tuple[Expr, ...]
    """Capacity per WTE of each grade (its share of a full caseload), main grade first."""
    budget: Expr | None
    weights: dict[str, Expr] = field(default_factory=dict)
    """Each case category's weight, by category."""
    linear: dict[str, tuple[Expr, Expr]] = field(default_factory=dict)
    """Each linear multiplier's intercept and slope, by the factor's name."""
    episode: Expr | None = None
    """Months of an episode / 12, for a model counted over a year."""


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


class _Block:
    """One option's rows of the Inputs sheet, as they are added: each a named cell in column C."""

    def __init__(self, number: int, label: str, first_row: int) -> None:
        self.prefix, self.label, self.first = f"opt{number}_", label, first_row
        self.rows: list[list[object]] = []
        self.formats: list[str | None] = []
        self.names: list[tuple[str, int, int]] = []

    def add(self, what: str, value: object, unit: str, fmt: str, key: str, source: str) -> Expr:
        """A row; its named cell as a formula operand (an Input's value, or a formula's)."""
        defined = self.prefix + key
        self.names.append((defined, self.first + len(self.rows), 2))
        shown = Input(value) if not isinstance(value, Expr) else value
        self.rows.append([self.label, what, shown, unit, defined, source])
        self.formats.append(fmt)
        return name(defined, value.value if isinstance(value, Expr) else value)


def _grades(block: _Block, option: Option, non_clinical: Expr, headroom: Expr) -> tuple[list, list]:
    data, model = option.prepared.data, option.prepared.inputs.model
    names = tuple(g.name for g in data.grades)
    factors = [g.capacity for g in model.grades] or [1.0]
    several = len(names) > 1
    costs, capacities = [], []
    for i, (grade, part) in enumerate(zip(data.grades, _grade_parts(names), strict=True)):
        suffix, of = (f"_{part}", f" ({grade.name})") if several else ("", "")
        source = _source(option, "cost_per_wte", "grades") if i == 0 else _source(option, "grades")
        costs.append(
            block.add(
                f"Cost per WTE{of}",
                grade.cost_per_wte,
                "£ a year, with on-costs",
                MONEY,
                f"cost{suffix}",
                source,
            )
        )
        unit = f"of a {data.grades[0].name} WTE" if several else "of a full WTE"
        factor = block.add(
            f"Capacity factor{of}",
            factors[i],
            unit,
            FACTOR,
            f"factor{suffix}",
            _source(option, "grades") if several else "",
        )
        rule = factor * (1 - non_clinical) / (1 + headroom)
        capacities.append(
            block.add(
                f"Capacity per WTE{of}",
                rule,
                "share of the cap one WTE holds: factor x (1 - non-clinical) / (1 + headroom)",
                FACTOR,
                f"capacity{suffix}",
                "calculated",
            )
        )
    return costs, capacities


def _weighting(block: _Block, option: Option) -> tuple[dict, dict, Expr | None]:
    """The model's category weights, linear multipliers and episode length, as named inputs."""
    model = option.prepared.inputs.model
    source = _source(option, "categories")
    weights = {
        c.name: block.add(
            f"Weight: {c.name}", c.weight, "x each case", FACTOR, f"weight_{name_part(c.name)}", source
        )
        for c in model.categories
    }
    linear = {}
    for key, factor in model.factor_keys():
        if factor.linear is None:
            continue
        part, words = name_part(factor.name), f"{factor.name} multiplier"
        intercept = block.add(
            f"{words}: intercept",
            factor.linear.intercept,
            "multiplier at 0",
            FACTOR,
            f"{part}_intercept",
            key,
        )
        slope = block.add(
            f"{words}: slope",
            factor.linear.slope,
            f"per point of {factor.column}",
            FACTOR,
            f"{part}_slope",
            key,
        )
        linear[factor.name] = (intercept, slope)
    episode = None
    if model.episode_months:
        months = block.add(
            "Episode length",
            model.episode_months,
            "months",
            "0.0",
            "episode_months",
            _source(option, "episode_months"),
        )
        episode = months / 12
    return weights, linear, episode


def _budget(block: _Block, option: Option, costs: list[Expr], in_post: Expr | None) -> Expr | None:
    """The budget: a change from today's cost as a formula of the WTE in post and the cost per WTE
    (with one grade), else in pounds."""
    plan, scenario = option.plan, option.prepared.inputs.scenario
    if plan.budget is None:
        return None
    words = next((a.value for a in plan.assumptions if a.label == "Budget"), "")
    source = "; ".join(filter(None, [words, _source(option, "budget")]))
    change = budgets.change_percent(scenario.budget)
    if change is None or in_post is None or len(costs) > 1:
        return block.add("Budget", plan.budget, "£ a year", MONEY, "budget", source)
    share = block.add(
        "Budget: change from today's cost", change / 100, "of today's cost", SHARE, "budget_change", source
    )
    today = block.add(
        "Today's cost",
        in_post * costs[0],
        "£ a year: WTE in post x cost per WTE",
        MONEY,
        "today_cost",
        "calculated",
    )
    return block.add("Budget", today * (1 + share), "£ a year", MONEY, "budget", "calculated")


def option_block(
    number: int, label: str, option: Option, first_row: int, in_post: Expr | None
) -> tuple[_Block, InputNames]:
    """One option's rows of the Inputs sheet (from row index `first_row`), and the names the other
    sheets refer to. `in_post`: the total WTE in post (a formula of the plan sheet), for a budget
    written as a change from today's cost."""
    plan, model = option.plan, option.prepared.inputs.model
    block = _Block(number, label, first_row)
    cap = block.add(
        "Cap", plan.cap, f"weighted {plan.case_unit} per WTE", COUNT, "cap", _source(option, "cap")
    )
    share = "share of a WTE's time"
    non_clinical = block.add(
        "Non-clinical time",
        model.non_clinical_percent / 100,
        share,
        SHARE,
        "non_clinical",
        _source(option, "non_clinical_percent"),
    )
    headroom = block.add(
        "Headroom",
        model.headroom_percent / 100,
        "uplift on WTE (leave, sickness, training)",
        SHARE,
        "headroom",
        _source(option, "headroom_percent"),
    )
    costs, capacities = _grades(block, option, non_clinical, headroom)
    weights, linear, episode = _weighting(block, option)
    budget = _budget(block, option, costs, in_post)
    return block, InputNames(cap, tuple(costs), tuple(capacities), budget, weights, linear, episode)


def inputs_sheet(blocks: list[_Block]) -> Sheet:
    """The Inputs sheet from every option's block."""
    rows = [row for b in blocks for row in b.rows]
    formats = [f for b in blocks for f in b.formats]
    names = tuple(n for b in blocks for n in b.names)
    return Sheet(
        "Inputs",
        HEADERS,
        rows,
        [None] * len(HEADERS),
        row_formats=formats,
        names=names,
        notes=(Note(INPUTS_NOTE),),
        widths=(16, 34, 14, 30, 26, 60),
    )


def in_post_total(values: list[float], span_of) -> Expr | None:
    """The total WTE in post as a formula of the plan sheet's column (None where any is not known)."""
    if any(v != v for v in values):
        return None
    return sum_of(span_of)
